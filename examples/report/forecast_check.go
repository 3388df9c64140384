package main

import (
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/clv"
)

// holdoutWeeks is how much of the record the forecast check holds out: the
// model is fitted on what came before and judged on these weeks.
const holdoutWeeks = 26

// diagnostics is the check of the purchase model against a holdout: the
// calibration-holdout table and the week-by-week tracking of repeat
// purchases, fitted on the record less its last holdoutWeeks.
type diagnostics struct {
	CalibrationEnd time.Time
	Table          clv.HoldoutTable
	Tracking       clv.Tracking
	Err            string // why there is no check, when there is none
}

// purchaseOf returns in as a clv transaction, if it is a purchase.
func purchaseOf(in engagement.Interaction) (clv.Transaction, bool) {
	if in.Kind != engagement.Purchase {
		return clv.Transaction{}, false
	}
	return clv.Transaction{Customer: in.Customer, Time: in.Time, Amount: in.Amount}, true
}

// checkForecast fits BG/NBD on the purchases up to the calibration end and
// sets its predictions beside what the customers went on to buy by asOf.
// A record too short or too thin to check is a finding: the check says why
// in place of its figures.
func checkForecast(r *record) *diagnostics {
	d := &diagnostics{CalibrationEnd: r.AsOf.AddDate(0, 0, -7*holdoutWeeks)}
	ss, err := clv.Summarize(r.Purchases, d.CalibrationEnd, clv.SummaryOptions{HoldoutEnd: r.AsOf})
	if err != nil {
		d.Err = err.Error()
		return d
	}
	fit, err := clv.FitBGNBD(ss)
	if err != nil {
		d.Err = err.Error()
		return d
	}
	holdout := r.AsOf.Sub(d.CalibrationEnd).Hours() / (24 * 7)
	if d.Table, err = clv.CalibrationHoldout(fit.Model, ss, holdout, clv.HoldoutOptions{}); err != nil {
		d.Err = err.Error()
		return d
	}
	if d.Tracking, err = clv.TrackPurchases(fit.Model, r.Purchases, d.CalibrationEnd, clv.TrackingOptions{HoldoutEnd: r.AsOf}); err != nil {
		d.Err = err.Error()
	}
	return d
}

// layout writes the check and, for the page, its two charts.
func (c *diagnostics) layout(d *doc) {
	if c.Err != "" {
		d.line(1, "Check against a %d-week holdout: not available: %s.", holdoutWeeks, c.Err)
		return
	}
	t := c.Table.Total
	d.line(1, "Check: fitted on the record up to %s, BG/NBD predicted %s repeat purchases by the %s customers of then over the next %d weeks; they made %s (%+.1f%%).",
		date(c.CalibrationEnd), number(t.Predicted, 0), count(t.Customers), holdoutWeeks, number(t.Actual, 0), 100*(t.Predicted-t.Actual)/max(t.Actual, 1))
	tb := d.table(2, "purchases before", "customers", "mean actual", "mean predicted")
	holdout := barChart{Title: fmt.Sprintf("%d-week holdout: purchases per customer", holdoutWeeks),
		XTitle: "repeat purchases before the holdout", YTitle: "purchases per customer", Keys: []string{"made", "predicted"}}
	for _, g := range c.Table.Groups {
		label := fmt.Sprint(g.Frequency)
		if g.OrMore {
			label += "+"
		}
		tb.row(label, count(g.Customers), fmt.Sprintf("%.2f", g.MeanActual), fmt.Sprintf("%.2f", g.MeanPredicted))
		holdout.Labels = append(holdout.Labels, label, label)
		holdout.Values = append(holdout.Values, g.MeanActual, g.MeanPredicted)
	}
	if n := len(c.Tracking.Periods); n > 0 {
		last := c.Tracking.Periods[n-1]
		d.line(1, "Cumulative repeat purchases by week %d: %s made, %s expected (the HTML page charts them week by week).",
			last.Period, count(last.CumulativeActual), number(last.CumulativeExpected, 0))
	}
	d.figure(holdout.write)
	made, expected := series{Name: "made"}, series{Name: "expected (BG/NBD)"}
	for _, p := range c.Tracking.Periods {
		made.Points = append(made.Points, point{p.End, float64(p.CumulativeActual)})
		expected.Points = append(expected.Points, point{p.End, p.CumulativeExpected})
	}
	d.figure(lineChart{Title: "Cumulative repeat purchases", YTitle: "repeat purchases",
		Series: []series{made, expected}, Marks: []mark{{c.CalibrationEnd, "end of calibration"}}}.write)
}
