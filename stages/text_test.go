package stages_test

import (
	"encoding"
	"errors"
	"testing"

	"github.com/engagekit/engage/stages"
	"pgregory.net/rapid"
)

type textEnum interface {
	encoding.TextMarshaler
	String() string
}

// roundTrip checks that every known value marshals to its String and back.
func roundTrip[T comparable, P interface {
	*T
	encoding.TextUnmarshaler
}](t *testing.T, values []T) {
	t.Helper()
	for _, v := range values {
		text, err := any(v).(textEnum).MarshalText()
		if err != nil {
			t.Fatalf("%v: %v", v, err)
		}
		if string(text) != any(v).(textEnum).String() {
			t.Errorf("%v marshals to %q, not its String", v, text)
		}
		var back T
		if err := P(&back).UnmarshalText(text); err != nil || back != v {
			t.Errorf("%q unmarshals to %v, %v; want %v", text, back, err, v)
		}
	}
}

func TestTextRoundTrips(t *testing.T) {
	roundTrip(t, []stages.Stage{stages.Unclassified, stages.Prospect, stages.Transactional,
		stages.Returning, stages.Advocate, stages.Former})
	roundTrip(t, []stages.Level{stages.NoLevel, stages.ActivelyDisengaged, stages.NotEngaged,
		stages.Engaged, stages.FullyEngaged})
	var l stages.Level
	if err := l.UnmarshalText([]byte("Fully Engaged")); err != nil || l != stages.FullyEngaged {
		t.Errorf(`"Fully Engaged" gives %v, %v`, l, err)
	}
}

func TestBadTextNamesTheValue(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		text := rapid.StringMatching(`[a-z ]{1,12}x`).Draw(t, "text")
		var s stages.Stage
		err := s.UnmarshalText([]byte(text))
		var ie *stages.InvalidError
		if !errors.As(err, &ie) || ie.Value != text || ie.Field != "stage" || !errors.Is(err, stages.ErrInvalid) {
			t.Fatalf("stage %q: got %v, want an *InvalidError naming it", text, err)
		}
		var l stages.Level
		if err := l.UnmarshalText([]byte(text)); !errors.As(err, &ie) || ie.Value != text {
			t.Fatalf("level %q: got %v", text, err)
		}
	})
	if _, err := stages.Stage(99).MarshalText(); !errors.Is(err, stages.ErrInvalid) {
		t.Errorf("Stage(99).MarshalText: %v", err)
	}
}

func TestLevelOf(t *testing.T) {
	r := stages.DefaultRules()
	rapid.Check(t, func(t *rapid.T) {
		res := r.ClassifySignals(genSignals().Draw(t, "signals"), genStage().Draw(t, "prev"))
		l := stages.LevelOf(res)
		want := map[stages.Stage][]stages.Level{
			stages.Prospect:      {stages.NoLevel},
			stages.Former:        {stages.NoLevel},
			stages.Transactional: {stages.ActivelyDisengaged, stages.NotEngaged},
			stages.Returning:     {stages.Engaged},
			stages.Advocate:      {stages.FullyEngaged},
		}[res.Stage]
		for _, w := range want {
			if l == w {
				return
			}
		}
		t.Fatalf("%v maps to %v, want one of %v", res.Stage, l, want)
	})
}
