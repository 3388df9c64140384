package clv

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/shopspring/decimal"
)

// Week is the default time unit of a summary.
const Week = 7 * 24 * time.Hour

// Transaction is one purchase: who, when and for how much.
type Transaction struct {
	Customer engagement.CustomerID
	Time     time.Time       // its calendar date in UTC is what counts
	Amount   decimal.Decimal // what was paid, never negative
}

// Summary is what the models need to know of one customer, as of the end of
// a calibration period, in the time unit of [SummaryOptions.Unit].
//
// Purchases are counted by day: all of a customer's transactions on one
// calendar date (in UTC) make one purchase, whose spend is their sum.
type Summary struct {
	Customer engagement.CustomerID

	// First is the date (midnight UTC) of the first purchase.
	First time.Time

	// Frequency (x) is the number of repeat purchase days in the
	// calibration period: the days with a purchase, less the first.
	Frequency int

	// Recency (t_x) is the time from the first purchase to the last one in
	// the calibration period; 0 when Frequency is 0.
	Recency float64

	// Age (T) is the time from the first purchase to the end of the
	// calibration period.
	Age float64

	// MeanSpend (z̄) is the mean spend of the repeat purchase days, rounded
	// half away from zero to 8 decimal places; 0 when Frequency is 0. The
	// first day's spend is left out, as Fader, Hardie & Lee do.
	MeanSpend decimal.Decimal

	// HoldoutFrequency is the number of purchase days after the calibration
	// period, up to [SummaryOptions.HoldoutEnd]; 0 without a holdout.
	HoldoutFrequency int

	// HoldoutSpend is the total spend in the holdout period.
	HoldoutSpend decimal.Decimal
}

// SummaryOptions tunes a summary. The zero value gives weeks and no
// holdout period.
type SummaryOptions struct {
	// Unit is the time unit of Recency and Age, and so of the fitted models
	// and their horizons; zero means [Week].
	Unit time.Duration

	// HoldoutEnd, when not zero, ends a holdout period that begins the day
	// after the calibration end; its date in UTC is the last day counted.
	// Purchases after it are ignored.
	HoldoutEnd time.Time
}

func (o SummaryOptions) unit() time.Duration {
	if o.Unit <= 0 {
		return Week
	}
	return o.Unit
}

// Summarize returns the summaries of the customers in txs whose first
// purchase falls on or before the calibration end, ordered by customer ID.
// The calibration period ends with the calendar date of calibrationEnd in
// UTC (that day included); ages and recencies are whole days converted to
// opts.Unit. The order of txs does not change the result, only the speed:
// transactions grouped by customer in ascending order of ID take about half
// the time.
//
// It refuses a transaction with no customer, no time or a negative amount
// with a *[FieldError].
func Summarize(txs []Transaction, calibrationEnd time.Time, opts SummaryOptions) ([]Summary, error) {
	if starts, ok := groupedByCustomer(txs); ok {
		return summarizeGrouped(txs, starts, calibrationEnd, opts)
	}
	s := NewSummarizer(calibrationEnd, opts)
	s.grow(len(txs))
	s.index = make(map[engagement.CustomerID]int32, len(txs)/4)
	for _, tx := range txs {
		if err := s.Add(tx); err != nil {
			return nil, err
		}
	}
	return s.Summaries(), nil
}

// SummarizeInteractions is [Summarize] on the purchases among ins: those of
// kind [engagement.Purchase], with Amount as the spend. Every other kind is
// ignored, [engagement.Return] included: a refund neither undoes the
// purchase event the models count nor lowers its spend.
func SummarizeInteractions(ins []engagement.Interaction, calibrationEnd time.Time, opts SummaryOptions) ([]Summary, error) {
	s := NewSummarizer(calibrationEnd, opts)
	for _, in := range ins {
		if err := s.AddInteraction(in); err != nil {
			return nil, err
		}
	}
	return s.Summaries(), nil
}

