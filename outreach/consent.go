package outreach

import (
	"context"
	"errors"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/internal/fielderr"
)

// ConsentRefusal is a customer [Sender.Send] did not contact for want of
// consent, and why.
type ConsentRefusal struct {
	Customer engagement.CustomerID

	// Decision is what the customer's consent records decided for the
	// Sender's purpose and channel at the run's time. When no record
	// applied (Decision.Decided reports false) the customer's
	// [engagement.Consent] decided instead, or the store does not hold
	// the customer.
	Decision engagement.ConsentDecision

	// Reason says why in words: the decision's text when a record decided,
	// such as "marketing on email refused at 2024-03-01T00:00:00Z
	// (unsubscribe link)"; otherwise "no record of marketing consent on
	// email; customer consent is unknown", or "customer not in the
	// store".
	Reason string
}

// consentFor decides whether the customer id, whose record is c, may be
// contacted for purpose on channel at now. The records decide when one
// applies; otherwise c's Consent does. It returns the refusal when contact
// is not allowed, and an error only when the store fails. The refusal
// names id, as the audience does, even when id is an alias and c.ID the
// customer it stands for.
func consentFor(ctx context.Context, store engagement.Store, id engagement.CustomerID, c engagement.Customer, purpose engagement.Purpose, channel string, now time.Time) (refusal *ConsentRefusal, err error) {
	var d engagement.ConsentDecision
	if cs, ok := store.(engagement.ConsentStore); ok {
		var records []engagement.ConsentRecord
		for r, err := range cs.ConsentRecords(ctx, id) {
			if err != nil {
				return nil, err
			}
			records = append(records, r)
		}
		d = engagement.ConsentAt(records, purpose, channel, now)
		if _, decided := d.Decided(); decided {
			if d.MayContact() {
				return nil, nil
			}
			return &ConsentRefusal{Customer: id, Decision: d, Reason: d.String()}, nil
		}
	}
	if c.Consent.MayContact() {
		return nil, nil
	}
	return &ConsentRefusal{Customer: id, Decision: d, Reason: noRecordReason(purpose, channel, c.Consent)}, nil
}

// noRecordReason explains a refusal when no consent record applies, such
// as "no record of marketing consent on email; customer consent is
// refused".
func noRecordReason(purpose engagement.Purpose, channel string, c engagement.Consent) string {
	on := ""
	if channel != "" {
		on = " on " + channel
	}
	return "no record of " + string(purpose) + " consent" + on + "; customer consent is " + c.String()
}

// notStored is the refusal of a customer the store does not hold.
func notStored(id engagement.CustomerID) ConsentRefusal {
	return ConsentRefusal{Customer: id, Reason: "customer not in the store"}
}

// checkConsentScope validates the Sender's purpose and consent channel
// as a consent record would hold them, and requires a channel when the
// store keeps consent records.
func (o *Sender) checkConsentScope(now time.Time) (engagement.Purpose, error) {
	purpose := o.Purpose
	if purpose == "" {
		purpose = engagement.PurposeMarketing
	}
	_, keeps := o.Store.(engagement.ConsentStore)
	if keeps && o.ConsentChannel == "" {
		return "", outreachError("Sender.ConsentChannel", "", "the store keeps consent records: name the channel they are matched against, such as "+engagement.ChannelEmail)
	}
	// Each must be valid in a consent record for any record to match.
	probe := engagement.ConsentRecord{Customer: "x", Purpose: purpose, Channel: o.ConsentChannel, State: engagement.ConsentGiven, Time: now}
	if err := probe.Validate(); err != nil {
		field, value := "Sender.Purpose", string(purpose)
		var fe *engagement.FieldError
		if errors.As(err, &fe) && fe.Field == "channel" {
			field, value = "Sender.ConsentChannel", o.ConsentChannel
		}
		reason := err
		if fe != nil {
			reason = fe.Err
		}
		return "", &FieldError{Field: field, Value: fielderr.Shorten(value), Err: reason}
	}
	return purpose, nil
}
