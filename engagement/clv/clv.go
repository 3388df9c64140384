package clv

import (
	"math"
	"strconv"

	"github.com/engagekit/engage/engagement"
	"github.com/shopspring/decimal"
)

// Model joins a purchase model and a spend model into a forecast of
// revenue and customer lifetime value. Both must be fitted on summaries in
// the same time unit and currency.
type Model struct {
	// Purchases is the BG/NBD purchase model, used when Predictor is nil.
	Purchases BGNBD

	// Predictor, when not nil, is the purchase model in place of
	// Purchases: a [ParetoNBD] or [MBGNBD] fit, or any [PurchasePredictor].
	Predictor PurchasePredictor

	// Spend is the spend model.
	Spend GammaGamma
}

// Horizon is the span of a forecast: Periods periods of PeriodLength each,
// each period's revenue discounted by DiscountRate per period.
type Horizon struct {
	// Periods is the number of periods; it must not be negative.
	Periods int

	// PeriodLength is the length of a period in the time unit of the
	// summaries; zero means 1. With weekly summaries, 52.0/12 gives months.
	PeriodLength float64

	// DiscountRate is the rate per period: the revenue of period i (1-based)
	// is divided by (1 + DiscountRate)^i. Zero means no discounting; it must
	// be greater than -1.
	DiscountRate float64
}

func (h Horizon) length() float64 {
	if h.PeriodLength == 0 {
		return 1
	}
	return h.PeriodLength
}

func (h Horizon) validate() error {
	switch {
	case h.Periods < 0:
		return fieldError("", "periods", strconv.Itoa(h.Periods), "periods must not be negative")
	case !finite(h.PeriodLength) || h.PeriodLength < 0:
		return fieldError("", "period length", floatString(h.PeriodLength), "period length must be finite and not negative")
	case !finite(h.DiscountRate) || h.DiscountRate <= -1:
		return fieldError("", "discount rate", floatString(h.DiscountRate), "discount rate must be finite and greater than -1")
	}
	return nil
}

// Forecast is what a customer is expected to buy over a horizon.
type Forecast struct {
	Customer engagement.CustomerID

	// Alive is P(alive) at the end of the calibration period.
	Alive float64

	// Purchases is the expected number of purchases over the horizon.
	Purchases float64

	// Spend is the expected spend per purchase.
	Spend decimal.Decimal

	// Revenue is the expected revenue over the horizon, undiscounted:
	// Purchases times the expected spend.
	Revenue decimal.Decimal

	// Value is the customer lifetime value over the horizon: the expected
	// revenue of each period discounted to the end of the calibration
	// period.
	Value decimal.Decimal
}

// Forecast returns the forecast for the customer with the summary s over
// h. Its money figures are rounded to [Places] with banker's rounding from
// the unrounded expectations:
//
//	Revenue = E[Y(nL)] · E[Z]
//	Value   = Σ_{i=1..n} (E[Y(iL)] - E[Y((i-1)L)]) · E[Z] / (1+d)^i
//
// with n periods of length L, E[Y] from the purchase model's
// ConditionalExpectedPurchases ([BGNBD.ConditionalExpectedPurchases] unless
// [Model.Predictor] is set) and E[Z] from [GammaGamma.ExpectedSpend].
func (m Model) Forecast(s Summary, h Horizon) (Forecast, error) {
	if err := h.validate(); err != nil {
		return Forecast{}, err
	}
	spend, err := m.Spend.expectedSpend(s)
	if err != nil {
		return Forecast{}, err
	}
	if m.Predictor != nil {
		return forecast(m.Predictor, spend, s, h)
	}
	return forecast(m.Purchases, spend, s, h) // not through an interface, which would allocate
}

// forecast is [Model.Forecast] with the purchase model p and the expected
// spend per purchase.
func forecast[P PurchasePredictor](p P, spend float64, s Summary, h Horizon) (Forecast, error) {
	alive, err := p.ProbabilityAlive(s)
	if err != nil {
		return Forecast{}, err
	}
	var prev, value float64
	for i := 1; i <= h.Periods; i++ {
		cum, err := p.ConditionalExpectedPurchases(s, float64(i)*h.length())
		if err != nil {
			return Forecast{}, err
		}
		value += math.Max(0, cum-prev) * spend / math.Pow(1+h.DiscountRate, float64(i))
		prev = cum
	}
	if !finite(value, prev*spend) {
		return Forecast{}, ErrNumerical
	}
	return Forecast{
		Customer:  s.Customer,
		Alive:     alive,
		Purchases: prev,
		Spend:     toMoney(spend),
		Revenue:   toMoney(prev * spend),
		Value:     toMoney(value),
	}, nil
}

// BaseForecast is the forecast for a customer base: the input to revenue
// estimates that take their baseline from a forecast rather than history.
type BaseForecast struct {
	// Customers holds one forecast per summary, in the order given.
	Customers []Forecast

	// Revenue is the sum of the customers' Revenue: the expected revenue
	// of the base over the horizon, undiscounted.
	Revenue decimal.Decimal

	// Value is the sum of the customers' Value: the lifetime value of the
	// base over the horizon.
	Value decimal.Decimal
}

// RevenuePerCustomer returns the expected revenue per customer over the
// horizon, Revenue divided by the number of customers, rounded to [Places]
// with banker's rounding: the baseline revenue per customer of a revenue
// estimate. It is zero for an empty base.
func (b BaseForecast) RevenuePerCustomer() decimal.Decimal {
	if len(b.Customers) == 0 {
		return decimal.Decimal{}
	}
	return b.Revenue.DivRound(decimal.NewFromInt(int64(len(b.Customers))), Places+4).RoundBank(Places)
}
