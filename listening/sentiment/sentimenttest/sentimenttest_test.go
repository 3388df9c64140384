package sentimenttest_test

import (
	"strings"
	"testing"

	"github.com/engagekit/engage/listening/sentiment"
	"github.com/engagekit/engage/listening/sentiment/sentimenttest"
)

func TestAnalyzerFunc(t *testing.T) {
	words := sentiment.AnalyzerFunc(func(text string) sentiment.Sentiment {
		n := len(strings.Fields(text))
		if n == 0 {
			return sentiment.Sentiment{}
		}
		return sentiment.Sentiment{Score: 0.5, Positive: 0.5, Neutral: 0.5}
	})
	if err := sentimenttest.TestAnalyzer(words); err != nil {
		t.Fatal(err)
	}
}
