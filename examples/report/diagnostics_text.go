package main

import "fmt"

// writeForecastCheck writes the check of the purchase model against the
// weeks it was not fitted on.
func writeForecastCheck(d *doc, c *diagnostics) {
	if c == nil {
		return
	}
	if c.Err != "" {
		d.line(1, "Check against a %d-week holdout: not available: %s.", holdoutWeeks, c.Err)
		return
	}
	t := c.Table.Total
	d.line(1, "Check: fitted on the record up to %s, BG/NBD predicted %s repeat purchases by the %s customers of then over the next %d weeks; they made %s (%+.1f%%).",
		date(c.CalibrationEnd), number(t.Predicted, 0), count(t.Customers), holdoutWeeks, number(t.Actual, 0), 100*(t.Predicted-t.Actual)/max(t.Actual, 1))
	tb := d.table(2, "purchases before", "customers", "mean actual", "mean predicted")
	for _, g := range c.Table.Groups {
		label := fmt.Sprint(g.Frequency)
		if g.OrMore {
			label += "+"
		}
		tb.row(label, count(g.Customers), fmt.Sprintf("%.2f", g.MeanActual), fmt.Sprintf("%.2f", g.MeanPredicted))
	}
	if n := len(c.Tracking.Periods); n > 0 {
		last := c.Tracking.Periods[n-1]
		d.line(1, "Cumulative repeat purchases by week %d: %s made, %s expected (the HTML page charts them week by week).",
			last.Period, count(last.CumulativeActual), number(last.CumulativeExpected, 0))
	}
}
