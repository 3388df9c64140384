package sentiment

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// nextSegment and looked up by token.
func (t *ruleTable) slowTokenize(text string) []token {
	var toks []token
	for i := 0; ; {
		seg, next := nextSegment(text, i)
		if seg == "" {
			return toks
		}
		toks = append(toks, t.token(seg))
		i = next
	}
}

func TestAnalyzeFastPathProperty(t *testing.T) {
	tab := NewRuleAnalyzer(RuleConfig{}).table()
	rapid.Check(t, func(t *rapid.T) {
		text := rapid.OneOf(genText(), rapid.String()).Draw(t, "text")
		got := tab.tokenize(text, nil)
		want := tab.slowTokenize(text)
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(token{}), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("tokenize(%q) mismatch (-want +got):\n%s", text, diff)
		}
	})
}
