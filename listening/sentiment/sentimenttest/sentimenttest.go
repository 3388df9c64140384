// Package sentimenttest checks that a [sentiment.Analyzer] keeps the
// contract documented on the interface: every reading lies in its ranges,
// whatever the text, including bytes that are not UTF-8; Analyze never
// panics; the same text always reads the same; a text with no words scores
// 0; concurrent calls agree with one-at-a-time calls.
//
// [Run] checks an analyser in subtests, one per clause; [TestAnalyzer]
// does the same outside a test and returns the failures as one error.
package sentimenttest

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/engagekit/engage/internal/contract"
	"github.com/engagekit/engage/internal/fielderr"
	"github.com/engagekit/engage/listening/sentiment"
)

// texts are what every clause reads, besides the caller's texts: praise, complaints, neutral statements, negation, boosters, capitals,
// punctuation and emoticons, emoji, HTML entities, bytes that are not
// UTF-8, control characters, and a long text. They are never changed.
var texts = []string{
	"The agent was really helpful and sorted my refund quickly :)",
	"Not helpful at all.",
	"Three weeks late, and I've been on hold for an hour. Switching to another provider!!",
	"Order 1234 ships on Monday",
	"GREAT service, terrible app",
	"not bad, not good, just ok?",
	"I love it 😍👍🏽 but the parcel never came 😡",
	"&lt;3 &amp; thanks",
	"!!!???...",
	"\xff\xfe\x00 bad \xc3",
	"tab\tseparated\nlines\r\nand\vform\ffeeds",
	"ünïcödé ÇAPITALS and ’quotes’",
	strings.Repeat("very very good, but not great! ", 200),
}

// blank are texts with no words, which must score 0.
var blank = []string{"", " ", "\t\n\r  ", "\n\n"}

// goroutines is how many goroutines the concurrency clause runs.
const goroutines = 8

// clauses returns the clauses of the contract, checked on texts.
func clauses(texts []string) []contract.Clause[sentiment.Analyzer] {
	all := slices.Concat(texts, blank)
	return []contract.Clause[sentiment.Analyzer]{
		{Name: "NeverPanics", Explanation: "Analyze must not panic, whatever the text", Check: func(a sentiment.Analyzer) error {
			var errs []error
			for _, text := range all {
				if _, err := analyze(a, text); err != nil {
					errs = append(errs, err)
				}
			}
			return errors.Join(errs...)
		}},
		{Name: "InRange", Explanation: "the score must lie in [-1, 1] and each share in [0, 1], the shares summing to 1, or all 0 with a score of 0", Check: func(a sentiment.Analyzer) error {
			var errs []error
			for _, text := range all {
				s, err := analyze(a, text)
				if err != nil {
					continue // reported by NeverPanics
				}
				if err := checkRange(s); err != nil {
					errs = append(errs, fmt.Errorf("Analyze(%q) = %+v: %w", fielderr.Shorten(text), s, err))
				}
			}
			return errors.Join(errs...)
		}},
		{Name: "Deterministic", Explanation: "the same text must give the same Sentiment each time", Check: func(a sentiment.Analyzer) error {
			var errs []error
			for _, text := range all {
				first, err1 := analyze(a, text)
				// The second time in fresh memory, as a caller's text
				// would be.
				again, err2 := analyze(a, strings.Clone(text))
				if err1 != nil || err2 != nil {
					continue
				}
				if !same(first, again) {
					errs = append(errs, fmt.Errorf("Analyze(%q) = %+v, then %+v", fielderr.Shorten(text), first, again))
				}
			}
			return errors.Join(errs...)
		}},
		{Name: "BlankScoresZero", Explanation: "a text with no words (empty, or only white space) must score 0", Check: func(a sentiment.Analyzer) error {
			var errs []error
			for _, text := range blank {
				s, err := analyze(a, text)
				if err == nil && s.Score != 0 {
					errs = append(errs, fmt.Errorf("Analyze(%q).Score = %v", text, s.Score))
				}
			}
			return errors.Join(errs...)
		}},
		{Name: "ConcurrentCallsAgree", Explanation: "Analyze must be safe for concurrent use: concurrent calls give what calls one at a time give", Check: func(a sentiment.Analyzer) error {
			want := make([]sentiment.Sentiment, len(all))
			for i, text := range all {
				s, err := analyze(a, text)
				if err != nil {
					return nil // reported by NeverPanics
				}
				want[i] = s
			}
			var wg sync.WaitGroup
			errs := make([]error, goroutines)
			for g := range goroutines {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for k := range all {
						i := (k + g) % len(all) // each goroutine starts elsewhere
						s, err := analyze(a, all[i])
						if err == nil && !same(s, want[i]) {
							err = fmt.Errorf("goroutine %d: Analyze(%q) = %+v, want %+v", g, fielderr.Shorten(all[i]), s, want[i])
						}
						if err != nil {
							errs[g] = err
							return
						}
					}
				}()
			}
			wg.Wait()
			return errors.Join(errs...)
		}},
	}
}

