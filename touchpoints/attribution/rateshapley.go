package attribution

import (
	"math/big"
	"math/bits"
	"slices"
	"strconv"
)

// RateShapley gives each channel its Shapley value in the game whose
// worth is a conversion rate, so that the journeys that did not convert
// count against the channels on them.
//
// The players are the channels, and the worth of a coalition S is the
// conversion rate of the journeys that met only channels in S:
//
//	v(S) = conversions / (conversions + nulls), over the paths whose set
//	       of channels is a subset of S (0 when there are none)
//
// This is the conversion-rate characteristic function of Dalessandro et
// al. 2012 ("Causally motivated attribution for online advertising"),
// with the coalition made of the paths a coalition covers as in the
// "simplified" Shapley value of Zhao et al. 2018 ("Shapley value methods
// for attribution modeling in online advertising", section 3), rather than
// of the paths whose channel set is exactly S: a coalition is then worth
// at least something wherever any of its sub-coalitions converts, and
// v(all channels) is the overall conversion rate. The order of the
// touches and repeated touches play no part. [EqualDistinct] is the
// Shapley value of the same coalitions worth their conversion counts.
//
// The Shapley value φ_k = Σ_{S ∌ k} |S|!(n-|S|-1)!/n! × (v(S ∪ k) - v(S))
// is computed exactly, in rationals, by adding up the worth of every
// coalition (found for all 2^n coalitions at once by a subset-sum pass
// over bit masks), so its cost doubles with every channel: paths with
// more than [MaxRateShapleyChannels] channels are refused with an error
// matching ErrInvalid.
//
// The values add up to v(all channels), a rate, and a channel whose
// journeys convert less often than the ones without it has a negative
// value. The credits divide the conversions and the value of the paths
// in proportion to the positive values: total × max(φ_k, 0) / Σ max(φ, 0),
// rounded as the package documentation tells, so a channel of negative
// value gets no credit ([RateShapley.Analyze] reports the signed values).
// Without conversions every credit is zero. The credits are symmetric (two
// channels that always appear together get the same exact credit) and a
// channel that never changes the worth of a coalition (one on paths with
// neither conversions nor nulls only) gets zero.
//
// The zero value is the model with credits rounded to [DefaultPlaces].
type RateShapley struct {
	// Places is how many decimal places the credits are rounded to (more
	// for values whose total has more); zero means DefaultPlaces.
	Places int32
}

// MaxRateShapleyChannels is the most channels [RateShapley] takes: the
// exact Shapley value sums over every one of the 2^n coalitions.
const MaxRateShapleyChannels = 16

// ShapleyAnalysis is what [RateShapley.Analyze] finds.
type ShapleyAnalysis struct {
	// Credits are the credits RateShapley.Attribute returns.
	Credits Credits
	// Rate is the worth of all channels together: the conversion rate of
	// all the paths, rounded to the nearest float64.
	Rate float64
	// Values holds every channel's Shapley value in the rate game, which
	// may be negative, rounded to the nearest float64. The exact values
	// add up to the exact Rate.
	Values map[string]float64
}

var _ Model = RateShapley{}

// Attribute implements [Model].
func (m RateShapley) Attribute(paths []Path) (Credits, error) {
	a, err := m.Analyze(paths)
	if err != nil {
		return nil, err
	}
	return a.Credits, nil
}

// Analyze returns the credits, the overall conversion rate and the signed
// Shapley values. It checks paths as Attribute does.
func (m RateShapley) Analyze(paths []Path) (ShapleyAnalysis, error) {
	places, err := checkPlaces("RateShapley", m.Places)
	if err != nil {
		return ShapleyAnalysis{}, err
	}
	scale, err := check(paths)
	if err != nil {
		return ShapleyAnalysis{}, err
	}
	var (
		in  interner
		tot = totals{scale: scale}
		ids []int32
	)
	for i := range paths {
		p := &paths[i]
		ids = in.intern(p, ids[:0])
		if p.Conversions > 0 {
			tot.conv.add(uint64(p.Conversions))
			tot.value.addAmount(scaled(p.Value.Normalize(), scale))
		}
	}
	names, pos := in.sorted()
	n := len(names)
	if n > MaxRateShapleyChannels {
		return ShapleyAnalysis{}, invalid("paths", strconv.Itoa(n)+" channels",
			"more than "+strconv.Itoa(MaxRateShapleyChannels)+" channels: the exact Shapley value sums over every coalition")
	}
	// conv and all count the conversions and all customers of the paths
	// by their exact channel set, as bits of the sorted channels.
	conv := make([]big.Int, 1<<n)
	all := make([]big.Int, 1<<n)
	var t big.Int
	for i := range paths {
		p := &paths[i]
		var mask uint
		for _, tc := range p.Touches {
			mask |= 1 << pos[in.ids[tc.Channel]]
		}
		conv[mask].Add(&conv[mask], t.SetInt64(p.Conversions))
		all[mask].Add(&all[mask], t.SetInt64(p.Conversions))
		all[mask].Add(&all[mask], t.SetInt64(p.Nulls))
	}
	subsetSums(n, conv)
	subsetSums(n, all)
	phi := rateShapley(n, conv, all)

	out := ShapleyAnalysis{Values: make(map[string]float64, n)}
	full := len(conv) - 1
	if all[full].Sign() > 0 {
		out.Rate, _ = new(big.Rat).SetFrac(&conv[full], &all[full]).Float64()
	}
	var pos1 big.Rat // Σ max(φ, 0)
	for k, name := range names {
		out.Values[name], _ = phi[k].Float64()
		if phi[k].Sign() > 0 {
			pos1.Add(&pos1, phi[k])
		}
	}
	convTotal := new(big.Rat).SetInt(tot.conv.int())
	valueTotal := new(big.Rat).SetFrac(tot.value.int(), pow10(scale))
	cc := make([]*big.Rat, n)
	vc := make([]*big.Rat, n)
	for k := range names {
		cc[k], vc[k] = new(big.Rat), new(big.Rat)
		if phi[k].Sign() > 0 && convTotal.Sign() > 0 {
			share := new(big.Rat).Quo(phi[k], &pos1)
			cc[k].Mul(convTotal, share)
			vc[k].Mul(valueTotal, share)
		}
	}
	e := &exact{names: names, conv: cc, value: vc, convTotal: convTotal, valueTotal: valueTotal}
	out.Credits = e.round(places)
	return out, nil
}

