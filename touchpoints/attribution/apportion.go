package attribution

import (
	"math/big"
	"strconv"

	"github.com/shopspring/decimal"
)

// Apportion divides total in proportion to weights and rounds each part
// to places decimal places so that the parts add up exactly to total: the
// rounding every model of this package applies to its credits, for models
// written elsewhere to apply to theirs. Each part is first cut down to a
// multiple of 10^-places, and the units the cut parts fall short of total
// go one each to the parts that lost most by the cut, the earlier weight
// first among equal losses; a part of zero weight stays zero. places is
// raised to the decimal places total has, if more, so that the parts can
// add up to it. So Apportion(1, [1 1 1], 4) is [0.3334 0.3333 0.3333].
//
// Apportion returns a *[FieldError] matching [ErrInvalid] for places
// outside 0 to [MaxPlaces], a negative total or weight, or weights all
// zero (or none) when total is not zero.
func Apportion(total decimal.Decimal, weights []decimal.Decimal, places int32) ([]decimal.Decimal, error) {
	switch {
	case places < 0 || places > MaxPlaces:
		return nil, invalid("places", itoa32(places), "outside 0 to 30")
	case total.Sign() < 0:
		return nil, invalid("total", total.String(), "negative")
	}
	sum := new(big.Rat)
	for i, w := range weights {
		if w.Sign() < 0 {
			return nil, invalid("weights["+strconv.Itoa(i)+"]", w.String(), "negative")
		}
		sum.Add(sum, w.Rat())
	}
	out := make([]decimal.Decimal, len(weights))
	if total.Sign() == 0 {
		return out, nil
	}
	if sum.Sign() == 0 {
		return nil, invalid("weights", strconv.Itoa(len(weights))+" weights", "no weight to divide a non-zero total by")
	}
	t := total.Rat()
	x := make([]*big.Rat, len(weights))
	for i, w := range weights {
		x[i] = new(big.Rat).Mul(t, w.Rat())
		x[i].Quo(x[i], sum)
	}
	return roundShares(x, t, max(places, decimalPlaces(t))), nil
}
