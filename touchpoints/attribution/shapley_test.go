package attribution

import (
	"math/big"
	"math/bits"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// enumerateShapley is the oracle for Shapley: the definition, summing
// marginal contributions over every coalition (as bit masks), with
// v(S) = the conversions and value of the paths whose channels are all in
// S.
func enumerateShapley(paths []Path) (names []string, conv, value []*big.Rat) {
	for _, p := range paths {
		for _, t := range p.Touches {
			if !slices.Contains(names, t.Channel) {
				names = append(names, t.Channel)
			}
		}
	}
	slices.Sort(names)
	n := len(names)
	masks := make([]uint, len(paths))
	for i, p := range paths {
		for _, t := range p.Touches {
			masks[i] |= 1 << slices.Index(names, t.Channel)
		}
	}
	worth := func(s uint) (c, v *big.Rat) {
		c, v = new(big.Rat), new(big.Rat)
		for i, p := range paths {
			if masks[i]&^s == 0 {
				c.Add(c, new(big.Rat).SetInt64(p.Conversions))
				v.Add(v, p.Value.Rat())
			}
		}
		return c, v
	}
	fact := func(k int) *big.Int { return new(big.Int).MulRange(1, int64(max(k, 1))) }
	conv, value = make([]*big.Rat, n), make([]*big.Rat, n)
	for i := range n {
		conv[i], value[i] = new(big.Rat), new(big.Rat)
		for s := uint(0); s < 1<<n; s++ {
			if s&(1<<i) != 0 {
				continue
			}
			k := bits.OnesCount(s)
			weight := new(big.Rat).SetFrac(new(big.Int).Mul(fact(k), fact(n-k-1)), fact(n))
			c1, v1 := worth(s | 1<<i)
			c0, v0 := worth(s)
			conv[i].Add(conv[i], new(big.Rat).Mul(weight, c1.Sub(c1, c0)))
			value[i].Add(value[i], new(big.Rat).Mul(weight, v1.Sub(v1, v0)))
		}
	}
	return names, conv, value
}

// TestShapleyMatchesEnumeration checks the closed form against the
// definition, exactly.
func TestShapleyMatchesEnumeration(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		paths := genPaths(t, false)
		e, err := exactly(paths, shapley())
		if err != nil {
			t.Fatal(err)
		}
		names, conv, value := enumerateShapley(paths)
		if !slices.Equal(e.names, names) {
			t.Fatalf("channels %q, want %q", e.names, names)
		}
		for k, name := range names {
			if e.conv[k].Cmp(conv[k]) != 0 || e.value[k].Cmp(value[k]) != 0 {
				t.Errorf("%q: got %v conversions and %v value, want %v and %v", name, e.conv[k], e.value[k], conv[k], value[k])
			}
		}
	})
}

// TestShapleySymmetry checks that swapping the names of two channels swaps
// their exact credits and leaves the others alone. (Rounded credits can
// differ by a unit in the last place: the largest remainder method breaks
// ties by name.)
func TestShapleySymmetry(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		paths := genPaths(t, false)
		x := rapid.SampledFrom(channelNames).Draw(t, "x")
		y := rapid.SampledFrom(channelNames).Draw(t, "y")
		swapped := make([]Path, len(paths))
		for i, p := range paths {
			swapped[i] = p
			swapped[i].Touches = slices.Clone(p.Touches)
			for j, tc := range p.Touches {
				switch tc.Channel {
				case x:
					swapped[i].Touches[j].Channel = y
				case y:
					swapped[i].Touches[j].Channel = x
				}
			}
		}
		rename := func(name string) string {
			switch name {
			case x:
				return y
			case y:
				return x
			}
			return name
		}
		before, err := exactly(paths, shapley())
		if err != nil {
			t.Fatal(err)
		}
		after, err := exactly(swapped, shapley())
		if err != nil {
			t.Fatal(err)
		}
		for k, name := range before.names {
			j := slices.Index(after.names, rename(name))
			if j < 0 {
				t.Fatalf("channel %q missing after the swap", rename(name))
			}
			if before.conv[k].Cmp(after.conv[j]) != 0 || before.value[k].Cmp(after.value[j]) != 0 {
				t.Errorf("%q before the swap: %v, %v; %q after: %v, %v", name, before.conv[k], before.value[k], rename(name), after.conv[j], after.value[j])
			}
		}
	})
}