// A Summarizer builds summaries one transaction at a time, in any order.
// Two summarisers with the same calibration end and options merge into the
// summariser of all their transactions, so the work can be split. A
// Summarizer is not safe for concurrent use.
type Summarizer struct {
	calEnd  int64 // last day of the calibration period, in days since 1970-01-01
	holdEnd int64 // last day of the holdout period; calEnd when none
	unit    time.Duration

	index map[engagement.CustomerID]int32
	ids   []engagement.CustomerID
	rows  []row
	bigs  []decimal.Decimal // amounts too long for a row

	last    engagement.CustomerID // the customer of the last Add, and its index:
	lastIdx int32                 // input grouped by customer skips the map
}

// row is one transaction, its customer and day numbered. It holds no
// pointer, so the garbage collector need not scan the rows: the amount is
// coef·10^exp, or bigs[big] when big >= 0.
type row struct {
	coef int64
	cust int32
	day  int32
	exp  int32
	big  int32
}

// addTo adds the row's amount to s.
func (r row) addTo(s *sum, bigs []decimal.Decimal) {
	if r.big >= 0 {
		s.add(bigs[r.big])
		return
	}
	s.addInt(r.coef, r.exp)
}

// NewSummarizer returns an empty summariser for the calibration period that
// ends on the date of calibrationEnd in UTC.
func NewSummarizer(calibrationEnd time.Time, opts SummaryOptions) *Summarizer {
	s := &Summarizer{
		calEnd: dayOf(calibrationEnd),
		unit:   opts.unit(),
		index:  make(map[engagement.CustomerID]int32),
	}
	s.holdEnd = s.calEnd
	if !opts.HoldoutEnd.IsZero() {
		s.holdEnd = max(s.calEnd, dayOf(opts.HoldoutEnd))
	}
	return s
}

// dayOf returns the number of t's calendar date in UTC, counted in days
// from 1970-01-01.
func dayOf(t time.Time) int64 {
	sec := t.Unix()
	day := sec / 86400
	if sec%86400 < 0 {
		day--
	}
	return day
}

func (s *Summarizer) grow(n int) {
	s.rows = slices.Grow(s.rows, n)
}

// Add adds one transaction. It refuses a transaction with no customer, no
// time or a negative amount with a *[FieldError], and ignores one after the
// holdout (or, without one, the calibration) period.
func (s *Summarizer) Add(tx Transaction) error {
	r, ok, err := makeRow(tx, s.holdEnd, &s.bigs)
	if !ok || err != nil {
		return err
	}
	r.cust = s.customer(tx.Customer)
	s.rows = append(s.rows, r)
	return nil
}

// makeRow checks tx and returns its row, with no customer, appending an
// amount too long for a row to bigs; false when tx falls after holdEnd.
func makeRow(tx Transaction, holdEnd int64, bigs *[]decimal.Decimal) (row, bool, error) {
	switch {
	case tx.Customer == "":
		return row{}, false, fieldError("", "customer", "", "customer id is empty")
	case tx.Time.IsZero():
		return row{}, false, fieldError(tx.Customer, "time", "", "time is missing")
	case tx.Amount.Sign() < 0:
		return row{}, false, fieldError(tx.Customer, "amount", tx.Amount.String(), "amount must not be negative")
	}
	day := dayOf(tx.Time)
	if day > holdEnd {
		return row{}, false, nil
	}
	if day < math.MinInt32 {
		return row{}, false, fieldError(tx.Customer, "time", tx.Time.String(), "time is too far in the past")
	}
	r := row{day: int32(day), big: -1}
	if tx.Amount.NumDigits() <= 18 {
		r.coef, r.exp = tx.Amount.CoefficientInt64(), tx.Amount.Exponent()
	} else {
		r.big = int32(len(*bigs))
		*bigs = append(*bigs, tx.Amount)
	}
	return r, true, nil
}

// customer returns the index of the customer id, adding it if new.
func (s *Summarizer) customer(id engagement.CustomerID) int32 {
	if id == s.last && len(s.ids) > 0 {
		return s.lastIdx
	}
	i, ok := s.index[id]
	if !ok {
		i = int32(len(s.ids))
		s.index[id] = i
		s.ids = append(s.ids, id)
	}
	s.last, s.lastIdx = id, i
	return i
}

