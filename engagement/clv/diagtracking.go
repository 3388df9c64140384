package clv

import (
	"maps"
	"slices"
	"strconv"
	"time"
)

// TrackingOptions tunes [TrackPurchases]. The zero value tracks weekly over
// the calibration period alone, with a model in weeks.
type TrackingOptions struct {
	// Unit is the time unit of the model, as [SummaryOptions.Unit]; zero
	// means [Week].
	Unit time.Duration

	// Period is the length of a tracking period; zero means Unit. It must
	// be a whole number of days.
	Period time.Duration

	// HoldoutEnd, when not zero, extends the tracking past the calibration
	// end to its date in UTC, as [SummaryOptions.HoldoutEnd].
	HoldoutEnd time.Time
}

// TrackingPeriod is one period of a purchase tracking: the repeat purchases
// the cohort made in it and those the model expected.
type TrackingPeriod struct {
	// Period numbers the periods from 1.
	Period int

	// End is the date (midnight UTC) of the last day of the period.
	End time.Time

	// Holdout is true for a period that ends after the calibration end.
	Holdout bool

	// Actual is the number of repeat purchase days in the period, and
	// CumulativeActual the number up to its end.
	Actual, CumulativeActual int

	// Expected is the model's expected repeat purchases in the period, and
	// CumulativeExpected those up to its end.
	Expected, CumulativeExpected float64
}

// Tracking is the week-by-week (or period-by-period) comparison of a
// cohort's repeat purchases with a model's expectation, as in the tracking
// plots of Fader, Hardie & Lee (2005).
type Tracking struct {
	// Customers is the size of the cohort: the customers whose first
	// purchase falls in the calibration period.
	Customers int

	// Calibration is the number of periods that end on or before the
	// calibration end.
	Calibration int

	// Periods runs from the period of the cohort's earliest first
	// purchase to the one holding the last day tracked.
	Periods []TrackingPeriod
}

// TrackPurchases returns the tracking of the repeat purchases in txs by
// the cohort of customers whose first purchase falls on or before the
// calibration end, from the day of the earliest first purchase to the
// calibration end or, when set, opts.HoldoutEnd. Purchases count by day as
// in [Summarize]. The expected cumulative purchases at the end of a period
// are Σ_i E[X(τ_i)], τ_i the time from customer i's first purchase to the
// end of that period (0 before it), E[X] from m.ExpectedPurchases.
//
// It refuses a bad transaction as [Summarize] does, returns a *[FieldError]
// for a bad option, [ErrNoCustomers] when no customer's first purchase
// falls in the calibration period, and the model's error for a value it
// cannot compute.
func TrackPurchases(m PurchasePredictor, txs []Transaction, calibrationEnd time.Time, opts TrackingOptions) (Tracking, error) {
	so := SummaryOptions{Unit: opts.Unit, HoldoutEnd: opts.HoldoutEnd}
	period := opts.Period
	if period == 0 {
		period = so.unit()
	}
	if period < 0 || period%(24*time.Hour) != 0 {
		return Tracking{}, fieldError("", "period", period.String(), "period must be a positive whole number of days")
	}
	step := int64(period / (24 * time.Hour))
	sm := NewSummarizer(calibrationEnd, so)
	for _, tx := range txs {
		if err := sm.Add(tx); err != nil {
			return Tracking{}, err
		}
	}

	// Each customer's purchase days, in order and without repeats.
	days := make([][]int64, len(sm.ids))
	for _, r := range sm.rows {
		days[r.cust] = append(days[r.cust], int64(r.day))
	}
	firsts := make(map[int64]int) // first purchase day -> customers
	var repeats []int64
	var tr Tracking
	for _, d := range days {
		slices.Sort(d)
		d = slices.Compact(d)
		if len(d) == 0 || d[0] > sm.calEnd {
			continue
		}
		tr.Customers++
		firsts[d[0]]++
		repeats = append(repeats, d[1:]...)
	}
	if tr.Customers == 0 {
		return Tracking{}, ErrNoCustomers
	}
	// Summing in the order of the first days keeps the sums reproducible.
	order := slices.Sorted(maps.Keys(firsts))
	start := order[0]
	n := (sm.holdEnd-start)/step + 1
	if n > 1e6 {
		return Tracking{}, fieldError("", "period", period.String(), "more than 1000000 periods ("+strconv.FormatInt(n, 10)+")")
	}
	tr.Periods = make([]TrackingPeriod, n)
	for _, d := range repeats {
		tr.Periods[(d-start)/step].Actual++
	}

	dayUnit := float64(24*time.Hour) / float64(so.unit())
	cache := make(map[int64]float64) // days since a first purchase -> E[X]
	expected := func(days int64) (float64, error) {
		if v, ok := cache[days]; ok {
			return v, nil
		}
		v, err := m.ExpectedPurchases(float64(days) * dayUnit)
		if err != nil {
			return 0, err
		}
		cache[days] = v
		return v, nil
	}
	var cumA int
	var prev float64
	for k := range tr.Periods {
		p := &tr.Periods[k]
		last := min(start+int64(k+1)*step-1, sm.holdEnd)
		p.Period = k + 1
		p.End = time.Unix(last*86400, 0).UTC()
		p.Holdout = last > sm.calEnd
		if !p.Holdout {
			tr.Calibration++
		}
		cumA += p.Actual
		p.CumulativeActual = cumA
		var cum float64
		for _, f := range order {
			if f > last {
				break
			}
			v, err := expected(last - f)
			if err != nil {
				return Tracking{}, err
			}
			cum += float64(firsts[f]) * v
		}
		p.CumulativeExpected, p.Expected = cum, cum-prev
		prev = cum
	}
	return tr, nil
}
