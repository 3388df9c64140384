package attribution_test

import (
	"testing"

	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// dec parses a decimal a test spells out.
func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// decInt is n as a decimal.
func decInt(n int64) decimal.Decimal { return decimal.NewFromInt(n) }

// TestMarkovValueRemovalHand checks the value removal effects against a
// set worked by hand.
//
// Paths: "a > b" 1 conversion worth 10 and 1 null; "a" 1 conversion worth
// 2. Counts: start→a 3 (2+1), a→b 2, a→conversion 1, b→conversion 1,
// b→null 1. P(a→b) 2/3, P(a→conv) 1/3, P(b→conv) 1/2.
//
// Conversions: P(conv) = 1/3 + 2/3·1/2 = 2/3; without a 0 (RE 1); without
// b 1/3 (RE 1/2). Credits 2 × 1/(3/2) = 4/3 → a 1.3333, b 0.6667.
//
// Value: the value reaching conversion from a is 2 of its 3 transitions,
// from b 10 of 2. E[value] = 1·2/3 + (2/3)·10/2 = 4 (12 over 3
// customers). Without a 0 (RV 1); without b 2/3 (RV 1 - (2/3)/4 = 5/6).
// Value credits 12 × 1/(11/6) = 72/11 = 6.5454… and 12 × (5/6)/(11/6) =
// 60/11 = 5.4545…; by largest remainder a 6.5455, b 5.4545. Without the
// option the value follows the conversion shares: a 8, b 4.
func TestMarkovValueRemovalHand(t *testing.T) {
	paths := []attribution.Path{
		path(1, "10", 1, "a", "b"),
		path(1, "2", 0, "a"),
	}
	a, err := attribution.Markov{ValueRemoval: true}.Analyze(paths)
	if err != nil {
		t.Fatal(err)
	}
	want := attribution.Credits{
		"a": {Conversions: dec("1.3333"), Value: dec("6.5455")},
		"b": {Conversions: dec("0.6667"), Value: dec("5.4545")},
	}
	if diff := cmp.Diff(want, a.Credits); diff != "" {
		t.Errorf("credits (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]float64{"a": 1, "b": 0.5}, a.RemovalEffects); diff != "" {
		t.Errorf("removal effects (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]float64{"a": 1, "b": ratFloat(5, 6)}, a.ValueRemovalEffects); diff != "" {
		t.Errorf("value removal effects (-want +got):\n%s", diff)
	}
	plain, err := attribution.Markov{}.Analyze(paths)
	if err != nil {
		t.Fatal(err)
	}
	if plain.ValueRemovalEffects != nil {
		t.Errorf("ValueRemovalEffects without the option = %v, want nil", plain.ValueRemovalEffects)
	}
	if got := plain.Credits["a"].Value; !got.Equal(dec("8")) {
		t.Errorf("value credit of a without the option = %s, want 8", got)
	}
}

// TestMarkovValueRemovalProperties checks that the value credits add up
// to the value, that the conversion credits do not change with the
// option, and that when every conversion is worth the same the value
// removal effects are the conversion removal effects.
func TestMarkovValueRemovalProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		paths := attribution.GenPaths(t, false)
		with, err := attribution.Markov{ValueRemoval: true}.Analyze(paths)
		if err != nil {
			t.Fatal(err)
		}
		without, err := attribution.Markov{}.Analyze(paths)
		if err != nil {
			t.Fatal(err)
		}
		var total decimal.Decimal
		for _, p := range paths {
			total = total.Add(p.Value)
		}
		if got := with.Credits.Total(); !got.Value.Equal(total) {
			t.Fatalf("value credits add up to %s, want %s", got.Value, total)
		}
		for ch, c := range with.Credits {
			if !c.Conversions.Equal(without.Credits[ch].Conversions) {
				t.Fatalf("%s: conversions %s with the option, %s without", ch, c.Conversions, without.Credits[ch].Conversions)
			}
		}
		// Every conversion worth 1: value removal is conversion removal.
		unit := make([]attribution.Path, len(paths))
		for i, p := range paths {
			unit[i] = p
			unit[i].Value = decInt(p.Conversions)
		}
		u, err := attribution.Markov{ValueRemoval: true}.Analyze(unit)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(u.RemovalEffects, u.ValueRemovalEffects); diff != "" {
			t.Fatalf("unit values: value removal effects differ (-conversion +value):\n%s", diff)
		}
	})
}
