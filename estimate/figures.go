package estimate

import (
	"math"
	"math/big"
	"strconv"
)

// Range is a published figure given as a range, such as "4 to 6 times" or
// "80-90%". An estimate built on a Range reports a Range: the estimate at
// the low end and at the high end. Ranges are never collapsed to a point.
type Range struct {
	Low, High float64
}

// Contains reports whether x lies in the range, ends included.
func (r Range) Contains(x float64) bool { return r.Low <= x && x <= r.High }

// String returns "4 to 6", or "4" when both ends are equal.
func (r Range) String() string {
	if r.Low == r.High {
		return floatString(r.Low)
	}
	return floatString(r.Low) + " to " + floatString(r.High)
}

func (r Range) validate(field string, min, max float64) error {
	switch {
	case !finite(r.Low, r.High):
		return invalid(field, r.String(), "ends must be finite")
	case r.Low > r.High:
		return invalid(field, r.String(), "low end above high end")
	case r.Low < min || r.High > max:
		return invalid(field, r.String(), "must lie within "+floatString(min)+" to "+floatString(max))
	}
	return nil
}

// Benchmark is Gallup's engagement ratio of a kind of organisation: its
// fully engaged customers to its actively disengaged ones, with the shares
// of the customer base behind it.
type Benchmark struct {
	// Ratio is the published ratio of fully engaged to actively
	// disengaged customers (0.8 for 0.8 : 1).
	Ratio float64

	// FullyEngaged and ActivelyDisengaged are the published shares of the
	// base (about 0.19 and 0.24 in an average organisation). The rest are
	// engaged or not engaged; Gallup's ratio does not split them.
	FullyEngaged, ActivelyDisengaged float64
}

// benchmarkScale is the base size of [Benchmark.Mix].
const benchmarkScale = 10000

// Mix returns the benchmark as a mix of 10,000 customers: the two published
// shares, rounded to whole customers, and the rest. The published figures do
// not split the rest between engaged and not engaged, so Mix puts all of
// it in NotEngaged; the calibration of [CustomerModel] gives both levels one
// factor, so the split does not change an estimate. Use it as
// [CustomerModel.CalibrateOn]. Mix returns the zero Mix for a benchmark
// whose shares are out of range (see [Figures.Validate]).
func (b Benchmark) Mix() Mix {
	if b.validate("Benchmark") != nil {
		return Mix{}
	}
	fe := int(roundHalfEvenInt(new(big.Rat).Mul(ratOf(b.FullyEngaged), ratInt(benchmarkScale))).Int64())
	ad := int(roundHalfEvenInt(new(big.Rat).Mul(ratOf(b.ActivelyDisengaged), ratInt(benchmarkScale))).Int64())
	return Mix{FullyEngaged: fe, ActivelyDisengaged: ad, NotEngaged: max(0, benchmarkScale-fe-ad)}
}

func (b Benchmark) validate(field string) error {
	switch {
	case !finite(b.Ratio) || b.Ratio <= 0:
		return invalid(field+".Ratio", floatString(b.Ratio), "must be finite and positive")
	case !finite(b.FullyEngaged) || b.FullyEngaged < 0 || b.FullyEngaged > 1:
		return invalid(field+".FullyEngaged", floatString(b.FullyEngaged), "share must lie within 0 to 1")
	case !finite(b.ActivelyDisengaged) || b.ActivelyDisengaged < 0 || b.ActivelyDisengaged > 1:
		return invalid(field+".ActivelyDisengaged", floatString(b.ActivelyDisengaged), "share must lie within 0 to 1")
	case b.FullyEngaged+b.ActivelyDisengaged > 1+shareTolerance:
		return invalid(field, floatString(b.FullyEngaged)+" + "+floatString(b.ActivelyDisengaged), "shares add up to more than 1")
	}
	return nil
}

