package estimate

import (
	"math/big"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
)

// Quadrant is where a business unit stands against the medians of its
// organisation on employee engagement and on customer engagement. Above
// means strictly above the median: a unit at the median counts as below.
// The zero Quadrant is below the median on both, the reference the
// HumanSigma figures are relative to.
type Quadrant struct {
	EmployeesAbove bool // above the median on employee engagement
	CustomersAbove bool // above the median on customer engagement
}

// String returns "below on both", "above on employees only", "above on
// customers only" or "above on both".
func (q Quadrant) String() string {
	switch {
	case q.EmployeesAbove && q.CustomersAbove:
		return "above on both"
	case q.EmployeesAbove:
		return "above on employees only"
	case q.CustomersAbove:
		return "above on customers only"
	}
	return "below on both"
}

// UnitModel is the HumanSigma model of business units, read faithfully:
// the financial performance of a unit relative to units below the median
// on both employee and customer engagement is 1 below on both, 1.7 above
// on employees only, 1.7 above on customers only and 3.4 above on both
// ([Figures.EmployeesAbove], [Figures.CustomersAbove],
// [Figures.BothAbove]). The figures compare groups of units of one
// organisation (1,979 units in 10 companies); they say nothing of single
// customers. Applying them to one unit that changes quadrant, as
// [UnitModel.Change] does, assumes the unit would then perform like the
// average unit of its new quadrant does relative to its old one.
//
// The zero UnitModel uses the default figures.
type UnitModel struct {
	// Figures are the published figures; the zero Figures stands for
	// [DefaultFigures].
	Figures Figures
}

// performances returns the exact relative performance of each quadrant,
// indexed by quadrantIndex.
func (m UnitModel) performances() ([4]*big.Rat, error) {
	f := m.Figures.orDefault()
	if err := f.Validate(); err != nil {
		return [4]*big.Rat{}, err
	}
	return [4]*big.Rat{big.NewRat(1, 1), ratOf(f.EmployeesAbove), ratOf(f.CustomersAbove), ratOf(f.BothAbove)}, nil
}

func quadrantIndex(q Quadrant) int {
	i := 0
	if q.EmployeesAbove {
		i |= 1
	}
	if q.CustomersAbove {
		i |= 2
	}
	return i
}

// Performance returns the financial performance of a unit in quadrant q
// relative to units below the median on both: 1, 1.7, 1.7 or 3.4.
func (m UnitModel) Performance(q Quadrant) (float64, error) {
	p, err := m.performances()
	if err != nil {
		return 0, err
	}
	return ratFloat(p[quadrantIndex(q)]), nil
}

// Uplift returns the factor by which a unit's financial performance
// changes when it moves from one quadrant to another: the performance of
// to divided by that of from (2 from above on employees only to above on
// both; 0.5 back). Uplift(a, b) and Uplift(b, a) are reciprocal: they are
// computed from the same exact ratio.
func (m UnitModel) Uplift(from, to Quadrant) (float64, error) {
	p, err := m.performances()
	if err != nil {
		return 0, err
	}
	return ratFloat(new(big.Rat).Quo(p[quadrantIndex(to)], p[quadrantIndex(from)])), nil
}

// UnitChange is what moving one business unit to another quadrant does to
// its revenue (or another financial figure of it) and to its portfolio.
type UnitChange struct {
	Unit     string // the unit's name, if known
	From, To Quadrant
	Uplift   float64 // see UnitModel.Uplift

	// Before is the unit's revenue as given; After is Before times the
	// exact uplift, rounded half to even to cents; Change is After less
	// Before.
	Before, After, Change decimal.Decimal

	// PortfolioBefore and PortfolioAfter are the mean relative performance
	// of the units of the portfolio before and after the move, the medians
	// held where they were; both are zero for a change made outside a
	// portfolio ([UnitModel.Change]).
	PortfolioBefore, PortfolioAfter float64
}

// Change returns what moving a unit with revenue revenue from one quadrant
// to another does to its revenue. Moving a unit to a quadrant of no lower
// performance and back returns it to its revenue exactly; moving it down
// first and back can leave it a cent or so off, as the revenue is rounded
// to cents on the way. It fails on a negative revenue.
func (m UnitModel) Change(revenue decimal.Decimal, from, to Quadrant) (UnitChange, error) {
	p, err := m.performances()
	if err != nil {
		return UnitChange{}, err
	}
	if revenue.Sign() < 0 {
		return UnitChange{}, invalid("revenue", revenue.String(), "must not be negative")
	}
	return change(p, revenue, from, to), nil
}

func change(p [4]*big.Rat, revenue decimal.Decimal, from, to Quadrant) UnitChange {
	u := new(big.Rat).Quo(p[quadrantIndex(to)], p[quadrantIndex(from)])
	after := roundBank(new(big.Rat).Mul(revenue.Rat(), u))
	return UnitChange{From: from, To: to, Uplift: ratFloat(u),
		Before: revenue, After: after, Change: after.Sub(revenue)}
}

// Unit is a business unit (a store, a branch, a team) with its scores.
type Unit struct {
	Name string

	// Employees and Customers are the unit's employee-engagement and
	// customer-engagement scores, each on one scale shared by all the units
	// placed together (a mean survey score, a percentile).
	Employees, Customers float64

	// Revenue is the unit's revenue, or another financial figure, over
	// some period; zero when unknown. It must not be negative.
	Revenue decimal.Decimal
}

