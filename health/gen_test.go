package health_test

import (
	"fmt"
	"math"
	"slices"

	"github.com/engagekit/engage/health"
	"pgregory.net/rapid"
)

// fixed is a measure with a set score, or none.
type fixed struct {
	name string
	v    float64
	ok   bool
}

func (m fixed) Name() string                        { return m.name }
func (m fixed) Score(*health.Facts) (float64, bool) { return m.v, m.ok }

// genScore draws a measure score in 0..100, often on a round number.
func genScore(label string) *rapid.Generator[float64] {
	return rapid.Custom(func(t *rapid.T) float64 {
		if rapid.Bool().Draw(t, label+"_round") {
			return float64(rapid.IntRange(0, 100).Draw(t, label+"_int"))
		}
		return rapid.Float64Range(0, 100).Draw(t, label)
	})
}

// genCard draws a scorecard of fixed measures, each with a value unless
// missing is true and the draw says so; at least one has a value.
func genCard(t *rapid.T, missing bool) *health.Scorecard {
	n := rapid.IntRange(1, 8).Draw(t, "measures")
	c := &health.Scorecard{Name: "drawn"}
	for i := range n {
		ok := i == 0 || !missing || rapid.Bool().Draw(t, fmt.Sprintf("has_value_%d", i))
		c.Measures = append(c.Measures, health.Weighted{
			Measure: fixed{name: fmt.Sprintf("m%d", i), v: genScore(fmt.Sprintf("value_%d", i)).Draw(t, fmt.Sprintf("v%d", i)), ok: ok},
			Weight:  rapid.Float64Range(0.01, 1000).Draw(t, fmt.Sprintf("weight_%d", i)),
		})
	}
	rapid.Permutation(c.Measures).Draw(t, "order")
	return c
}

// genBands draws valid bands: 1 to 5 bands, the first at 0, and a margin
// that keeps every bound's hysteresis within 0..100.
func genBands(t *rapid.T) *health.Bands {
	n := rapid.IntRange(1, 5).Draw(t, "bands")
	lowers := []float64{0}
	for len(lowers) < n {
		lo := float64(rapid.IntRange(1, 99).Draw(t, "lower"))
		if !slices.Contains(lowers, lo) {
			lowers = append(lowers, lo)
		}
	}
	slices.Sort(lowers)
	limit := 50.0
	for _, lo := range lowers[1:] {
		limit = math.Min(limit, math.Min(lo, 100-lo))
	}
	b := &health.Bands{Margin: rapid.Float64Range(0, limit).Draw(t, "margin")}
	for i, lo := range lowers {
		b.Bands = append(b.Bands, health.Band{Name: fmt.Sprintf("b%d", i), Lower: lo})
	}
	return b
}
