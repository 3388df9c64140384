package touchpoints_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/engagekit/engage/touchpoints"
)

func TestPhases(t *testing.T) {
	var got []string
	for _, p := range touchpoints.Phases() {
		got = append(got, p.String())
		if !p.Valid() {
			t.Errorf("%v.Valid() = false", p)
		}
	}
	want := []string{"awareness", "discovery", "attraction", "interaction", "purchase", "use", "cultivation", "advocacy"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Phases() mismatch (-want +got):\n%s", diff)
	}
	if len(got) != touchpoints.NumPhases {
		t.Errorf("len(Phases()) = %d, NumPhases = %d", len(got), touchpoints.NumPhases)
	}
	for _, p := range []touchpoints.Phase{touchpoints.PhaseUnspecified, touchpoints.Advocacy + 1} {
		if p.Valid() {
			t.Errorf("%v.Valid() = true, want false", p)
		}
	}
}

func TestPhaseText(t *testing.T) {
	for _, p := range append(touchpoints.Phases(), touchpoints.PhaseUnspecified) {
		text, err := p.MarshalText()
		if err != nil {
			t.Fatalf("%v.MarshalText() = %v", p, err)
		}
		var got touchpoints.Phase
		if err := got.UnmarshalText(text); err != nil || got != p {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", text, got, err, p)
		}
	}
	var p touchpoints.Phase
	if err := p.UnmarshalText([]byte(" Cultivation ")); err != nil || p != touchpoints.Cultivation {
		t.Errorf("UnmarshalText(\" Cultivation \") = %v, %v; want cultivation", p, err)
	}
	fe := tpFieldError(t, p.UnmarshalText([]byte("loyalty")))
	if fe.Field != "phase" || fe.Value != "loyalty" {
		t.Errorf("UnmarshalText(loyalty) names %s %q, want phase \"loyalty\"", fe.Field, fe.Value)
	}
	if _, err := touchpoints.Phase(200).MarshalText(); err == nil {
		t.Errorf("Phase(200).MarshalText() = nil error")
	} else if fe := tpFieldError(t, err); fe.Value != "Phase(200)" {
		t.Errorf("Phase(200).MarshalText() names value %q", fe.Value)
	}
}
