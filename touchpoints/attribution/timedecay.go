package attribution

import (
	"math"
	"math/big"
	"time"
)

// DefaultHalfLife is the half-life TimeDecay uses when HalfLife is zero:
// seven days, as in Google Ads.
const DefaultHalfLife = 7 * 24 * time.Hour

// decayGuard is how many decimal places beyond the rounding places time
// decay computes each touch's credit to.
const decayGuard = 20

// TimeDecay gives the touches of a path weights that halve for every
// HalfLife a touch came before the path's last touch, and splits the path
// in proportion to them: with the default half-life, touches 14, 7 and 0
// days before the last get 1/7, 2/7 and 4/7. (Measuring from the
// conversion instead gives the same shares: every weight changes by the
// same factor.) The zero value is the model with a half-life of seven days
// and credits rounded to [DefaultPlaces]; it needs touch times.
//
// A touch's weight is 2^-(age/HalfLife). It is exact when the age is a
// whole number of half-lives and otherwise the nearest float64 (math.Exp2);
// a touch more than about 1,074 half-lives older than the last gets no
// weight. From the weights on, the arithmetic is exact, except that each
// touch's credit is cut to 20 decimal places beyond those the credits are
// rounded to before they are added up; so TimeDecay is the one model whose
// rounding can, very rarely, differ from that of the exact shares by one
// unit in the last place. The credits still add up exactly.
type TimeDecay struct {
	// HalfLife is the age at which a touch weighs half as much as the last
	// touch; zero means DefaultHalfLife. It cannot be negative.
	HalfLife time.Duration
	// Gap is the time taken to pass between consecutive touches of a path
	// whose touches carry no times, such as the paths ReadPaths returns.
	// When Gap is zero such a path is an error: the model needs times.
	// A path whose touches carry times for some and not others is always
	// an error.
	Gap time.Duration
	// Places is how many decimal places the credits are rounded to (more
	// for values whose total has more); zero means DefaultPlaces.
	Places int32
}

// Attribute implements [Model]. Besides the checks of every model (see
// [Path]), the touch times of each path must not decrease.
func (m TimeDecay) Attribute(paths []Path) (Credits, error) {
	places, err := checkPlaces("TimeDecay", m.Places)
	if err != nil {
		return nil, err
	}
	halfLife := m.HalfLife
	switch {
	case halfLife == 0:
		halfLife = DefaultHalfLife
	case halfLife < 0:
		return nil, invalid("TimeDecay.HalfLife", halfLife.String(), "negative")
	}
	if m.Gap < 0 {
		return nil, invalid("TimeDecay.Gap", m.Gap.String(), "negative")
	}
	scale, err := check(paths)
	if err != nil {
		return nil, err
	}
	z := max(scale, places) + decayGuard
	convUnit := pow10(z)
	valueUnit := pow10(z - scale)
	var (
		in          interner
		tot         = totals{scale: scale}
		ids         []int32
		ages        []time.Duration
		w           decayWeights
		conv, value []*big.Int // by channel, in units of 10^-z
		t, q        big.Int
	)
	for i := range paths {
		p := &paths[i]
		ids = in.intern(p, ids[:0])
		for len(conv) < len(in.names) {
			conv = append(conv, new(big.Int))
			value = append(value, new(big.Int))
		}
		if ages, err = m.ages(i, p, ages[:0]); err != nil {
			return nil, err
		}
		if p.Conversions == 0 {
			continue
		}
		v := scaled(p.Value.Normalize(), scale)
		tot.conv.add(uint64(p.Conversions))
		tot.value.addAmount(v)
		c := new(big.Int).SetInt64(p.Conversions)
		c.Mul(c, convUnit)
		vv := v.bigInt()
		vv.Mul(vv, valueUnit)
		if len(ids) == 1 {
			conv[ids[0]].Add(conv[ids[0]], c)
			value[ids[0]].Add(value[ids[0]], vv)
			continue
		}
		w.set(ages, halfLife)
		for j, k := range ids {
			if w.w[j].Sign() == 0 {
				continue
			}
			t.Mul(&w.w[j], c)
			conv[k].Add(conv[k], q.Quo(&t, &w.total))
			t.Mul(&w.w[j], vv)
			value[k].Add(value[k], q.Quo(&t, &w.total))
		}
	}
	// finish divides the values by 10^scale: they are in units of 10^-z
	// and should be in units of 10^-(z-scale).
	sc, sv := make([]*big.Rat, len(in.names)), make([]*big.Rat, len(in.names))
	for k := range in.names {
		sc[k] = new(big.Rat).SetFrac(conv[k], convUnit)
		sv[k] = new(big.Rat).SetFrac(value[k], valueUnit)
	}
	return finish(&in, sc, sv, &tot).round(places), nil
}

