package health_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/engagekit/engage/health"
	"pgregory.net/rapid"
)

// TestScoreOracle checks the figure: weights 20, 15 and 22 over
// measure scores 47, 59 and 21 give (20·47 + 15·59 + 22·21) / 57 =
// 2287/57 = 40.1228...
func TestScoreOracle(t *testing.T) {
	c := &health.Scorecard{Name: "oracle", Measures: []health.Weighted{
		{fixed{"a", 47, true}, 20}, {fixed{"b", 59, true}, 15}, {fixed{"c", 21, true}, 22},
	}}
	r, err := c.Score(nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := 2287.0 / 57; !r.Scored || math.Abs(r.Score-want) > 1e-9 {
		t.Fatalf("score %v (scored %t), want %v", r.Score, r.Scored, want)
	}
	if got := math.Trunc(r.Score*1000) / 1000; got != 40.122 {
		t.Errorf("score %v cut to three decimals is %v, not the issue's 40.122", r.Score, got)
	}
	a, _ := r.Part("a")
	if want := 20.0 * 47 / 57; math.Abs(a.Points-want) > 1e-12 || math.Abs(a.Share-20.0/57) > 1e-12 {
		t.Errorf("part a = %+v, want points %v and share %v", a, want, 20.0/57)
	}
}

// TestScoreMissing: a measure without a value is left out of both sums
// and named; with none there is no score.
func TestScoreMissing(t *testing.T) {
	c := &health.Scorecard{Name: "m", Measures: []health.Weighted{
		{fixed{"a", 80, true}, 1}, {fixed{"b", 0, false}, 3}, {fixed{"c", 40, true}, 1},
	}}
	r, err := c.Score(nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Score != 60 || !slices.Equal(r.Missing, []string{"b"}) || len(r.Parts) != 2 {
		t.Errorf("got score %v missing %q parts %d, want 60, [b], 2", r.Score, r.Missing, len(r.Parts))
	}
	none := &health.Scorecard{Name: "none", Measures: []health.Weighted{{fixed{"a", 0, false}, 1}}}
	r, err = none.Score(nil)
	if err != nil || r.Scored || r.Score != 0 || len(r.Parts) != 0 || !slices.Equal(r.Missing, []string{"a"}) {
		t.Errorf("no values: got %+v, %v; want unscored with a missing", r, err)
	}
}

func TestScorecardInvalid(t *testing.T) {
	ok := health.Weighted{Measure: fixed{"a", 1, true}, Weight: 1}
	for name, c := range map[string]*health.Scorecard{
		"nil":            nil,
		"no name":        {Measures: []health.Weighted{ok}},
		"no measures":    {Name: "x"},
		"nil measure":    {Name: "x", Measures: []health.Weighted{{Weight: 1}}},
		"unnamed":        {Name: "x", Measures: []health.Weighted{{Measure: fixed{}, Weight: 1}}},
		"duplicate":      {Name: "x", Measures: []health.Weighted{ok, ok}},
		"zero weight":    {Name: "x", Measures: []health.Weighted{{Measure: fixed{"a", 1, true}}}},
		"negative":       {Name: "x", Measures: []health.Weighted{{Measure: fixed{"a", 1, true}, Weight: -1}}},
		"nan weight":     {Name: "x", Measures: []health.Weighted{{Measure: fixed{"a", 1, true}, Weight: math.NaN()}}},
		"inf weight":     {Name: "x", Measures: []health.Weighted{{Measure: fixed{"a", 1, true}, Weight: math.Inf(1)}}},
		"bad goodwill":   {Name: "x", Measures: []health.Weighted{{Measure: health.Goodwill{Scale: -1}, Weight: 1}}},
		"measure of 101": {Name: "x", Measures: []health.Weighted{{Measure: fixed{"a", 101, true}, Weight: 1}}},
		"measure of NaN": {Name: "x", Measures: []health.Weighted{{Measure: fixed{"a", math.NaN(), true}, Weight: 1}}},
	} {
		_, err := c.Score(nil)
		var ie *health.InvalidError
		if !errors.Is(err, health.ErrInvalid) || !errors.As(err, &ie) || ie.Field == "" {
			t.Errorf("%s: got %v, want an *InvalidError naming a field", name, err)
		}
	}
	bad := []*health.Facts{
		{Alive: ptr(1.5)}, {Alive: ptr(math.NaN())}, {Alive: ptr(-0.1)},
		{Mentions: health.Mentions{Mean: 2, Count: 1}}, {Mentions: health.Mentions{Count: -1}},
	}
	for _, f := range bad {
		if _, err := health.DefaultScorecard().Score(f); !errors.Is(err, health.ErrInvalid) {
			t.Errorf("facts %+v: got %v, want ErrInvalid", f, err)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func score(t *rapid.T, c *health.Scorecard) health.Result {
	r, err := c.Score(nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestScoreWithinMeasures(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCard(t, true)
		r := score(t, c)
		lo, hi := math.Inf(1), math.Inf(-1)
		sum := 0.0
		for _, p := range r.Parts {
			lo, hi = min(lo, p.Value), max(hi, p.Value)
			sum += p.Points
		}
		if !r.Scored || r.Score < lo || r.Score > hi {
			t.Fatalf("score %v outside [%v, %v]", r.Score, lo, hi)
		}
		if math.Abs(sum-r.Score) > 1e-9 {
			t.Fatalf("points add up to %v, score %v", sum, r.Score)
		}
		if len(r.Parts)+len(r.Missing) != len(c.Measures) {
			t.Fatalf("%d parts and %d missing of %d measures", len(r.Parts), len(r.Missing), len(c.Measures))
		}
	})
}

func TestScoreScaleInvariant(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCard(t, true)
		k := rapid.Float64Range(1e-3, 1e3).Draw(t, "scale")
		scaled := &health.Scorecard{Name: c.Name}
		for _, w := range c.Measures {
			scaled.Measures = append(scaled.Measures, health.Weighted{Measure: w.Measure, Weight: w.Weight * k})
		}
		if a, b := score(t, c).Score, score(t, scaled).Score; math.Abs(a-b) > 1e-9 {
			t.Fatalf("score %v, with weights scaled by %v %v", a, k, b)
		}
	})
}

func TestScoreAddCurrent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCard(t, true)
		before := score(t, c).Score
		c.Measures = append(c.Measures, health.Weighted{
			Measure: fixed{"at_score", before, true}, Weight: rapid.Float64Range(0.01, 1000).Draw(t, "weight")})
		if after := score(t, c).Score; math.Abs(after-before) > 1e-9 {
			t.Fatalf("score %v, after adding a measure at that score %v", before, after)
		}
	})
}

// TestScoreLeavesOutMissing: a measure without a value scores as if it
// were not in the scorecard.
func TestScoreLeavesOutMissing(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCard(t, true)
		present := &health.Scorecard{Name: c.Name}
		for _, w := range c.Measures {
			if w.Measure.(fixed).ok {
				present.Measures = append(present.Measures, w)
			}
		}
		if a, b := score(t, c).Score, score(t, present).Score; a != b {
			t.Fatalf("score %v, without the measures lacking a value %v", a, b)
		}
	})
}

func TestScoreMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCard(t, true)
		before := score(t, c).Score
		i := rapid.IntRange(0, len(c.Measures)-1).Draw(t, "raised")
		m := c.Measures[i].Measure.(fixed)
		m.v = rapid.Float64Range(m.v, 100).Draw(t, "to")
		m.ok = true
		wasMissing := !c.Measures[i].Measure.(fixed).ok
		c.Measures[i].Measure = m
		after := score(t, c).Score
		if !wasMissing && after < before {
			t.Fatalf("raising %s lowered the score from %v to %v", m.name, before, after)
		}
	})
}