// Figures holds the published figures the estimates use, each with its
// source and its precise meaning. [DefaultFigures] returns the published
// values; change the fields you mean to override and keep the others.
//
// Wherever a Figures is taken (a field of [UnitModel] or [CustomerModel], or
// the receiver of a method), the zero Figures stands for DefaultFigures(). A
// Figures built field by field from nothing keeps its other fields at zero,
// which [Figures.Validate] mostly rejects: start from DefaultFigures().
type Figures struct {
	// EmployeesAbove is the financial performance of a business unit above
	// the median of its organisation on employee engagement and below it on
	// customer engagement, relative to units below the median on both: 1.7
	// times. Source: Fleming & Asplund, "Human Sigma" (Gallup Press, 2007);
	// Fleming, Coffman & Harter, "Manage Your Human Sigma", Harvard Business
	// Review, July-August 2005: a meta-analysis of 1,979 business units in
	// 10 companies. A business-unit figure: it compares groups of units, not
	// customers, and says nothing of what one customer is worth.
	EmployeesAbove float64

	// CustomersAbove is the same for units above the median on customer
	// engagement and below it on employee engagement: 1.7 times (the study
	// reports "similar results" to EmployeesAbove). Same source; a
	// business-unit figure. The seeds' "engaged customers generate 1.7
	// times more revenue than normal customers" is the popular reading of
	// it, which [PerCustomerAssumption] offers as an assumption only.
	CustomersAbove float64

	// BothAbove is the same for units above the median on both employee
	// and customer engagement: 3.4 times. Same source; a business-unit
	// figure.
	BothAbove float64

	// FullyEngagedPremium is the premium of a fully engaged customer over
	// the average customer in share of wallet, profitability, revenue and
	// relationship growth: 0.23 (23%). Source: Gallup, customer engagement
	// index (CE11); "Creating Impact in B2B Relationships" (cited in seed
	// 001, where it is "a 23 percent premium over typical customers") and
	// State of the American Consumer (2014). A customer-level figure,
	// relative to the average customer, not to a "normal" one.
	FullyEngagedPremium float64

	// ActivelyDisengagedDiscount is the discount of an actively disengaged
	// customer against the average customer, on the same measures: 0.13
	// (13%). Source: Gallup, State of the American Consumer (2014). A
	// customer-level figure. It must lie within 0 to 1.
	ActivelyDisengagedDiscount float64

	// LoyalRepurchase is how many times more likely loyal customers are to
	// repurchase than merely satisfied ones: 4 to 6 times ("depending on the
	// study you read"). Source: seed 001 (Carlaw, "Engaging Customers in a
	// Networked World"). A range; see [Figures.LoyalRepurchaseRate].
	LoyalRepurchase Range

	// B2BOptimallyEngaged is an upper bound: fewer than 1 in 7 B2B
	// customers are optimally (fully) engaged. Source: Gallup, "Creating
	// Impact in B2B Relationships" (2012 update of seed 001). A bound on
	// the fully engaged share of a B2B base, not an estimate of it.
	B2BOptimallyEngaged float64

	// AverageOrganisation is Gallup's engagement ratio of an average
	// organisation: about 0.8 fully engaged customers to 1 actively
	// disengaged (about 19% against 24% of the base).
	AverageOrganisation Benchmark

	// WorldClass is the same of a world-class organisation: about 8 : 1
	// (about 48% against 6%).
	WorldClass Benchmark

	// Offline is the share of the conversations about a business that
	// happen offline, out of reach of a listening centre: 80-90%. Source:
	// seed 003. A range within 0 to 1 (below 1); see
	// [Figures.Conversations].
	Offline Range

	// Participation is the share of a community that only reads, that
	// contributes occasionally, and that creates most content: 90-9-1.
	// Source: seed 001 (the 90-9-1 rule; "based on experience rather than
	// research"). The zero Participation stands for 90-9-1.
	Participation Participation
}

// The published values; see the fields of Figures for their sources.
const (
	unitEmployeesAbove         = 1.7
	unitCustomersAbove         = 1.7
	unitBothAbove              = 3.4
	fullyEngagedPremium        = 0.23
	activelyDisengagedDiscount = 0.13
	loyalRepurchaseLow         = 4
	loyalRepurchaseHigh        = 6
	b2bOptimallyEngaged        = 1.0 / 7
	offlineLow                 = 0.80
	offlineHigh                = 0.90
	readersShare               = 0.90
	contributorsShare          = 0.09
	creatorsShare              = 0.01
)

// DefaultFigures returns the published figures. Each call returns a new
// value: changing it changes nothing else.
func DefaultFigures() Figures {
	return Figures{
		EmployeesAbove:             unitEmployeesAbove,
		CustomersAbove:             unitCustomersAbove,
		BothAbove:                  unitBothAbove,
		FullyEngagedPremium:        fullyEngagedPremium,
		ActivelyDisengagedDiscount: activelyDisengagedDiscount,
		LoyalRepurchase:            Range{loyalRepurchaseLow, loyalRepurchaseHigh},
		B2BOptimallyEngaged:        b2bOptimallyEngaged,
		AverageOrganisation:        Benchmark{Ratio: 0.8, FullyEngaged: 0.19, ActivelyDisengaged: 0.24},
		WorldClass:                 Benchmark{Ratio: 8, FullyEngaged: 0.48, ActivelyDisengaged: 0.06},
		Offline:                    Range{offlineLow, offlineHigh},
		Participation:              DefaultParticipation(),
	}
}