// subsetSums replaces x[S] by the sum of x[T] over the subsets T of S,
// for the bit masks S of n bits.
func subsetSums(n int, x []big.Int) {
	for b := range n {
		for s := range x {
			if s&(1<<b) != 0 {
				x[s].Add(&x[s], &x[s^(1<<b)])
			}
		}
	}
}

// rateShapley returns the exact Shapley values of the n players of the
// game v(S) = conv[S] / all[S] (0 when all[S] is 0), given for every bit
// mask S.
//
// n!·φ_k = Σ_S v(S)·c_k(S) with the whole coefficients
// c_k(S) = (|S|-1)!(n-|S|)! when k ∈ S and -|S|!(n-|S|-1)! when not, so
// the numerators are added up in whole numbers for each denominator
// all[S], and only the few distinct denominators meet as fractions.
func rateShapley(n int, conv, all []big.Int) []*big.Rat {
	fact := make([]*big.Int, n+1)
	fact[0] = big.NewInt(1)
	for i := 1; i <= n; i++ {
		fact[i] = new(big.Int).Mul(fact[i-1], big.NewInt(int64(i)))
	}
	in := make([]*big.Int, n+1)  // in[s] = (s-1)!(n-s)!, for members
	out := make([]*big.Int, n+1) // out[s] = s!(n-s-1)!, for the others
	for s := 0; s <= n; s++ {
		if s > 0 {
			in[s] = new(big.Int).Mul(fact[s-1], fact[n-s])
		}
		if s < n {
			out[s] = new(big.Int).Mul(fact[s], fact[n-s-1])
		}
	}
	byDen := make(map[string][]*big.Int) // by the denominator in base 62
	den := make(map[string]*big.Int)
	var t big.Int
	for s := range conv {
		cv := &conv[s]
		if cv.Sign() == 0 {
			continue // v(S) = 0
		}
		key := all[s].Text(62)
		acc, ok := byDen[key]
		if !ok {
			acc = make([]*big.Int, n)
			for k := range acc {
				acc[k] = new(big.Int)
			}
			byDen[key] = acc
			den[key] = &all[s]
		}
		size := bits.OnesCount(uint(s))
		for k := range n {
			if s&(1<<k) != 0 {
				acc[k].Add(acc[k], t.Mul(cv, in[size]))
			} else {
				acc[k].Sub(acc[k], t.Mul(cv, out[size]))
			}
		}
	}
	keys := make([]string, 0, len(byDen))
	for d := range byDen {
		keys = append(keys, d)
	}
	slices.Sort(keys) // any fixed order: the sum is exact
	phi := make([]*big.Rat, n)
	terms := make([]*big.Rat, len(keys))
	for k := range n {
		for i, d := range keys {
			terms[i] = new(big.Rat).SetFrac(byDen[d][k], den[d])
		}
		p := sumRats(terms)
		phi[k] = p.Quo(p, new(big.Rat).SetInt(fact[n]))
	}
	return phi
}

// sumRats returns the sum of xs, added in pairs so that the denominators
// grow evenly. It may change xs.
func sumRats(xs []*big.Rat) *big.Rat {
	if len(xs) == 0 {
		return new(big.Rat)
	}
	for len(xs) > 1 {
		h := (len(xs) + 1) / 2
		for i := 0; i+h < len(xs); i++ {
			xs[i] = new(big.Rat).Add(xs[i], xs[i+h])
		}
		xs = xs[:h]
	}
	return new(big.Rat).Set(xs[0])
}
