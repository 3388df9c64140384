package engagement

import (
	"encoding"
	"errors"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// textRoundTrip checks that v survives MarshalText then UnmarshalText into
// fresh, and that String agrees with the text form.
func textRoundTrip[T interface {
	comparable
	encoding.TextMarshaler
	String() string
}](t *rapid.T, v T, fresh interface {
	encoding.TextUnmarshaler
}, got func() T) {
	text, err := v.MarshalText()
	if err != nil {
		t.Fatalf("MarshalText(%v): %v", v, err)
	}
	if string(text) != v.String() {
		t.Fatalf("MarshalText(%v) = %q, String() = %q", v, text, v.String())
	}
	if err := fresh.UnmarshalText(text); err != nil {
		t.Fatalf("UnmarshalText(%q): %v", text, err)
	}
	if got() != v {
		t.Fatalf("round trip of %v gave %v", v, got())
	}
}

func TestEnumsTextRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var g Group
		textRoundTrip(t, Group(rapid.IntRange(0, 4).Draw(t, "group")), &g, func() Group { return g })
		var c Consent
		textRoundTrip(t, Consent(rapid.IntRange(0, 2).Draw(t, "consent")), &c, func() Consent { return c })
		var s Scale
		textRoundTrip(t, Scale(rapid.IntRange(0, 2).Draw(t, "scale")), &s, func() Scale { return s })
		var n NPSClass
		textRoundTrip(t, NPSClass(rapid.IntRange(0, 3).Draw(t, "nps_class")), &n, func() NPSClass { return n })
		var k Kind
		kind := rapid.OneOf(rapid.SampledFrom(BuiltinKinds()),
			rapid.Map(rapid.StringMatching(`[a-z][a-z0-9_]{0,31}`), func(s string) Kind { return Kind(s) })).Draw(t, "kind")
		textRoundTrip(t, kind, &k, func() Kind { return k })
	})
}

func TestKindUnmarshalFoldsSpelling(t *testing.T) {
	for _, text := range []string{"Service request", "service-request", " SERVICE_REQUEST "} {
		var k Kind
		if err := k.UnmarshalText([]byte(text)); err != nil || k != ServiceRequest {
			t.Errorf("UnmarshalText(%q) = %q, %v; want service_request", text, k, err)
		}
	}
}

func TestBadTextIsAFieldError(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		text := rapid.String().Draw(t, "text")
		for name, u := range map[string]encoding.TextUnmarshaler{
			"group": new(Group), "consent": new(Consent), "scale": new(Scale), "nps_class": new(NPSClass), "kind": new(Kind),
		} {
			err := u.UnmarshalText([]byte(text))
			if err == nil {
				continue
			}
			var fe *FieldError
			if !errors.As(err, &fe) || !errors.Is(err, ErrInvalid) || fe.Field != name {
				t.Fatalf("%s: UnmarshalText(%q) = %v; want a *FieldError on field %q matching ErrInvalid", name, text, err, name)
			}
			if !strings.HasPrefix(err.Error(), "engagement: ") {
				t.Fatalf("error %q lacks the package prefix", err)
			}
		}
	})
}

func TestClassifyNPSBoundaries(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := rapid.IntRange(-20, 30).Draw(t, "answer")
		var want NPSClass
		switch {
		case v < 0 || v > 10:
			want = NoNPSClass
		case v >= 9:
			want = Promoter
		case v >= 7:
			want = Passive
		default:
			want = Detractor
		}
		if got := ClassifyNPS(v); got != want {
			t.Fatalf("ClassifyNPS(%d) = %v; want %v", v, got, want)
		}
		r := Recommends(v)
		if valid := r.Validate() == nil; valid != (want != NoNPSClass) {
			t.Fatalf("Recommends(%d).Validate() valid = %v, but class %v", v, valid, want)
		}
	})
}

func TestNPSScore(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		answers := rapid.SliceOf(rapid.IntRange(0, 10)).Draw(t, "answers")
		var tally NPSTally
		promoters, detractors := 0, 0
		for _, a := range answers {
			tally.Add(ClassifyNPS(a))
			if a >= 9 {
				promoters++
			} else if a <= 6 {
				detractors++
			}
		}
		score := tally.Score()
		if len(answers) == 0 {
			if score != 0 {
				t.Fatalf("score of no answers = %v", score)
			}
			return
		}
		want := 100 * float64(promoters-detractors) / float64(len(answers))
		if score != want || score < -100 || score > 100 {
			t.Fatalf("Score() = %v; want %v within [-100, 100]", score, want)
		}
	})
}
