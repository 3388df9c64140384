package estimate

import (
	"fmt"
	"math/big"

	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

// CustomerModel estimates the revenue of a customer base from its mix over
// the four engagement levels and the revenue of its average customer. The
// zero CustomerModel has a zero baseline and the default figures; set at
// least Baseline.
//
// By default the model reads Gallup's customer-level figures faithfully:
// a fully engaged customer earns 1 + [Figures.FullyEngagedPremium] (1.23)
// times the average customer, an actively disengaged one 1 -
// [Figures.ActivelyDisengagedDiscount] (0.87) times, and engaged and not
// engaged customers share one factor c, solved so that the average
// customer of the calibration mix earns exactly 1 time the average:
//
//	c = (N - 1.23·n_fully - 0.87·n_disengaged) / (n_engaged + n_not_engaged)
//
// over the N customers of the calibration mix. The calibration mix is the
// base itself unless CalibrateOn says otherwise. A calibration needs c to
// lie within 0.87 to 1.23 (so that more engaged never earns less): with the
// default figures, the fully engaged may be at most 13/36 (about 36%) of the
// calibration mix, the actively disengaged at most 23/36 (about 64%), and
// engaged or not engaged customers must exist. Otherwise the model fails
// with [ErrUncalibrated]: Gallup's premium cannot be relative to the
// average of such a base (a world-class base, 48% fully engaged, is one).
// Calibrate on a reference mix then.
//
// Whatever the calibration mix, Baseline is the revenue of the average
// customer of the base being estimated (the before mix of a scenario): the
// factors are scaled so that the base's revenue is its customers times
// Baseline. When the calibration mix is the base, the scale is 1 and the
// fully engaged earn exactly 1.23 times Baseline.
type CustomerModel struct {
	// Baseline is the revenue of the average customer of the base being
	// estimated: observed ([Base.Baseline], the mean Monetary of profiles),
	// supplied, or forecast (the RevenuePerCustomer of a base forecast of
	// package clv). It must not be negative. Estimates are linear in it.
	Baseline decimal.Decimal

	// Figures are the published figures; the zero Figures stands for
	// [DefaultFigures].
	Figures Figures

	// CalibrateOn is the mix whose average customer the premium and the
	// discount are relative to. The zero Mix means the base being estimated
	// (the before mix of a scenario). [Benchmark.Mix] of
	// Figures.AverageOrganisation is a reference close to the population
	// Gallup's figures were measured on. Only the shares of the mix matter.
	CalibrateOn Mix

	// Assume, when not nil, replaces the faithful reading with the
	// per-customer reading of the business-unit figure. It is an
	// assumption, not a published finding: see [PerCustomerAssumption].
	Assume *PerCustomerAssumption
}

// PerCustomerAssumption is the popular reading of the HumanSigma unit
// figure, "an engaged customer is worth 1.7 times a normal one", which the
// study does not support: its 1.7 compares business units above and below
// the median on customer engagement (see [Figures.CustomersAbove]). A
// model that names it assumes that each engaged or fully engaged customer
// earns Multiplier times what each actively disengaged or not engaged
// customer earns, scaled so that the base's average customer earns the
// baseline. CalibrateOn plays no part: only the ratio is assumed.
type PerCustomerAssumption struct {
	// Multiplier is the assumed ratio; 0 means Figures.CustomersAbove (1.7).
	// It must be positive. [Observed.Ratio] from the user's own data is a
	// better choice than the published 1.7; run the model at
	// [Observed.Low] and [Observed.High] for the interval. Revenue is
	// monotone in the engaged share only when Multiplier is at least 1.
	Multiplier float64
}

// LevelRevenue is the revenue of the customers at one level.
type LevelRevenue struct {
	Level     stages.Level
	Customers int

	// Factor is the revenue of a customer at this level relative to the
	// base's average customer (the baseline): 1.23 for the fully engaged
	// when the base is its own calibration mix.
	Factor float64

	// PerCustomer is Baseline times Factor, rounded to cents.
	PerCustomer decimal.Decimal

	// Revenue is the revenue of the level's customers, apportioned to cents
	// (see [Revenue]). It is within a cent of the exact Customers times
	// Baseline times Factor, and need not equal Customers times the rounded
	// PerCustomer.
	Revenue decimal.Decimal
}

// Revenue is the estimated revenue of a base, level by level.
type Revenue struct {
	Mix Mix

	// Levels holds one entry per level, least engaged first; see
	// [Revenue.Level].
	Levels [stages.NumLevels]LevelRevenue

	// Total is the exact revenue of the base rounded half to even to cents.
	// The level revenues add up to it exactly: each level is rounded down
	// to a cent and the cents still missing go to the levels with the
	// largest remainders (ties to the less engaged level).
	Total decimal.Decimal
}

// Level returns the entry of level l, and the zero LevelRevenue for NoLevel
// and unknown levels.
func (r Revenue) Level(l stages.Level) LevelRevenue {
	if !validLevel(l) {
		return LevelRevenue{}
	}
	return r.Levels[l-stages.ActivelyDisengaged]
}

// Revenue returns the estimated revenue of the base with mix mix. It fails
// on invalid figures, a negative baseline, an empty or invalid mix, and,
// with [ErrUncalibrated], a calibration mix that cannot carry the premium
// and the discount (see [CustomerModel]).
func (m CustomerModel) Revenue(mix Mix) (Revenue, error) {
	c, err := m.calibrate(mix)
	if err != nil {
		return Revenue{}, err
	}
	return c.revenue(mix), nil
}

// calibration is a model fixed on a base: the exact revenue of a customer
// at each level.
type calibration struct {
	factor      [stages.NumLevels]*big.Rat // relative to the base's average customer
	perCustomer [stages.NumLevels]*big.Rat
}

// calibrate fixes m on the base with mix base.
func (m CustomerModel) calibrate(base Mix) (calibration, error) {
	f := m.Figures.orDefault()
	if err := f.Validate(); err != nil {
		return calibration{}, err
	}
	if m.Baseline.Sign() < 0 {
		return calibration{}, invalid("Baseline", m.Baseline.String(), "revenue per customer must not be negative")
	}
	if err := base.validate("Mix"); err != nil {
		return calibration{}, err
	}
	if base.Total() == 0 {
		return calibration{}, invalid("Mix", base.String(), "no customers")
	}
	var g [stages.NumLevels]*big.Rat // relative revenue per customer, up to scale
	if m.Assume != nil {
		mult := m.Assume.Multiplier
		if mult == 0 {
			mult = f.CustomersAbove
		}
		if !finite(mult) || mult <= 0 {
			return calibration{}, invalid("Assume.Multiplier", floatString(mult), "must be finite and positive")
		}
		one, r := big.NewRat(1, 1), ratOf(mult)
		g = [stages.NumLevels]*big.Rat{one, one, r, r}
	} else {
		var err error
		if g, err = gallupFactors(f, m.CalibrateOn, base); err != nil {
			return calibration{}, err
		}
	}
	// Scale so that the base's average customer earns 1.
	mean := new(big.Rat)
	for i, n := range base.counts() {
		mean.Add(mean, new(big.Rat).Mul(ratInt(n), g[i]))
	}
	if mean.Sign() == 0 {
		return calibration{}, &InvalidError{Field: "Mix", Value: base.String(),
			Reason: "every customer of the base earns nothing under the figures", Err: ErrUncalibrated}
	}
	mean.Quo(mean, ratInt(base.Total()))
	b := m.Baseline.Rat()
	var c calibration
	for i := range g {
		c.factor[i] = new(big.Rat).Quo(g[i], mean)
		c.perCustomer[i] = new(big.Rat).Mul(b, c.factor[i])
	}
	return c, nil
}

// gallupFactors returns the factors 1 - discount, c, c, 1 + premium, with c
// solved on the calibration mix cal (base when cal is zero).
func gallupFactors(f Figures, cal, base Mix) ([stages.NumLevels]*big.Rat, error) {
	field := "CalibrateOn"
	if cal == (Mix{}) {
		cal, field = base, "Mix"
	} else if err := cal.validate(field); err != nil {
		return [stages.NumLevels]*big.Rat{}, err
	}
	one := big.NewRat(1, 1)
	hi := new(big.Rat).Add(one, ratOf(f.FullyEngagedPremium))
	lo := new(big.Rat).Sub(one, ratOf(f.ActivelyDisengagedDiscount))
	uncalibrated := func(reason string) error {
		return &InvalidError{Field: field, Value: cal.String(), Reason: reason, Err: ErrUncalibrated}
	}
	mid := cal.Engaged + cal.NotEngaged
	if mid == 0 {
		return [stages.NumLevels]*big.Rat{}, uncalibrated(
			"no engaged or not engaged customers to balance the premium and the discount around the average; calibrate on a reference mix")
	}
	c := ratInt(cal.Total())
	c.Sub(c, new(big.Rat).Mul(hi, ratInt(cal.FullyEngaged)))
	c.Sub(c, new(big.Rat).Mul(lo, ratInt(cal.ActivelyDisengaged)))
	c.Quo(c, ratInt(mid))
	switch {
	case c.Cmp(lo) < 0:
		return [stages.NumLevels]*big.Rat{}, uncalibrated(fmt.Sprintf(
			"with %.1f%% fully engaged, engaged and not engaged customers would earn %.4g times the average, less than the actively disengaged %.4g; calibrate on a reference mix",
			100*cal.Share(stages.FullyEngaged), ratFloat(c), ratFloat(lo)))
	case c.Cmp(hi) > 0:
		return [stages.NumLevels]*big.Rat{}, uncalibrated(fmt.Sprintf(
			"with %.1f%% actively disengaged, engaged and not engaged customers would earn %.4g times the average, more than the fully engaged %.4g; calibrate on a reference mix",
			100*cal.Share(stages.ActivelyDisengaged), ratFloat(c), ratFloat(hi)))
	}
	return [stages.NumLevels]*big.Rat{lo, c, c, hi}, nil
}

// exact returns the exact revenue of each level of mix.
func (c calibration) exact(mix Mix) []*big.Rat {
	xs := make([]*big.Rat, stages.NumLevels)
	for i, n := range mix.counts() {
		xs[i] = new(big.Rat).Mul(ratInt(n), c.perCustomer[i])
	}
	return xs
}

// revenue returns the revenue of mix under c, rounded at the edge.
func (c calibration) revenue(mix Mix) Revenue {
	parts, total := apportion(c.exact(mix))
	r := Revenue{Mix: mix, Total: total}
	counts := mix.counts()
	for i, l := range levels {
		r.Levels[i] = LevelRevenue{
			Level:       l,
			Customers:   counts[i],
			Factor:      ratFloat(c.factor[i]),
			PerCustomer: roundBank(c.perCustomer[i]),
			Revenue:     parts[i],
		}
	}
	return r
}
