package digest

import (
	"errors"
	"time"

	"github.com/engagekit/engage/internal/fielderr"
	"github.com/engagekit/engage/listening"
)

// Period is the half-open span of time [Start, End) a [Digest] covers,
// such as a day or an hour.
type Period struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Day returns the period of the UTC calendar day holding t.
func Day(t time.Time) Period {
	y, m, d := t.UTC().Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Period{Start: start, End: start.AddDate(0, 0, 1)}
}

// Contains reports whether t lies in [p.Start, p.End).
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.Start) && t.Before(p.End)
}

// Validate reports a missing start or end, or an end not after the
// start, as a *[listening.FieldError] naming the field.
func (p Period) Validate() error {
	switch {
	case p.Start.IsZero():
		return invalid("period start", "", "start time is missing")
	case p.End.IsZero():
		return invalid("period end", "", "end time is missing")
	case !p.End.After(p.Start):
		return invalid("period end", p.End.UTC().Format(time.RFC3339Nano), "must be after the start "+p.Start.UTC().Format(time.RFC3339Nano))
	}
	return nil
}

// String returns the period as "start to end" in RFC 3339, UTC.
func (p Period) String() string {
	return p.Start.UTC().Format(time.RFC3339) + " to " + p.End.UTC().Format(time.RFC3339)
}

// invalid builds a *listening.FieldError with a plain reason, cutting an
// over-long value at a character boundary.
func invalid(field, value, reason string) *listening.FieldError {
	return &listening.FieldError{Field: field, Value: fielderr.Shorten(value), Err: errors.New(reason)}
}
