package engagement

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"time"
)

// Consent records whether a customer agreed to be contacted. The zero value
// is ConsentUnknown, which does not allow contact.
type Consent uint8

// The consent states.
const (
	ConsentUnknown Consent = iota // never asked, or not recorded
	ConsentGiven                  // agreed to be contacted
	ConsentRefused                // refused or withdrew consent
)

var consentNames = [...]string{"unknown", "given", "refused"}

// String returns "unknown", "given" or "refused".
func (c Consent) String() string {
	if int(c) < len(consentNames) {
		return consentNames[c]
	}
	return fmt.Sprintf("Consent(%d)", uint8(c))
}

// MayContact reports whether the customer may be contacted: only with
// consent given.
func (c Consent) MayContact() bool { return c == ConsentGiven }

// MarshalText implements [encoding.TextMarshaler].
func (c Consent) MarshalText() ([]byte, error) {
	if int(c) >= len(consentNames) {
		return nil, fieldError("consent", c.String(), "unknown consent state")
	}
	return []byte(consentNames[c]), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. Besides the text
// forms it accepts the common yes/no spellings (yes, no, true, false, y, n,
// 1, 0) in any case; the empty text is ConsentUnknown.
func (c *Consent) UnmarshalText(text []byte) error {
	switch strings.ToLower(strings.TrimSpace(string(text))) {
	case "", "unknown":
		*c = ConsentUnknown
	case "given", "yes", "y", "true", "1":
		*c = ConsentGiven
	case "refused", "no", "n", "false", "0":
		*c = ConsentRefused
	default:
		return fieldError("consent", string(text), "want given, refused or unknown")
	}
	return nil
}

// Purpose is what a contact is for. Consent is given or refused per
// purpose (and per channel): a customer may welcome service messages and
// refuse marketing. Any name of 1 to [MaxKeyBytes] bytes will do; the
// constants are the common ones.
type Purpose string

// Common purposes.
const (
	PurposeMarketing Purpose = "marketing" // offers, newsletters, win-back and welcome plays
	PurposeService   Purpose = "service"   // messages about the customer's own orders and cases
	PurposeResearch  Purpose = "research"  // surveys and interviews
)

// Common channel names for [ConsentRecord.Channel].
const (
	ChannelEmail = "email"
	ChannelSMS   = "sms"
	ChannelPush  = "push"
	ChannelPhone = "phone"
	ChannelPost  = "post"
)

// ConsentRecord is one grant or withdrawal of consent by a customer, for
// one purpose on one channel (or on every channel). Records are an audit
// trail: they are added, never changed, and the state at any time is
// worked out from them by [ConsentAt].
type ConsentRecord struct {
	Customer CustomerID `json:"customer"`
	Purpose  Purpose    `json:"purpose"`
	// Channel is the channel the record is about ("email", "sms"); empty
	// means every channel, as an "unsubscribe from everything" does.
	Channel string `json:"channel,omitempty"`
	// State is ConsentGiven for a grant or ConsentRefused for a
	// withdrawal (or a refusal when asked); ConsentUnknown is not a record.
	State Consent `json:"state"`
	// Time is when the customer gave or withdrew consent, not when the
	// record was imported: the latest Time decides, so an old grant
	// imported late never overrides a newer withdrawal.
	Time time.Time `json:"time"`
	// Expires is when a grant lapses; zero means it does not. A
	// withdrawal has none.
	Expires time.Time `json:"expires,omitzero"`
	// Source says where the record came from ("signup form", "unsubscribe
	// link", "import crm-2024-03"), for the audit trail.
	Source string `json:"source,omitempty"`
}

// Validate reports the first problem with r as a *[FieldError], or nil.
func (r ConsentRecord) Validate() error {
	if r.Customer == "" {
		return fieldError("customer", "", "customer id is empty")
	}
	if err := checkKey("customer", string(r.Customer), 0); err != nil {
		return err
	}
	if err := checkKey("purpose", string(r.Purpose), MaxKeyBytes); err != nil {
		return err
	}
	if r.Channel != "" {
		if err := checkKey("channel", r.Channel, MaxKeyBytes); err != nil {
			return err
		}
	}
	switch {
	case r.State != ConsentGiven && r.State != ConsentRefused:
		return fieldError("state", r.State.String(), "want given or refused")
	case r.Time.IsZero():
		return fieldError("time", "", "time is missing")
	case !r.Time.After(minTime) || r.Time.After(maxTime):
		return fieldError("time", r.Time.Format(time.RFC3339), "time must lie within the years 1678 to 2262")
	case !r.Expires.IsZero() && r.State != ConsentGiven:
		return fieldError("expires", r.Expires.Format(time.RFC3339), "only a grant can expire")
	case !r.Expires.IsZero() && !r.Expires.After(r.Time):
		return fieldError("expires", r.Expires.Format(time.RFC3339), "a grant must expire after it is given")
	case !r.Expires.IsZero() && r.Expires.After(maxTime):
		return fieldError("expires", r.Expires.Format(time.RFC3339), "time must lie within the years 1678 to 2262")
	case len(r.Source) > MaxValueBytes:
		return fieldError("source", r.Source, fmt.Sprintf("is longer than %d bytes", MaxValueBytes))
	}
	return nil
}

// Equal reports whether r and s record the same thing, times compared as
// instants.
func (r ConsentRecord) Equal(s ConsentRecord) bool {
	return r.Customer == s.Customer && r.Purpose == s.Purpose && r.Channel == s.Channel &&
		r.State == s.State && r.Time.Equal(s.Time) && r.Expires.Equal(s.Expires) && r.Source == s.Source
}

// ConsentStore is the optional capability of a [Store] to keep
// [ConsentRecord]s. [MemoryStore] and the SQL stores have it; package
// storetest checks it.
type ConsentStore interface {
	// RecordConsent stores records, all or nothing: if any fails
	// [ConsentRecord.Validate] it returns an error wrapping that
	// *FieldError and stores none. A record Equal to one stored already
	// is stored once. The customer need not be stored; a record naming a
	// merged-away ID ([IdentityStore]) is kept under the customer the ID
	// stands for.
	RecordConsent(ctx context.Context, rs ...ConsentRecord) error

	// ConsentRecords yields the records of one customer (resolving a
	// merged-away ID), in ascending order of Time, then purpose, channel,
	// state, expiry and source. The iterator stops at the first error,
	// which it yields.
	ConsentRecords(ctx context.Context, id CustomerID) iter.Seq2[ConsentRecord, error]
}

// ConsentDecision is what the consent records say about contacting one
// customer for one purpose on one channel at one time, and why.
type ConsentDecision struct {
	// State is ConsentGiven when contact is allowed, ConsentRefused when
	// it was refused or withdrawn, ConsentUnknown when no record applies
	// or the deciding grant has expired.
	State Consent
	// Record is the record that decided; ok is false when none applied.
	Record ConsentRecord
	ok     bool
	// Expired is true when the deciding record is a grant that lapsed
	// before the time asked about.
	Expired bool
}

// MayContact reports whether the decision allows contact.
func (d ConsentDecision) MayContact() bool { return d.State == ConsentGiven }

// Decided reports whether a record applied, and returns it.
func (d ConsentDecision) Decided() (ConsentRecord, bool) { return d.Record, d.ok }

// String explains the decision in words.
func (d ConsentDecision) String() string {
	if !d.ok {
		return "no consent on record"
	}
	r := d.Record
	scope := "every channel"
	if r.Channel != "" {
		scope = r.Channel
	}
	verb := "given"
	if r.State == ConsentRefused {
		verb = "refused"
	}
	s := fmt.Sprintf("%s on %s %s at %s", r.Purpose, scope, verb, r.Time.UTC().Format(time.RFC3339))
	if r.Source != "" {
		s += " (" + r.Source + ")"
	}
	if d.Expired {
		s += ", expired at " + r.Expires.UTC().Format(time.RFC3339)
	}
	return s
}

// ConsentAt decides, from a customer's records, whether they may be
// contacted for purpose on channel at asOf.
//
// Only records of that purpose, on that channel or on every channel, and
// not later than asOf, apply. Of those the latest by Time decides; at the
// same Time a withdrawal beats a grant, and a channel's own record beats
// one for every channel. A deciding grant that has expired by asOf
// (Expires at or before it) allows no contact: the state is
// ConsentUnknown, with Expired set, until a newer grant. The order of
// records does not matter.
func ConsentAt(records []ConsentRecord, purpose Purpose, channel string, asOf time.Time) ConsentDecision {
	var d ConsentDecision
	for _, r := range records {
		if r.Purpose != purpose || r.Channel != "" && r.Channel != channel || r.Time.After(asOf) {
			continue
		}
		if d.ok && !consentBeats(r, d.Record) {
			continue
		}
		d.Record, d.ok = r, true
	}
	if !d.ok {
		return d
	}
	d.State = d.Record.State
	if d.State == ConsentGiven && !d.Record.Expires.IsZero() && !d.Record.Expires.After(asOf) {
		d.State, d.Expired = ConsentUnknown, true
	}
	return d
}

// consentBeats reports whether r decides over s: later, or at the same
// time a withdrawal over a grant, a channel's own record over an
// every-channel one, and then the later expiry and source, so that the
// result never depends on the order of records.
func consentBeats(r, s ConsentRecord) bool {
	if c := r.Time.Compare(s.Time); c != 0 {
		return c > 0
	}
	if r.State != s.State {
		return r.State == ConsentRefused
	}
	if (r.Channel == "") != (s.Channel == "") {
		return r.Channel != ""
	}
	if c := r.Expires.Compare(s.Expires); c != 0 {
		return r.Expires.IsZero() || !s.Expires.IsZero() && c > 0
	}
	return r.Source > s.Source
}

// CompareConsentRecords orders records as [ConsentStore.ConsentRecords]
// yields them: by Time, then purpose, channel, state, expiry and source.
func CompareConsentRecords(a, b ConsentRecord) int {
	if c := a.Time.Compare(b.Time); c != 0 {
		return c
	}
	if c := strings.Compare(string(a.Purpose), string(b.Purpose)); c != 0 {
		return c
	}
	if c := strings.Compare(a.Channel, b.Channel); c != 0 {
		return c
	}
	if a.State != b.State {
		return int(a.State) - int(b.State)
	}
	if c := a.Expires.Compare(b.Expires); c != 0 {
		return c
	}
	return strings.Compare(a.Source, b.Source)
}
