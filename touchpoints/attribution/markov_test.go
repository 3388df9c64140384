package attribution

import (
	"math"
	"math/big"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// naiveMarkov is the oracle for the Markov model, built the way the
// reference tools describe it, without the shortcuts: transition counts
// by channel name, and one solve of the absorbing chain per removed
// channel, with the removed channel sent to null. It returns P(conversion)
// and P(conversion) - P(conversion with k removed) for each channel.
func naiveMarkov(paths []Path) (*big.Rat, map[string]*big.Rat) {
	type edge struct{ from, to string }
	const start = "\x00start"
	counts := map[edge]int64{}
	conv, null := map[string]int64{}, map[string]int64{}
	seen := map[string]bool{}
	for _, p := range paths {
		var ch []string
		for _, t := range p.Touches {
			seen[t.Channel] = true
			if len(ch) == 0 || ch[len(ch)-1] != t.Channel {
				ch = append(ch, t.Channel)
			}
		}
		n := p.Conversions + p.Nulls
		if n == 0 {
			continue
		}
		from := start
		for _, c := range ch {
			counts[edge{from, c}] += n
			from = c
		}
		conv[from] += p.Conversions
		null[from] += p.Nulls
	}
	states := []string{start}
	for c := range seen {
		states = append(states, c)
	}
	slices.Sort(states[1:])
	probability := func(removed string) *big.Rat {
		m := len(states)
		a := make([][]*big.Int, m)
		c := make([]*big.Int, m)
		for i, s := range states {
			a[i] = make([]*big.Int, m)
			for j := range a[i] {
				a[i][j] = new(big.Int)
			}
			c[i] = new(big.Int)
			out := conv[s] + null[s]
			for e, n := range counts {
				if e.from == s {
					out += n
				}
			}
			if s == removed || out == 0 {
				a[i][i].SetInt64(1) // absorbed into null at once
				continue
			}
			a[i][i].SetInt64(out)
			for j, to := range states {
				a[i][j].Sub(a[i][j], big.NewInt(counts[edge{s, to}]))
			}
			c[i].SetInt64(conv[s])
		}
		_, x, ok := ratSolve(a, c)
		if !ok {
			panic("singular chain")
		}
		return x[0]
	}
	p := probability("")
	drops := map[string]*big.Rat{}
	for _, s := range states[1:] {
		drops[s] = new(big.Rat).Sub(p, probability(s))
	}
	return p, drops
}

// TestMarkovMatchesNaive checks the single-elimination removal effects
// against one solve per removed channel, exactly.
func TestMarkovMatchesNaive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		paths := genPaths(t, false)
		a, err := Markov{Places: MaxPlaces}.Analyze(paths)
		if err != nil {
			t.Fatal(err)
		}
		p, drops := naiveMarkov(paths)
		if want, _ := p.Float64(); a.Conversion != want {
			t.Fatalf("P(conversion) = %v, want %v", a.Conversion, want)
		}
		var names []string
		sumDrops := new(big.Rat)
		for name, d := range drops {
			names = append(names, name)
			sumDrops.Add(sumDrops, d)
			var want float64
			if p.Sign() != 0 {
				want, _ = new(big.Rat).Quo(d, p).Float64()
			}
			if got := a.RemovalEffects[name]; got != want {
				t.Errorf("removal effect of %q = %v, want %v", name, got, want)
			}
		}
		if len(a.RemovalEffects) != len(drops) {
			t.Errorf("got removal effects for %d channels, want %d", len(a.RemovalEffects), len(drops))
		}
		// The credits are the exact shares rounded.
		slices.Sort(names)
		e := &exact{names: names, convTotal: new(big.Rat), valueTotal: new(big.Rat)}
		for _, p := range paths {
			e.convTotal.Add(e.convTotal, new(big.Rat).SetInt64(p.Conversions))
			e.valueTotal.Add(e.valueTotal, p.Value.Rat())
		}
		for _, name := range names {
			share := new(big.Rat)
			if sumDrops.Sign() != 0 {
				share.Quo(drops[name], sumDrops)
			}
			e.conv = append(e.conv, new(big.Rat).Mul(share, e.convTotal))
			e.value = append(e.value, new(big.Rat).Mul(share, e.valueTotal))
		}
		want := e.round(MaxPlaces)
		for name, w := range want {
			g := a.Credits[name]
			if !g.Conversions.Equal(w.Conversions) || !g.Value.Equal(w.Value) {
				t.Errorf("credit of %q = %v, want %v", name, g, w)
			}
		}
	})
}

// TestMarkovFloatMatchesExact checks the float64 solve against one exact
// solve per removed channel: the probability of conversion and every
// removal effect within 1e-9 relative, the credits adding up exactly, and
// each within two units of the last place of the exact one.
func TestMarkovFloatMatchesExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		paths := genPaths(t, false)
		a, err := Markov{}.analyze(paths, 0)
		if err != nil {
			t.Fatal(err)
		}
		if a.Exact {
			t.Fatal("Exact set on a chain solved in float64")
		}
		p, drops := naiveMarkov(paths)
		near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want)) }
		if want, _ := p.Float64(); !near(a.Conversion, want) {
			t.Fatalf("P(conversion) = %v, want %v", a.Conversion, want)
		}
		for name, d := range drops {
			var want float64
			if p.Sign() != 0 {
				want, _ = new(big.Rat).Quo(d, p).Float64()
			}
			if got := a.RemovalEffects[name]; !near(got, want) {
				t.Errorf("removal effect of %q = %v, want %v", name, got, want)
			}
		}
		exact, err := Markov{}.Analyze(paths)
		if err != nil {
			t.Fatal(err)
		}
		var convSum, valueSum decimal.Decimal
		unit := decimal.New(2, -DefaultPlaces)
		for name, c := range a.Credits.All() {
			convSum, valueSum = convSum.Add(c.Conversions), valueSum.Add(c.Value)
			e := exact.Credits[name]
			if c.Conversions.Sub(e.Conversions).Abs().GreaterThan(unit) {
				t.Errorf("credit of %q = %v in float64, %v exactly", name, c, e)
			}
		}
		want := exact.Credits.Total()
		if !convSum.Equal(want.Conversions) || !valueSum.Equal(want.Value) {
			t.Errorf("float64 credits add up to %v and %v, want %v", convSum, valueSum, want)
		}
	})
}
