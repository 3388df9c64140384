package plays

import (
	"context"
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
)

// Facts are what a [Trigger] reads about one customer: what was recorded
// before (the previous state record and the recent history) and what
// holds now (the profile, the classification and the health band), as of
// a time.
type Facts struct {
	// Customer is the customer the facts are about. Required.
	Customer engagement.CustomerID

	// Previous is the latest state record before AsOf (the previous run's
	// conclusion), or nil when there is none. [ReadHistory] fills it from
	// an [engagement.HistoryStore].
	Previous *engagement.StateRecord

	// History is the customer's recent state records, oldest first, all
	// before AsOf; Previous, when set, is normally the last of them.
	History []engagement.StateRecord

	// Profile is the customer's folded interactions as of AsOf; nil when
	// they have none.
	Profile *engagement.Profile

	// Stage is the customer's classification as of AsOf.
	Stage stages.Result

	// Band is the customer's health band now ("red"); empty when not
	// scored.
	Band string

	// AsOf is the time the facts hold at, and the time of the events
	// they trigger. Required.
	AsOf time.Time
}

// validate checks the fields every trigger needs.
func (f *Facts) validate() error {
	switch {
	case f.Customer == "":
		return fieldError("Facts.Customer", "", "customer id is empty")
	case f.AsOf.IsZero():
		return fieldError("Facts.AsOf", "", "time is missing")
	}
	return nil
}

// ReadHistory fills f.Previous and f.History from h: History gets the
// customer's records at or after from and strictly before f.AsOf, oldest
// first, and Previous the latest record strictly before f.AsOf, however
// old (a record at AsOf itself is this run's own, as in
// [stages.PreviousStages]). A zero from reads the whole history.
func ReadHistory(ctx context.Context, h engagement.HistoryStore, f *Facts, from time.Time) error {
	if err := f.validate(); err != nil {
		return err
	}
	var prev *engagement.StateRecord
	var hist []engagement.StateRecord
	for r, err := range h.States(ctx, f.Customer, time.Time{}, f.AsOf) {
		if err != nil {
			return fmt.Errorf("plays: history of %q: %w", f.Customer, err)
		}
		r := r
		prev = &r
		if from.IsZero() || !r.Time.Before(from) {
			hist = append(hist, r)
		}
	}
	f.Previous, f.History = prev, hist
	return nil
}

// day formats a time as its UTC date, as explanations give it.
func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// days formats a duration in whole days, rounded down.
func days(d time.Duration) string {
	n := int64(d / stages.Day)
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}
