package attribution_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The former name still compiles and computes the equal split.
var _ attribution.Model = attribution.Shapley{}

// TestRateShapleyHand checks RateShapley against sets worked by hand.
//
// First set: "a" 1 conversion (worth 10) and 1 null, "b" 1 conversion
// (worth 6) and 3 nulls, "a > b" 2 conversions (worth 24) and 2 nulls.
// v(∅) = 0, v({a}) = 1/2, v({b}) = 1/4, v({a,b}) = 4/10 = 2/5.
// φ_a = ½(v(a) - v(∅)) + ½(v(ab) - v(b)) = ½(1/2) + ½(3/20) = 13/40;
// φ_b = ½(1/4) + ½(2/5 - 1/2) = ½(1/4) - ½(1/10) = 3/40; Σ = 2/5 = v(ab).
// Credits of the 4 conversions: a 4 × 13/16 = 3.25, b 4 × 3/16 = 0.75; of
// the value 40: a 32.5, b 7.5.
//
// Second set: "a" 1 conversion, "a > b" 1 null. v({a}) = 1, v({b}) = 0
// (no path of b alone), v({a,b}) = 1/2. φ_a = ½(1) + ½(1/2) = 3/4,
// φ_b = ½(0) + ½(1/2 - 1) = -1/4: b lowers the rate, so a gets the
// whole conversion and b none.
func TestRateShapleyHand(t *testing.T) {
	a, err := attribution.RateShapley{}.Analyze([]attribution.Path{
		path(1, "10", 1, "a"),
		path(1, "6", 3, "b"),
		path(2, "24", 2, "a", "b"),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := attribution.Credits{
		"a": {Conversions: dec("3.25"), Value: dec("32.5")},
		"b": {Conversions: dec("0.75"), Value: dec("7.5")},
	}
	if diff := cmp.Diff(want, a.Credits); diff != "" {
		t.Errorf("credits (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]float64{"a": ratFloat(13, 40), "b": ratFloat(3, 40)}, a.Values); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
	if a.Rate != 0.4 {
		t.Errorf("Rate = %v, want 0.4", a.Rate)
	}

	b, err := attribution.RateShapley{}.Analyze([]attribution.Path{
		path(1, "5", 0, "a"),
		path(0, "0", 1, "a", "b"),
	})
	if err != nil {
		t.Fatal(err)
	}
	want = attribution.Credits{
		"a": {Conversions: dec("1"), Value: dec("5")},
		"b": {Conversions: dec("0"), Value: dec("0")},
	}
	if diff := cmp.Diff(want, b.Credits); diff != "" {
		t.Errorf("credits with a negative value (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]float64{"a": 0.75, "b": -0.25}, b.Values); diff != "" {
		t.Errorf("values with a negative one (-want +got):\n%s", diff)
	}
}

// TestRateShapleyProperties checks efficiency (the credits add up exactly
// to the conversions and the value), symmetry (b added wherever a is,
// and only there, gets the same value as a) and the null player (a
// channel only on paths with neither conversions nor nulls gets nothing).
func TestRateShapleyProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		paths := attribution.GenPaths(t, false)
		var twin []attribution.Path
		var convs int64
		var value decimal.Decimal
		for _, p := range paths {
			q := attribution.Path{Conversions: p.Conversions, Nulls: p.Nulls, Value: p.Value}
			hasA := false
			for _, tc := range p.Touches {
				ch := tc.Channel
				if ch == "b" {
					ch = "a"
				}
				hasA = hasA || ch == "a"
				q.Touches = append(q.Touches, attribution.Touch{Channel: ch})
			}
			if hasA {
				q.Touches = append(q.Touches, attribution.Touch{Channel: "b"})
			}
			twin = append(twin, q)
			convs += p.Conversions
			value = value.Add(p.Value)
		}
		// The null player: z on paths that count nobody.
		twin = append(twin, path(0, "0", 0, "z"), path(0, "0", 0, "c", "z"))
		a, err := attribution.RateShapley{}.Analyze(twin)
		if err != nil {
			t.Fatal(err)
		}
		total := a.Credits.Total()
		if !total.Conversions.Equal(decInt(convs)) || !total.Value.Equal(value) {
			t.Fatalf("credits add up to %s and %s, want %d and %s", total.Conversions, total.Value, convs, value)
		}
		if va, vb := a.Values["a"], a.Values["b"]; va != vb {
			t.Fatalf("twins a and b: values %v and %v", va, vb)
		}
		if z := a.Credits["z"]; a.Values["z"] != 0 || !z.Conversions.IsZero() || !z.Value.IsZero() {
			t.Fatalf("null player z: value %v, credit %v", a.Values["z"], z)
		}
		for ch, c := range a.Credits {
			if c.Conversions.IsNegative() || c.Value.IsNegative() {
				t.Fatalf("%s: negative credit %v", ch, c)
			}
		}
	})
}

// TestRateShapleyLimit checks that more than MaxRateShapleyChannels
// channels is an error naming the count, and that the limit itself is
// taken.
func TestRateShapleyLimit(t *testing.T) {
	touches := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("ch%02d", i)
		}
		return out
	}
	n := attribution.MaxRateShapleyChannels
	ok := []attribution.Path{path(1, "1", 1, touches(n)...), path(0, "0", 2, touches(n-1)...)}
	c, err := attribution.RateShapley{}.Attribute(ok)
	if err != nil {
		t.Fatalf("%d channels: %v", n, err)
	}
	if got := c.Total().Conversions; !got.Equal(dec("1")) {
		t.Errorf("%d channels: credits add up to %s, want 1", n, got)
	}
	_, err = attribution.RateShapley{}.Attribute([]attribution.Path{path(1, "1", 0, touches(n+1)...)})
	if !errors.Is(err, attribution.ErrInvalid) || !strings.Contains(err.Error(), "17 channels") {
		t.Errorf("%d channels: error %v, want ErrInvalid naming 17 channels", n+1, err)
	}
	_, err = attribution.RateShapley{Places: 31}.Attribute(ok)
	if !errors.Is(err, attribution.ErrInvalid) || !strings.Contains(err.Error(), "RateShapley.Places") {
		t.Errorf("Places 31: error %v, want ErrInvalid naming RateShapley.Places", err)
	}
}
