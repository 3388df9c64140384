package health_test

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/engagekit/engage/health"
	"pgregory.net/rapid"
)

func TestExplainMoves(t *testing.T) {
	card := func(goodwill float64, sentiment bool) *health.Scorecard {
		return &health.Scorecard{Name: "c", Measures: []health.Weighted{
			{fixed{"goodwill", goodwill, true}, 20}, {fixed{"stage", 40, true}, 20}, {fixed{"sentiment", 80, sentiment}, 10},
		}}
	}
	var s health.Set
	s.Default = card(70, true)
	prev, _ := s.Score(nil, "", asOf)
	s.Default = card(20, false)
	now, _ := s.Score(nil, prev.Band, asOf)
	got := now.Explain(&prev)
	want := []string{
		"score fell from 60 to 30: band red, was yellow",
		"goodwill fell from 70 to 20: -18 points",
		"sentiment has no value now (was 80): -16 points",
		"stage held at 40: +4 points as its share of the weight changed",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Explain:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	alone := now.Explain(nil)
	want = []string{
		"score 30 (red) by scorecard c",
		"stage contributed most: 20 of 30 points (score 40, weight 50%)",
		"goodwill contributed least: 10 points (score 20, weight 50%)",
		"left out for want of a value: sentiment",
	}
	if !slices.Equal(alone, want) {
		t.Errorf("Explain(nil):\n%s\nwant:\n%s", strings.Join(alone, "\n"), strings.Join(want, "\n"))
	}
	var none health.Result
	none.Missing = []string{"a"}
	if got := none.Explain(nil); len(got) != 1 || !strings.HasPrefix(got[0], "no score") {
		t.Errorf("unscored: %q", got)
	}
}

var pointsRE = regexp.MustCompile(`: ([+-][0-9.]+) points`)

// TestExplainMovesAddUp: the changes Explain names add up to the change
// in the score, within the rounding of each to a tenth.
func TestExplainMovesAddUp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := genCard(t, true)
		b := &health.Scorecard{Name: a.Name}
		for i, w := range a.Measures {
			m := w.Measure.(fixed)
			m.v = genScore("new").Draw(t, "new_value")
			m.ok = i == 0 || rapid.Bool().Draw(t, "new_has_value")
			b.Measures = append(b.Measures, health.Weighted{Measure: m, Weight: w.Weight})
		}
		prev, now := score(t, a), score(t, b)
		lines := now.Explain(&prev)
		sum := 0.0
		for _, l := range lines[1:] {
			m := pointsRE.FindStringSubmatch(l)
			if m == nil {
				t.Fatalf("no points in %q", l)
			}
			v, _ := strconv.ParseFloat(m[1], 64)
			sum += v
		}
		if d := now.Score - prev.Score; math.Abs(sum-d) > 0.05*float64(len(a.Measures))+1e-9 {
			t.Fatalf("moves add up to %v, score moved %v:\n%s", sum, d, strings.Join(lines, "\n"))
		}
	})
}
