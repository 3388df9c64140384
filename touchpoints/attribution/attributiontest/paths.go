package attributiontest

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/shopspring/decimal"
)

// pathSet is a named set of paths a clause attributes.
type pathSet struct {
	name  string
	paths []attribution.Path
}

// epoch is when the paths' first touches happen.
var epoch = time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)

// path returns a path through channels, a day apart, ending epoch plus
// start days.
func path(start int, conv int64, value string, nulls int64, channels ...string) attribution.Path {
	p := attribution.Path{Conversions: conv, Value: decimal.RequireFromString(value), Nulls: nulls}
	for i, ch := range channels {
		p.Touches = append(p.Touches, attribution.Touch{Channel: ch, Time: epoch.AddDate(0, 0, start+i)})
	}
	return p
}

// pathSets returns the fixed sets of paths and some drawn from a fixed
// seed.
func pathSets() []pathSet {
	sets := []pathSet{
		{"one touch", []attribution.Path{path(0, 1, "10", 0, "email")}},
		{"thirds", []attribution.Path{path(0, 1, "100", 0, "email", "search", "social")}},
		{"repeats", []attribution.Path{path(0, 3, "30.5", 2, "email", "email", "search", "email")}},
		{"no conversions", []attribution.Path{path(0, 0, "0", 5, "email", "search"), path(1, 0, "0", 1, "social")}},
		{"mixed", []attribution.Path{
			path(0, 2, "99.99", 1, "search", "email"),
			path(2, 0, "0", 4, "display"),
			path(1, 1, "0.01", 0, "social", "search", "direct"),
			path(3, 5, "1000", 3, "email"),
		}},
	}
	rng := rand.New(rand.NewPCG(17, 2024))
	for i := range 12 {
		sets = append(sets, pathSet{"drawn " + strconv.Itoa(i+1), drawPaths(rng)})
	}
	return sets
}

// channels are the channels drawn paths go through.
var channels = []string{"direct", "display", "email", "search", "social"}

// drawPaths draws 1 to 8 paths of 1 to 5 touches.
func drawPaths(rng *rand.Rand) []attribution.Path {
	paths := make([]attribution.Path, 1+rng.IntN(8))
	for i := range paths {
		t := epoch.Add(time.Duration(rng.IntN(72)) * time.Hour)
		p := &paths[i]
		for range 1 + rng.IntN(5) {
			p.Touches = append(p.Touches, attribution.Touch{Channel: channels[rng.IntN(len(channels))], Time: t})
			t = t.Add(time.Duration(1+rng.IntN(240)) * time.Hour)
		}
		p.Conversions = int64(rng.IntN(4))
		p.Nulls = int64(rng.IntN(4))
		if p.Conversions > 0 {
			p.Value = decimal.New(int64(rng.IntN(100000)), -int32(rng.IntN(3)))
		}
	}
	return paths
}

// totals returns the conversions and the value of paths.
func totals(paths []attribution.Path) (conv, value decimal.Decimal) {
	for _, p := range paths {
		conv = conv.Add(decimal.NewFromInt(p.Conversions))
		value = value.Add(p.Value)
	}
	return conv, value
}

// badPaths returns paths no model can take, each named for its fault.
func badPaths() []pathSet {
	ok := path(0, 1, "10", 0, "email")
	bad := func(name string, change func(p *attribution.Path)) pathSet {
		p := path(0, 1, "5", 1, "search", "email")
		change(&p)
		return pathSet{name, []attribution.Path{ok, p}}
	}
	return []pathSet{
		bad("no touches", func(p *attribution.Path) { p.Touches = nil }),
		bad("empty channel", func(p *attribution.Path) { p.Touches[1].Channel = "" }),
		bad("negative conversions", func(p *attribution.Path) { p.Conversions = -1 }),
		bad("negative nulls", func(p *attribution.Path) { p.Nulls = -1 }),
		bad("negative value", func(p *attribution.Path) { p.Value = decimal.NewFromInt(-5) }),
		bad("value without conversions", func(p *attribution.Path) { p.Conversions = 0 }),
	}
}

// clonePaths returns a deep copy of paths.
func clonePaths(paths []attribution.Path) []attribution.Path {
	out := slices.Clone(paths)
	for i := range out {
		out[i].Touches = slices.Clone(paths[i].Touches)
	}
	return out
}

// samePath reports whether a and b are the same path, value for value.
func samePath(a, b attribution.Path) bool {
	return a.Conversions == b.Conversions && a.Nulls == b.Nulls && a.Value.Equal(b.Value) &&
		a.Value.Exponent() == b.Value.Exponent() &&
		slices.EqualFunc(a.Touches, b.Touches, func(x, y attribution.Touch) bool {
			return x.Channel == y.Channel && x.Time.Equal(y.Time) && x.Time.Location() == y.Time.Location()
		})
}
