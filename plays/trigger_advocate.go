package plays

import (
	"time"

	"github.com/engagekit/engage/stages"
)

// DefaultLapsingLead is how long before advocacy would lapse
// [AdvocateLapsing] warns by default: 30 days, a month in which to act
// before the stage's Stay window (120 days by default) runs out.
const DefaultLapsingLead = 30 * stages.Day

// AdvocateLapsing fires for a customer whose previous record was an
// advocate's when either
//
//   - the current stage fell from advocate: "stage fell from advocate to
//     returning since 2026-02-01", or
//   - the customer is still an advocate but the latest sign of advocacy
//     ([engagement.Profile.SinceAdvocacy]) is more than After ago though
//     not more than Stay: "last sign of advocacy 95 days ago (lapsing
//     after 90 days, lost after 120 days); an advocate at the record of
//     2026-02-01".
//
// With the defaults, Stay is [stages.DefaultRules]' AdvocacyWithin.Stay
// (120 days), the window in which an advocate stays one, and After is
// Stay less [DefaultLapsingLead] (90 days).
type AdvocateLapsing struct {
	// Stay is how long advocacy lasts; zero means
	// stages.DefaultRules().AdvocacyWithin.Stay. Set it from your own
	// [stages.Rules] when you classify with others.
	Stay time.Duration

	// After is the age of the latest sign of advocacy from which it is
	// lapsing; zero means Stay less DefaultLapsingLead. It must lie
	// between 0 and Stay.
	After time.Duration

	// Play is the play an event starts; "" for none.
	Play string
}

// Name returns "advocate_lapsing".
func (AdvocateLapsing) Name() string { return "advocate_lapsing" }

// Starts returns t.Play.
func (t AdvocateLapsing) Starts() string { return t.Play }

// windows returns Stay and After with their defaults, or an error naming a
// bad one.
func (t AdvocateLapsing) windows() (stay, after time.Duration, err error) {
	stay, after = t.Stay, t.After
	if stay == 0 {
		stay = stages.DefaultRules().AdvocacyWithin.Stay
	}
	if stay < 0 {
		return 0, 0, fieldError("AdvocateLapsing.Stay", stay.String(), "must not be negative")
	}
	if after == 0 {
		after = max(stay-DefaultLapsingLead, 0)
	}
	if after < 0 || after >= stay {
		return 0, 0, fieldError("AdvocateLapsing.After", after.String(), "must lie between 0 and Stay ("+stay.String()+")")
	}
	return stay, after, nil
}

// Check implements [Trigger].
func (t AdvocateLapsing) Check(f *Facts) (string, bool, error) {
	stay, after, err := t.windows()
	if err != nil {
		return "", false, err
	}
	if f.Previous == nil || f.Previous.Stage != stages.Advocate.String() {
		return "", false, nil
	}
	if now := f.Stage.Stage; now != stages.Advocate {
		return "stage fell from advocate to " + stageText(now) + " since " + day(f.Previous.Time), true, nil
	}
	if f.Profile == nil {
		return "", false, nil
	}
	since, ok := f.Profile.SinceAdvocacy()
	if !ok || since <= after || since > stay {
		return "", false, nil
	}
	return "last sign of advocacy " + days(since) + " ago (lapsing after " + days(after) + ", lost after " +
		days(stay) + "); an advocate at the record of " + day(f.Previous.Time), true, nil
}

// stageText names a stage, "unclassified" for the zero one.
func stageText(s stages.Stage) string {
	if s == stages.Unclassified {
		return "unclassified"
	}
	return s.String()
}
