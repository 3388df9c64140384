package attribution_test

import (
	"math/big"
	"os"
	"path/filepath"
	"testing"

	"github.com/engagekit/engage/internal/shareddata"
	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// readShared reads one of the published path sets in
// ../shared/data/attribution (see its README.md for sources and results).
func readShared(t *testing.T, name string) []attribution.Path {
	t.Helper()
	dir := shareddata.Dir(t, "attribution")
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	paths, err := attribution.ReadPaths(f)
	if err != nil {
		t.Fatalf("ReadPaths(%s): %v", name, err)
	}
	return paths
}

// same builds credits whose conversions and value are both x, as in the
// published sets, where every conversion is worth 1.
func same(kv ...any) attribution.Credits {
	c := make(attribution.Credits)
	for i := 0; i < len(kv); i += 2 {
		d := decimal.RequireFromString(kv[i+1].(string))
		c[kv[i].(string)] = attribution.Credit{Conversions: d, Value: d}
	}
	return c
}

// ratFloat is the float64 nearest the fraction a/b.
func ratFloat(a, b int64) float64 {
	f, _ := big.NewRat(a, b).Float64()
	return f
}

// TestOracle checks every model the README of the shared data gives
// results for against them: exact Markov credits, removal effects and the
// probability of conversion, and first touch, last touch and linear.
func TestOracle(t *testing.T) {
	tests := []struct {
		file       string
		conversion float64
		effects    map[string]float64
		markov     attribution.Credits
		first      attribution.Credits
		last       attribution.Credits
		linear     attribution.Credits
	}{
		{
			file:       "toy_analyzecore_3paths.csv",
			conversion: ratFloat(1, 3),
			effects:    map[string]float64{"c1": 0.5, "c2": 1, "c3": 1},
			markov:     same("c1", "0.2", "c2", "0.4", "c3", "0.4"),
			first:      same("c1", "1", "c2", "0", "c3", "0"),
			last:       same("c1", "0", "c2", "0", "c3", "1"),
			// 1/3 each, rounded to 4 places by largest remainder: the unit
			// left over goes to the first channel by name.
			linear: same("c1", "0.3334", "c2", "0.3333", "c3", "0.3333"),
		},
		{
			file:       "toy_removal_effect_4paths.csv",
			conversion: 0.8,
			effects:    map[string]float64{"google ads": 0.75, "mailing": 0.5},
			markov:     same("google ads", "2.4", "mailing", "1.6"),
			first:      same("google ads", "3", "mailing", "1"),
			last:       same("google ads", "2", "mailing", "2"),
			linear:     same("google ads", "2.5", "mailing", "1.5"),
		},
		{
			file:       "toy_pychattr_3paths.csv",
			conversion: 1,
			effects:    map[string]float64{"A": 1, "B": 0.5},
			markov:     same("A", "2", "B", "1"),
			first:      same("A", "3", "B", "0"),
			last:       same("A", "3", "B", "0"),
			linear:     same("A", "2.1", "B", "0.9"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			paths := readShared(t, tt.file)
			a, err := attribution.Markov{}.Analyze(paths)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.markov, a.Credits); diff != "" {
				t.Errorf("Markov credits (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.effects, a.RemovalEffects); diff != "" {
				t.Errorf("removal effects (-want +got):\n%s", diff)
			}
			if a.Conversion != tt.conversion {
				t.Errorf("P(conversion) = %v, want %v", a.Conversion, tt.conversion)
			}
			for _, m := range []struct {
				name  string
				model attribution.Model
				want  attribution.Credits
			}{
				{"first touch", attribution.FirstTouch{}, tt.first},
				{"last touch", attribution.LastTouch{}, tt.last},
				{"linear", attribution.Linear{}, tt.linear},
				{"Markov", attribution.Markov{}, tt.markov},
				{"Markov order 1", attribution.MarkovOrder{Order: 1}, tt.markov},
				{"Markov value removal", attribution.Markov{ValueRemoval: true}, tt.markov},
			} {
				got, err := m.model.Attribute(paths)
				if err != nil {
					t.Errorf("%s: %v", m.name, err)
					continue
				}
				if diff := cmp.Diff(m.want, got); diff != "" {
					t.Errorf("%s (-want +got):\n%s", m.name, diff)
				}
			}
		})
	}
}
