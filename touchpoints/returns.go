package touchpoints

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/engagekit/engage/internal/fielderr"
)

// Return is what a channel (or a single touch point) cost over a period and
// the revenue attributed to it over the same period. Choose media by
// return: [RankChannels] lists them from the best rate of return to the
// worst.
type Return struct {
	Name    string          `json:"name"`    // the channel, or the touch point's ID
	Spend   decimal.Decimal `json:"spend"`   // never negative
	Revenue decimal.Decimal `json:"revenue"` // attributed revenue, never negative
}

// Validate reports the first problem with r as a *[FieldError] naming the
// field (name, spend or revenue) and its value, or nil: the name must not
// be empty, and spend and revenue must not be negative.
func (r Return) Validate() error {
	if r.Name == "" {
		return fieldError("name", "", "return has no name; want a channel or touch point id")
	}
	if fe := checkMoney("spend", r.Spend); fe != nil {
		return fe
	}
	if fe := checkMoney("revenue", r.Revenue); fe != nil {
		return fe
	}
	return nil
}

// Infinite reports whether r has revenue and no spend: a rate of return
// that no finite number states. [RankChannels] ranks such returns first.
func (r Return) Infinite() bool { return r.Spend.Sign() == 0 && r.Revenue.Sign() > 0 }

// Rate returns the rate of return, revenue per unit of spend: 4.5 means 4.50
// came back for every 1.00 spent. It is +Inf when r is [Return.Infinite],
// and 0 when nothing was spent and nothing earned. It is the nearest
// float64 to the exact ratio.
func (r Return) Rate() float64 {
	switch {
	case r.Infinite():
		return math.Inf(1)
	case r.Spend.Sign() == 0:
		return 0
	}
	return ratio(r.Revenue, r.Spend)
}

// ROI returns the return on investment, (revenue - spend) / spend: 3.5 means
// 350% more came back than was spent, -1 that nothing came back. It is +Inf
// when r is [Return.Infinite], and 0 when nothing was spent and nothing
// earned.
func (r Return) ROI() float64 {
	switch {
	case r.Infinite():
		return math.Inf(1)
	case r.Spend.Sign() == 0:
		return 0
	}
	return ratio(r.Revenue.Sub(r.Spend), r.Spend)
}

// Net returns revenue less spend, exactly.
func (r Return) Net() decimal.Decimal { return r.Revenue.Sub(r.Spend) }

// TouchpointReturns returns, for each touch point in tps (in the order
// given), its cost as spend and the revenue attributed to it in revenue,
// keyed by touch point ID; a touch point missing from revenue earned
// nothing. The touch points must pass [Touchpoint.Validate] and have
// distinct IDs; every key of revenue must be the ID of one of them (a
// revenue figure for an unknown touch point is more likely a typo than
// money from nowhere), and no figure may be negative. Errors are
// *[FieldError] values naming the field, such as "touchpoints[2].cost" or
// "revenue[tp-9]", and the value.
func TouchpointReturns(tps []Touchpoint, revenue map[string]decimal.Decimal) ([]Return, error) {
	if err := validateAll(tps); err != nil {
		return nil, err
	}
	ids := make(map[string]bool, len(tps))
	for _, t := range tps {
		ids[t.ID] = true
	}
	for _, id := range slices.Sorted(maps.Keys(revenue)) {
		if !ids[id] {
			return nil, fieldError("revenue", id, "revenue for a touch point id that is not among the touch points")
		}
		if err := checkRevenue(id, revenue[id]); err != nil {
			return nil, err
		}
	}
	out := make([]Return, len(tps))
	for i, t := range tps {
		out[i] = Return{Name: t.ID, Spend: t.Cost, Revenue: revenue[t.ID]}
	}
	return out, nil
}

// ChannelReturns returns, for each channel, the cost of its touch points in
// tps as spend and the revenue attributed to it in revenue, keyed by
// channel, sorted by channel name. A channel of tps missing from revenue
// earned nothing. A channel in revenue with no touch point in tps is
// included with zero spend: money that came through a channel the business
// does not pay for, such as word of mouth, has an infinite rate of return
// ([Return.Infinite]). The touch points must pass [Touchpoint.Validate] and
// have distinct IDs, revenue keys must not be blank, and no figure may be
// negative; errors are as for [TouchpointReturns].
//
// To add up revenue attributed to touch points by channel, use
// [RevenueByChannel].
func ChannelReturns(tps []Touchpoint, revenue map[string]decimal.Decimal) ([]Return, error) {
	if err := validateAll(tps); err != nil {
		return nil, err
	}
	spend := make(map[string]decimal.Decimal)
	for _, t := range tps {
		spend[t.Channel] = spend[t.Channel].Add(t.Cost)
	}
	for _, ch := range slices.Sorted(maps.Keys(revenue)) {
		if strings.TrimSpace(ch) == "" {
			return nil, fieldError("revenue", ch, "revenue for an empty channel name")
		}
		if err := checkRevenue(ch, revenue[ch]); err != nil {
			return nil, err
		}
		if _, ok := spend[ch]; !ok {
			spend[ch] = decimal.Decimal{}
		}
	}
	out := make([]Return, 0, len(spend))
	for _, ch := range slices.Sorted(maps.Keys(spend)) {
		out = append(out, Return{Name: ch, Spend: spend[ch], Revenue: revenue[ch]})
	}
	return out, nil
}

