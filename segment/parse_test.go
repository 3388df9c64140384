package segment_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/engagekit/engage/segment"
)

// TestParseErrors checks that bad text is refused with the position and
// token at fault.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		text   string
		offset int
		token  string
		reason string
	}{
		{"", 0, "", "segment is empty"},
		{"stag = advocate", 0, "stag", "unknown field"},
		{"stage = 3", 8, "3", "stage takes a name"},
		{"stage = heroic", 8, "heroic", "unknown stage"},
		{"level in (engaged, fully)", 19, "fully", "unknown level"},
		{"stage > prospect", 8, "prospect", "has no order"},
		{"nps < promoter", 4, "<", "nps takes = != or in"},
		{`purchases = "3"`, 12, `"3"`, "purchases takes a number"},
		{"account = acme", 10, "acme", "account takes quoted text"},
		{"monetary within 30d", 9, "within", "not a time"},
		{"last_purchase within 30", 21, "30", "want a duration"},
		{"last_purchase within 0d", 21, "0d", "more than zero"},
		{"last_purchase within 30y", 21, "30y", "want a duration"},
		{`last_purchase > "yesterday"`, 16, `"yesterday"`, "RFC 3339"},
		{"last_purchase in (1)", 14, "in", "is a time"},
		{"stage = advocate and", 20, "", "want a condition"},
		{"stage = advocate stage", 17, "stage", "want and, or"},
		{"(stage = advocate", 17, "", "want )"},
		{`account = "acme`, 10, `"acme`, "not closed"},
		{`account = "\q"`, 10, `"\q"`, "not a valid quoted string"},
		{"stage = advocate & level = engaged", 17, "&", "unexpected character"},
		{"kind = purchase", 0, "kind", "use it inside event"},
		{"event(stage = advocate)", 6, "stage", "is a customer field"},
		{"event(kind = Purchase)", 13, "Purchase", "not a kind"},
		{"event(kind = purchase!)", 21, "!", "unexpected character"},
		{"event(kind = 9lives)", 13, "9lives", "kind takes quoted text"},
		{"event(consent(marketing))", 6, "consent", "not an event"},
		{"event(kind = purchase, within 1d, within 2d)", 34, "within", "takes one within"},
		{"event(kind = purchase, count >= -1)", 32, "-1", "want a count"},
		{"event(kind = purchase count >= 1)", 22, "count", "want , or )"},
		{"consent()", 8, ")", "want a purpose"},
		{`trait."" = 1`, 6, `""`, "is empty"},
		{"trait = 1", 6, "=", "want . and a name"},
		{"trait.plan = pro", 13, "pro", `want "quoted text"`},
		{`trait.at = time("2024")`, 16, `"2024"`, "RFC 3339"},
		{strings.Repeat("not ", 65) + "stage = advocate", 256, "not", "nests more than 64 deep"},
		{"monetary > 1.000000000000000000000000000000000000000000000000000000000000000001", 11,
			"1.00000000000000000000000000000000000000000000000000000000000000...", "at most 64 digits"},
	} {
		_, err := segment.Parse(c.text)
		var pe *segment.ParseError
		if !errors.As(err, &pe) || !errors.Is(err, segment.ErrInvalid) {
			t.Errorf("Parse(%q) = %v, want a *ParseError", c.text, err)
			continue
		}
		if pe.Offset != c.offset || pe.Token != c.token || !strings.Contains(pe.Err.Error(), c.reason) {
			t.Errorf("Parse(%q): %v (offset %d, token %q), want offset %d, token %q, reason %q",
				c.text, err, pe.Offset, pe.Token, c.offset, c.token, c.reason)
		}
	}
}

// TestParseLines checks that an error on a later line gives its line and
// column.
func TestParseLines(t *testing.T) {
	_, err := segment.Parse("stage = advocate\n  and levle = engaged")
	var pe *segment.ParseError
	if !errors.As(err, &pe) || pe.Line != 2 || pe.Column != 7 || pe.Offset != 23 {
		t.Fatalf("got %v (%+v), want line 2, column 7, offset 23", err, pe)
	}
	if got, want := err.Error(), `segment: 2:7: "levle": unknown field`; !strings.HasPrefix(got, want) {
		t.Errorf("message %q, want it to start %q", got, want)
	}
}

