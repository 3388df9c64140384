package engagement

import (
	"time"

	"github.com/shopspring/decimal"
)

// Interaction is one event between a customer and the business at a touch
// point: a purchase, a complaint, a survey answer, a referral.
type Interaction struct {
	// ID identifies the event, so that storing it twice stores it once.
	ID string `json:"id"`
	// Customer is who took part.
	Customer CustomerID `json:"customer"`
	// Time is when it happened. It must lie within the years 1678 to 2262,
	// the span of int64 nanoseconds since 1970.
	Time time.Time `json:"time"`
	// Kind is what happened.
	Kind Kind `json:"kind"`
	// Touchpoint identifies where it happened (a shop, the web site, the
	// call centre); empty when unknown.
	Touchpoint string `json:"touchpoint,omitempty"`
	// Amount is the money involved, never negative: what a Purchase paid
	// or a Return refunded. The zero value means none.
	Amount decimal.Decimal `json:"amount,omitzero"`
	// Rating is the customer's answer, if the event carries one (a survey,
	// a review with stars).
	Rating Rating `json:"rating,omitzero"`
	// Properties are the event's typed facts: order_id, sku, utm_source,
	// utm_campaign, device, locale, or any name of the caller's.
	Properties Properties `json:"properties,omitempty"`
}

// minTime and maxTime bound the times an Interaction may carry: those whose
// UnixNano is exact.
var (
	minTime = time.Unix(0, -1<<63)
	maxTime = time.Unix(0, 1<<63-1)
)

// Validate reports the first problem with in as a *[FieldError], or nil.
func (in Interaction) Validate() error {
	switch {
	case in.ID == "":
		return fieldError("id", "", "interaction id is empty")
	case in.Customer == "":
		return fieldError("customer", "", "customer id is empty")
	}
	if err := checkKey("id", in.ID, 0); err != nil {
		return err
	}
	if err := checkKey("customer", string(in.Customer), 0); err != nil {
		return err
	}
	if in.Touchpoint != "" {
		if err := checkKey("touchpoint", in.Touchpoint, 0); err != nil {
			return err
		}
	}
	switch {
	case in.Time.IsZero():
		return fieldError("time", "", "time is missing")
	case !in.Time.After(minTime) || in.Time.After(maxTime):
		return fieldError("time", in.Time.Format(time.RFC3339), "time must lie within the years 1678 to 2262")
	case in.Amount.Sign() < 0:
		return fieldError("amount", in.Amount.String(), "amount must not be negative")
	}
	if err := in.Kind.Validate(); err != nil {
		return err
	}
	if err := in.Rating.Validate(); err != nil {
		return err
	}
	return in.Properties.Validate("properties")
}

// Equal reports whether in and other describe the same event with the same
// facts: times are compared as instants and amounts as numbers, so 1.0 and
// 1.00 are equal, and properties by [Properties.Equal].
func (in Interaction) Equal(other Interaction) bool {
	return in.ID == other.ID && in.Customer == other.Customer &&
		in.Time.Equal(other.Time) && in.Kind == other.Kind &&
		in.Touchpoint == other.Touchpoint && in.Amount.Equal(other.Amount) &&
		in.Rating == other.Rating && in.Properties.Equal(other.Properties)
}

// Clone returns a copy of in that shares no memory with it.
func (in Interaction) Clone() Interaction {
	in.Properties = in.Properties.Clone()
	return in
}