// RevenueByChannel adds up revenue attributed to touch points (keyed by
// touch point ID) by the touch points' channels, exactly; its result is
// what [ChannelReturns] takes. Channels with no revenue are left out.
// Errors are as for [TouchpointReturns].
func RevenueByChannel(tps []Touchpoint, byTouchpoint map[string]decimal.Decimal) (map[string]decimal.Decimal, error) {
	rs, err := TouchpointReturns(tps, byTouchpoint)
	if err != nil {
		return nil, err
	}
	out := make(map[string]decimal.Decimal)
	for i, r := range rs {
		if r.Revenue.Sign() != 0 {
			ch := tps[i].Channel
			out[ch] = out[ch].Add(r.Revenue)
		}
	}
	return out, nil
}

// checkRevenue reports a bad revenue figure.
func checkRevenue(key string, d decimal.Decimal) error {
	if fe := checkMoney("revenue", d); fe != nil {
		fe.Field = "revenue[" + fielderr.Shorten(key) + "]"
		return fe
	}
	return nil
}

// Ranked is a return with its place in a ranking and the figures behind
// the place. Rate and ROI are the methods of the embedded Return.
type Ranked struct {
	Return

	// Rank is the place, 1 for the best.
	Rank int `json:"rank"`

	// ShareOfSpend is this return's share of the total spend ranked, from 0
	// to 1 (0 when nothing was spent at all).
	ShareOfSpend float64 `json:"share_of_spend"`
}

// String states the place and the figures behind it, such as
// "1. email: spend 100, revenue 450, return 4.50 (ROI 350%), 25% of spend",
// and says so when the return is infinite.
func (r Ranked) String() string {
	s := strconv.Itoa(r.Rank) + ". " + r.Name + ": spend " + r.Spend.String() + ", revenue " + r.Revenue.String() + ", "
	switch {
	case r.Infinite():
		s += "return infinite (revenue with no spend)"
	case r.Spend.Sign() == 0:
		s += "no return (nothing spent, nothing earned)"
	default:
		s += "return " + strconv.FormatFloat(r.Rate(), 'f', 2, 64) +
			" (ROI " + strconv.FormatFloat(r.ROI()*100, 'f', 0, 64) + "%)"
	}
	return s + ", " + percent(r.ShareOfSpend) + " of spend"
}

// RankChannels ranks returns from the best rate of return to the worst,
// with the figures behind each place. The returns are usually those of
// [ChannelReturns]; those of [TouchpointReturns] rank the same way.
//
// The order is total and exact (rates are compared as exact fractions,
// not as floats):
//   - returns with revenue and no spend ([Return.Infinite]) come first,
//     the larger revenue first;
//   - then the rest by rate of return, highest first, where a return with
//     neither spend nor revenue counts as a rate of 0;
//   - ties go by name, in byte order.
//
// Every return must pass [Return.Validate] and names must be distinct;
// the error for the first that fails names its index, such as
// "returns[2].spend" (and matches [ErrInvalid], and [ErrDuplicate] for a
// repeated name). RankChannels does not change returns.
func RankChannels(returns []Return) ([]Ranked, error) {
	seen := make(map[string]int, len(returns))
	var total decimal.Decimal
	for i, r := range returns {
		if err := r.Validate(); err != nil {
			return nil, prefixField(err, "returns["+strconv.Itoa(i)+"].")
		}
		if j, ok := seen[r.Name]; ok {
			return nil, &FieldError{Field: "returns[" + strconv.Itoa(i) + "].name", Value: fielderr.Shorten(r.Name),
				Err: duplicateError("name already used by returns[" + strconv.Itoa(j) + "]")}
		}
		seen[r.Name] = i
		total = total.Add(r.Spend)
	}
	sorted := slices.Clone(returns)
	slices.SortFunc(sorted, compareReturns)
	out := make([]Ranked, len(sorted))
	for i, r := range sorted {
		out[i] = Ranked{Return: r, Rank: i + 1}
		if total.Sign() > 0 {
			out[i].ShareOfSpend = ratio(r.Spend, total)
		}
	}
	return out, nil
}

// compareReturns orders returns best first: negative when a ranks ahead of
// b. See RankChannels for the order. It is a total order on valid returns:
// returns equal by rate and name are ordered by spend, larger first, then
// by revenue, so that only equal returns compare equal.
func compareReturns(a, b Return) int {
	ai, bi := a.Infinite(), b.Infinite()
	var c int
	switch {
	case ai && bi:
		c = b.Revenue.Cmp(a.Revenue)
	case ai:
		return -1
	case bi:
		return 1
	default:
		c = compareRates(b, a)
	}
	if c != 0 {
		return c
	}
	if c := cmp.Compare(a.Name, b.Name); c != 0 {
		return c
	}
	if c := b.Spend.Cmp(a.Spend); c != 0 {
		return c
	}
	return b.Revenue.Cmp(a.Revenue)
}

// compareRates compares the finite rates of return of a and b exactly,
// counting no spend (and so no revenue) as a rate of 0.
func compareRates(a, b Return) int {
	switch {
	case a.Spend.Sign() == 0 && b.Spend.Sign() == 0:
		return 0
	case a.Spend.Sign() == 0:
		return -b.Revenue.Sign() // 0 against b's rate, which is 0 only with no revenue
	case b.Spend.Sign() == 0:
		return a.Revenue.Sign()
	}
	// a.Revenue/a.Spend against b.Revenue/b.Spend, spends positive.
	return a.Revenue.Mul(b.Spend).Cmp(b.Revenue.Mul(a.Spend))
}
