package clv_test

import (
	"fmt"
	"os"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/clv"
	"github.com/shopspring/decimal"
)

func ExampleCalibrationHoldout() {
	m := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	ss := []clv.Summary{
		{Age: 30, HoldoutFrequency: 0},
		{Age: 28, HoldoutFrequency: 1},
		{Frequency: 1, Recency: 10, Age: 30, HoldoutFrequency: 0},
		{Frequency: 2, Recency: 25, Age: 29, HoldoutFrequency: 2},
		{Frequency: 5, Recency: 27, Age: 30, HoldoutFrequency: 4},
	}
	tab, err := clv.CalibrationHoldout(m, ss, 26, clv.HoldoutOptions{MaxFrequency: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, g := range append(tab.Groups, tab.Total) {
		label := fmt.Sprint(g.Frequency)
		switch {
		case i == len(tab.Groups):
			label = "all"
		case g.OrMore:
			label += "+"
		}
		fmt.Printf("%-3s n=%d actual %.2f predicted %.2f\n", label, g.Customers, g.MeanActual, g.MeanPredicted)
	}
	// Output:
	// 0   n=2 actual 0.50 predicted 0.17
	// 1   n=1 actual 0.00 predicted 0.42
	// 2+  n=2 actual 3.00 predicted 1.94
	// all n=5 actual 1.40 predicted 0.93
}

func ExampleAliveMatrix() {
	m := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	g, err := clv.AliveMatrix(m, clv.MatrixOptions{Age: 12, MaxFrequency: 3, Bins: 4})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, row := range g.Values {
		for j := range row {
			row[j] = float64(int(row[j]*1000+0.5)) / 1000 // three places, for print
		}
		g.Values[i] = row
	}
	if err := g.WriteCSV(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// frequency/recency,0,3,6,9,12
	// 0,1,1,1,1,1
	// 1,0.374,0.533,0.635,0.704,0.754
	// 2,0.185,0.421,0.609,0.733,0.812
	// 3,0.073,0.298,0.561,0.744,0.848
}

func ExampleTrackPurchases() {
	m := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	ten := decimal.RequireFromString("10.00")
	var txs []clv.Transaction
	for _, p := range []struct {
		who  string
		days []int
	}{
		{"ann", []int{1, 9, 16, 30}}, {"bob", []int{3, 20}}, {"cat", []int{8}}, {"dan", []int{10, 11, 12, 26}},
	} {
		for _, d := range p.days {
			txs = append(txs, clv.Transaction{Customer: engagement.CustomerID(p.who), Time: day(d), Amount: ten})
		}
	}
	tr, err := clv.TrackPurchases(m, txs, day(21), clv.TrackingOptions{HoldoutEnd: day(35)})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range tr.Periods {
		fmt.Printf("week %d (to %s) holdout=%v: actual %d, expected %.2f\n",
			p.Period, p.End.Format("01-02"), p.Holdout, p.CumulativeActual, p.CumulativeExpected)
	}
	// Output:
	// week 1 (to 01-07) holdout=false: actual 0, expected 0.08
	// week 2 (to 01-14) holdout=false: actual 3, expected 0.26
	// week 3 (to 01-21) holdout=false: actual 5, expected 0.45
	// week 4 (to 01-28) holdout=true: actual 6, expected 0.64
	// week 5 (to 02-04) holdout=true: actual 7, expected 0.82
}
