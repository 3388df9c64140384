package sentimenttest

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/engagekit/engage/internal/contract"
	"github.com/engagekit/engage/listening/sentiment"
)

// neutral reads every text as neutral: it keeps the whole contract.
func neutral(string) sentiment.Sentiment { return sentiment.Sentiment{Neutral: 1} }

// crowded is a broken analyser that reads a text differently while
// another call is under way. Each call waits a little for company, so
// that concurrent calls surely overlap.
type crowded struct{ inside atomic.Int32 }

func (c *crowded) Analyze(text string) sentiment.Sentiment {
	defer c.inside.Add(-1)
	if c.inside.Add(1) == 1 {
		for range 20 {
			if c.inside.Load() > 1 {
				break
			}
			time.Sleep(50 * time.Microsecond)
		}
	}
	if c.inside.Load() > 1 {
		return sentiment.Sentiment{Score: -1, Negative: 1}
	}
	return neutral(text)
}

func TestClausesCatchBrokenAnalyzers(t *testing.T) {
	var calls atomic.Int64
	broken := map[string]sentiment.Analyzer{
		"NeverPanics": sentiment.AnalyzerFunc(func(text string) sentiment.Sentiment {
			if strings.Contains(text, "\xff") {
				panic("bad byte")
			}
			return neutral(text)
		}),
		"InRange": sentiment.AnalyzerFunc(func(text string) sentiment.Sentiment {
			return sentiment.Sentiment{Score: 2, Positive: 1}
		}),
		"Deterministic": sentiment.AnalyzerFunc(func(text string) sentiment.Sentiment {
			return sentiment.Sentiment{Score: float64(calls.Add(1)%2) / 2, Positive: 1}
		}),
		"BlankScoresZero": sentiment.AnalyzerFunc(func(string) sentiment.Sentiment {
			return sentiment.Sentiment{Score: 0.1, Positive: 0.1, Neutral: 0.9}
		}),
		"ConcurrentCallsAgree": new(crowded),
	}
	for _, c := range clauses(texts) {
		a, ok := broken[c.Name]
		if !ok {
			t.Errorf("no broken analyser for clause %s", c.Name)
			continue
		}
		if err := c.Check(a); err == nil {
			t.Errorf("clause %s passed a broken analyser", c.Name)
		}
		if err := c.Check(sentiment.AnalyzerFunc(neutral)); err != nil {
			t.Errorf("clause %s failed a neutral analyser: %v", c.Name, err)
		}
	}
}

func TestAnalyzerNamesClauses(t *testing.T) {
	err := TestAnalyzer(sentiment.AnalyzerFunc(func(string) sentiment.Sentiment {
		return sentiment.Sentiment{Score: 2, Positive: 1}
	}))
	var ce *contract.Error
	if !errors.As(err, &ce) || ce.Clause != "InRange" || !strings.Contains(err.Error(), "sentimenttest: InRange: ") {
		t.Fatalf("TestAnalyzer = %v, want a failure of InRange", err)
	}
	if err := TestAnalyzer(nil); err == nil {
		t.Error("TestAnalyzer(nil) passed")
	}
}
