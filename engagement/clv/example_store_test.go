package clv_test

import (
	"context"
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/clv"
	"github.com/shopspring/decimal"
)

// ExampleSummarizeStore summarises the purchases kept in a store; other
// interactions are ignored.
func ExampleSummarizeStore() {
	ctx := context.Background()
	day := func(d int) time.Time { return time.Date(2024, 1, d, 12, 0, 0, 0, time.UTC) }
	store := engagement.NewMemoryStore()
	err := store.Append(ctx,
		engagement.Interaction{ID: "1", Customer: "ann", Time: day(1), Kind: engagement.Purchase, Amount: decimal.RequireFromString("20.00")},
		engagement.Interaction{ID: "2", Customer: "ann", Time: day(3), Kind: engagement.Visit},
		engagement.Interaction{ID: "3", Customer: "ann", Time: day(8), Kind: engagement.Purchase, Amount: decimal.RequireFromString("15.00")},
		engagement.Interaction{ID: "4", Customer: "ann", Time: day(22), Kind: engagement.Purchase, Amount: decimal.RequireFromString("25.00")},
		engagement.Interaction{ID: "5", Customer: "bob", Time: day(15), Kind: engagement.Purchase, Amount: decimal.RequireFromString("40.00")},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	ss, err := clv.SummarizeStore(ctx, store, day(29), clv.SummaryOptions{})
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

// ExampleFitGammaGammaWith fits the spend model to a base in which one
// repeat buyer only ever had free orders after the first: FitGammaGamma
// refuses the data, and SkipZeroSpend leaves that customer out and says so.
// The fit is that of the base without the customer (see
// ExampleModel_ForecastBase).
func ExampleFitGammaGammaWith() {
	ss := append(summaries(), clv.Summary{Customer: "free-orders", Frequency: 2, Recency: 10, Age: 30})
	if _, err := clv.FitGammaGamma(ss); err != nil {
		fmt.Println("FitGammaGamma:", err)
	}
	gg, err := clv.FitGammaGammaWith(ss, clv.FitOptions{SkipZeroSpend: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("fitted on %d repeat buyers, %d left out for zero spend\n", gg.Customers, gg.Skipped)
	fmt.Printf("p=%.2f q=%.2f gamma=%.2f\n", gg.Model.P, gg.Model.Q, gg.Model.Gamma)
	// Output:
	// FitGammaGamma: clv: customer "free-orders": mean spend "0": mean spend of a repeat buyer must be positive
	// fitted on 11 repeat buyers, 1 left out for zero spend
	// p=7.25 q=3.99 gamma=13.05
}

// ExampleModel_ForecastBaseContext forecasts a base on two workers with
// a progress report; the result is that of ForecastBase.
func ExampleModel_ForecastBaseContext() {
	ss := summaries()
	m := clv.Model{
		Purchases: clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426},
		Spend:     clv.GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44},
	}
	h := clv.Horizon{Periods: 12, PeriodLength: 52.0 / 12, DiscountRate: 0.01}
	base, err := m.ForecastBaseContext(context.Background(), ss, h, clv.ForecastOptions{
		Workers:  2,
		Progress: func(done, total int) { fmt.Printf("%d of %d customers forecast\n", done, total) },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("a year: revenue %s, lifetime value %s\n", base.Revenue, base.Value)
	// Output:
	// 20 of 20 customers forecast
	// a year: revenue 776.32, lifetime value 731.63
}
