package listening_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/listening/sentiment"
)

// TestDeprecatedSentimentNames checks that the names left behind when the
// analyser moved to listening/sentiment still work as before.
func TestDeprecatedSentimentNames(t *testing.T) {
	boosters := map[string]float64{"mega": 0.4}
	var old listening.Analyzer = listening.NewRuleAnalyzer(nil, listening.WithNegations("nae"), listening.WithBoosters(boosters), nil)
	now := sentiment.NewRuleAnalyzer(sentiment.RuleConfig{Negations: []string{"nae"}, Boosters: map[string]float64{"mega": 0.4}})
	for _, text := range []string{"The agent was really helpful :)", "nae good", "mega good", "good"} {
		if got, want := old.Analyze(text), now.Analyze(text); got != want {
			t.Errorf("Analyze(%q) = %+v through the old names, %+v through sentiment", text, got, want)
		}
	}
	if got, want := listening.NewRuleAnalyzer(nil).Analyze("nae good"), new(sentiment.RuleAnalyzer).Analyze("nae good"); got != want {
		t.Errorf("listening.NewRuleAnalyzer(nil) = %+v, the zero analyser %+v", got, want)
	}
	if len(boosters) != 1 {
		t.Errorf("WithBoosters changed its argument: %v", boosters)
	}
	_, err := listening.ReadLexicon(strings.NewReader("x\tabc\n"))
	var le *listening.LexiconError
	if !errors.Is(err, listening.ErrBadLexicon) || !errors.Is(err, sentiment.ErrBadLexicon) || !errors.As(err, &le) {
		t.Errorf("ReadLexicon error %v does not match both ErrBadLexicon names", err)
	}
	if lex, err := listening.NewLexicon(map[string]float64{"good": 2}); err != nil || lex.Len() != 1 {
		t.Errorf("NewLexicon = %v, %v", lex, err)
	}
	if listening.DefaultLexicon().Len() != sentiment.DefaultLexicon().Len() {
		t.Error("the two DefaultLexicon names differ")
	}
	if listening.MaxValence != sentiment.MaxValence || listening.MaxPhraseWords != sentiment.MaxPhraseWords || listening.MaxWordBytes != sentiment.MaxWordBytes {
		t.Error("the lexicon limits differ")
	}
}
