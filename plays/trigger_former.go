package plays

import (
	"strconv"
	"time"

	"github.com/engagekit/engage/stages"
)

// DefaultFormerFor is how long a customer must have been former before
// [FormerFor] fires by default: 90 days, a quarter, long enough that a
// win-back message is not the first thing a lapsed customer hears.
const DefaultFormerFor = 90 * stages.Day

// FormerFor fires for a customer who is former now and has been for at
// least For: the unbroken run of "former" records at the end of the
// history started For or more before the facts' time. The start is the
// first record of that run ("former since 2025-11-01 (the first of 3
// former records in the history), 120 days"), or the previous record when
// the history holds no former records ("former since 2025-11-01 (the
// previous record; the history holds none)"). When the run reaches back
// to the first record of the history, the customer may have been former
// for longer: the start is then a lower bound, and the trigger errs on the
// side of waiting.
type FormerFor struct {
	// For is how long the customer must have been former; zero means
	// [DefaultFormerFor].
	For time.Duration

	// Play is the play an event starts; "" for none.
	Play string
}

// Name returns "former_for".
func (FormerFor) Name() string { return "former_for" }

// Starts returns t.Play.
func (t FormerFor) Starts() string { return t.Play }

// Check implements [Trigger].
func (t FormerFor) Check(f *Facts) (string, bool, error) {
	d := t.For
	if d == 0 {
		d = DefaultFormerFor
	}
	if d < 0 {
		return "", false, fieldError("FormerFor.For", d.String(), "must not be negative")
	}
	if f.Stage.Stage != stages.Former {
		return "", false, nil
	}
	former := stages.Former.String()
	var since time.Time
	var which string
	n := 0
	for i := len(f.History) - 1; i >= 0 && f.History[i].Stage == former && f.History[i].Time.Before(f.AsOf); i-- {
		since = f.History[i].Time
		n++
	}
	switch {
	case n > 0:
		which = "the first of " + strconv.Itoa(n) + " former records in the history"
		if n == 1 {
			which = "the only former record at the end of the history"
		}
	case f.Previous != nil && f.Previous.Stage == former && f.Previous.Time.Before(f.AsOf):
		since, which = f.Previous.Time, "the previous record; the history holds none"
	default:
		return "", false, nil
	}
	age := f.AsOf.Sub(since)
	if age < d {
		return "", false, nil
	}
	return "former since " + day(since) + " (" + which + "), " + days(age) + ", at least " + days(d), true, nil
}
