package attribution_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// models are every model of the package, with a few settings.
var models = []struct {
	name  string
	model attribution.Model
	// orderOnly: the model reads only the order of the touches, so
	// aggregating paths changes nothing.
	orderOnly bool
}{
	{"FirstTouch", attribution.FirstTouch{}, true},
	{"LastTouch", attribution.LastTouch{}, true},
	{"Linear", attribution.Linear{}, true},
	{"Linear/places=1", attribution.Linear{Places: 1}, true},
	{"TimeDecay", attribution.TimeDecay{Gap: 24 * time.Hour}, false},
	{"TimeDecay/half-life=1h", attribution.TimeDecay{HalfLife: time.Hour, Gap: time.Hour, Places: 2}, false},
	{"PositionBased", attribution.PositionBased{}, true},
	{"PositionBased/0.3,0.5", attribution.PositionBased{First: decimal.RequireFromString("0.3"), Last: decimal.RequireFromString("0.5")}, true},
	{"Markov", attribution.Markov{}, true},
	{"Markov/places=2", attribution.Markov{Places: 2}, true},
	{"EqualDistinct", attribution.EqualDistinct{}, true},
	{"Markov/value removal", attribution.Markov{ValueRemoval: true}, true},
	{"RateShapley", attribution.RateShapley{}, true},
	{"MarkovOrder", attribution.MarkovOrder{}, true},
	{"MarkovOrder/order=3", attribution.MarkovOrder{Order: 3, Places: 2}, true},
}

// totalOf returns the conversions and the value of paths.
func totalOf(paths []attribution.Path) attribution.Credit {
	var t attribution.Credit
	for _, p := range paths {
		t.Conversions = t.Conversions.Add(decimal.NewFromInt(p.Conversions))
		t.Value = t.Value.Add(p.Value)
	}
	return t
}

// channelsOf returns the sorted channels of paths.
func channelsOf(paths []attribution.Path) []string {
	var names []string
	for _, p := range paths {
		names = append(names, p.Channels()...)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// TestCreditsAddUp checks that every model's credits add up exactly to the
// conversions and the value of the paths, are never negative, and name
// every channel.
func TestCreditsAddUp(t *testing.T) {
	for _, m := range models {
		t.Run(m.name, rapid.MakeCheck(func(t *rapid.T) {
			paths := attribution.GenPaths(t, true)
			got, err := m.model.Attribute(paths)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(totalOf(paths), got.Total()); diff != "" {
				t.Errorf("total (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(channelsOf(paths), got.Channels()); diff != "" {
				t.Errorf("channels (-want +got):\n%s", diff)
			}
			for ch, c := range got.All() {
				if c.Conversions.Sign() < 0 || c.Value.Sign() < 0 {
					t.Errorf("%q has a negative credit: %v", ch, c)
				}
			}
		}))
	}
}

// TestRowOrder checks that shuffling the paths changes no credit.
func TestRowOrder(t *testing.T) {
	for _, m := range models {
		t.Run(m.name, rapid.MakeCheck(func(t *rapid.T) {
			paths := attribution.GenPaths(t, true)
			shuffled := rapid.Permutation(paths).Draw(t, "shuffled")
			want, err := m.model.Attribute(paths)
			if err != nil {
				t.Fatal(err)
			}
			got, err := m.model.Attribute(shuffled)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("credits after shuffling (-want +got):\n%s", diff)
			}
		}))
	}
}

// TestMarkovRowOrder checks that shuffling the paths changes neither the
// removal effects nor the probability of conversion, to the last bit.
func TestMarkovRowOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		paths := attribution.GenPaths(t, false)
		shuffled := rapid.Permutation(paths).Draw(t, "shuffled")
		want, err := attribution.Markov{}.Analyze(paths)
		if err != nil {
			t.Fatal(err)
		}
		got, err := attribution.Markov{}.Analyze(shuffled)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("analysis after shuffling (-want +got):\n%s", diff)
		}
	})
}

// TestAggregate checks that the models which read only the order of the
// touches give the same credits for the aggregated paths.
func TestAggregate(t *testing.T) {
	for _, m := range models {
		if !m.orderOnly {
			continue
		}
		t.Run(m.name, rapid.MakeCheck(func(t *rapid.T) {
			paths := attribution.GenPaths(t, true)
			agg, err := attribution.Aggregate(paths)
			if err != nil {
				t.Fatal(err)
			}
			want, err := m.model.Attribute(paths)
			if err != nil {
				t.Fatal(err)
			}
			got, err := m.model.Attribute(agg)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("credits of the aggregated paths (-want +got):\n%s", diff)
			}
		}))
	}
}

// TestWriteReadRoundTrip checks that ReadPaths reads back what WritePaths
// writes: the paths without their times.
func TestWriteReadRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		paths := rapid.SliceOfN(attribution.GenPath(len(attribution.ChannelNames), false), 0, 12).Draw(t, "paths")
		var buf bytes.Buffer
		if err := attribution.WritePaths(&buf, paths); err != nil {
			t.Fatal(err)
		}
		got, err := attribution.ReadPaths(&buf)
		if err != nil {
			t.Fatalf("reading %q: %v", buf.String(), err)
		}
		if diff := cmp.Diff(paths, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("paths read back (-want +got):\n%s", diff)
		}
	})
}
