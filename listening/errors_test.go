package listening_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/listening"
	"pgregory.net/rapid"
)

// TestFieldErrorIsListenings checks that a bad mention is reported as
// listening's own FieldError, told apart from engagement's.
func TestFieldErrorIsListenings(t *testing.T) {
	err := listening.Mention{ID: "m1", Time: lcT0, Text: " "}.Validate()
	var fe *listening.FieldError
	if !errors.As(err, &fe) || fe.Field != "text" || !errors.Is(err, listening.ErrInvalid) {
		t.Fatalf("Validate() = %#v, want a *listening.FieldError on text", err)
	}
	if errors.Is(err, engagement.ErrInvalid) {
		t.Errorf("Validate() = %v matches engagement.ErrInvalid", err)
	}
	var efe *engagement.FieldError
	if errors.As(err, &efe) {
		t.Errorf("Validate() = %v is an *engagement.FieldError", err)
	}
	if got, want := err.Error(), `listening: text " ": text is empty`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	line := (&listening.FieldError{Line: 3, Field: "time", Value: "x", Err: errors.New("bad")}).Error()
	if want := `listening: line 3: time "x": bad`; line != want {
		t.Errorf("Error() = %q, want %q", line, want)
	}
}

// TestFieldErrorValueCut checks that a long bad value is cut short at a
// character boundary, so that the message stays valid UTF-8.
func TestFieldErrorValueCut(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		topic := rapid.StringMatching(`[a-zé€😀]{60,90}\|`).Draw(t, "topic")
		err := listening.Mention{ID: "m1", Time: lcT0, Text: "x", Topics: []string{topic}}.Validate()
		var fe *listening.FieldError
		if !errors.As(err, &fe) {
			t.Fatalf("Validate() = %v, want a *listening.FieldError", err)
		}
		if !utf8.ValidString(fe.Value) || !utf8.ValidString(err.Error()) {
			t.Fatalf("value %q of %d bytes is cut inside a character", fe.Value, len(topic))
		}
		if cut, ok := strings.CutSuffix(fe.Value, "..."); len(topic) > 64 && (!ok || !strings.HasPrefix(topic, cut)) {
			t.Fatalf("value %q is not a marked prefix of %q", fe.Value, topic)
		}
	})
}
