package attribution

import (
	"iter"
	"maps"
	"math/big"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
)

// Credit is what a model gives one channel: its share of the conversions
// and its share of the conversion value.
type Credit struct {
	Conversions decimal.Decimal
	Value       decimal.Decimal
}

// Credits maps each channel to its credit. A model's Credits hold every
// channel on the paths it was given, with a zero Credit for a channel
// that earned nothing.
type Credits map[string]Credit

// Channels returns the channels in c, sorted.
func (c Credits) Channels() []string {
	return slices.Sorted(maps.Keys(c))
}

// All returns the channels and their credits, sorted by channel.
func (c Credits) All() iter.Seq2[string, Credit] {
	return func(yield func(string, Credit) bool) {
		for _, ch := range c.Channels() {
			if !yield(ch, c[ch]) {
				return
			}
		}
	}
}

// Total returns the sum of the credits. For credits a model returned it is
// exactly the conversions and the value of the paths the model was given.
func (c Credits) Total() Credit {
	var t Credit
	for _, cr := range c {
		t.Conversions = t.Conversions.Add(cr.Conversions)
		t.Value = t.Value.Add(cr.Value)
	}
	return t
}

// DefaultPlaces is how many decimal places a credit has when a model's
// Places is zero.
const DefaultPlaces = 4

// MaxPlaces is the most decimal places a model's Places may ask for.
const MaxPlaces = 30

// checkPlaces returns the places to round to for a model's Places field.
func checkPlaces(model string, places int32) (int32, error) {
	switch {
	case places == 0:
		return DefaultPlaces, nil
	case places < 0 || places > MaxPlaces:
		return 0, invalid(model+".Places", itoa32(places), "outside 0 to 30")
	}
	return places, nil
}

// roundShares rounds exact credits to multiples of 10^-places by the
// largest remainder method: each credit is first cut down to a multiple of
// 10^-places, and the units the cut credits fall short of total are given,
// one each, to the channels whose credits lost the most, the channel
// earlier in x first among equal losses. x must be in the order of the
// sorted channel names, non-negative, and add up exactly to total, which
// must be a multiple of 10^-places. (Time decay passes credits cut short
// of their exact values; they add up to a little less than total, and the
// units are handed out in turn, largest loss first, until none is left.)
func roundShares(x []*big.Rat, total *big.Rat, places int32) []decimal.Decimal {
	unit := new(big.Rat).SetInt(pow10(places))
	floors := make([]*big.Int, len(x))
	rems := make([]*big.Rat, len(x))
	left := new(big.Rat).Mul(total, unit)
	shortfall := new(big.Int).Set(left.Num()) // left is whole
	for k, v := range x {
		y := new(big.Rat).Mul(v, unit)
		f, r := new(big.Int).QuoRem(y.Num(), y.Denom(), new(big.Int))
		floors[k] = f
		rems[k] = new(big.Rat).SetFrac(r, y.Denom())
		shortfall.Sub(shortfall, f)
	}
	// Units go to the channels with a credit; only approximate credits
	// can leave more units than there are channels.
	var order []int
	for k, v := range x {
		if v.Sign() > 0 {
			order = append(order, k)
		}
	}
	if n := int64(len(order)); n > 0 && shortfall.Sign() > 0 {
		slices.SortStableFunc(order, func(a, b int) int { return rems[b].Cmp(rems[a]) })
		q, r := new(big.Int).QuoRem(shortfall, big.NewInt(n), new(big.Int))
		for i, k := range order {
			floors[k].Add(floors[k], q)
			if int64(i) < r.Int64() {
				floors[k].Add(floors[k], big.NewInt(1))
			}
		}
	}
	out := make([]decimal.Decimal, len(x))
	for k, f := range floors {
		out[k] = decimal.NewFromBigInt(f, -places)
	}
	return out
}

// exact holds credits before rounding: for each channel, in the order of
// the names, its credits as fractions, and the totals they add up to.
type exact struct {
	names                 []string // sorted
	conv, value           []*big.Rat
	convTotal, valueTotal *big.Rat // valueTotal a decimal fraction
}

// round rounds the credits to places, and values to at least as many
// places as their total has, and names them. The total, unlike the places
// of the values that make it up, does not change when paths are
// aggregated or split.
func (e *exact) round(places int32) Credits {
	cs := roundShares(e.conv, e.convTotal, places)
	vs := roundShares(e.value, e.valueTotal, max(places, decimalPlaces(e.valueTotal)))
	out := make(Credits, len(e.names))
	for k, name := range e.names {
		out[name] = Credit{Conversions: cs[k], Value: vs[k]}
	}
	return out
}

func itoa32(n int32) string { return strconv.Itoa(int(n)) }

// decimalPlaces returns the decimal places of r, a decimal fraction: the
// least p for which r × 10^p is whole, which is the larger of the powers
// of 2 and of 5 in its denominator.
func decimalPlaces(r *big.Rat) int32 {
	d := r.Denom()
	twos := int32(d.TrailingZeroBits())
	q := new(big.Int).Rsh(d, uint(twos))
	var fives int32
	five := big.NewInt(5)
	for m := new(big.Int); ; fives++ {
		if _, m = q.QuoRem(q, five, m); m.Sign() != 0 {
			break
		}
	}
	return max(twos, fives)
}
