package stages

import (
	"errors"
	"fmt"
)

// Tally sums classifications into a distribution over stages and an
// approval rating. The zero Tally is empty and ready to use.
type Tally struct {
	Distribution Distribution
	Satisfied    int // customers whose mean satisfaction is at least SatisfiedAt
	Answered     int // customers with at least one satisfaction answer
}

// SatisfiedAt is the mean satisfaction (1 to 5) at which a customer counts
// as approving in [Tally.Approval]: the top two boxes, 4 and 5.
const SatisfiedAt = 4.0

// Add counts one classification. Approval counts current customers only
// (the three stages of engagement).
func (t *Tally) Add(res Result) {
	t.Distribution.Add(res.Stage)
	if res.Stage.IsEngagement() && res.Signals.Answers > 0 {
		t.Answered++
		if res.Signals.Satisfaction >= SatisfiedAt {
			t.Satisfied++
		}
	}
}

// Approval returns the approval rating: the share of current customers
// who answered a satisfaction question and are satisfied, from 0 to 1, and
// false when nobody answered.
func (t *Tally) Approval() (float64, bool) {
	if t.Answered == 0 {
		return 0, false
	}
	return float64(t.Satisfied) / float64(t.Answered), true
}

// FocusRules decide where a business should put its effort now. The seeds:
// "pick your priority wisely": focus on the stage that fits customers'
// current expectations: fix the basics, grow returning customers, or
// nurture advocates and co-creation. The thresholds are this library's
// calibration, not published figures.
type FocusRules struct {
	// BasicsApproval: below this approval rating the business is not yet
	// meeting basic expectations, and the focus is Transactional (fix the
	// basics, consistently). Default 0.70.
	BasicsApproval float64

	// AdvocacyApproval and LoyalShare: at or above this approval rating,
	// with at least LoyalShare of customers returning or advocates, the
	// focus is Advocate (nurture advocates and co-creation). Defaults 0.85
	// and 0.50. Between the two, the focus is Returning.
	AdvocacyApproval float64
	LoyalShare       float64
}

// DefaultFocusRules returns approval 0.70 for the basics, and approval 0.85
// with half the customers loyal for advocacy.
func DefaultFocusRules() FocusRules {
	return FocusRules{BasicsApproval: 0.70, AdvocacyApproval: 0.85, LoyalShare: 0.50}
}

// Focus is where to put effort now, and why.
type Focus struct {
	Stage  Stage  // Transactional, Returning or Advocate
	Reason string // why, with the figures
}

// ErrNoCustomers is returned by [FocusRules.Focus] for a base with no
// current customers.
var ErrNoCustomers = errors.New("stages: no current customers to focus on")

// PickFocus is [FocusRules.Focus] with [DefaultFocusRules].
func PickFocus(d Distribution, approval float64) (Focus, error) {
	r := DefaultFocusRules()
	return r.Focus(d, approval)
}

// Focus picks the stage to focus on from the distribution of the base and
// its approval rating (0 to 1; see [Tally.Approval]). Where the rating is
// unknown, pass the share you believe; 0 focuses on the basics.
func (r FocusRules) Focus(d Distribution, approval float64) (Focus, error) {
	switch {
	case !(approval >= 0 && approval <= 1):
		return Focus{}, &InvalidError{Field: "approval", Value: formatFloat(approval), Reason: "want a share from 0 to 1"}
	case !(r.BasicsApproval <= r.AdvocacyApproval):
		return Focus{}, &InvalidError{Field: "FocusRules.AdvocacyApproval", Value: formatFloat(r.AdvocacyApproval),
			Reason: "must be at least BasicsApproval (" + formatFloat(r.BasicsApproval) + ")"}
	case d.Customers() == 0:
		return Focus{}, ErrNoCustomers
	}
	loyal := d.Share(Returning) + d.Share(Advocate)
	switch {
	case approval < r.BasicsApproval:
		return Focus{Transactional, fmt.Sprintf(
			"approval %.0f%% is below %.0f%%: customers expect the basics first; meet them consistently, with quality and service, before asking for more",
			100*approval, 100*r.BasicsApproval)}, nil
	case approval >= r.AdvocacyApproval && loyal >= r.LoyalShare:
		return Focus{Advocate, fmt.Sprintf(
			"approval %.0f%% and %.0f%% of customers loyal: nurture advocates, invite co-creation, and keep efforts from slipping, for advocacy decays fastest",
			100*approval, 100*loyal)}, nil
	}
	const grow = "grow returning customers with quick, simple, non-intrusive dialogue and goodwill"
	if approval >= r.AdvocacyApproval {
		return Focus{Returning, fmt.Sprintf(
			"approval %.0f%% meets the basics, but only %.0f%% of customers are loyal, below %.0f%%: %s",
			100*approval, 100*loyal, 100*r.LoyalShare, grow)}, nil
	}
	return Focus{Returning, fmt.Sprintf(
		"approval %.0f%% meets the basics but is below the %.0f%% advocacy asks for: %s",
		100*approval, 100*r.AdvocacyApproval, grow)}, nil
}
