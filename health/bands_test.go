package health_test

import (
	"errors"
	"math"
	"testing"

	"github.com/engagekit/engage/health"
	"pgregory.net/rapid"
)

func TestDefaultBands(t *testing.T) {
	b := health.DefaultBands()
	for _, c := range []struct {
		score      float64
		prev, want string
	}{
		{0, "", "red"}, {39.9, "", "red"}, {40, "", "yellow"}, {69.9, "", "yellow"}, {70, "", "green"}, {100, "", "green"},
		// Up: only past the bound by the margin.
		{44.9, "red", "red"}, {45, "red", "yellow"}, {74.9, "yellow", "yellow"}, {75, "yellow", "green"},
		{74.9, "red", "yellow"}, {75, "red", "green"},
		// Down: only below the bound by the margin.
		{65.1, "green", "green"}, {64.9, "green", "yellow"}, {35.1, "yellow", "yellow"}, {34.9, "yellow", "red"},
		{35.1, "green", "yellow"}, {34.9, "green", "red"},
		{50, "green", "yellow"}, {50, "red", "yellow"}, {50, "yellow", "yellow"},
	} {
		got, err := b.Assign(c.score, c.prev)
		if err != nil || got != c.want {
			t.Errorf("Assign(%v, %q) = %q, %v; want %q", c.score, c.prev, got, err, c.want)
		}
	}
	if _, err := b.Assign(50, "blue"); !errors.Is(err, health.ErrInvalid) {
		t.Errorf("unknown previous band: got %v, want ErrInvalid", err)
	}
	if _, err := b.Assign(101, ""); !errors.Is(err, health.ErrInvalid) {
		t.Errorf("score 101: got %v, want ErrInvalid", err)
	}
}

func TestBandsInvalid(t *testing.T) {
	for name, b := range map[string]*health.Bands{
		"nil":           nil,
		"none":          {},
		"first not 0":   {Bands: []health.Band{{"a", 10}}},
		"unnamed":       {Bands: []health.Band{{"", 0}}},
		"duplicate":     {Bands: []health.Band{{"a", 0}, {"a", 50}}},
		"not rising":    {Bands: []health.Band{{"a", 0}, {"b", 50}, {"c", 50}}},
		"falling":       {Bands: []health.Band{{"a", 0}, {"b", 50}, {"c", 40}}},
		"above 100":     {Bands: []health.Band{{"a", 0}, {"b", 101}}},
		"nan bound":     {Bands: []health.Band{{"a", 0}, {"b", math.NaN()}}},
		"margin < 0":    {Bands: []health.Band{{"a", 0}}, Margin: -1},
		"margin NaN":    {Bands: []health.Band{{"a", 0}}, Margin: math.NaN()},
		"margin to 100": {Bands: []health.Band{{"a", 0}, {"b", 98}}, Margin: 5},
		"margin to 0":   {Bands: []health.Band{{"a", 0}, {"b", 3}}, Margin: 5},
	} {
		err := b.Validate()
		var ie *health.InvalidError
		if !errors.Is(err, health.ErrInvalid) || !errors.As(err, &ie) {
			t.Errorf("%s: got %v, want an *InvalidError", name, err)
		}
	}
	if err := health.DefaultBands().Validate(); err != nil {
		t.Errorf("default bands: %v", err)
	}
}

// TestBandsPlainWithoutPrevious: without a previous band the band is the
// plain one, the last whose lower bound the score reaches.
func TestBandsPlainWithoutPrevious(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := genBands(t)
		s := genScore("score").Draw(t, "score")
		got, err := b.Assign(s, "")
		if err != nil {
			t.Fatal(err)
		}
		want := b.Bands[0].Name
		for _, band := range b.Bands {
			if s >= band.Lower {
				want = band.Name
			}
		}
		if got != want || b.Plain(s) != want {
			t.Fatalf("score %v: band %q (plain %q), want %q", s, got, b.Plain(s), want)
		}
	})
}

// TestBandsHysteresis: a score wandering within the margin of a bound
// never changes the band, whichever side it started on.
func TestBandsHysteresis(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := genBands(t)
		if len(b.Bands) < 2 || b.Margin == 0 {
			t.Skip("needs a bound and a margin")
		}
		k := rapid.IntRange(1, len(b.Bands)-1).Draw(t, "bound")
		bound := b.Bands[k].Lower
		start := b.Bands[k-rapid.IntRange(0, 1).Draw(t, "side")].Name
		band := start
		for range rapid.IntRange(1, 20).Draw(t, "steps") {
			s := rapid.Float64Range(bound-b.Margin, bound+b.Margin).Draw(t, "score")
			if s == bound-b.Margin || s == bound+b.Margin {
				continue // the open interval only
			}
			got, err := b.Assign(s, band)
			if err != nil {
				t.Fatal(err)
			}
			if got != start {
				t.Fatalf("score %v within %v of bound %v moved %q to %q", s, b.Margin, bound, start, got)
			}
			band = got
		}
	})
}

// TestBandsBetween: with a previous band the band lies between it and
// the plain band, and a margin of 0 is the plain band.
func TestBandsBetween(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := genBands(t)
		s := genScore("score").Draw(t, "score")
		prev := rapid.IntRange(0, len(b.Bands)-1).Draw(t, "previous")
		got, err := b.Assign(s, b.Bands[prev].Name)
		if err != nil {
			t.Fatal(err)
		}
		gi, _ := b.Index(got)
		pi, _ := b.Index(b.Plain(s))
		if gi < min(pi, prev) || gi > max(pi, prev) {
			t.Fatalf("score %v from %d: band %d, outside plain %d and previous", s, prev, gi, pi)
		}
		b.Margin = 0
		if got, _ := b.Assign(s, b.Bands[prev].Name); got != b.Plain(s) {
			t.Fatalf("margin 0: band %q, plain %q", got, b.Plain(s))
		}
	})
}
