package clv_test

import (
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement/clv"
	"github.com/shopspring/decimal"
)

// summaries returns a small fixed customer base: for each customer, weeks
// since the first purchase, repeat purchases, weeks to the last one and the
// mean spend of the repeat purchases.
func summaries() []clv.Summary {
	rows := []struct {
		x       int
		tx, age float64
		spend   string
	}{
		{0, 0, 38, ""}, {0, 0, 36, ""}, {0, 0, 39, ""}, {0, 0, 30, ""}, {0, 0, 35, ""},
		{0, 0, 33, ""}, {0, 0, 37, ""}, {0, 0, 31, ""}, {1, 2, 38, "12.50"}, {1, 20, 34, "40.00"},
		{2, 30, 39, "22.35"}, {2, 8, 36, "60.00"}, {3, 25, 32, "18.10"}, {4, 33, 37, "15.25"},
		{1, 5, 30, "55.00"}, {6, 36, 38, "48.80"}, {0, 0, 32, ""}, {2, 12, 35, "9.99"},
		{5, 28, 31, "35.40"}, {1, 30, 33, "21.00"},
	}
	ss := make([]clv.Summary, len(rows))
	for i, r := range rows {
		ss[i] = clv.Summary{Frequency: r.x, Recency: r.tx, Age: r.age}
		if r.spend != "" {
			ss[i].MeanSpend = decimal.RequireFromString(r.spend)
		}
	}
	return ss
}

func ExampleSummarize() {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 12, 0, 0, 0, time.UTC) }
	txs := []clv.Transaction{
		{Customer: "ann", Time: day(1), Amount: decimal.RequireFromString("20.00")},
		{Customer: "ann", Time: day(8), Amount: decimal.RequireFromString("5.00")},
		{Customer: "ann", Time: day(8), Amount: decimal.RequireFromString("10.00")}, // same day: one purchase
		{Customer: "ann", Time: day(22), Amount: decimal.RequireFromString("25.00")},
		{Customer: "bob", Time: day(15), Amount: decimal.RequireFromString("40.00")},
	}
	ss, err := clv.Summarize(txs, day(29), clv.SummaryOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range ss {
		fmt.Printf("%s: x=%d t_x=%.0f T=%.0f weeks, mean repeat spend %s\n",
			s.Customer, s.Frequency, s.Recency, s.Age, s.MeanSpend.StringFixed(2))
	}
	// Output:
	// ann: x=2 t_x=3 T=4 weeks, mean repeat spend 20.00
	// bob: x=0 t_x=0 T=2 weeks, mean repeat spend 0.00
}

func ExampleFitBGNBD() {
	fit, err := clv.FitBGNBD(summaries())
	if err != nil {
		fmt.Println(err)
		return
	}
	m := fit.Model
	fmt.Printf("converged=%v customers=%d\n", fit.Converged, fit.Customers)
	fmt.Printf("r=%.3f alpha=%.3f a=%.3f b=%.3f log-likelihood=%.3f\n", m.R, m.Alpha, m.A, m.B, fit.LogLikelihood)
	// Output:
	// converged=true customers=20
	// r=0.735 alpha=15.891 a=0.185 b=1.623 log-likelihood=-113.433
}

func ExampleBGNBD_ConditionalExpectedPurchases() {
	// The published CDNOW fit (Fader, Hardie & Lee 2005), in weeks.
	m := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	s := clv.Summary{Frequency: 2, Recency: 30.43, Age: 38.86}
	next, _ := m.ConditionalExpectedPurchases(s, 39)
	alive, _ := m.ProbabilityAlive(s)
	fmt.Printf("next 39 weeks: %.3f purchases; P(alive) = %.3f\n", next, alive)
	// Output:
	// next 39 weeks: 1.226 purchases; P(alive) = 0.727
}

func ExampleModel_Forecast() {
	m := clv.Model{
		Purchases: clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426},
		Spend:     clv.GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44},
	}
	s := clv.Summary{Customer: "ann", Frequency: 2, Recency: 30.43, Age: 38.86,
		MeanSpend: decimal.RequireFromString("22.35")}
	// A year in months (weekly summaries), discounted at 1% a month.
	f, err := m.Forecast(s, clv.Horizon{Periods: 12, PeriodLength: 52.0 / 12, DiscountRate: 0.01})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %.3f purchases at %s: revenue %s, lifetime value %s\n",
		f.Customer, f.Purchases, f.Spend, f.Revenue, f.Value)
	// Output:
	// ann: 1.559 purchases at 24.66: revenue 38.44, lifetime value 36.21
}

func ExampleModel_ForecastBase() {
	ss := summaries()
	bg, err := clv.FitBGNBD(ss)
	if err != nil {
		fmt.Println(err)
		return
	}
	gg, err := clv.FitGammaGamma(ss)
	if err != nil {
		fmt.Println(err)
		return
	}
	m := clv.Model{Purchases: bg.Model, Spend: gg.Model}
	base, err := m.ForecastBase(ss, clv.Horizon{Periods: 52})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("spend model: p=%.2f q=%.2f gamma=%.2f\n", gg.Model.P, gg.Model.Q, gg.Model.Gamma)
	fmt.Printf("revenue over 52 weeks: %s (%s per customer)\n", base.Revenue, base.RevenuePerCustomer())
	// Output:
	// spend model: p=7.25 q=3.99 gamma=13.05
	// revenue over 52 weeks: 1149.47 (57.47 per customer)
}
