package listening_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/engagekit/engage/listening"
	"pgregory.net/rapid"
)

func TestParseQueryMatch(t *testing.T) {
	q, err := listening.ParseQuery(`(delivery OR shipping OR "late parcel") AND NOT (job OR career)`)
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]bool{
		"My DELIVERY never came":     true,
		"the parcel is LATE":         false,
		"Late  parcel again!":        true,
		"shipping job offer":         false,
		"a career in delivery":       false,
		"deliveryman":                false,
		"shipping, not a jobs board": true,
		"nothing to see":             false,
	} {
		if got := q.Match(text); got != want {
			t.Errorf("Match(%q) = %v, want %v", text, got, want)
		}
	}
	if got, want := q.String(), `(delivery OR shipping OR "late parcel") AND NOT (job OR career)`; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}

func TestParseQueryCanonical(t *testing.T) {
	for in, want := range map[string]string{
		`a b`:                   `a AND b`,
		`a AND (b AND c)`:       `a AND b AND c`,
		`(a OR b) OR c`:         `a OR b OR c`,
		`a OR b AND c`:          `a OR b AND c`,
		`(a OR b) c`:            `(a OR b) AND c`,
		`NOT NOT Wi-Fi`:         `NOT NOT "wi fi"`,
		`"and" or "OR"`:         `and AND or AND or`,
		`NOT (a b)`:             `NOT (a AND b)`,
		`  "  Late   PARCEL " `: `"late parcel"`,
	} {
		q, err := listening.ParseQuery(in)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", in, err)
			continue
		}
		if got := q.String(); got != want {
			t.Errorf("ParseQuery(%q).String() = %q, want %q", in, got, want)
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	for in, pos := range map[string]int{
		``:             1,
		`   `:          1,
		`a AND`:        6,
		`(a OR b`:      1,
		`a)`:           2,
		`"late parcel`: 1,
		`a OR OR b`:    6,
		`NOT`:          4,
		`a AND --- b`:  7,
		`""`:           1,
		"a \xff":       3,
		`()`:           2,
		strings.Repeat("(", 70) + "a" + strings.Repeat(")", 70): 65,
	} {
		_, err := listening.ParseQuery(in)
		var qe *listening.QueryError
		if !errors.As(err, &qe) || qe.Pos != pos || !errors.Is(err, listening.ErrInvalid) {
			t.Errorf("ParseQuery(%q) = %v, want a QueryError at %d matching listening.ErrInvalid", in, err, pos)
			continue
		}
		if !strings.Contains(err.Error(), fmt.Sprintf("position %d", pos)) {
			t.Errorf("error %q does not name position %d", err, pos)
		}
	}
	if _, err := listening.ParseQuery(strings.Repeat("a ", listening.MaxQueryBytes)); err == nil {
		t.Error("over-long query parsed")
	}
}

// qnode is a query built by the test, with its own evaluation.
type qnode struct {
	op    string // "term", "not", "and", "or"
	words []string
	kids  []qnode
}

var qvocab = []string{"late", "parcel", "job", "refund", "wi", "fi"}

func genQuery(depth int) *rapid.Generator[qnode] {
	return rapid.Custom(func(t *rapid.T) qnode {
		op := "term"
		if depth > 0 {
			op = rapid.SampledFrom([]string{"term", "not", "and", "or"}).Draw(t, "op")
		}
		switch op {
		case "term":
			return qnode{op: op, words: rapid.SliceOfN(rapid.SampledFrom(qvocab), 1, 2).Draw(t, "words")}
		case "not":
			return qnode{op: op, kids: []qnode{genQuery(depth-1).Draw(t, "kid")}}
		}
		return qnode{op: op, kids: rapid.SliceOfN(genQuery(depth-1), 2, 3).Draw(t, "kids")}
	})
}

// text writes n fully parenthesised, with random case.
func (n qnode) text(t *rapid.T) string {
	switch n.op {
	case "term":
		s := strings.Join(n.words, " ")
		if rapid.Bool().Draw(t, "upper") {
			s = strings.ToUpper(s[:1]) + s[1:]
		}
		return `"` + s + `"`
	case "not":
		return "NOT (" + n.kids[0].text(t) + ")"
	}
	parts := make([]string, len(n.kids))
	for i, k := range n.kids {
		parts[i] = "(" + k.text(t) + ")"
	}
	return strings.Join(parts, " "+strings.ToUpper(n.op)+" ")
}

func (n qnode) eval(words []string) bool {
	switch n.op {
	case "term":
		for i := 0; i+len(n.words) <= len(words); i++ {
			if slices.Equal(words[i:i+len(n.words)], n.words) {
				return true
			}
		}
		return false
	case "not":
		return !n.kids[0].eval(words)
	case "and":
		for _, k := range n.kids {
			if !k.eval(words) {
				return false
			}
		}
		return true
	}
	for _, k := range n.kids {
		if k.eval(words) {
			return true
		}
	}
	return false
}

func TestQueryProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := genQuery(4).Draw(t, "query")
		text := n.text(t)
		q, err := listening.ParseQuery(text)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", text, err)
		}
		s := q.String()
		q2, err := listening.ParseQuery(s)
		if err != nil || !q2.Equal(q) || q2.String() != s {
			t.Fatalf("String %q of %q parses to %v, %v", s, text, q2, err)
		}
		words := rapid.SliceOfN(rapid.SampledFrom(qvocab), 0, 8).Draw(t, "text")
		mention := strings.ToUpper(strings.Join(words, ", "))
		if got, want := q.Match(mention), n.eval(words); got != want {
			t.Fatalf("%q.Match(%q) = %v, want %v", s, mention, got, want)
		}
		if q.Match(mention) != q2.Match(mention) {
			t.Fatalf("canonical form matches differently")
		}
	})
}

