package health_test

import (
	"errors"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/health"
	"github.com/engagekit/engage/stages"
)

// FuzzParseState reads stored records back: any stage and band text
// either parses to a stage and one of the bands or fails with the
// package's error, never a panic; and a parsed band scores.
func FuzzParseState(f *testing.F) {
	f.Add("returning", "green", 72.5)
	f.Add("", "", 0.0)
	f.Add("ADVOCATE", "amber", 101.0)
	f.Fuzz(func(t *testing.T, stage, band string, score float64) {
		rec := engagement.StateRecord{Customer: "ann", Time: time.Unix(0, 0), Stage: stage, Band: band, Score: score}
		st, err := health.ParseState(rec, nil)
		if err != nil {
			if !errors.Is(err, health.ErrInvalid) && !errors.Is(err, stages.ErrInvalid) {
				t.Fatalf("error %v matches neither ErrInvalid", err)
			}
			return
		}
		var s health.Set
		if _, err := s.Score(&health.Facts{Stage: stages.Result{Stage: st.Stage}}, st.Band, time.Unix(0, 0)); err != nil {
			t.Fatalf("a parsed band %q does not score: %v", st.Band, err)
		}
	})
}