// analyze calls a.Analyze(text), turning a panic into an error.
func analyze(a sentiment.Analyzer, text string) (s sentiment.Sentiment, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("Analyze(%q) panicked: %v", fielderr.Shorten(text), r)
		}
	}()
	return a.Analyze(text), nil
}

// same reports whether x and y are the same reading, bit for bit, so that
// NaN readings compare as the same too (InRange reports them).
func same(x, y sentiment.Sentiment) bool {
	eq := func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }
	return eq(x.Score, y.Score) && eq(x.Positive, y.Positive) && eq(x.Negative, y.Negative) && eq(x.Neutral, y.Neutral)
}

// shareTolerance is how far from 1 the sum of the shares may be, for
// rounding.
const shareTolerance = 1e-9

// checkRange reports which ranges of the [sentiment.Sentiment] doc s
// breaks.
func checkRange(s sentiment.Sentiment) error {
	var errs []error
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	if !finite(s.Score) || s.Score < -1 || s.Score > 1 {
		errs = append(errs, errors.New("score outside [-1, 1]"))
	}
	for _, sh := range []struct {
		name string
		v    float64
	}{{"positive", s.Positive}, {"negative", s.Negative}, {"neutral", s.Neutral}} {
		if !finite(sh.v) || sh.v < 0 || sh.v > 1 {
			errs = append(errs, fmt.Errorf("%s share outside [0, 1]", sh.name))
		}
	}
	switch sum := s.Positive + s.Negative + s.Neutral; {
	case sum == 0 && s.Score != 0:
		errs = append(errs, errors.New("all shares 0 but the score is not"))
	case sum != 0 && !(math.Abs(sum-1) <= shareTolerance):
		errs = append(errs, fmt.Errorf("shares sum to %v, neither 0 nor 1", sum))
	}
	return errors.Join(errs...)
}

// TestAnalyzer checks a against every clause of the [sentiment.Analyzer]
// contract, on built-in texts and on more, and returns the failures joined with
// [errors.Join], each naming its clause, or nil when a keeps them all. It
// needs no *testing.T, so it can check an analyser anywhere.
func TestAnalyzer(a sentiment.Analyzer, more ...string) error {
	if a == nil {
		return errors.New("sentimenttest: nil Analyzer")
	}
	return contract.Check("sentimenttest", "analyzer", clauses(slices.Concat(texts, more)),
		func() (sentiment.Analyzer, error) { return only{a}, nil })
}

// Run checks a against every clause of the [sentiment.Analyzer] contract,
// on built-in texts and on more, each clause in a subtest named for it.
func Run(t *testing.T, a sentiment.Analyzer, more ...string) {
	t.Helper()
	if a == nil {
		t.Fatal("sentimenttest: nil Analyzer")
	}
	contract.Subtests(t, clauses(slices.Concat(texts, more)),
		func(*testing.T) sentiment.Analyzer { return only{a} })
}

// only hides every method of an analyser but Analyze, so that the runner
// never closes an analyser that happens to be an io.Closer.
type only struct{ a sentiment.Analyzer }

func (o only) Analyze(text string) sentiment.Sentiment { return o.a.Analyze(text) }
