package clv

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/engagekit/engage/engagement"
)

// SummarizeStore is [SummarizeInteractions] on the interactions of store:
// it reads them through [engagement.Store.Interactions], up to the end of
// the holdout period (or, without one, of the calibration period), one at
// a time, and gives the same summaries as SummarizeInteractions on the same
// interactions. It returns an error wrapping the store's when reading fails,
// ctx.Err() included when ctx is done, and a *[FieldError] for a purchase
// it refuses.
func SummarizeStore(ctx context.Context, store engagement.Store, calibrationEnd time.Time, opts SummaryOptions) ([]Summary, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("clv: reading interactions: %w", err)
	}
	s := NewSummarizer(calibrationEnd, opts)
	// Nothing after the last day counted can change a summary. Interaction
	// times lie within int64 nanoseconds of 1970, so a bound beyond them is
	// no bound, and one before them selects nothing.
	var q engagement.Query
	switch to := time.Unix((s.holdEnd+1)*86400, 0).UTC(); {
	case to.Before(time.Unix(0, math.MinInt64)):
		return s.Summaries(), nil
	case !to.After(time.Unix(0, math.MaxInt64)):
		q.To = to
	}
	for in, err := range store.Interactions(ctx, q) {
		if err != nil {
			return nil, fmt.Errorf("clv: reading interactions: %w", err)
		}
		if err := s.AddInteraction(in); err != nil {
			return nil, err
		}
	}
	return s.Summaries(), nil
}
