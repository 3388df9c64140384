package outreach

import (
	"strconv"
	"time"

	"github.com/engagekit/engage/engagement"
)

// The interaction kinds [Sender] records: engagement's kinds for
// contacts the business initiates, which a profile leaves out (see
// [engagement.Kind.Initiated]), so a contact never makes a customer look
// recently seen.
const (
	// Kind marks a contact: a message the channel confirmed,
	// recorded once, with the message's ID as the interaction ID and the
	// Sender's touch point.
	Kind = engagement.Outreach

	// AttemptKind marks an attempt, recorded before each delivery,
	// so that a delivery whose confirmation was lost still counts against
	// the cap. It carries no touch point: it is not a contact.
	AttemptKind = engagement.OutreachAttempt
)

// The default frequency cap: one contact per customer per 7 days. The
// seeds warn that people "want to connect. They don't want to be spammed
// at every opportunity" (Building Relationships by Paying Attention to
// Customer Engagement). They give no figure; one contact a week is this
// library's reading, in line with common e-mail practice. Override it with
// [Sender.Cap].
const (
	DefaultCapMax    = 1
	DefaultCapWindow = 7 * 24 * time.Hour
)

// MaxCapWindow is the longest window a [Cap] may have: 10 years (of 365
// days).
const MaxCapWindow = 10 * 365 * 24 * time.Hour

// Cap bounds how often [Sender] contacts one customer: at most Max
// contacts in any span of Window, counting every action. A zero field
// means its default ([DefaultCapMax], [DefaultCapWindow]).
type Cap struct {
	Max    int
	Window time.Duration
}

// withDefaults returns c with zero fields set to their defaults, or an
// error naming a bad field.
func (c Cap) withDefaults() (Cap, error) {
	switch {
	case c.Max < 0:
		return c, outreachError("Sender.Cap.Max", strconv.Itoa(c.Max), "must not be negative")
	case c.Window < 0 || c.Window > MaxCapWindow:
		return c, outreachError("Sender.Cap.Window", c.Window.String(), "must lie between 0 (the default) and 10 years")
	}
	if c.Max == 0 {
		c.Max = DefaultCapMax
	}
	if c.Window == 0 {
		c.Window = DefaultCapWindow
	}
	return c, nil
}