// TestCanonical checks the canonical text of some segments written
// loosely.
func TestCanonical(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"stage=advocate AND x", ""}, // keywords are lower-case
		{"stage = ADVOCATE", "stage = advocate"},
		{`stage = "advocate"`, "stage = advocate"},
		{"(stage = advocate and (level = engaged and nps = promoter))", "stage = advocate and level = engaged and nps = promoter"},
		{"stage = advocate and (level = engaged or nps = promoter)", "stage = advocate and (level = engaged or nps = promoter)"},
		{"not (stage = advocate or nps = promoter)", "not (stage = advocate or nps = promoter)"},
		{"not not stage = advocate", "not not stage = advocate"},
		{"last_purchase within 14d", "last_purchase within 2w"},
		{"last_purchase within 48h", "last_purchase within 2d"},
		{"last_purchase within 90m", "last_purchase within 90m"},
		{`last_purchase >= "2024-03-01T02:00:00+02:00"`, `last_purchase >= "2024-03-01T00:00:00Z"`},
		{`last_purchase >= time("2024-03-01T00:00:00Z")`, `last_purchase >= "2024-03-01T00:00:00Z"`},
		{`trait."signed up" < time("2024-03-01T00:00:00Z")`, `trait."signed up" < time("2024-03-01T00:00:00Z")`},
		{`attr."a b" = "x\u00e9\t"`, `attr."a b" = "xé\t"`},
		{`attr."a\tb" = "x"`, ""}, // names hold no control characters
		{"consent(\"marketing\", \"email\")", "consent(marketing, email)"},
		{"event(count >= 1)", "event()"},
		{"event(count > 1, within 7d, )", ""},
		{"event(count > 1, within 7d)", "event(within 1w, count > 1)"},
		{"goodwill >= -2.50", "goodwill >= -2.50"},
	} {
		s, err := segment.Parse(c.text)
		if c.want == "" {
			if err == nil {
				t.Errorf("Parse(%q) = %q, want an error", c.text, s)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", c.text, err)
			continue
		}
		if got := s.String(); got != c.want {
			t.Errorf("Parse(%q).String() = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestJSONErrors checks that a bad JSON form is refused with its path.
func TestJSONErrors(t *testing.T) {
	for _, c := range []struct{ json, path, reason string }{
		{`{"and":[{"field":"stage","op":"=","value":"advocate"}]}`, "and", "two or more"},
		{`{"and":[{"field":"stage","op":"=","value":"advocate"},{"field":"stage","op":"=","value":3}]}`, "and[1].value", "stage takes a name"},
		{`{"or":[{"field":"stage","op":"=","value":"x"},{"consent":{"purpose":""}}]}`, "or[0].value", "unknown stage"},
		{`{"field":"stag","op":"=","value":"x"}`, "field", "unknown field"},
		{`{"field":"trait","op":"=","value":"x"}`, "field", "unknown field"},
		{`{"field":"stage","op":"~","value":"x"}`, "op", "want ="},
		{`{"field":"stage","op":"="}`, "value", "missing"},
		{`{"field":"monetary","op":"in","value":[]}`, "value", "one or more"},
		{`{"field":"last_seen","op":"within","value":"30y"}`, "value", "want a duration"},
		{`{"field":"stage","op":"=","value":"advocate","not":{"field":"stage","op":"=","value":"advocate"}}`, "", "exactly one"},
		{`{"event":{"where":{"consent":{"purpose":"marketing"}}}}`, "event.where.consent", "not an event"},
		{`{"event":{"count":{"op":"in","value":1}}}`, "event.count.op", "want ="},
		{`{"event":{"within":"0d"}}`, "event.within", "more than zero"},
		{`{"nope":1}`, "", "unknown field"},
		{`null`, "", "want a condition"},
		{`{"field":"monetary","op":"=","value":1e999}`, "value", "at most 64 digits"},
	} {
		var s segment.Segment
		err := json.Unmarshal([]byte(c.json), &s)
		var pe *segment.ParseError
		if !errors.As(err, &pe) || !errors.Is(err, segment.ErrInvalid) {
			t.Errorf("Unmarshal(%s) = %v, want a *ParseError", c.json, err)
			continue
		}
		if pe.Path != c.path || !strings.Contains(err.Error(), c.reason) {
			t.Errorf("Unmarshal(%s): %v (path %q), want path %q, reason %q", c.json, err, pe.Path, c.path, c.reason)
		}
	}
}
