package main

import (
	"fmt"
	"io"
)

// writeForecastCheck writes the check of the purchase model against the
// weeks it was not fitted on.
func writeForecastCheck(w io.Writer, d *diagnostics) {
	if d == nil {
		return
	}
	if d.Err != "" {
		fmt.Fprintf(w, "  Check against a %d-week holdout: not available: %s\n", holdoutWeeks, d.Err)
		return
	}
	t := d.Table.Total
	fmt.Fprintf(w, "  Check: fitted on the record up to %s, BG/NBD predicted %.0f repeat purchases by the %d customers of then over the next %d weeks; they made %.0f (%+.1f%%).\n",
		d.CalibrationEnd.Format("2 Jan 2006"), t.Predicted, t.Customers, holdoutWeeks, t.Actual, 100*(t.Predicted-t.Actual)/max(t.Actual, 1))
	tw := table(w)
	fmt.Fprintln(tw, "    purchases before\tcustomers\tmean actual\tmean predicted\t")
	for _, g := range d.Table.Groups {
		label := fmt.Sprint(g.Frequency)
		if g.OrMore {
			label += "+"
		}
		fmt.Fprintf(tw, "    %s\t%d\t%.2f\t%.2f\t\n", label, g.Customers, g.MeanActual, g.MeanPredicted)
	}
	tw.Flush()
	if n := len(d.Tracking.Periods); n > 0 {
		last := d.Tracking.Periods[n-1]
		fmt.Fprintf(w, "  Cumulative repeat purchases by week %d: %d made, %.0f expected (the HTML page charts them week by week).\n",
			last.Period, last.CumulativeActual, last.CumulativeExpected)
	}
}
