package estimate

import (
	"math"
	"math/big"
	"slices"

	"github.com/shopspring/decimal"
)

// The package computes money in exact rational arithmetic and rounds only
// at the edge, to Places decimal places, half to even.

// Places is the number of decimal places of the money figures the package
// returns: they are rounded to cents with banker's rounding (half to even,
// as [decimal.Decimal.RoundBank]), once, from exact rational values. Totals
// are the exact values rounded, and the parts they are made of are
// apportioned so that they add up to the total exactly (see [Revenue]).
const Places = 2

// ratOf returns f as the exact rational of its shortest decimal form, so
// that the figure 0.23 is 23/100, not the binary float nearest to it. f
// must be finite.
func ratOf(f float64) *big.Rat { return decimal.NewFromFloat(f).Rat() }

func ratInt(n int) *big.Rat { return new(big.Rat).SetInt64(int64(n)) }

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

var (
	bigOne = big.NewInt(1)
	bigTwo = big.NewInt(2)
)

// floorPlaces returns floor(r·10^places) and the fraction left over, in
// [0, 1).
func floorPlaces(r *big.Rat, places int32) (*big.Int, *big.Rat) {
	num := new(big.Int).Mul(r.Num(), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil))
	q, m := new(big.Int).DivMod(num, r.Denom(), new(big.Int)) // Euclidean: floor, as den > 0
	return q, new(big.Rat).SetFrac(m, r.Denom())
}

// cents returns floor(r·10^Places) and the fraction of a cent left over.
func cents(r *big.Rat) (*big.Int, *big.Rat) { return floorPlaces(r, Places) }

// roundTo returns r rounded to places decimal places, half to even.
func roundTo(r *big.Rat, places int32) decimal.Decimal {
	q, frac := floorPlaces(r, places)
	switch frac.Cmp(big.NewRat(1, 2)) {
	case 1:
		q.Add(q, bigOne)
	case 0:
		if q.Bit(0) == 1 {
			q.Add(q, bigOne)
		}
	}
	return decimal.NewFromBigInt(q, -places)
}

// roundBank returns r rounded to Places decimal places, half to even.
func roundBank(r *big.Rat) decimal.Decimal { return roundTo(r, Places) }

// apportion rounds the parts xs so that they add up exactly to their
// total rounded half to even (largest remainder): each part is rounded down
// to a cent, and the cents still missing go one each to the parts with the
// largest fractions of a cent left, ties to the earlier part. Each part
// ends within a cent of its exact value.
func apportion(xs []*big.Rat) (parts []decimal.Decimal, total decimal.Decimal) {
	sum := new(big.Rat)
	for _, x := range xs {
		sum.Add(sum, x)
	}
	total = roundBank(sum)
	want := total.Coefficient() // in cents: roundBank gives exponent -Places
	type rest struct {
		i    int
		frac *big.Rat
	}
	floors := make([]*big.Int, len(xs))
	rests := make([]rest, len(xs))
	have := new(big.Int)
	for i, x := range xs {
		floors[i], rests[i].frac = cents(x)
		rests[i].i = i
		have.Add(have, floors[i])
	}
	slices.SortStableFunc(rests, func(a, b rest) int { return b.frac.Cmp(a.frac) })
	missing := new(big.Int).Sub(want, have).Int64() // 0 <= missing <= len(xs)
	for k := 0; k < int(missing) && k < len(rests); k++ {
		floors[rests[k].i].Add(floors[rests[k].i], bigOne)
	}
	parts = make([]decimal.Decimal, len(xs))
	for i, f := range floors {
		parts[i] = decimal.NewFromBigInt(f, -Places)
	}
	return parts, total
}

// ratFloat returns r as the nearest float64.
func ratFloat(r *big.Rat) float64 {
	f, _ := r.Float64()
	return f
}

// ceilRat returns the least integer not below r.
func ceilRat(r *big.Rat) *big.Int {
	q, m := new(big.Int).DivMod(r.Num(), r.Denom(), new(big.Int))
	if m.Sign() != 0 {
		q.Add(q, bigOne)
	}
	return q
}

// roundHalfEvenInt returns r rounded to an integer, half to even.
func roundHalfEvenInt(r *big.Rat) *big.Int {
	q, m := new(big.Int).DivMod(r.Num(), r.Denom(), new(big.Int))
	twice := new(big.Int).Mul(m, bigTwo)
	switch twice.Cmp(r.Denom()) {
	case 1:
		q.Add(q, bigOne)
	case 0:
		if q.Bit(0) == 1 {
			q.Add(q, bigOne)
		}
	}
	return q
}
