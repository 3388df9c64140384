package main

import (
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
func (f *findings) checkForecast(txs []clv.Transaction) {
	d := &diagnostics{CalibrationEnd: f.AsOf.AddDate(0, 0, -7*holdoutWeeks)}
	f.Diagnostics = d
	ss, err := clv.Summarize(txs, d.CalibrationEnd, clv.SummaryOptions{HoldoutEnd: f.AsOf})
	if err != nil {
		d.Err = err.Error()
		return
	}
	fit, err := clv.FitBGNBD(ss)
	if err != nil {
		d.Err = err.Error()
		return
	}
	holdout := f.AsOf.Sub(d.CalibrationEnd).Hours() / (24 * 7)
	if d.Table, err = clv.CalibrationHoldout(fit.Model, ss, holdout, clv.HoldoutOptions{}); err != nil {
		d.Err = err.Error()
		return
	}
	if d.Tracking, err = clv.TrackPurchases(fit.Model, txs, d.CalibrationEnd, clv.TrackingOptions{HoldoutEnd: f.AsOf}); err != nil {
		d.Err = err.Error()
	}
}
