package listening_test

import (
	"errors"
	"testing"

	"github.com/engagekit/engage/listening"
	"github.com/google/go-cmp/cmp"
)

func TestCheckPost(t *testing.T) {
	mike := listening.Staff{Name: "Mike Schoultz"}
	spoke := listening.Staff{Name: "Ana Lima", Spokesperson: true}
	const hello = "Hi, I'm Mike Schoultz and I work for Digital Spark Marketing. "
	tests := []struct {
		name  string
		post  listening.Post
		rules []string // the findings' rules, with categories for confidential ones
	}{
		{"fine", listening.Post{Author: mike, Text: hello + "Glad you liked the workshop!"}, nil},
		{"empty", listening.Post{Author: mike}, []string{"empty", "name", "affiliation"}},
		{"no name", listening.Post{Author: mike, Text: "I work for Digital Spark. Thanks!"}, []string{"name"}},
		{"no affiliation", listening.Post{Author: mike, Text: "Mike Schoultz here, thanks!"}, []string{"affiliation"}},
		{"unnamed author", listening.Post{Text: "I work at Acme."}, []string{"name"}},
		{"sales", listening.Post{Author: mike, Text: hello + "Sales grew 40% this spring."}, []string{"confidential:sales figures"}},
		{"forecast", listening.Post{Author: mike, Text: hello + "Our forecast looks great."}, []string{"confidential:forecasts"}},
		{"pricing", listening.Post{Author: mike, Text: hello + "It will be $19.99."}, []string{"confidential:pricing"}},
		{"comparison", listening.Post{Author: mike, Text: hello + "We are cheaper than them."}, []string{"confidential:price comparison"}},
		{"promotion", listening.Post{Author: mike, Text: hello + "Wait for the upcoming sale!"}, []string{"confidential:future promotions"}},
		{"legal", listening.Post{Author: mike, Text: hello + "The lawsuit is nonsense."}, []string{"confidential:legal"}},
		{"strategy", listening.Post{Author: mike, Text: hello + "Our strategy is to expand."}, []string{"confidential:strategy"}},
		{"negative thread", listening.Post{Author: mike, Text: hello + "Sorry to hear that.", ReplyToNegative: true}, []string{"negative_thread"}},
		{"negative thread, spokesperson", listening.Post{Author: spoke, Text: "Ana Lima here, I work for Acme. Sorry to hear that.", ReplyToNegative: true}, nil},
		{"quote without credit", listening.Post{Author: mike, Text: hello + `Love this: "the best service I have had in years"`}, []string{"credit"}},
		{"quote with credit", listening.Post{Author: mike, Text: hello + `Love this: "the best service I have had in years" via @jo`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := listening.CheckPost(tt.post, listening.Guidelines{})
			var got []string
			for _, f := range v.Findings {
				r := f.Rule
				if f.Category != "" {
					r += ":" + f.Category
				}
				if f.Reason == "" {
					t.Errorf("finding %+v has no reason", f)
				}
				got = append(got, r)
			}
			if diff := cmp.Diff(tt.rules, got); diff != "" {
				t.Errorf("findings mismatch (-want +got):\n%s", diff)
			}
			wantDecision := listening.Publish
			if len(tt.rules) > 0 {
				wantDecision = listening.DoNotPost
			}
			if v.Decision != wantDecision {
				t.Errorf("decision = %v, want %v", v.Decision, wantDecision)
			}
		})
	}
}

func TestGuidelinesConfig(t *testing.T) {
	g, err := listening.NewGuidelines(listening.GuidelineConfig{
		Disclosure:   []string{`(?i)\bacme staff\b`},
		Confidential: []listening.ConfidentialPattern{{Category: "codenames", Pattern: `(?i)\bproject falcon\b`}},
	})
	if err != nil {
		t.Fatal(err)
	}
	p := listening.Post{Author: listening.Staff{Name: "Jo"}, Text: "Jo, Acme staff: Project Falcon is on track at $5."}
	v := listening.CheckPost(p, g)
	if len(v.Findings) != 1 || v.Findings[0].Category != "codenames" || v.Findings[0].Match != "Project Falcon" {
		t.Errorf("CheckPost with own patterns = %+v; want only the codename finding", v)
	}
	if _, err := listening.NewGuidelines(listening.GuidelineConfig{Credit: []string{"("}}); !errors.Is(err, listening.ErrInvalid) {
		t.Errorf("NewGuidelines(bad pattern) = %v, want listening.ErrInvalid", err)
	}
}