// ages appends to ages how long before the last touch each touch of
// paths[i] came.
func (m TimeDecay) ages(i int, p *Path, ages []time.Duration) ([]time.Duration, error) {
	n := len(p.Touches)
	zero := 0
	for _, t := range p.Touches {
		if t.Time.IsZero() {
			zero++
		}
	}
	switch {
	case zero == n && m.Gap == 0:
		return nil, invalid(touchField(i, 0, "Time"), "", "no touch time: TimeDecay needs touch times, or a Gap")
	case zero == n:
		for j := range n {
			steps := int64(n - 1 - j)
			age := time.Duration(math.MaxInt64)
			if steps <= math.MaxInt64/int64(m.Gap) {
				age = time.Duration(steps) * m.Gap
			}
			ages = append(ages, age)
		}
		return ages, nil
	case zero > 0:
		for j, t := range p.Touches {
			if t.Time.IsZero() {
				return nil, invalid(touchField(i, j, "Time"), "", "no time, while other touches of the path have one")
			}
		}
	}
	last := p.Touches[n-1].Time
	for j, t := range p.Touches {
		if j > 0 && t.Time.Before(p.Touches[j-1].Time) {
			return nil, invalid(touchField(i, j, "Time"), t.Time.Format(time.RFC3339Nano), "before the touch ahead of it")
		}
		ages = append(ages, last.Sub(t.Time))
	}
	return ages, nil
}

// decayWeights holds the weights of a path's touches as whole numbers in
// the same ratio as 2^-(age/half-life), and their total.
type decayWeights struct {
	w     []big.Int
	total big.Int
	mant  []uint64
	exp   []int
}

// set computes the weights for ages.
func (d *decayWeights) set(ages []time.Duration, halfLife time.Duration) {
	n := len(ages)
	if cap(d.w) < n {
		d.w = make([]big.Int, n)
		d.mant = make([]uint64, n)
		d.exp = make([]int, n)
	}
	d.w, d.mant, d.exp = d.w[:n], d.mant[:n], d.exp[:n]
	minExp := math.MaxInt
	for j, age := range ages {
		f := weight(age, halfLife)
		if f == 0 {
			d.mant[j] = 0
			continue
		}
		frac, e := math.Frexp(f) // f = frac × 2^e, 0.5 ≤ frac < 1
		d.mant[j] = uint64(math.Ldexp(frac, 53))
		d.exp[j] = e - 53
		minExp = min(minExp, d.exp[j])
	}
	d.total.SetInt64(0)
	for j := range n {
		d.w[j].SetUint64(d.mant[j])
		if d.mant[j] != 0 {
			d.w[j].Lsh(&d.w[j], uint(d.exp[j]-minExp))
		}
		d.total.Add(&d.total, &d.w[j])
	}
}

// weight returns 2^-(age/halfLife): exactly when age is a whole number of
// half-lives, else the nearest float64 math.Exp2 gives.
func weight(age, halfLife time.Duration) float64 {
	if age%halfLife == 0 {
		k := age / halfLife
		if k > 1074 {
			return 0
		}
		return math.Ldexp(1, -int(k))
	}
	return math.Exp2(-float64(age) / float64(halfLife))
}
