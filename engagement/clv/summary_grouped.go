package clv

import (
	"math"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// groupedByCustomer reports whether txs come grouped by customer in
// ascending order of ID, as exports and stores often give them, and if so
// returns where each customer's transactions start, with len(txs) last.
func groupedByCustomer(txs []Transaction) ([]int32, bool) {
	if len(txs) == 0 || len(txs) > math.MaxInt32 {
		return nil, len(txs) == 0
	}
	starts := []int32{0}
	for i := 1; i < len(txs); i++ {
		switch strings.Compare(string(txs[i-1].Customer), string(txs[i].Customer)) {
		case 1:
			return nil, false
		case -1:
			starts = append(starts, int32(i))
		}
	}
	return append(starts, int32(len(txs))), true
}

// summarizeGrouped is [Summarize] on transactions grouped by customer in
// ascending order of ID: it summarises one customer at a time, with no
// index of customers and no sort of them. It gives what a [Summarizer]
// gives, through the same per-customer code.
func summarizeGrouped(txs []Transaction, starts []int32, calibrationEnd time.Time, opts SummaryOptions) ([]Summary, error) {
	s := Summarizer{calEnd: dayOf(calibrationEnd), unit: opts.unit()}
	s.holdEnd = s.calEnd
	if !opts.HoldoutEnd.IsZero() {
		s.holdEnd = max(s.calEnd, dayOf(opts.HoldoutEnd))
	}
	unit := float64(24*time.Hour) / float64(s.unit)
	out := make([]Summary, 0, max(0, len(starts)-1))
	var (
		rows []row
		bigs []decimal.Decimal
	)
	for k := 1; k < len(starts); k++ {
		rows, bigs = rows[:0], bigs[:0]
		for _, tx := range txs[starts[k-1]:starts[k]] {
			r, ok, err := makeRow(tx, s.holdEnd, &bigs)
			if err != nil {
				return nil, err
			}
			if ok {
				rows = append(rows, r)
			}
		}
		if len(rows) > 0 {
			out = out[:len(out)+1]
			if !summarizeRows(&out[len(out)-1], txs[starts[k-1]].Customer, rows, bigs, s.calEnd, unit) {
				out = out[:len(out)-1]
			}
		}
	}
	return out, nil
}
