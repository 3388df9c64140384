package outreach

import (
	"fmt"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
)

// Report says what one run of [Sender.Send] did with each
// customer of the audience. Each list is in ascending order of customer
// ID. After a run that returned no error every customer of the audience is
// in exactly one list; after one that stopped early, the customers it did
// not reach are in none.
type Report struct {
	Action string    // the action sent
	Time   time.Time // the run's time
	Window time.Time // the start of the cap window the run's keys belong to

	// Sent lists the customers contacted and recorded in this run,
	// including those whose earlier delivery had not been confirmed and
	// which the channel now confirms as a duplicate.
	Sent []Contact

	// AlreadySent lists customers already contacted with this action in
	// this window (the contact is recorded); nothing was sent.
	AlreadySent []engagement.CustomerID

	// NotAppropriate lists customers at a stage the action does not fit,
	// with the verdict's reason.
	NotAppropriate []Refusal

	// NoConsent lists customers who may not be contacted for the
	// Sender's purpose on its channel (see [Sender]), or whom the
	// store does not hold.
	NoConsent []engagement.CustomerID

	// NoConsentReasons says why, for the customers of NoConsent in the
	// same order.
	NoConsentReasons []ConsentRefusal

	// Capped lists customers the frequency cap protects.
	Capped []engagement.CustomerID

	// Failed lists customers whose delivery failed, with the error. A
	// failed delivery may still have reached the customer; see [Sender].
	Failed []Failure
}

// Contact is a customer contacted by [Sender.Send], with the channel's
// receipt.
type Contact struct {
	Customer engagement.CustomerID
	Receipt  Receipt
}

// Refusal is a customer [Sender.Send] did not contact because the action
// does not fit their stage.
type Refusal struct {
	Customer engagement.CustomerID
	Stage    stages.Stage
	Reason   string // the reason of the stages.Verdict
}

// Failure is a customer whose delivery failed, and why. Err matches
// [ErrTemporary] or [ErrPermanent] when the channel keeps its contract.
type Failure struct {
	Customer engagement.CustomerID
	Err      error
}

// String summarises the report on one line per outcome that has
// customers, such as "sent: c1, c2" and "capped: c3", followed under "no
// consent" by an indented line per customer saying why, such as
// "  c4: marketing on email refused at 2024-03-01T00:00:00Z".
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "outreach %s at %s", r.Action, r.Time.UTC().Format(time.RFC3339))
	line := func(label string, ids []engagement.CustomerID) {
		if len(ids) == 0 {
			return
		}
		b.WriteString("\n" + label + ": ")
		for i, id := range ids {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(string(id))
		}
	}
	line("sent", customersOf(r.Sent, func(c Contact) engagement.CustomerID { return c.Customer }))
	line("already sent", r.AlreadySent)
	line("not appropriate", customersOf(r.NotAppropriate, func(f Refusal) engagement.CustomerID { return f.Customer }))
	line("no consent", r.NoConsent)
	for _, c := range r.NoConsentReasons {
		b.WriteString("\n  " + string(c.Customer) + ": " + c.Reason)
	}
	line("capped", r.Capped)
	line("failed", customersOf(r.Failed, func(f Failure) engagement.CustomerID { return f.Customer }))
	return b.String()
}

// noConsent adds a customer refused for want of consent.
func (r *Report) noConsent(c ConsentRefusal) {
	r.NoConsent = append(r.NoConsent, c.Customer)
	r.NoConsentReasons = append(r.NoConsentReasons, c)
}

func customersOf[T any](xs []T, id func(T) engagement.CustomerID) []engagement.CustomerID {
	out := make([]engagement.CustomerID, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}
