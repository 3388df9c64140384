package estimate

import (
	"fmt"
	"math/big"
	"strconv"

	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

// Move moves customers of a base from one engagement level to another: a
// Count of them, or a Fraction of those at From when the move is made.
// Set one of Count and Fraction; a Move with both zero moves nobody.
//
// Moves are on levels. Under the library's default mapping of stages onto
// levels ([stages.LevelOf]: returning customers are Engaged, advocates
// FullyEngaged), "move 10% of returning customers to advocates" is
//
//	Move{From: stages.Engaged, To: stages.FullyEngaged, Fraction: 0.10}
type Move struct {
	From, To stages.Level

	// Count is the number of customers to move. It must not be negative nor
	// exceed the customers at From.
	Count int

	// Fraction is the share of the customers at From to move, within 0 to
	// 1. The number moved is Fraction times the customers at From when the
	// move is made (after the moves before it), rounded to the nearest
	// whole customer, half to even: 10% of 333 customers moves 33.
	Fraction float64
}

// LevelChange is what a scenario does to one level.
type LevelChange struct {
	Level                           stages.Level
	CustomersBefore, CustomersAfter int

	// Before and After are the level's revenue before and after the moves,
	// as in [Revenue.Levels]; Change is After less Before.
	Before, After, Change decimal.Decimal
}

// Outcome is what a scenario does to a base's revenue. The figures add up
// exactly: the level Befores add up to Before, the Afters to After, and
// the level Changes to Change, which is After less Before.
type Outcome struct {
	MixBefore, MixAfter Mix

	// Moved holds the number of customers each move moved, in order.
	Moved []int

	// Levels holds one entry per level, least engaged first.
	Levels [stages.NumLevels]LevelChange

	// Before and After are the base's revenue before and after the moves,
	// each the exact revenue rounded half to even to cents; Change is
	// After less Before.
	Before, After, Change decimal.Decimal
}

// Level returns the entry of level l, and the zero LevelChange for NoLevel
// and unknown levels.
func (o Outcome) Level(l stages.Level) LevelChange {
	if !validLevel(l) {
		return LevelChange{}
	}
	return o.Levels[l-stages.ActivelyDisengaged]
}

// Scenario returns the revenue of the base with mix before, and of the
// base after the moves, applied in order.
//
// The model is calibrated once, on before, and that calibration is kept to
// value the after mix: Baseline is the average customer of the before base
// and each level keeps its revenue per customer. (Calibrating the after mix
// afresh would make its average customer earn the baseline again, and no
// move would change the revenue.) The after mix need not be one the model
// could calibrate on.
//
// Moving customers to a more engaged level never lowers the revenue under
// the faithful reading, nor under [PerCustomerAssumption] with a
// Multiplier of at least 1; moves between Engaged and NotEngaged change
// nothing under the faithful reading, which gives them one factor.
func (m CustomerModel) Scenario(before Mix, moves ...Move) (Outcome, error) {
	c, err := m.calibrate(before)
	if err != nil {
		return Outcome{}, err
	}
	after := before
	moved := make([]int, len(moves))
	for i, mv := range moves {
		n, err := mv.count(i, after)
		if err != nil {
			return Outcome{}, err
		}
		*after.slot(mv.From) -= n
		*after.slot(mv.To) += n
		moved[i] = n
	}
	rb, ra := c.revenue(before), c.revenue(after)
	o := Outcome{MixBefore: before, MixAfter: after, Moved: moved,
		Before: rb.Total, After: ra.Total, Change: ra.Total.Sub(rb.Total)}
	for i, l := range levels {
		b, a := rb.Levels[i], ra.Levels[i]
		o.Levels[i] = LevelChange{Level: l, CustomersBefore: b.Customers, CustomersAfter: a.Customers,
			Before: b.Revenue, After: a.Revenue, Change: a.Revenue.Sub(b.Revenue)}
	}
	return o, nil
}

// count returns the number of customers the move (the i-th) takes from
// mix.
func (mv Move) count(i int, mix Mix) (int, error) {
	field := "Move[" + strconv.Itoa(i) + "]"
	switch {
	case !validLevel(mv.From):
		return 0, invalid(field+".From", mv.From.String(), "not an engagement level")
	case !validLevel(mv.To):
		return 0, invalid(field+".To", mv.To.String(), "not an engagement level")
	case mv.Count < 0:
		return 0, invalid(field+".Count", strconv.Itoa(mv.Count), "must not be negative")
	case !finite(mv.Fraction) || mv.Fraction < 0 || mv.Fraction > 1:
		return 0, invalid(field+".Fraction", floatString(mv.Fraction), "must lie within 0 to 1")
	case mv.Count != 0 && mv.Fraction != 0:
		return 0, invalid(field, fmt.Sprintf("Count %d, Fraction %g", mv.Count, mv.Fraction), "set Count or Fraction, not both")
	}
	have := mix.Count(mv.From)
	n := mv.Count
	if mv.Fraction != 0 {
		n = int(roundHalfEvenInt(new(big.Rat).Mul(ratOf(mv.Fraction), ratInt(have))).Int64())
	}
	if n > have {
		return 0, invalid(field+".Count", strconv.Itoa(n),
			"more than the "+strconv.Itoa(have)+" customers at "+mv.From.String())
	}
	return n, nil
}
