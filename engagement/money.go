package engagement

import (
	"math"

	"github.com/shopspring/decimal"
)

// moneyExp is the exponent of the fast path: amounts are counted in units of
// 10^-4, which holds every currency's minor unit exactly.
const moneyExp = -4

// money is an exact running total of decimal amounts that keeps decimal
// arithmetic (about 90 ns and two allocations an add) off the common path.
// Amounts with at most four decimal places whose total fits an int64 of
// 10^-4 units are added as integers; any other amount, or one that would
// overflow, goes to an exact decimal remainder. The total is always
// units·10^-4 + slow, exactly, whatever the order of adds and merges.
type money struct {
	units int64            // the fast-path total, in 10^-4 units
	slow  *decimal.Decimal // the rest; nil means zero
}

// scaled returns d in 10^-4 units if that is an exact int64.
func scaled(d decimal.Decimal) (int64, bool) {
	if d.IsZero() {
		return 0, true
	}
	exp := d.Exponent()
	if exp < moneyExp || d.NumDigits() > 18 {
		return 0, false
	}
	shift := exp - moneyExp
	if shift > 18 {
		return 0, false
	}
	p := int64(1)
	for range shift {
		p *= 10
	}
	c := d.CoefficientInt64()
	if c > math.MaxInt64/p || c < math.MinInt64/p {
		return 0, false
	}
	return c * p, true
}

// add adds d, or subtracts it when neg is set.
func (m *money) add(d decimal.Decimal, neg bool) {
	if u, ok := scaled(d); ok {
		if neg {
			u = -u
		}
		if s, ok := addInt64(m.units, u); ok && u != math.MinInt64 {
			m.units = s
			return
		}
	}
	if neg {
		d = d.Neg()
	}
	m.addSlow(d)
}

func (m *money) addSlow(d decimal.Decimal) {
	if m.slow == nil {
		m.slow = &d
		return
	}
	s := m.slow.Add(d)
	m.slow = &s
}

// merge adds the total of o.
func (m *money) merge(o money) {
	if s, ok := addInt64(m.units, o.units); ok {
		m.units = s
	} else {
		m.addSlow(decimal.New(o.units, moneyExp))
	}
	if o.slow != nil {
		m.addSlow(*o.slow)
	}
}

// total returns the exact sum.
func (m money) total() decimal.Decimal {
	t := decimal.New(m.units, moneyExp)
	if m.slow != nil {
		t = t.Add(*m.slow)
	}
	return t
}

// addInt64 returns a+b and whether it did not overflow.
func addInt64(a, b int64) (int64, bool) {
	s := a + b
	if (a >= 0) == (b >= 0) && (s >= 0) != (a >= 0) {
		return s, false
	}
	return s, true
}
