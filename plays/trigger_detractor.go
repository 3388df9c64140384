package plays

import (
	"strconv"

	"github.com/engagekit/engage/engagement"
)

// BecameDetractor fires when the customer's latest likelihood-to-recommend
// answer ([engagement.Profile.Recommend]) is a detractor's (0 to 6) and
// was given after the previous state record, or at any time when there is
// no previous record: "answered 3 to the likelihood to recommend (a
// detractor's) on 2026-03-02, after the record of 2026-02-01". A
// customer with no profile or no answer never fires it.
type BecameDetractor struct {
	// Play is the play an event starts; "" for none.
	Play string
}

// Name returns "became_detractor".
func (BecameDetractor) Name() string { return "became_detractor" }

// Starts returns t.Play.
func (t BecameDetractor) Starts() string { return t.Play }

// Check implements [Trigger].
func (t BecameDetractor) Check(f *Facts) (string, bool, error) {
	if f.Profile == nil {
		return "", false, nil
	}
	answer, at, ok := f.Profile.Recommend()
	if !ok || engagement.ClassifyNPS(answer) != engagement.Detractor {
		return "", false, nil
	}
	why := "answered " + strconv.Itoa(answer) + " to the likelihood to recommend (a detractor's) on " + day(at)
	if f.Previous == nil {
		return why + ", with no earlier record", true, nil
	}
	if !at.After(f.Previous.Time) {
		return "", false, nil
	}
	return why + ", after the record of " + day(f.Previous.Time), true, nil
}
