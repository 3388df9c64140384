package outreach

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/internal/fielderr"
	"github.com/engagekit/engage/stages"
)

// Sender sends an action of the stages playbook to the customers it
// fits, through a [Channel], and records each contact in an
// [engagement.Store]. It never contacts a customer
//
//   - at a stage the action does not fit ([stages.Appropriate]),
//   - without consent for the Sender's purpose on its channel at the
//     run's time (see below; a customer the store does not hold has none),
//     or
//   - above the frequency cap ([Cap]),
//
// and it delivers each action to each customer at most once per cap
// window: the message's idempotency key is derived from the action, the
// customer (the ID it stands for, when Store is an
// [engagement.IdentityStore], so an alias and its customer share keys)
// and the window, so a re-run in the same window, or a retry
// after a failure, does not deliver again. Windows are consecutive spans
// of Cap.Window counted from the zero time.Time in UTC (so weekly windows
// begin on Mondays at 00:00 UTC).
//
// # Consent
//
// When Store keeps consent records ([engagement.ConsentStore]), the
// customer's records decide, as [engagement.ConsentAt] does for Purpose on
// ConsentChannel at the run's time: a record of that purpose on that
// channel or on every channel, no later than the run, applies, and the
// latest such record allows contact only if it is a grant that has not
// expired. So a withdrawal, or an expired grant, forbids contact even when
// the customer's [engagement.Consent] is given, and an old grant recorded
// after a newer withdrawal does not lift it. When no record applies, or
// the store keeps no records, the customer's Consent decides
// ([engagement.Consent.MayContact]). [Report.NoConsentReasons]
// says which way each refusal went.
//
// # What is recorded
//
// For each delivery a Sender first appends an attempt (Kind
// [AttemptKind], ID the key, a slash and the time in Unix
// nanoseconds), then delivers, then, once the channel confirms, appends
// the contact (Kind [Kind], ID the key, Touchpoint the Sender's
// touch point). The cap counts every key with an attempt or a contact less
// than Cap.Window away from the run's time, earlier or later: a delivery
// whose confirmation was lost counts, and so does one that failed, since
// a Sender cannot tell them apart (it errs on the side of contacting
// less). A later run in the same window delivers that key again, which
// the channel answers as a duplicate if it went out, and records the
// contact then.
//
// # Overlapping runs
//
// When Store is an [engagement.Leaser], runs may overlap, in one process
// or in several sharing a store: for each customer Send holds the lease
// "outreach/" followed by the customer's ID (the ID it stands for, when
// Store is an [engagement.IdentityStore], so that an alias and its
// customer share one lease; an ID too long for a lease name is replaced
// by "sha256-" and its hex SHA-256) while it reads the customer's outreach
// records, checks the cap and records the attempt, so no two runs both
// see room under the cap. It releases the lease before delivering: the
// attempt counts against the cap already. Two overlapping runs that send
// the same action to a customer in one window may both deliver its
// message; the channel answers the second as a duplicate, as its contract
// asks, and the contact is recorded once. A lease lapses by itself after
// [Sender.LeaseTTL], so a run that crashed holding one keeps the others
// from that customer that long at most.
//
// Without a Leaser, runs must not overlap for the same customers, in this
// process or another: two runs could each see room under the cap. Send
// then serialises the runs of one Sender, but not those of two Sender
// values.
//
// The zero Sender is not usable: Channel, Store and Touchpoint are
// required, and so is ConsentChannel when Store keeps consent records. The
// zero value of every other field is a default.
type Sender struct {
	// Channel delivers the messages. Required.
	Channel Channel

	// Store holds the customers (for their consent) and receives the
	// records. Required.
	Store engagement.Store

	// Touchpoint is the ID of the touch point the contacts happen at,
	// recorded on each contact. Required.
	Touchpoint string

	// Purpose is what the messages are for, the purpose consent records
	// are matched against; empty means [engagement.PurposeMarketing], as
	// the playbook's actions ask for the customer's time and goodwill
	// rather than serve an order of theirs.
	Purpose engagement.Purpose

	// ConsentChannel names the kind of channel the messages go out on, as
	// consent records name it ([engagement.ChannelEmail],
	// [engagement.ChannelSMS], ...). Required when Store keeps consent
	// records ([engagement.ConsentStore]): a withdrawal recorded for a
	// channel must never be missed because the channel went unnamed.
	ConsentChannel string

	// Playbook holds the actions Send may send; nil means the default
	// playbook ([stages.NewPlaybook] with no extra actions).
	Playbook *stages.Playbook

	// Cap is the frequency cap; the zero Cap is the default.
	Cap Cap

	// Compose writes the subject and body of the message for a customer;
	// nil gives the action's name as the subject and its description as
	// the body.
	Compose func(c engagement.Customer, a stages.Action) (subject, body string)

	// LeaseTTL is how long a customer's lease lasts, when Store is an
	// [engagement.Leaser], if Send does not release it: how long a run
	// that crashed holding it can keep other runs from the customer. It
	// must be comfortably longer than reading the customer's outreach
	// records and recording one attempt take (milliseconds on a healthy
	// store), or two runs could again both see room under the cap; zero
	// means [DefaultLeaseTTL].
	LeaseTTL time.Duration

	mu sync.Mutex // serialises Send when Store is no engagement.Leaser
}

