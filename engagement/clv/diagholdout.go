package clv

import "strconv"

// HoldoutOptions tunes [CalibrationHoldout]. The zero value groups
// frequencies 0 to 6 one by one and 7 or more together.
type HoldoutOptions struct {
	// MaxFrequency is the calibration frequency of the last group, which
	// holds every customer with that many repeat purchases or more; zero
	// means 7. It must not be negative.
	MaxFrequency int
}

func (o HoldoutOptions) maxFrequency() int {
	if o.MaxFrequency == 0 {
		return 7
	}
	return o.MaxFrequency
}

// HoldoutGroup is one line of a calibration-versus-holdout table: the
// customers with one calibration frequency, their actual holdout purchases
// and those the model predicted for them.
type HoldoutGroup struct {
	// Frequency is the calibration frequency of the group; in the last
	// group (OrMore true) it is the least frequency of the group.
	Frequency int

	// OrMore is true for the last group, which holds every frequency from
	// Frequency up.
	OrMore bool

	// Customers is the number of customers in the group.
	Customers int

	// Actual and Predicted are the group's totals: the sum of the
	// customers' HoldoutFrequency and of their conditional expected
	// purchases over the holdout period.
	Actual, Predicted float64

	// MeanActual and MeanPredicted are the totals per customer; 0 for an
	// empty group.
	MeanActual, MeanPredicted float64
}

// HoldoutTable compares a model's predictions for a holdout period with
// what the customers bought in it, grouped by calibration frequency: the
// table behind Fader & Hardie's calibration-holdout plot.
type HoldoutTable struct {
	// Holdout is the length of the holdout period, in the model's unit.
	Holdout float64

	// Groups holds one group per frequency from 0 to the options'
	// MaxFrequency, the last one open-ended; empty groups are kept so that
	// tables compare line by line.
	Groups []HoldoutGroup

	// Total sums every group; its Frequency is 0 and OrMore true.
	Total HoldoutGroup
}

// CalibrationHoldout returns the calibration-versus-holdout table of the
// model m on the summaries ss, whose HoldoutFrequency counts the purchases
// of a holdout period of length holdout that follows the calibration
// period (see [SummaryOptions.HoldoutEnd]). The prediction for a customer
// is m.ConditionalExpectedPurchases(s, holdout).
//
// It returns [ErrNoCustomers] for no summaries, a *[FieldError] for a bad
// option, holdout length or summary (a negative HoldoutFrequency among
// them), and the model's error for a prediction it cannot make.
func CalibrationHoldout(m PurchasePredictor, ss []Summary, holdout float64, opts HoldoutOptions) (HoldoutTable, error) {
	if len(ss) == 0 {
		return HoldoutTable{}, ErrNoCustomers
	}
	if opts.MaxFrequency < 0 {
		return HoldoutTable{}, fieldError("", "max frequency", strconv.Itoa(opts.MaxFrequency), "max frequency must not be negative")
	}
	if !finite(holdout) || holdout < 0 {
		return HoldoutTable{}, fieldError("", "holdout", floatString(holdout), "holdout length must be finite and not negative")
	}
	maxF := opts.maxFrequency()
	t := HoldoutTable{Holdout: holdout, Groups: make([]HoldoutGroup, maxF+1)}
	for i := range t.Groups {
		t.Groups[i].Frequency = i
	}
	t.Groups[maxF].OrMore = true
	for _, s := range ss {
		if err := checkSummary(s); err != nil {
			return HoldoutTable{}, err
		}
		if s.HoldoutFrequency < 0 {
			return HoldoutTable{}, fieldError(s.Customer, "holdout frequency", strconv.Itoa(s.HoldoutFrequency), "holdout frequency must not be negative")
		}
		p, err := m.ConditionalExpectedPurchases(s, holdout)
		if err != nil {
			return HoldoutTable{}, err
		}
		g := &t.Groups[min(s.Frequency, maxF)]
		g.Customers++
		g.Actual += float64(s.HoldoutFrequency)
		g.Predicted += p
	}
	t.Total.OrMore = true
	for i := range t.Groups {
		g := &t.Groups[i]
		g.means()
		t.Total.Customers += g.Customers
		t.Total.Actual += g.Actual
		t.Total.Predicted += g.Predicted
	}
	t.Total.means()
	return t, nil
}

func (g *HoldoutGroup) means() {
	if g.Customers > 0 {
		n := float64(g.Customers)
		g.MeanActual, g.MeanPredicted = g.Actual/n, g.Predicted/n
	}
}