// PlacedUnit is a unit placed against the medians of its portfolio.
type PlacedUnit struct {
	Unit
	Quadrant    Quadrant
	Performance float64 // relative to units below the median on both
}

// Portfolio is a set of business units placed against their medians.
type Portfolio struct {
	// EmployeeMedian and CustomerMedian are the medians of the units'
	// scores: the middle score of an odd number of units, the mean of the
	// two middle scores of an even number.
	EmployeeMedian, CustomerMedian float64

	// Units holds the units in the order given.
	Units []PlacedUnit

	// Performance is the mean relative performance of the units: 1 when
	// every unit is below the median on both; with the default figures,
	// never 3.4, as at least half the units are below each median.
	Performance float64
}

// Count returns the number of units in quadrant q.
func (p Portfolio) Count(q Quadrant) int {
	n := 0
	for _, u := range p.Units {
		if u.Quadrant == q {
			n++
		}
	}
	return n
}

// Index returns the index of the first unit named name, and false when
// there is none.
func (p Portfolio) Index(name string) (int, bool) {
	for i, u := range p.Units {
		if u.Name == name {
			return i, true
		}
	}
	return 0, false
}

// Place computes the medians of the units' scores and places each unit
// against them. A unit exactly at a median counts as below it, so on each
// score at least half the units are below (all of them when every score is
// the same). It fails on no units, a score that is NaN or infinite, and a
// negative revenue.
func (m UnitModel) Place(units []Unit) (Portfolio, error) {
	p, err := m.performances()
	if err != nil {
		return Portfolio{}, err
	}
	if len(units) == 0 {
		return Portfolio{}, invalid("units", "", "no units to place")
	}
	emp, cus := make([]float64, len(units)), make([]float64, len(units))
	for i, u := range units {
		field := "units[" + strconv.Itoa(i) + "]"
		switch {
		case !finite(u.Employees):
			return Portfolio{}, invalid(field+".Employees", floatString(u.Employees), "score must be finite")
		case !finite(u.Customers):
			return Portfolio{}, invalid(field+".Customers", floatString(u.Customers), "score must be finite")
		case u.Revenue.Sign() < 0:
			return Portfolio{}, invalid(field+".Revenue", u.Revenue.String(), "must not be negative")
		}
		emp[i], cus[i] = u.Employees, u.Customers
	}
	pf := Portfolio{EmployeeMedian: median(emp), CustomerMedian: median(cus), Units: make([]PlacedUnit, len(units))}
	sum := new(big.Rat)
	for i, u := range units {
		q := Quadrant{EmployeesAbove: u.Employees > pf.EmployeeMedian, CustomersAbove: u.Customers > pf.CustomerMedian}
		perf := p[quadrantIndex(q)]
		sum.Add(sum, perf)
		pf.Units[i] = PlacedUnit{Unit: u, Quadrant: q, Performance: ratFloat(perf)}
	}
	pf.Performance = ratFloat(sum.Quo(sum, ratInt(len(units))))
	return pf, nil
}

// median returns the median of xs (finite, not empty); it sorts xs.
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	a, b := xs[n/2-1], xs[n/2]
	if a == b {
		return a
	}
	return a/2 + b/2 // halves first: a+b may overflow
}

// Move returns what moving unit i of the portfolio to quadrant to does to
// the unit's revenue and to the portfolio's mean performance. The medians
// are held where they were: the unit moves against the organisation as it
// stood, though in fact its move would shift the median a little.
func (m UnitModel) Move(pf Portfolio, i int, to Quadrant) (UnitChange, error) {
	p, err := m.performances()
	if err != nil {
		return UnitChange{}, err
	}
	if i < 0 || i >= len(pf.Units) {
		return UnitChange{}, invalid("unit", strconv.Itoa(i), "no such unit in the portfolio of "+strconv.Itoa(len(pf.Units)))
	}
	u := pf.Units[i]
	if u.Revenue.Sign() < 0 {
		return UnitChange{}, invalid("units["+strconv.Itoa(i)+"].Revenue", u.Revenue.String(), "must not be negative")
	}
	c := change(p, u.Revenue, u.Quadrant, to)
	c.Unit = u.Name
	before := new(big.Rat)
	for _, v := range pf.Units {
		before.Add(before, p[quadrantIndex(v.Quadrant)])
	}
	after := new(big.Rat).Sub(before, p[quadrantIndex(u.Quadrant)])
	after.Add(after, p[quadrantIndex(to)])
	n := ratInt(len(pf.Units))
	c.PortfolioBefore = ratFloat(before.Quo(before, n))
	c.PortfolioAfter = ratFloat(after.Quo(after, n))
	return c, nil
}

// EngageEmployees returns what engaging the employees of unit i of the
// portfolio (moving it above the median on employee engagement, its
// customer engagement unchanged) does; see [UnitModel.Move].
func (m UnitModel) EngageEmployees(pf Portfolio, i int) (UnitChange, error) {
	if i < 0 || i >= len(pf.Units) {
		return UnitChange{}, invalid("unit", strconv.Itoa(i), "no such unit in the portfolio of "+strconv.Itoa(len(pf.Units)))
	}
	to := pf.Units[i].Quadrant
	to.EmployeesAbove = true
	return m.Move(pf, i, to)
}