func TestTopicRuleQuery(t *testing.T) {
	m, err := listening.NewTopicMatcher(
		listening.TopicRule{Name: "delivery", Query: `(delivery OR "late parcel") AND NOT job`},
		listening.TopicRule{Name: "refund", Keywords: []string{"refund"}, Query: `NOT troll`},
		listening.TopicRule{Name: "battery", Keywords: []string{"battery"}},
	)
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string][]string{
		"late parcel, refund please": {"delivery", "refund"},
		"delivery job, battery":      {"battery"},
		"refund troll":               nil,
		"weather":                    nil,
	} {
		if got := m.Match(text); !slices.Equal(got, want) {
			t.Errorf("Match(%q) = %v, want %v", text, got, want)
		}
	}
	_, err = listening.NewTopicMatcher(listening.TopicRule{Name: "x", Query: "a AND"})
	var qe *listening.QueryError
	if !errors.As(err, &qe) || qe.Pos != 6 {
		t.Errorf("bad query rule: %v, want a QueryError at 6", err)
	}
}

func ExampleParseQuery() {
	q, err := listening.ParseQuery(`(Delivery OR shipping OR "late parcel") NOT (job OR career)`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q)
	fmt.Println(q.Match("Where is my late parcel?"))
	fmt.Println(q.Match("Delivery driver job in town"))
	_, err = listening.ParseQuery(`delivery AND (job OR`)
	fmt.Println(err)
	// Output:
	// (delivery OR shipping OR "late parcel") AND NOT (job OR career)
	// true
	// false
	// listening: query "delivery AND (job OR": at position 21: want a word, a quoted phrase, NOT or "(", got end of query
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		`(delivery OR shipping OR "late parcel") AND NOT (job OR career)`,
		`a b c`, `NOT NOT x`, `"unclosed`, `(a OR`, `a)`, `wi-fi`, `"" OR x`, "caf\u00e9 \xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		q, err := listening.ParseQuery(text)
		if err != nil {
			var qe *listening.QueryError
			if !errors.As(err, &qe) || qe.Pos < 1 || qe.Pos > len(text)+1 {
				t.Fatalf("ParseQuery(%q) = %v, want a QueryError with a position in the text", text, err)
			}
			return
		}
		s := q.String()
		q2, err := listening.ParseQuery(s)
		if err != nil || !q2.Equal(q) || q2.String() != s {
			t.Fatalf("ParseQuery(%q).String() = %q reparses to %v, %v", text, s, q2, err)
		}
		if q.Match(text) != q2.Match(text) {
			t.Fatalf("canonical %q matches %q differently", s, text)
		}
	})
}
