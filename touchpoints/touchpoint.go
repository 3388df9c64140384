package touchpoints

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Touchpoint is a place where the business and the public meet: an ad, a
// store, a web page, a service desk, a community. It sits at one [Phase] of
// the journey, is owned by one business [Function] (or by nobody), is run
// in-house or by an outside partner, is online or offline, and costs money
// every period.
//
// ID, Channel and Phase are required; the zero value of every other field
// is meaningful (no name, nobody owns it, offline, in-house, free).
type Touchpoint struct {
	// ID identifies the touch point: it is what an interaction records in
	// engagement.Interaction.Touchpoint. Any non-empty string will do.
	ID string `json:"id"`

	// Name is for people, such as "Spring newsletter".
	Name string `json:"name,omitempty"`

	// Channel is the medium the touch point uses, such as "email", "store",
	// "search_ads" or "call_centre". Returns are added up and ranked by
	// channel. Any non-empty string will do; it is compared exactly.
	Channel string `json:"channel"`

	// Phase is the step of the journey the touch point serves.
	Phase Phase `json:"phase"`

	// Owner is the function responsible for the touch point; empty means
	// nobody owns it, which a [Plan] reports as a silo.
	Owner Function `json:"owner,omitempty"`

	// Online is true for a touch point on the internet (web, email, social
	// media, search ads) and false for one in the physical world (store,
	// phone, event, print).
	Online bool `json:"online,omitzero"`

	// Partner is true when an outside partner (an agency, a reseller, a
	// call centre) runs the touch point, false when it is run in-house.
	Partner bool `json:"partner,omitzero"`

	// Cost is what the touch point costs per period (the caller's period:
	// a month, a year), never negative. It is the spend that returns are
	// measured against.
	Cost decimal.Decimal `json:"cost"`
}

// maxCostExponent bounds the exponent of a cost (1e-100 to 1e100 in steps),
// so that writing one out cannot take gigabytes.
const maxCostExponent = 100

// Validate reports the first problem with t as a *[FieldError] naming the
// field (id, channel, phase, owner or cost) and its value, or nil.
func (t Touchpoint) Validate() error {
	if t.ID == "" {
		return fieldError("id", "", "touch point id is empty")
	}
	if strings.TrimSpace(t.Channel) == "" {
		return fieldError("channel", t.Channel, "channel is empty; want one such as email, store or search_ads")
	}
	if !t.Phase.Valid() {
		return fieldError("phase", t.Phase.String(), "want one of the eight journey phases, awareness to advocacy")
	}
	if t.Owner != "" {
		if reason := functionProblem(t.Owner); reason != "" {
			return fieldError("owner", string(t.Owner), reason)
		}
	}
	if fe := checkMoney("cost", t.Cost); fe != nil {
		return fe
	}
	return nil
}

// checkMoney reports an amount that is negative or absurdly scaled.
func checkMoney(field string, d decimal.Decimal) *FieldError {
	if exp := d.Exponent(); exp > maxCostExponent || exp < -maxCostExponent {
		return fieldError(field, moneyText(d), "amount is out of range (exponent beyond ±100)")
	}
	if d.Sign() < 0 {
		return fieldError(field, d.String(), "amount is negative")
	}
	return nil
}

// moneyText describes d for an error message without writing out every
// digit of an absurd exponent.
func moneyText(d decimal.Decimal) string {
	if exp := d.Exponent(); exp > maxCostExponent || exp < -maxCostExponent {
		return d.Coefficient().String() + "e" + decimal.New(int64(exp), 0).String()
	}
	return d.String()
}

// Equal reports whether t and u hold the same facts. Costs are compared by
// value, so 12.5 and 12.50 are equal.
func (t Touchpoint) Equal(u Touchpoint) bool {
	return t.ID == u.ID && t.Name == u.Name && t.Channel == u.Channel && t.Phase == u.Phase &&
		t.Owner == u.Owner && t.Online == u.Online && t.Partner == u.Partner && t.Cost.Equal(u.Cost)
}