// AddInteraction adds in if it is a purchase and ignores it otherwise (see
// [SummarizeInteractions]).
func (s *Summarizer) AddInteraction(in engagement.Interaction) error {
	if in.Kind != engagement.Purchase {
		return nil
	}
	return s.Add(Transaction{Customer: in.Customer, Time: in.Time, Amount: in.Amount})
}

// Merge adds every transaction of other to s, leaving other as it was. It
// returns [ErrMismatch] when the two were built with different calibration
// ends, holdout ends or units.
func (s *Summarizer) Merge(other *Summarizer) error {
	if s.calEnd != other.calEnd || s.holdEnd != other.holdEnd || s.unit != other.unit {
		return ErrMismatch
	}
	s.grow(len(other.rows))
	offset := int32(len(s.bigs))
	s.bigs = append(s.bigs, other.bigs...)
	for _, r := range other.rows {
		r.cust = s.customer(other.ids[r.cust])
		if r.big >= 0 {
			r.big += offset
		}
		s.rows = append(s.rows, r)
	}
	return nil
}

// Summaries returns the summaries of the customers added so far whose first
// purchase falls in the calibration period, ordered by customer ID. The
// summariser stays usable.
func (s *Summarizer) Summaries() []Summary {
	// Order the customers by ID, then bucket the rows by customer (a
	// counting sort) and sort each customer's few rows by day.
	order := make([]int32, len(s.ids))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int { return strings.Compare(string(s.ids[i]), string(s.ids[j])) })
	rank := make([]int32, len(s.ids))
	for r, i := range order {
		rank[i] = int32(r)
	}
	start := make([]int32, len(s.ids)+1)
	for _, r := range s.rows {
		start[rank[r.cust]+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	next := slices.Clone(start[:len(s.ids)])
	sorted := make([]row, len(s.rows))
	for _, r := range s.rows {
		k := rank[r.cust]
		sorted[next[k]] = r
		next[k]++
	}

	unit := float64(24*time.Hour) / float64(s.unit)
	out := make([]Summary, 0, len(s.ids))
	for k, i := range order {
		out = out[:len(out)+1]
		if !summarizeRows(&out[len(out)-1], s.ids[i], sorted[start[k]:start[k+1]], s.bigs, s.calEnd, unit) {
			out = out[:len(out)-1]
		}
	}
	return out
}

// summarizeRows writes to dst, a zero Summary, the summary of one customer
// from their rows (at least one), which it sorts by day. It returns false,
// leaving dst as it was, when the first purchase falls after the
// calibration period, which ends on day calEnd. unit is the length of a day
// in the summary's unit. Writing in place spares copying the summaries.
func summarizeRows(dst *Summary, id engagement.CustomerID, rows []row, bigs []decimal.Decimal, calEnd int64, unit float64) bool {
	for i := 1; i < len(rows); i++ {
		if rows[i].day < rows[i-1].day { // most often they come in order
			slices.SortFunc(rows, func(a, b row) int { return int(a.day - b.day) })
			break
		}
	}
	first := rows[0].day
	if int64(first) > calEnd {
		return false
	}
	var (
		x, hx        int
		last         = first
		repeat, hold sum
	)
	lastCal := first
	for _, r := range rows {
		switch {
		case r.day == first:
		case int64(r.day) <= calEnd:
			if r.day != last {
				x++
				last = r.day
			}
			lastCal = r.day
			r.addTo(&repeat, bigs)
		default:
			if hx == 0 || r.day != last {
				hx++
				last = r.day
			}
			r.addTo(&hold, bigs)
		}
	}
	dst.Customer = id
	dst.First = time.Unix(int64(first)*86400, 0).UTC()
	dst.Frequency = x
	dst.Age = float64(calEnd-int64(first)) * unit
	dst.HoldoutFrequency = hx
	if hx > 0 {
		dst.HoldoutSpend = hold.value()
	}
	if x > 0 {
		dst.Recency = float64(lastCal-first) * unit
		dst.MeanSpend = repeat.mean(x)
	}
	return true
}
