package health

import (
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
)

// StateRecord returns the history record of r at time at: the customer,
// the stage's text form, and the band and score when scored, ready for
// [engagement.HistoryStore.RecordStates]. It fails, as the record's
// *engagement.FieldError (matching [engagement.ErrInvalid]), when the
// record would be invalid: no customer, an unclassified stage, a time out
// of range.
func (r *Result) StateRecord(at time.Time) (engagement.StateRecord, error) {
	rec := engagement.StateRecord{Customer: r.Customer, Time: at, Stage: r.Stage.String()}
	if r.Scored && r.Band != "" {
		rec.Band, rec.Score = r.Band, r.Score
	}
	if err := rec.Validate(); err != nil {
		return engagement.StateRecord{}, err
	}
	return rec, nil
}

// State is what a stored [engagement.StateRecord] says, read back: the
// previous stage for [stages.Classify] and the previous band for
// [Set.Score].
type State struct {
	Stage stages.Stage
	Band  string  // empty when the customer was not scored
	Score float64 // meaningful only with a Band
}

// ParseState reads a stored record back against bands (nil for
// [DefaultBands]). It fails, as an *[InvalidError] or the stage's
// *stages.InvalidError, when the stage text is not a stage or the band
// is not one of bands: scoring against changed bands needs the old band
// mapped by hand, or dropped.
func ParseState(rec engagement.StateRecord, bands *Bands) (State, error) {
	var st State
	if err := st.Stage.UnmarshalText([]byte(rec.Stage)); err != nil {
		return State{}, err
	}
	if rec.Band != "" {
		if bands == nil {
			bands = defaultBands
		}
		if _, ok := bands.Index(rec.Band); !ok {
			return State{}, invalid("band", rec.Band, "names none of the bands")
		}
		st.Band, st.Score = rec.Band, rec.Score
	}
	return st, nil
}
