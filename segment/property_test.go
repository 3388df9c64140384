package segment

import (
	"encoding/json"
	"testing"

	"pgregory.net/rapid"
)

// TestStringRoundTrip checks that the canonical text of any segment
// parses back to an equal segment, which prints the same text.
func TestStringRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSegment().Draw(t, "segment")
		text := s.String()
		got, err := Parse(text)
		if err != nil {
			t.Fatalf("Parse(%q): %v", text, err)
		}
		if !got.Equal(s) {
			t.Fatalf("Parse(%q) = %q, not equal to the segment printed", text, got)
		}
		if again := got.String(); again != text {
			t.Fatalf("printed %q, reparsed and printed %q", text, again)
		}
	})
}

// TestJSONRoundTrip checks that the JSON form of any segment reads back
// to an equal segment.
func TestJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSegment().Draw(t, "segment")
		data, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("Marshal(%q): %v", s, err)
		}
		var got Segment
		if err := json.Unmarshal(data, &got); err != nil {
			t.Fatalf("Unmarshal(%s): %v", data, err)
		}
		if !got.Equal(s) {
			t.Fatalf("JSON %s read back as %q, want %q", data, &got, s)
		}
		text, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var fromText Segment
		if err := fromText.UnmarshalText(text); err != nil || !fromText.Equal(s) {
			t.Fatalf("UnmarshalText(%q) = %q, %v", text, &fromText, err)
		}
	})
}

// TestLogic checks the connectives against Go's: not, and, or and De
// Morgan's laws, on any facts; and that Match agrees with Matches and
// explains with the same verdict, without panicking.
func TestLogic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := genSegment().Draw(t, "a")
		b := genSegment().Draw(t, "b")
		f := genFacts().Draw(t, "facts")
		asOf := testAsOf
		ma, mb := a.Matches(&f, asOf), b.Matches(&f, asOf)
		check := func(name string, s *Segment, want bool) {
			got, x := s.Match(&f, asOf)
			if got != want || s.Matches(&f, asOf) != want || x.Held != want {
				t.Fatalf("%s: %q: Match %v, Matches %v, explanation %v, want %v\n%s",
					name, s, got, s.Matches(&f, asOf), x.Held, want, x)
			}
			if x.Detail == "" {
				t.Fatalf("%s: %q: explanation without detail", name, s)
			}
		}
		check("a", a, ma)
		check("not a", newSegment(notOf(a.root)), !ma)
		check("a and b", newSegment(andOf(a.root, b.root)), ma && mb)
		check("a or b", newSegment(orOf(a.root, b.root)), ma || mb)
		check("not (a and b)", newSegment(notOf(andOf(a.root, b.root))), !ma || !mb)
		check("not a or not b", newSegment(orOf(notOf(a.root), notOf(b.root))), !(ma && mb))
		check("not (a or b)", newSegment(notOf(orOf(a.root, b.root))), !ma && !mb)
		check("not a and not b", newSegment(andOf(notOf(a.root), notOf(b.root))), !(ma || mb))
	})
}

// TestNeeds checks that a segment needs interactions exactly when it
// uses event(...), and that facts without them change nothing otherwise.
func TestNeeds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSegment().Draw(t, "segment")
		f := genFacts().Draw(t, "facts")
		bare := f
		if !s.NeedsInteractions() {
			bare.Interactions = nil
		}
		if !s.NeedsConsent() {
			bare.Consent = nil
		}
		if got, want := s.Matches(&bare, testAsOf), s.Matches(&f, testAsOf); got != want {
			t.Fatalf("%q: %v on the facts it needs, %v on all", s, got, want)
		}
	})
}