// orDefault returns DefaultFigures() for the zero Figures and f otherwise.
func (f Figures) orDefault() Figures {
	if f == (Figures{}) {
		return DefaultFigures()
	}
	return f
}

// Validate reports the first field of f out of range, as an
// *[InvalidError]. The zero Figures is valid: it stands for the defaults.
func (f Figures) Validate() error {
	f = f.orDefault()
	for _, u := range []struct {
		name string
		v    float64
	}{{"EmployeesAbove", f.EmployeesAbove}, {"CustomersAbove", f.CustomersAbove}, {"BothAbove", f.BothAbove}} {
		if !finite(u.v) || u.v <= 0 {
			return invalid("Figures."+u.name, floatString(u.v), "relative performance must be finite and positive")
		}
	}
	switch {
	case !finite(f.FullyEngagedPremium) || f.FullyEngagedPremium < 0:
		return invalid("Figures.FullyEngagedPremium", floatString(f.FullyEngagedPremium), "premium must be finite and not negative")
	case !finite(f.ActivelyDisengagedDiscount) || f.ActivelyDisengagedDiscount < 0 || f.ActivelyDisengagedDiscount > 1:
		return invalid("Figures.ActivelyDisengagedDiscount", floatString(f.ActivelyDisengagedDiscount), "discount must lie within 0 to 1")
	case !finite(f.B2BOptimallyEngaged) || f.B2BOptimallyEngaged < 0 || f.B2BOptimallyEngaged > 1:
		return invalid("Figures.B2BOptimallyEngaged", floatString(f.B2BOptimallyEngaged), "share must lie within 0 to 1")
	}
	if err := f.LoyalRepurchase.validate("Figures.LoyalRepurchase", 0, math.MaxFloat64); err != nil {
		return err
	}
	if f.LoyalRepurchase.Low <= 0 {
		return invalid("Figures.LoyalRepurchase", f.LoyalRepurchase.String(), "multiples must be positive")
	}
	if err := f.AverageOrganisation.validate("Figures.AverageOrganisation"); err != nil {
		return err
	}
	if err := f.WorldClass.validate("Figures.WorldClass"); err != nil {
		return err
	}
	if err := f.Offline.validate("Figures.Offline", 0, 1); err != nil {
		return err
	}
	if f.Offline.High >= 1 {
		return invalid("Figures.Offline", f.Offline.String(), "share must be below 1: some conversations must be online")
	}
	return f.Participation.validate("Figures.Participation")
}

// LoyalRepurchaseRate returns the repurchase rate of loyal customers given
// that of merely satisfied ones (a probability within 0 to 1), from
// [Figures.LoyalRepurchase]: the satisfied rate times 4 and times 6 by
// default. A rate cannot pass 1, so each end is capped at 1: the figure was
// reported as a multiple of likelihood and cannot hold as such for
// satisfied customers who already repurchase often.
func (f Figures) LoyalRepurchaseRate(satisfied float64) (Range, error) {
	f = f.orDefault()
	if err := f.Validate(); err != nil {
		return Range{}, err
	}
	if !finite(satisfied) || satisfied < 0 || satisfied > 1 {
		return Range{}, invalid("satisfied", floatString(satisfied), "repurchase rate must lie within 0 to 1")
	}
	return Range{min(1, satisfied*f.LoyalRepurchase.Low), min(1, satisfied*f.LoyalRepurchase.High)}, nil
}

// Conversations is what a count of the conversations heard online implies
// for all conversations, given the share that happen offline.
type Conversations struct {
	Online  int   // the conversations heard online, as given
	Offline Range // the conversations that happen offline
	Total   Range // all conversations: Online plus Offline
}

// Conversations returns the conversations about a business implied by
// online of them heard online (by a listening centre), when the share in
// [Figures.Offline] happen offline: online / (1 - offline share) in all,
// 5 to 10 times online by default. Low is the estimate at the low end of
// the offline share and High at the high end.
func (f Figures) Conversations(online int) (Conversations, error) {
	f = f.orDefault()
	if err := f.Validate(); err != nil {
		return Conversations{}, err
	}
	if online < 0 {
		return Conversations{}, invalid("online", strconv.Itoa(online), "count must not be negative")
	}
	n := ratInt(online)
	at := func(offline float64) (total, off float64) {
		t := new(big.Rat).Quo(n, new(big.Rat).Sub(big.NewRat(1, 1), ratOf(offline)))
		return ratFloat(t), ratFloat(new(big.Rat).Sub(t, n))
	}
	var c Conversations
	c.Online = online
	c.Total.Low, c.Offline.Low = at(f.Offline.Low)
	c.Total.High, c.Offline.High = at(f.Offline.High)
	return c, nil
}
