package touchpoints

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// DefaultBudgetFraction is the budget exercise's share of today's
// engagement spend: how would the business engage on 15% of the current
// budget? (seed 004). The money usually exists but sits in the wrong
// places; the exercise shows which spend earns its keep.
const DefaultBudgetFraction = 0.15

// proRataPlaces is the number of decimal places the revenue kept from a
// channel cut pro-rata is rounded down to; 10^-4 holds every currency's
// minor unit exactly.
const proRataPlaces = 4

// Allocation is the part of one channel's spend and revenue that a
// [Scenario] keeps, or drops.
type Allocation struct {
	Name    string          `json:"name"`
	Spend   decimal.Decimal `json:"spend"`   // spend kept, or dropped
	Revenue decimal.Decimal `json:"revenue"` // revenue kept, or put at risk

	// Partial is true for the channel cut pro-rata: it appears both among
	// the kept and among the dropped allocations.
	Partial bool `json:"partial,omitzero"`
}

// Scenario is the budget exercise: the spend that is kept when the budget
// is cut to a fraction of today's, keeping the best-returning spend first,
// and the revenue that goes with it. Every amount is exact:
// KeptSpend + DroppedSpend = TotalSpend and KeptRevenue + RevenueAtRisk =
// TotalRevenue, and KeptSpend never exceeds Budget.
type Scenario struct {
	Fraction     float64         `json:"fraction"`      // of today's spend, in (0, 1]
	TotalSpend   decimal.Decimal `json:"total_spend"`   // today's spend
	TotalRevenue decimal.Decimal `json:"total_revenue"` // today's attributed revenue
	Budget       decimal.Decimal `json:"budget"`        // Fraction × TotalSpend, exactly

	KeptSpend     decimal.Decimal `json:"kept_spend"`
	DroppedSpend  decimal.Decimal `json:"dropped_spend"`
	KeptRevenue   decimal.Decimal `json:"kept_revenue"`
	RevenueAtRisk decimal.Decimal `json:"revenue_at_risk"` // the revenue of the dropped spend

	// Kept and Dropped list what each channel keeps and loses, in rank
	// order ([RankChannels]). A channel appears in one of them, or in both
	// when cut pro-rata.
	Kept    []Allocation `json:"kept"`
	Dropped []Allocation `json:"dropped"`
}

// BudgetScenario answers "how would we engage on a fraction of today's
// spend?" for the returns given (usually [ChannelReturns]), with fraction
// in (0, 1]; [DefaultBudgetFraction] is the 15% of the exercise. The budget
// is fraction × total spend, exactly (the fraction is taken as the
// shortest decimal that reads back as the same float64, so 0.15 is 15/100).
//
// The model: channels are taken in rank order ([RankChannels]: best rate
// of return first) and kept whole while the budget lasts. The first
// channel that only partly fits is cut pro-rata: it keeps what is left of
// the budget, and its revenue is assumed to shrink in proportion to its
// spend (kept revenue = revenue × kept spend / spend, rounded down to 4
// decimal places, the remainder being at risk). Every channel with spend
// after it is dropped whole. Channels that cost nothing are kept wherever
// they rank: they use none of the budget. Real returns
// are seldom proportional - the first money in a channel usually earns
// more than the last - so the revenue kept from a cut channel is an
// estimate; the whole-channel figures are not.
//
// Errors are those of [RankChannels], and a *[FieldError] naming
// "fraction" when it is not in (0, 1].
func BudgetScenario(returns []Return, fraction float64) (Scenario, error) {
	if math.IsNaN(fraction) || fraction <= 0 || fraction > 1 {
		return Scenario{}, fieldError("fraction", strconv.FormatFloat(fraction, 'g', -1, 64),
			"budget fraction must be more than 0 and at most 1, such as 0.15")
	}
	ranked, err := RankChannels(returns)
	if err != nil {
		return Scenario{}, err
	}
	s := Scenario{Fraction: fraction}
	for _, r := range ranked {
		s.TotalSpend = s.TotalSpend.Add(r.Spend)
		s.TotalRevenue = s.TotalRevenue.Add(r.Revenue)
	}
	s.Budget = s.TotalSpend.Mul(decimal.NewFromFloat(fraction))
	left := s.Budget
	for _, r := range ranked {
		switch {
		case r.Spend.Cmp(left) <= 0:
			s.Kept = append(s.Kept, Allocation{Name: r.Name, Spend: r.Spend, Revenue: r.Revenue})
			left = left.Sub(r.Spend)
		case left.Sign() > 0:
			revenue, _ := r.Revenue.Mul(left).QuoRem(r.Spend, proRataPlaces)
			s.Kept = append(s.Kept, Allocation{Name: r.Name, Spend: left, Revenue: revenue, Partial: true})
			s.Dropped = append(s.Dropped, Allocation{Name: r.Name, Spend: r.Spend.Sub(left),
				Revenue: r.Revenue.Sub(revenue), Partial: true})
			left = decimal.Decimal{}
		default:
			s.Dropped = append(s.Dropped, Allocation{Name: r.Name, Spend: r.Spend, Revenue: r.Revenue})
		}
	}
	for _, a := range s.Kept {
		s.KeptSpend = s.KeptSpend.Add(a.Spend)
		s.KeptRevenue = s.KeptRevenue.Add(a.Revenue)
	}
	for _, a := range s.Dropped {
		s.DroppedSpend = s.DroppedSpend.Add(a.Spend)
		s.RevenueAtRisk = s.RevenueAtRisk.Add(a.Revenue)
	}
	return s, nil
}

