package fielderr

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"
)

// TestShorten checks that Shorten keeps short values, and cuts long ones
// to valid UTF-8 of at most MaxValue bytes plus the mark, keeping a prefix.
func TestShorten(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := rapid.String().Draw(t, "value")
		got := Shorten(v)
		if len(v) <= MaxValue {
			if got != v {
				t.Fatalf("Shorten(%q) = %q, want it unchanged", v, got)
			}
			return
		}
		cut, ok := strings.CutSuffix(got, "...")
		if !ok || len(cut) > MaxValue || len(cut) < MaxValue-utf8.UTFMax+1 || !strings.HasPrefix(v, cut) {
			t.Fatalf("Shorten(%q) = %q", v, got)
		}
		if utf8.ValidString(v) && !utf8.ValidString(cut) {
			t.Fatalf("Shorten(%q) = %q cuts a character", v, got)
		}
	})
}

func TestMessage(t *testing.T) {
	for _, tt := range []struct {
		where  string
		reason error
		want   string
	}{
		{Line(3), errors.New("not a decimal number"), `touchpoints: line 3: cost "ten": not a decimal number`},
		{Line(0), errors.New("negative"), `touchpoints: cost "ten": negative`},
		{`customer "c1"`, nil, `touchpoints: customer "c1": cost "ten": invalid`},
	} {
		if got := Message("touchpoints", tt.where, "cost", "ten", tt.reason); got != tt.want {
			t.Errorf("Message = %q, want %q", got, tt.want)
		}
	}
}
