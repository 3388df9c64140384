package engagement

import (
	"context"
	"fmt"
	"iter"
	"math"
	"time"
)

// StateRecord is what was concluded about a customer at one time: the
// stage of engagement, and the health band and score when scored. Records
// are kept by a [HistoryStore], so that the next classification can start
// from the stored stage (hysteresis needs it) and trends ("dropped a band
// this month") are queries over records, not refolds of interactions.
//
// Stage and Band are text: the stages package's Stage.String ("returning")
// and a band's name ("red"), since engagement imports neither.
type StateRecord struct {
	Customer CustomerID `json:"customer"`
	Time     time.Time  `json:"time"`
	// Stage is the stage's text form; required.
	Stage string `json:"stage"`
	// Band is the health band's name; empty when the customer was not
	// scored.
	Band string `json:"band,omitempty"`
	// Score is the health score, 0 to 100; meaningful only with a Band.
	Score float64 `json:"score,omitzero"`
}

// Validate reports the first problem with r as a *[FieldError], or nil.
func (r StateRecord) Validate() error {
	if err := checkKey("customer", string(r.Customer), 0); err != nil {
		return err
	}
	switch {
	case r.Time.IsZero():
		return fieldError("time", "", "time is missing")
	case !r.Time.After(minTime) || r.Time.After(maxTime):
		return fieldError("time", r.Time.Format(time.RFC3339), "time must lie within the years 1678 to 2262")
	}
	if err := checkKey("stage", r.Stage, MaxKeyBytes); err != nil {
		return err
	}
	if r.Band != "" {
		if err := checkKey("band", r.Band, MaxKeyBytes); err != nil {
			return err
		}
	}
	if math.IsNaN(r.Score) || r.Score < 0 || r.Score > 100 {
		return fieldError("score", fmt.Sprint(r.Score), "must lie between 0 and 100")
	}
	if r.Band == "" && r.Score != 0 {
		return fieldError("score", fmt.Sprint(r.Score), "a score needs its band")
	}
	return nil
}

// Equal reports whether r and s record the same, times compared as
// instants.
func (r StateRecord) Equal(s StateRecord) bool {
	return r.Customer == s.Customer && r.Time.Equal(s.Time) && r.Stage == s.Stage &&
		r.Band == s.Band && r.Score == s.Score
}

// HistoryStore is the optional capability of a [Store] to keep
// [StateRecord]s. [MemoryStore] and the SQL stores have it; package
// storetest checks it. A record naming a merged-away ID is kept under the
// customer the ID stands for ([IdentityStore]), and [Eraser.Erase]
// removes a customer's records with the rest.
type HistoryStore interface {
	// RecordStates stores records, all or nothing: if any fails
	// [StateRecord.Validate] it returns an error wrapping that
	// *FieldError and stores none. A record for a customer and time
	// (to the nanosecond) that has one already replaces it, so re-running
	// a day's snapshot is safe; within one call the later wins.
	RecordStates(ctx context.Context, rs ...StateRecord) error

	// States yields the records of one customer (resolving an alias) with
	// Time at or after from and before to (a zero bound is no bound), in
	// ascending order of Time. The iterator stops at the first error,
	// which it yields.
	States(ctx context.Context, id CustomerID, from, to time.Time) iter.Seq2[StateRecord, error]

	// LatestStates yields, for every customer with a record at or before
	// asOf, the latest such record, in ascending order of customer ID:
	// the previous stages and bands for the next run. The iterator stops
	// at the first error, which it yields.
	LatestStates(ctx context.Context, asOf time.Time) iter.Seq2[StateRecord, error]
}
