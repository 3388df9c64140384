package stages

import (
	"context"
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
)

// Record returns the state record of res for customer at t, for an
// [engagement.HistoryStore]: the stage in its text form, no band. An
// Unclassified result has no text form, and a store refuses its record.
func (res Result) Record(customer engagement.CustomerID, t time.Time) engagement.StateRecord {
	return engagement.StateRecord{Customer: customer, Time: t, Stage: res.Stage.String()}
}

// StageOf reads the stage of a stored state record.
func StageOf(r engagement.StateRecord) (Stage, error) {
	var s Stage
	if err := s.UnmarshalText([]byte(r.Stage)); err != nil {
		return Unclassified, fmt.Errorf("stages: state record of %q at %s: %w", r.Customer, r.Time.UTC().Format(time.RFC3339), err)
	}
	return s, nil
}

// PreviousStages reads from h the latest stage recorded for each customer
// strictly before asOf: the prev argument of [Rules.Classify] for a run as
// of asOf, so that hysteresis holds across runs without the caller keeping
// stages. A record at asOf itself is this run's own (a re-run of the same
// day) and is not counted. Customers with no earlier record are absent
// from the map: classify them with Unclassified.
func PreviousStages(ctx context.Context, h engagement.HistoryStore, asOf time.Time) (map[engagement.CustomerID]Stage, error) {
	out := make(map[engagement.CustomerID]Stage)
	for r, err := range h.LatestStates(ctx, asOf.Add(-1)) {
		if err != nil {
			return nil, fmt.Errorf("stages: previous stages: %w", err)
		}
		s, err := StageOf(r)
		if err != nil {
			return nil, err
		}
		out[r.Customer] = s
	}
	return out, nil
}
