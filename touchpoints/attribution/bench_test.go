package attribution_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/shopspring/decimal"
)

// benchChannels are the twelve channels of the benchmark paths.
var benchChannels = func() []string {
	names := make([]string, 12)
	for i := range names {
		names[i] = fmt.Sprintf("channel %02d", i)
	}
	return names
}()

// randomJourney draws a journey of 1 to 8 touches over benchChannels that
// converts, for a value of 10.00 to 500.00, about one time in five.
func randomJourney(r *rand.Rand) attribution.Path {
	p := attribution.Path{Touches: make([]attribution.Touch, 1+r.IntN(8))}
	for j := range p.Touches {
		p.Touches[j].Channel = benchChannels[r.IntN(len(benchChannels))]
	}
	if r.IntN(5) == 0 {
		p.Conversions = 1
		p.Value = decimal.New(int64(1000+r.IntN(49_001)), -2)
	} else {
		p.Nulls = 1
	}
	return p
}

// aggregatedPaths returns n distinct aggregated paths over benchChannels,
// the same for every run.
func aggregatedPaths(b *testing.B, n int) []attribution.Path {
	r := rand.New(rand.NewPCG(2025, 12))
	seen := make(map[string]bool, n)
	var out []attribution.Path
	for len(out) < n {
		p := randomJourney(r)
		key := strings.Join(p.Channels(), ">")
		if seen[key] {
			continue
		}
		seen[key] = true
		// Aggregated counts: a few customers on each path.
		p.Conversions *= int64(1 + r.IntN(20))
		p.Value = p.Value.Mul(decimal.NewFromInt(p.Conversions))
		p.Nulls += int64(r.IntN(100))
		out = append(out, p)
	}
	return out
}

// rawJourneys returns n raw journeys (one customer each), the same for
// every run.
func rawJourneys(n int) []attribution.Path {
	r := rand.New(rand.NewPCG(2025, 1))
	out := make([]attribution.Path, n)
	for i := range out {
		out[i] = randomJourney(r)
	}
	return out
}

// BenchmarkMarkov measures exact Markov attribution of 10,000 aggregated
// paths over 12 channels (target: under 50 ms) and of 1,000,000 raw
// journeys (target: under 2 s).
func BenchmarkMarkov(b *testing.B) {
	for _, bc := range []struct {
		name  string
		paths func() []attribution.Path
	}{
		{"aggregated=10000", func() []attribution.Path { return aggregatedPaths(b, 10_000) }},
		{"raw=1000000", func() []attribution.Path { return rawJourneys(1_000_000) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			paths := bc.paths()
			for b.Loop() {
				if _, err := (attribution.Markov{}).Attribute(paths); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkModels measures every model on the 10,000 aggregated paths.
func BenchmarkModels(b *testing.B) {
	paths := aggregatedPaths(b, 10_000)
	for _, m := range models {
		b.Run(m.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := m.model.Attribute(paths); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkMarkovChannels measures Markov attribution of 20,000 raw
// journeys as the number of channels grows: exactly up to ExactChannels,
// in float64 beyond, and exactly at 100 channels for comparison.
func BenchmarkMarkovChannels(b *testing.B) {
	for _, bc := range []struct {
		channels int
		exact    bool
	}{{12, false}, {32, false}, {64, false}, {100, false}, {100, true}, {300, false}, {1000, false}} {
		name := fmt.Sprintf("channels=%d", bc.channels)
		if bc.exact {
			name += "/exact"
		}
		b.Run(name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(uint64(bc.channels), 3))
			paths := make([]attribution.Path, 20_000)
			for i := range paths {
				p := attribution.Path{Touches: make([]attribution.Touch, 1+r.IntN(6))}
				for j := range p.Touches {
					p.Touches[j].Channel = fmt.Sprintf("channel %04d", r.IntN(bc.channels))
				}
				if r.IntN(4) == 0 {
					p.Conversions, p.Value = 1, decimal.New(int64(1000+r.IntN(49_001)), -2)
				} else {
					p.Nulls = 1
				}
				paths[i] = p
			}
			m := attribution.Markov{Exact: bc.exact}
			for b.Loop() {
				if _, err := m.Attribute(paths); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkMarkovOrder measures Markov attribution of orders 1 to 4 of
// the 10,000 aggregated paths over 12 channels, and the choice of the
// order by BIC among them.
func BenchmarkMarkovOrder(b *testing.B) {
	paths := aggregatedPaths(b, 10_000)
	for order := range attribution.MaxMarkovOrder + 1 {
		name := fmt.Sprintf("order=%d", order)
		if order == 0 {
			name = "order=chosen"
		}
		b.Run(name, func(b *testing.B) {
			m := attribution.MarkovOrder{Order: order}
			for b.Loop() {
				if _, err := m.Attribute(paths); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