// String returns the report [Scenario.WriteReport] writes.
func (s Scenario) String() string {
	var b strings.Builder
	s.WriteReport(&b) // a strings.Builder does not fail
	return b.String()
}

// WriteReport writes the scenario to w for people: the budget, what is
// kept and dropped, channel by channel, and the revenue at risk. It
// returns the first error writing to w.
func (s Scenario) WriteReport(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("Budget: %s of today's spend of %s is %s.\n",
		percentText(s.Fraction), s.TotalSpend, s.Budget)
	ew.printf("Kept: spend %s, revenue %s of %s.\n", s.KeptSpend, s.KeptRevenue, s.TotalRevenue)
	for _, a := range s.Kept {
		ew.printf("  + %s\n", allocationText(a, "kept"))
	}
	ew.printf("Dropped: spend %s, revenue at risk %s.\n", s.DroppedSpend, s.RevenueAtRisk)
	for _, a := range s.Dropped {
		ew.printf("  - %s\n", allocationText(a, "dropped"))
	}
	return ew.err
}

func allocationText(a Allocation, verb string) string {
	s := fmt.Sprintf("%s: spend %s, revenue %s", a.Name, a.Spend, a.Revenue)
	if a.Partial {
		s += " (cut pro-rata; the part " + verb + ")"
	}
	return s
}

// percentText formats a fraction as a percentage with as many digits as it
// needs, such as "15%" or "12.5%".
func percentText(f float64) string {
	return decimal.NewFromFloat(f).Shift(2).String() + "%"
}

// AdvocacyOffset returns the advertising spend that advocates' referrals
// stand in for: advocates who promote the brand can let advertising spend
// fall. The referrals bring referrals × conversion new customers (an
// expected number, not rounded to whole customers), each of whom
// advertising would have cost costPerCustomer to acquire:
//
//	offset = referrals × conversion × costPerCustomer
//
// computed exactly, with conversion taken as the shortest decimal that
// reads back as the same float64 (0.25 is 25/100). referrals must not be
// negative, conversion must be in [0, 1] (the share of referrals that
// become customers), and costPerCustomer must not be negative; otherwise
// the error is a *[FieldError] naming "referrals", "conversion" or
// "cost_per_customer" and the value.
func AdvocacyOffset(referrals int, conversion float64, costPerCustomer decimal.Decimal) (decimal.Decimal, error) {
	if referrals < 0 {
		return decimal.Decimal{}, fieldError("referrals", strconv.Itoa(referrals), "referral count is negative")
	}
	if math.IsNaN(conversion) || conversion < 0 || conversion > 1 {
		return decimal.Decimal{}, fieldError("conversion", strconv.FormatFloat(conversion, 'g', -1, 64),
			"conversion rate must be from 0 to 1, such as 0.25")
	}
	if fe := checkMoney("cost_per_customer", costPerCustomer); fe != nil {
		return decimal.Decimal{}, fe
	}
	return decimal.NewFromInt(int64(referrals)).Mul(decimal.NewFromFloat(conversion)).Mul(costPerCustomer), nil
}