// Send sends the named action of the playbook to the customers of
// audience, each at the stage the map gives, as of now, and reports what
// it did with each. Customers go in ascending order of ID.
//
// Send checks its setup first and fails, having done nothing, with a
// *[FieldError] naming the field: a nil Channel or Store, an empty
// Touchpoint, a bad Cap, a negative LeaseTTL, a Purpose or ConsentChannel no consent record
// could hold, a missing ConsentChannel when the store keeps consent
// records, an action not in the playbook, an empty customer ID in
// audience, or a zero now (or one outside the years 1678 to 2262).
//
// A failed delivery is reported in [Report.Failed] and the run
// goes on. The run stops, returning the report so far and an error, when
// ctx is done (the error wraps ctx.Err()) or the store fails (the error
// wraps the store's). A contact the channel confirmed is recorded even if
// ctx is done by then.
func (o *Sender) Send(ctx context.Context, action string, audience map[engagement.CustomerID]stages.Stage, now time.Time) (Report, error) {
	leaser, leased := o.Store.(engagement.Leaser)
	if !leased {
		o.mu.Lock()
		defer o.mu.Unlock()
	}
	report := Report{Action: action, Time: now}
	capped, purpose, a, err := o.check(action, audience, now)
	if err != nil {
		return report, err
	}
	ttl, err := o.leaseTTL()
	if err != nil {
		return report, err
	}
	report.Window = now.UTC().Truncate(capped.Window)
	run := outreachRun{o: o, cap: capped, purpose: purpose, action: a, now: now, window: report.Window, report: &report,
		leaser: leaser, ttl: ttl}
	for _, id := range slices.Sorted(maps.Keys(audience)) {
		if err := ctx.Err(); err != nil {
			return report, fmt.Errorf("outreach: send %s: stopped before customer %q: %w", a.Name, id, err)
		}
		if err := run.customer(ctx, id, audience[id]); err != nil {
			return report, err
		}
	}
	return report, nil
}

// check validates the setup and the arguments of Send, returning the cap
// with its defaults, the purpose and the action.
func (o *Sender) check(action string, audience map[engagement.CustomerID]stages.Stage, now time.Time) (Cap, engagement.Purpose, stages.Action, error) {
	switch {
	case o.Channel == nil:
		return Cap{}, "", stages.Action{}, outreachError("Sender.Channel", "", "channel is nil")
	case o.Store == nil:
		return Cap{}, "", stages.Action{}, outreachError("Sender.Store", "", "store is nil")
	case o.Touchpoint == "":
		return Cap{}, "", stages.Action{}, outreachError("Sender.Touchpoint", "", "touch point id is empty")
	case now.IsZero():
		return Cap{}, "", stages.Action{}, outreachError("now", "", "time is missing")
	case !now.After(minMessageTime) || now.After(maxMessageTime):
		return Cap{}, "", stages.Action{}, outreachError("now", now.Format(time.RFC3339), "time must lie within the years 1678 to 2262")
	}
	if _, ok := audience[""]; ok {
		return Cap{}, "", stages.Action{}, outreachError("audience", "", "customer id is empty")
	}
	capped, err := o.Cap.withDefaults()
	if err != nil {
		return Cap{}, "", stages.Action{}, err
	}
	purpose, err := o.checkConsentScope(now)
	if err != nil {
		return Cap{}, "", stages.Action{}, err
	}
	playbook := o.Playbook
	if playbook == nil {
		if playbook, err = stages.NewPlaybook(); err != nil {
			return Cap{}, "", stages.Action{}, err
		}
	}
	a, ok := playbook.Action(action)
	if !ok {
		return Cap{}, "", stages.Action{}, outreachError("action", action, "not in the playbook")
	}
	return capped, purpose, a, nil
}

// outreachRun is one run of Send.
type outreachRun struct {
	o       *Sender
	cap     Cap
	purpose engagement.Purpose
	action  stages.Action
	now     time.Time
	window  time.Time
	report  *Report
	leaser  engagement.Leaser // nil when the store has no leases
	ttl     time.Duration     // of a lease
}

