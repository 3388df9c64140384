package attribution

import (
	"github.com/shopspring/decimal"
)

// FirstTouch gives all of a path's conversions and value to its first
// touch. Its credits are exact: no rounding is needed. The zero value is
// the model; it has no settings.
type FirstTouch struct{}

// Attribute implements [Model].
func (FirstTouch) Attribute(paths []Path) (Credits, error) {
	return attribute(paths, firstTouch, 0)
}

func firstTouch(ids []int32, out []share) []share {
	return append(out, share{k: ids[0], num: 1, den: 1})
}

// LastTouch gives all of a path's conversions and value to its last
// touch. Its credits are exact: no rounding is needed. The zero value is
// the model; it has no settings.
type LastTouch struct{}

// Attribute implements [Model].
func (LastTouch) Attribute(paths []Path) (Credits, error) {
	return attribute(paths, lastTouch, 0)
}

func lastTouch(ids []int32, out []share) []share {
	return append(out, share{k: ids[len(ids)-1], num: 1, den: 1})
}

// Linear gives each touch of a path an equal share: a channel touched
// twice on a path of five touches gets 2/5 of it. The zero value is the
// model with credits rounded to [DefaultPlaces].
type Linear struct {
	// Places is how many decimal places the credits are rounded to (more
	// for values whose total has more); zero means DefaultPlaces.
	Places int32
}

// Attribute implements [Model].
func (m Linear) Attribute(paths []Path) (Credits, error) {
	places, err := checkPlaces("Linear", m.Places)
	if err != nil {
		return nil, err
	}
	return attribute(paths, linear, places)
}

func linear(ids []int32, out []share) []share {
	n := uint64(len(ids))
	for _, k := range ids {
		out = append(out, share{k: k, num: 1, den: n})
	}
	return out
}

// PositionBased (also called U-shaped) gives First of a path to its first
// touch, Last to its last touch, and spreads the rest equally over the
// touches between them, as Google Ads defines it with 40% and 40%. A path
// of one touch gives it everything; a path of two touches splits in the
// ratio First:Last (half each by default). The zero value is the model
// with 40% and 40% and credits rounded to [DefaultPlaces].
type PositionBased struct {
	// First and Last are the fractions for the first and the last touch:
	// each from 0 to 1, adding up to at most 1, with at most 9 decimal
	// places. When both are zero, 0.4 and 0.4 are used.
	First, Last decimal.Decimal
	// Places is how many decimal places the credits are rounded to (more
	// for values whose total has more); zero means DefaultPlaces.
	Places int32
}

// DefaultPosition returns the fraction PositionBased gives the first and
// the last touch when First and Last are both zero: 40% each (Google Ads).
func DefaultPosition() decimal.Decimal { return decimal.New(4, -1) }

// positionScale is the denominator of First and Last: 10^9.
const positionScale = 1_000_000_000

// Attribute implements [Model].
func (m PositionBased) Attribute(paths []Path) (Credits, error) {
	places, err := checkPlaces("PositionBased", m.Places)
	if err != nil {
		return nil, err
	}
	first, last := m.First, m.Last
	if first.IsZero() && last.IsZero() {
		first, last = DefaultPosition(), DefaultPosition()
	}
	f, err := fraction("PositionBased.First", first)
	if err != nil {
		return nil, err
	}
	l, err := fraction("PositionBased.Last", last)
	if err != nil {
		return nil, err
	}
	if f+l > positionScale {
		return nil, invalid("PositionBased.Last", decString(last), "First and Last add up to more than 1")
	}
	middle := positionScale - f - l
	split := func(ids []int32, out []share) []share {
		n := len(ids)
		switch n {
		case 1:
			return append(out, share{k: ids[0], num: 1, den: 1})
		case 2:
			return append(out, share{k: ids[0], num: f, den: f + l}, share{k: ids[1], num: l, den: f + l})
		}
		out = append(out, share{k: ids[0], num: f, den: positionScale}, share{k: ids[n-1], num: l, den: positionScale})
		for _, k := range ids[1 : n-1] {
			// n ≤ 2^32 (see check), so the denominator fits.
			out = append(out, share{k: k, num: middle, den: positionScale * uint64(n-2)})
		}
		return out
	}
	return attribute(paths, split, places)
}

// fraction returns d × 10^9 for d from 0 to 1 with at most 9 places.
func fraction(field string, d decimal.Decimal) (uint64, error) {
	n := d.Normalize() // so that nothing below rescales to a wild exponent
	// The places are checked before the comparison with 1, which would
	// rescale a wild exponent.
	switch {
	case n.Sign() < 0 || n.Exponent() > 0:
		return 0, invalid(field, decString(d), "outside 0 to 1")
	case n.Exponent() < -9:
		return 0, invalid(field, decString(d), "more than 9 decimal places")
	case n.GreaterThan(decimal.New(1, 0)):
		return 0, invalid(field, decString(d), "outside 0 to 1")
	}
	return uint64(n.Shift(9).IntPart()), nil
}
