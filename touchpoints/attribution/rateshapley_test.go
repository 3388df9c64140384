package attribution

import (
	"math/big"
	"math/bits"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// enumerateRateShapley is the oracle for RateShapley: the definition,
// summing weighted marginal contributions over every coalition, with v(S)
// the conversion rate of the paths whose channels are all in S, each
// worked out from the paths afresh.
func enumerateRateShapley(paths []Path) (names []string, phi []*big.Rat) {
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
	worth := func(s uint) *big.Rat {
		var c, a int64
		for i, p := range paths {
			if masks[i]&^s == 0 {
				c += p.Conversions
				a += p.Conversions + p.Nulls
			}
		}
		if a == 0 {
			return new(big.Rat)
		}
		return big.NewRat(c, a)
	}
	fact := func(k int) *big.Int { return new(big.Int).MulRange(1, int64(max(k, 1))) }
	phi = make([]*big.Rat, n)
	for k := range n {
		phi[k] = new(big.Rat)
		for s := uint(0); s < 1<<n; s++ {
			if s&(1<<k) != 0 {
				continue
			}
			size := bits.OnesCount(s)
			w := new(big.Rat).SetFrac(new(big.Int).Mul(fact(size), fact(n-size-1)), fact(n))
			d := new(big.Rat).Sub(worth(s|1<<k), worth(s))
			phi[k].Add(phi[k], d.Mul(d, w))
		}
	}
	return names, phi
}

// TestRateShapleyMatchesEnumeration checks the subset-sum computation
// against the definition, value by value, exactly.
func TestRateShapleyMatchesEnumeration(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		paths := genPaths(t, false)
		names, want := enumerateRateShapley(paths)
		n := len(names)
		conv := make([]big.Int, 1<<n)
		all := make([]big.Int, 1<<n)
		for _, p := range paths {
			var mask uint
			for _, tc := range p.Touches {
				mask |= 1 << slices.Index(names, tc.Channel)
			}
			conv[mask].Add(&conv[mask], big.NewInt(p.Conversions))
			all[mask].Add(&all[mask], big.NewInt(p.Conversions+p.Nulls))
		}
		subsetSums(n, conv)
		subsetSums(n, all)
		got := rateShapley(n, conv, all)
		sum := new(big.Rat)
		for k := range names {
			if got[k].Cmp(want[k]) != 0 {
				t.Fatalf("%s: φ = %s, want %s", names[k], got[k].RatString(), want[k].RatString())
			}
			sum.Add(sum, got[k])
		}
		// Efficiency, exactly: the values add up to v(all channels).
		full := len(conv) - 1
		rate := new(big.Rat)
		if all[full].Sign() > 0 {
			rate.SetFrac(&conv[full], &all[full])
		}
		if sum.Cmp(rate) != 0 {
			t.Fatalf("Σφ = %s, want v(N) = %s", sum.RatString(), rate.RatString())
		}
	})
}

// TestSumRats checks the pairwise sum against adding in order.
func TestSumRats(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		nums := rapid.SliceOf(rapid.Int64Range(-1000, 1000)).Draw(t, "numerators")
		xs := make([]*big.Rat, len(nums))
		want := new(big.Rat)
		for i, a := range nums {
			xs[i] = big.NewRat(a, int64(i+1))
			want.Add(want, xs[i])
		}
		if got := sumRats(xs); got.Cmp(want) != 0 {
			t.Fatalf("sumRats = %s, want %s", got.RatString(), want.RatString())
		}
	})
}
