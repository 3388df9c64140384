package segment_test

import (
	"encoding/json"
	"testing"

	"github.com/engagekit/engage/segment"
)

// FuzzParse checks that Parse never panics, and that whatever parses
// prints canonically, parses back to an equal segment, survives the JSON
// form, and evaluates without panicking.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"stage = advocate and last_purchase within 30d and consent(marketing, email)",
		`level in (engaged, fully_engaged) and not account = "acme"`,
		`monetary >= 100.00 and trait.plan = "pro" and event(kind = purchase and property.utm_source = "newsletter", within 90d, count >= 2)`,
		`trait."signed up" < time("2024-03-01T00:00:00Z") or last_seen before 2w`,
		`(nps = promoter or recommend >= 9) and goodwill > -1.5 and attr.region != "north"`,
		"event(within 12h)",
		"not not (group = customer or consent = given)",
	} {
		f.Add(s)
	}
	facts := annFacts(f)
	f.Fuzz(func(t *testing.T, text string) {
		s, err := segment.Parse(text)
		if err != nil {
			return
		}
		canon := s.String()
		again, err := segment.Parse(canon)
		if err != nil {
			t.Fatalf("Parse(%q) printed %q, which does not parse: %v", text, canon, err)
		}
		if !again.Equal(s) || again.String() != canon {
			t.Fatalf("Parse(%q) printed %q, which parses to %q", text, canon, again)
		}
		data, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("Marshal(%q): %v", canon, err)
		}
		var fromJSON segment.Segment
		if err := json.Unmarshal(data, &fromJSON); err != nil || !fromJSON.Equal(s) {
			t.Fatalf("%q: JSON %s reads back as %q, %v", canon, data, &fromJSON, err)
		}
		ok, x := s.Match(&facts, asOf)
		if ok != s.Matches(&facts, asOf) || ok != x.Held {
			t.Fatalf("%q: Match and Matches disagree", canon)
		}
		_ = s.Matches(nil, asOf)
	})
}
