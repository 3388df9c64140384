package sentiment_test

import (
	"testing"

	"github.com/engagekit/engage/listening/sentiment"
	"github.com/engagekit/engage/listening/sentiment/sentimenttest"
)

// TestRuleAnalyzerContract runs the Analyzer suite on the zero
// RuleAnalyzer and on one built with a lexicon and options of its own.
func TestRuleAnalyzerContract(t *testing.T) {
	t.Run("zero", func(t *testing.T) { sentimenttest.Run(t, new(sentiment.RuleAnalyzer)) })
	t.Run("own", func(t *testing.T) {
		lex, err := sentiment.NewLexicon(map[string]float64{"glitchfest": -2.5, "smooth as butter": 2.8})
		if err != nil {
			t.Fatal(err)
		}
		a := sentiment.NewRuleAnalyzer(sentiment.RuleConfig{Lexicon: lex, Boosters: map[string]float64{"mega": 0.4}, Negations: []string{"nae"}})
		sentimenttest.Run(t, a, "a mega glitchfest", "nae smooth as butter")
	})
}