// customer deals with one customer of the audience. It returns an error
// only when the run must stop.
func (r *outreachRun) customer(ctx context.Context, id engagement.CustomerID, stage stages.Stage) error {
	o, rep := r.o, r.report
	if v := stages.Appropriate(r.action, stage); !v.Allowed {
		rep.NotAppropriate = append(rep.NotAppropriate, Refusal{Customer: id, Stage: stage, Reason: v.Reason})
		return nil
	}
	c, err := o.Store.Customer(ctx, id)
	switch {
	case errors.Is(err, engagement.ErrNotFound):
		rep.noConsent(notStored(id))
		return nil
	case err != nil:
		return r.storeError(id, "reading the customer", err)
	}
	refusal, err := consentFor(ctx, o.Store, id, c, r.purpose, o.ConsentChannel, r.now)
	if err != nil {
		return r.storeError(id, "reading consent records", err)
	}
	if refusal != nil {
		rep.noConsent(*refusal)
		return nil
	}

	key, deliver, err := r.reserve(ctx, id)
	if !deliver || err != nil {
		return err
	}
	m := Message{ID: key, Customer: id, Action: r.action.Name, Time: r.now}
	if o.Compose != nil {
		m.Subject, m.Body = o.Compose(c, r.action)
	} else {
		m.Subject, m.Body = r.action.Name, r.action.Description
	}
	receipt, err := o.Channel.Deliver(ctx, m)
	if err != nil {
		rep.Failed = append(rep.Failed, Failure{Customer: id, Err: err})
		if cerr := ctx.Err(); cerr != nil {
			return fmt.Errorf("outreach: send %s: stopped at customer %q: %w", r.action.Name, id, cerr)
		}
		return nil
	}
	contact := engagement.Interaction{
		ID:         key,
		Customer:   id,
		Time:       r.now,
		Kind:       Kind,
		Touchpoint: o.Touchpoint,
	}
	// The message went out: record it even if ctx is done by now. A
	// conflict means an overlapping run recorded this contact first, at
	// its own time: it is recorded.
	if err := o.Store.Append(context.WithoutCancel(ctx), contact); err != nil && !errors.Is(err, engagement.ErrConflict) {
		err = r.storeError(id, "recording the contact (a later run in this window records it)", err)
		rep.Failed = append(rep.Failed, Failure{Customer: id, Err: err})
		return err
	}
	rep.Sent = append(rep.Sent, Contact{Customer: id, Receipt: receipt})
	return nil
}

// claim checks the cap for the message key to the customer id and, when
// there is room, records the attempt, reporting whether to deliver. The
// caller holds the customer's lease if the store has leases.
func (r *outreachRun) claim(ctx context.Context, id engagement.CustomerID, key string) (deliver bool, err error) {
	rep := r.report
	keys, contacted, err := r.history(ctx, id)
	if err != nil {
		return false, r.storeError(id, "reading earlier outreach", err)
	}
	if contacted[key] {
		rep.AlreadySent = append(rep.AlreadySent, id)
		return false, nil
	}
	others := len(keys)
	if keys[key] {
		others-- // an earlier attempt at this very message: trying it again adds no contact
	}
	if others >= r.cap.Max {
		rep.Capped = append(rep.Capped, id)
		return false, nil
	}
	attempt := engagement.Interaction{
		ID:       key + "/" + strconv.FormatInt(r.now.UnixNano(), 10),
		Customer: id,
		Time:     r.now,
		Kind:     AttemptKind,
	}
	if err := r.o.Store.Append(ctx, attempt); err != nil {
		return false, r.storeError(id, "recording the attempt", err)
	}
	return true, nil
}

// history reads the customer's outreach records less than a cap window
// from the run's time, either way, and returns the keys they belong to
// and the keys with a recorded contact.
func (r *outreachRun) history(ctx context.Context, id engagement.CustomerID) (keys, contacted map[string]bool, err error) {
	from := r.now.Add(-r.cap.Window + 1)
	if !from.After(minMessageTime) {
		from = minMessageTime.Add(1)
	}
	to := r.now.Add(r.cap.Window)
	if to.After(maxMessageTime) {
		to = maxMessageTime
	}
	keys, contacted = make(map[string]bool), make(map[string]bool)
	for in, err := range r.o.Store.Interactions(ctx, engagement.Query{Customer: id, From: from, To: to}) {
		if err != nil {
			return nil, nil, err
		}
		switch in.Kind {
		case Kind:
			keys[in.ID] = true
			contacted[in.ID] = true
		case AttemptKind:
			key := in.ID
			if i := strings.LastIndexByte(key, '/'); i >= 0 {
				key = key[:i]
			}
			keys[key] = true
		}
	}
	return keys, contacted, nil
}

func (r *outreachRun) storeError(id engagement.CustomerID, doing string, err error) error {
	return fmt.Errorf("outreach: send %s: customer %q: %s: %w", r.action.Name, id, doing, err)
}

// outreachKey derives the idempotency key of an action sent to a customer
// in the cap window starting at window: "outreach-" and 32 hex digits of a
// SHA-256 of the three. It is a hash so that any customer ID makes a key
// that can travel in a header.
func outreachKey(action string, id engagement.CustomerID, window time.Time) string {
	h := sha256.New()
	h.Write([]byte(action))
	h.Write([]byte{0})
	h.Write([]byte(id))
	h.Write([]byte{0})
	h.Write([]byte(window.UTC().Format(time.RFC3339Nano)))
	return "outreach-" + hex.EncodeToString(h.Sum(nil)[:16])
}

// outreachError reports a bad setup or argument of Send.
func outreachError(field, value, reason string) *FieldError {
	return &FieldError{Field: field, Value: fielderr.Shorten(value), Err: errors.New(reason)}
}
