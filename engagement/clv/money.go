package clv

import (
	"math"

	"github.com/shopspring/decimal"
)

// Places is the number of decimal places of the money figures the package
// returns (expected spend, revenue, lifetime value): they are rounded to
// cents with banker's rounding (half to even, [decimal.Decimal.RoundBank]),
// once, at the edge; totals are exact sums of the rounded figures.
const Places = 2

// meanPlaces is the number of decimal places a mean spend is rounded to
// (half away from zero), enough to carry cents divided by any count.
const meanPlaces = 8

// pow10 holds the powers of ten that fit an int64.
var pow10 = [...]int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// sum adds decimals exactly. While the total and every addend fit an int64
// coefficient at a common exponent it adds integers, which does not
// allocate; otherwise it falls back to decimal arithmetic.
type sum struct {
	coef int64
	exp  int32
	slow bool
	dec  decimal.Decimal
}

// add adds d to s.
func (s *sum) add(d decimal.Decimal) {
	if d.NumDigits() > 18 || !s.fast(d.CoefficientInt64(), d.Exponent()) {
		s.addSlow(d)
	}
}

// addInt adds c·10^e to s.
func (s *sum) addInt(c int64, e int32) {
	if !s.fast(c, e) {
		s.addSlow(decimal.New(c, e))
	}
}

// addSlow adds d in decimal arithmetic.
func (s *sum) addSlow(d decimal.Decimal) {
	if !s.slow {
		s.dec = decimal.New(s.coef, s.exp)
		s.slow = true
	}
	s.dec = s.dec.Add(d)
}

// fast adds c·10^e in integers and reports whether it could.
func (s *sum) fast(c int64, e int32) bool {
	if !s.slow {
		if c == 0 {
			return true
		}
		if e-s.exp <= 18 && s.exp-e <= 18 { // never true when far apart
			tot, exp := s.coef, s.exp
			ok := true
			switch {
			case e < exp:
				tot, ok = scale(tot, int(exp-e))
				exp = e
			case e > exp:
				c, ok = scale(c, int(e-exp))
			}
			if ok && (c <= 0 || tot <= math.MaxInt64-c) && (c >= 0 || tot >= math.MinInt64-c) {
				s.coef, s.exp = tot+c, exp
				return true
			}
		}
	}
	return false
}

// scale returns c·10^k and whether it fits an int64.
func scale(c int64, k int) (int64, bool) {
	if c == 0 {
		return 0, true
	}
	if k > 18 {
		return 0, false
	}
	p := pow10[k]
	if c > math.MaxInt64/p || c < math.MinInt64/p {
		return 0, false
	}
	return c * p, true
}

// value returns the total.
func (s *sum) value() decimal.Decimal {
	switch {
	case s.slow:
		return s.dec
	case s.coef == 0:
		return decimal.Decimal{}
	}
	return decimal.New(s.coef, s.exp)
}

// mean returns the total divided by n (n > 0), rounded half away from zero
// to meanPlaces decimal places.
func (s *sum) mean(n int) decimal.Decimal {
	if !s.slow && s.exp >= -meanPlaces {
		if c, ok := scale(s.coef, int(s.exp+meanPlaces)); ok && c >= 0 {
			q, r := c/int64(n), c%int64(n)
			if r >= int64(n)-r { // r/n >= 1/2
				q++
			}
			return decimal.New(q, -meanPlaces)
		}
	}
	return s.value().DivRound(decimal.NewFromInt(int64(n)), meanPlaces)
}

// toMoney converts v to a decimal rounded to Places with banker's rounding.
// v must be finite.
func toMoney(v float64) decimal.Decimal {
	return decimal.NewFromFloat(v).RoundBank(Places)
}
