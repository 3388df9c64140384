package outreach_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/outreach/channeltest"
	"github.com/engagekit/engage/stages"
	"pgregory.net/rapid"
)

// outMachine drives a Sender through runs at any times (in any order),
// with consent changing between runs, the channel failing, stalling or
// losing receipts, and the store failing to record, and checks after every
// step that
//
//   - no customer ever received more than Cap.Max messages in any span of
//     Cap.Window, counting every message the channel really delivered;
//   - no message went to a customer without consent at the time (their
//     consent records for marketing on email decide, and their Consent
//     when none applies), or at a stage its action does not fit;
//   - every recorded contact is a delivered message, recorded once, and
//     every contact a report lists as sent is recorded;
//   - a completed run reports every customer of its audience exactly once.
type outMachine struct {
	store   *outFlakyStore
	mem     *outreach.MemoryChannel
	fault   outreach.Channel // what the Sender delivers through; set per run
	out     *outreach.Sender
	cap     outreach.Cap
	consent map[engagement.CustomerID]engagement.Consent
	records []engagement.ConsentRecord // every consent record, in the order recorded
	actions []stages.Action
	sent    map[string]bool // message IDs reported as sent
}

// outPool is the customers the machine draws from; "zed" is never stored.
var outPool = []engagement.CustomerID{"ann", "ben", "cat", "dan", "zed"}

// outFlakyStore fails appends of one kind while armed.
type outFlakyStore struct {
	*engagement.MemoryStore
	failKind engagement.Kind // "" means none
}

func (s *outFlakyStore) Append(ctx context.Context, batch ...engagement.Interaction) error {
	for _, in := range batch {
		if s.failKind != "" && in.Kind == s.failKind {
			return errStoreDown
		}
	}
	return s.MemoryStore.Append(ctx, batch...)
}

func newOutMachine(t *rapid.T) *outMachine {
	m := &outMachine{
		store:   &outFlakyStore{MemoryStore: engagement.NewMemoryStore()},
		mem:     outreach.NewMemoryChannel(),
		consent: make(map[engagement.CustomerID]engagement.Consent),
		actions: stages.DefaultActions(),
		sent:    make(map[string]bool),
		cap: outreach.Cap{
			Max:    rapid.IntRange(1, 3).Draw(t, "cap_max"),
			Window: time.Duration(rapid.IntRange(1, 5).Draw(t, "cap_days")) * outDay,
		},
	}
	m.fault = m.mem
	m.out = &outreach.Sender{
		Channel: outreach.ChannelFunc(func(ctx context.Context, msg outreach.Message) (outreach.Receipt, error) {
			return m.fault.Deliver(ctx, msg)
		}),
		Store:          m.store,
		Touchpoint:     "email",
		ConsentChannel: engagement.ChannelEmail,
		Cap:            m.cap,
	}
	for _, id := range outPool[:4] {
		m.setConsent(t, id, rapid.SampledFrom([]engagement.Consent{
			engagement.ConsentGiven, engagement.ConsentGiven, engagement.ConsentGiven, engagement.ConsentRefused, engagement.ConsentUnknown,
		}).Draw(t, "consent_"+string(id)))
	}
	return m
}

func (m *outMachine) setConsent(t *rapid.T, id engagement.CustomerID, c engagement.Consent) {
	if err := m.store.PutCustomers(context.Background(), engagement.Customer{ID: id, Consent: c}); err != nil {
		t.Fatalf("PutCustomers: %v", err)
	}
	m.consent[id] = c
}

// SetConsent changes a stored customer's consent.
func (m *outMachine) SetConsent(t *rapid.T) {
	id := rapid.SampledFrom(outPool[:4]).Draw(t, "customer")
	c := rapid.SampledFrom([]engagement.Consent{engagement.ConsentGiven, engagement.ConsentRefused}).Draw(t, "consent")
	m.setConsent(t, id, c)
}

// RecordConsent records a grant or withdrawal, at any time of the runs'
// span (so it may apply to some runs and not others), for any customer.
func (m *outMachine) RecordConsent(t *rapid.T) {
	r := outDrawRecord(t, rapid.SampledFrom(outPool).Draw(t, "customer"), outEpoch, 12*24)
	if err := m.store.RecordConsent(context.Background(), r); err != nil {
		t.Fatalf("RecordConsent(%+v): %v", r, err)
	}
	m.records = append(m.records, r)
}

// mayContact is the oracle: whether id may be contacted for marketing by
// email at now.
func (m *outMachine) mayContact(id engagement.CustomerID, now time.Time) (bool, engagement.ConsentDecision) {
	return outMayContact(m.records, id, engagement.PurposeMarketing, engagement.ChannelEmail, now, m.consent[id])
}

// outMayContact says whether the customer id may be contacted for purpose
// on channel at now, given every customer's records and id's Consent.
func outMayContact(records []engagement.ConsentRecord, id engagement.CustomerID, purpose engagement.Purpose, channel string, now time.Time, flag engagement.Consent) (bool, engagement.ConsentDecision) {
	var mine []engagement.ConsentRecord
	for _, r := range records {
		if r.Customer == id {
			mine = append(mine, r)
		}
	}
	d := engagement.ConsentAt(mine, purpose, channel, now)
	if _, ok := d.Decided(); ok {
		return d.MayContact(), d
	}
	return flag.MayContact(), d
}

// outDrawRecord draws a valid consent record for id at a whole hour from
// base to base+hours, with an expiry or none.
func outDrawRecord(t *rapid.T, id engagement.CustomerID, base time.Time, hours int) engagement.ConsentRecord {
	r := engagement.ConsentRecord{
		Customer: id,
		Purpose:  rapid.SampledFrom([]engagement.Purpose{engagement.PurposeMarketing, engagement.PurposeMarketing, engagement.PurposeService}).Draw(t, "purpose"),
		Channel:  rapid.SampledFrom([]string{"", engagement.ChannelEmail, engagement.ChannelSMS}).Draw(t, "channel"),
		State:    rapid.SampledFrom([]engagement.Consent{engagement.ConsentGiven, engagement.ConsentRefused}).Draw(t, "state"),
		Time:     base.Add(time.Duration(rapid.IntRange(0, hours).Draw(t, "record_hour")) * time.Hour),
		Source:   rapid.SampledFrom([]string{"", "signup form", "import"}).Draw(t, "source"),
	}
	if r.State == engagement.ConsentGiven && rapid.Bool().Draw(t, "expires") {
		r.Expires = r.Time.Add(time.Duration(rapid.IntRange(1, 10*24).Draw(t, "lifetime_hours")) * time.Hour)
	}
	return r
}

// Send runs the Sender at a drawn time, through a drawn fault.
func (m *outMachine) Send(t *rapid.T) {
	action := rapid.SampledFrom(m.actions).Draw(t, "action")
	now := outEpoch.Add(time.Duration(rapid.IntRange(0, 12*24).Draw(t, "hour")) * time.Hour)
	audience := make(map[engagement.CustomerID]stages.Stage)
	for _, id := range rapid.SliceOfNDistinct(rapid.SampledFrom(outPool), 0, len(outPool), rapid.ID).Draw(t, "audience") {
		// Mostly stages that fit many actions, so that the cap is tested.
		audience[id] = rapid.SampledFrom([]stages.Stage{
			stages.Unclassified, stages.Prospect, stages.Transactional, stages.Former,
			stages.Returning, stages.Advocate, stages.Advocate, stages.Advocate,
		}).Draw(t, "stage_"+string(id))
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	m.fault = m.mem
	m.store.failKind = ""
	fault := rapid.SampledFrom([]string{"none", "none", "fail", "refuse", "lose", "lose", "stall", "store"}).Draw(t, "fault")
	switch fault {
	case "fail":
		m.fault = channeltest.FailFirst(m.mem, rapid.IntRange(1, 3).Draw(t, "failures"), nil)
	case "refuse":
		refused := rapid.SampledFrom(outPool).Draw(t, "refused")
		m.fault = channeltest.FailWhen(m.mem, func(msg outreach.Message) error {
			if msg.Customer == refused {
				return fmt.Errorf("refused: %w", outreach.ErrPermanent)
			}
			return nil
		})
	case "lose":
		m.fault = channeltest.LoseReceipts(m.mem, rapid.IntRange(1, 3).Draw(t, "lost"))
	case "stall":
		m.fault = channeltest.StallFirst(m.mem, 1)
		ctx, cancel = context.WithTimeout(context.Background(), time.Millisecond)
		defer cancel()
	case "store":
		m.store.failKind = rapid.SampledFrom([]engagement.Kind{outreach.Kind, outreach.AttemptKind}).Draw(t, "failing_kind")
	}

	before := len(m.mem.Delivered())
	rep, err := m.out.Send(ctx, action.Name, audience, now)
	t.Logf("Send(%s, %v, +%v) with fault %s: %v, err %v", action.Name, audience, now.Sub(outEpoch), fault, rep, err)
	switch {
	case err == nil:
	case fault == "stall" && errors.Is(err, context.DeadlineExceeded):
	case fault == "store" && errors.Is(err, errStoreDown):
	default:
		t.Fatalf("Send: unexpected error %v", err)
	}

	// Every new delivery was allowed.
	for _, msg := range m.mem.Delivered()[before:] {
		stage, ok := audience[msg.Customer]
		allowed, decision := m.mayContact(msg.Customer, now)
		switch {
		case !ok:
			t.Fatalf("delivered to %q, who is not in the audience", msg.Customer)
		case !allowed:
			t.Fatalf("delivered to %q without consent (customer consent %v, records: %v)", msg.Customer, m.consent[msg.Customer], decision)
		case !stages.Appropriate(action, stage).Allowed:
			t.Fatalf("delivered %s to %q at stage %v, which it does not fit", action.Name, msg.Customer, stage)
		case msg.Action != action.Name || !msg.Time.Equal(now):
			t.Fatalf("delivered %+v in a run of %s at %v", msg, action.Name, now)
		}
	}
	// Every consent refusal is explained, and right.
	if len(rep.NoConsentReasons) != len(rep.NoConsent) {
		t.Fatalf("%d customers without consent but %d reasons", len(rep.NoConsent), len(rep.NoConsentReasons))
	}
	for i, c := range rep.NoConsentReasons {
		if c.Customer != rep.NoConsent[i] {
			t.Fatalf("reason %d is for %q, the customer %q", i, c.Customer, rep.NoConsent[i])
		}
		if _, stored := m.consent[c.Customer]; !stored {
			if c.Reason != "customer not in the store" {
				t.Fatalf("refused %q, who is not stored, with %+v", c.Customer, c)
			}
			continue
		}
		if ok, d := m.mayContact(c.Customer, now); ok || !sameDecision(c.Decision, d) {
			t.Fatalf("refused %q (%+v), but the oracle says %v (%v)", c.Customer, c, ok, d)
		}
	}
	// Every reported contact is recorded.
	recorded := m.contacts(t)
	for _, c := range rep.Sent {
		if _, ok := recorded[c.Receipt.ID]; !ok {
			t.Fatalf("report lists %q as sent with key %q, which is not recorded", c.Customer, c.Receipt.ID)
		}
		m.sent[c.Receipt.ID] = true
	}
	// A completed run accounts for everyone once.
	if err == nil {
		var seen []engagement.CustomerID
		seen = append(seen, outSentTo(rep)...)
		seen = append(seen, rep.AlreadySent...)
		seen = append(seen, rep.NoConsent...)
		seen = append(seen, rep.Capped...)
		for _, r := range rep.NotAppropriate {
			seen = append(seen, r.Customer)
		}
		for _, f := range rep.Failed {
			seen = append(seen, f.Customer)
		}
		slices.Sort(seen)
		if want := slices.Sorted(maps.Keys(audience)); !slices.Equal(seen, want) {
			t.Fatalf("report accounts for %v, want each of %v once", seen, want)
		}
	}
}

// contacts returns the recorded contacts by ID.
func (m *outMachine) contacts(t *rapid.T) map[string]engagement.Interaction {
	out := make(map[string]engagement.Interaction)
	for in, err := range m.store.Interactions(context.Background(), engagement.Query{}) {
		if err != nil {
			t.Fatalf("Interactions: %v", err)
		}
		if in.Kind == outreach.Kind {
			if _, dup := out[in.ID]; dup {
				t.Fatalf("contact %q recorded twice", in.ID)
			}
			out[in.ID] = in
		}
	}
	return out
}

// Check states the invariants over everything delivered and recorded.
func (m *outMachine) Check(t *rapid.T) {
	delivered := m.mem.Delivered()
	byID := make(map[string]outreach.Message)
	times := make(map[engagement.CustomerID][]time.Time)
	for _, msg := range delivered {
		if _, dup := byID[msg.ID]; dup {
			t.Fatalf("message %q delivered twice", msg.ID)
		}
		byID[msg.ID] = msg
		times[msg.Customer] = append(times[msg.Customer], msg.Time)
	}
	// The cap holds over real deliveries: the busiest span of Window
	// starts at some delivery.
	for id, ts := range times {
		slices.SortFunc(ts, time.Time.Compare)
		for i, start := range ts {
			n := 0
			for _, u := range ts[i:] {
				if u.Before(start.Add(m.cap.Window)) {
					n++
				}
			}
			if n > m.cap.Max {
				t.Fatalf("%q got %d messages within %v of %v; the cap is %d (deliveries at %v)", id, n, m.cap.Window, start, m.cap.Max, ts)
			}
		}
	}
	// Every recorded contact is a delivered message to that customer.
	for id, in := range m.contacts(t) {
		msg, ok := byID[id]
		if !ok || msg.Customer != in.Customer || in.Touchpoint != "email" {
			t.Fatalf("recorded contact %+v matches no delivered message (found %v: %+v)", in, ok, msg)
		}
	}
}

func TestSenderProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		t.Repeat(rapid.StateMachineActions(newOutMachine(t)))
	})
}

// A re-run in the window of an unconfirmed delivery never delivers it
// again: the channel answers with the duplicate, and the contact is
// recorded then (unless consent was withdrawn, or the cap now has other
// contacts in the way).
func TestSenderHealsLostReceipts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		store := engagement.NewMemoryStore()
		ctx := context.Background()
		if err := store.PutCustomers(ctx, engagement.Customer{ID: "ann", Consent: engagement.ConsentGiven}); err != nil {
			t.Fatal(err)
		}
		mem := outreach.NewMemoryChannel()
		lost := rapid.IntRange(0, 3).Draw(t, "lost")
		out := &outreach.Sender{Channel: channeltest.LoseReceipts(mem, lost), Store: store, Touchpoint: "email", ConsentChannel: engagement.ChannelEmail,
			Cap: outreach.Cap{Max: rapid.IntRange(1, 3).Draw(t, "cap_max")}}
		audience := map[engagement.CustomerID]stages.Stage{"ann": stages.Advocate}
		week := time.Date(2024, 2, 26, 0, 0, 0, 0, time.UTC)
		for i := range rapid.IntRange(1, 6).Draw(t, "runs") {
			at := week.Add(time.Duration(rapid.IntRange(0, 7*24-1).Draw(t, fmt.Sprint("hour_", i))) * time.Hour)
			if _, err := out.Send(ctx, stages.Vote, audience, at); err != nil {
				t.Fatal(err)
			}
			if n := len(mem.Delivered()); n > 1 {
				t.Fatalf("one action in one window was delivered %d times", n)
			}
		}
		out.Channel = mem // the receipts come through now
		rep, err := out.Send(ctx, stages.Vote, audience, week.Add(6*outDay))
		if err != nil {
			t.Fatal(err)
		}
		if len(mem.Delivered()) != 1 {
			t.Fatalf("delivered %d times, want once", len(mem.Delivered()))
		}
		var contacts int
		for in, err := range store.Interactions(ctx, engagement.Query{}) {
			if err != nil {
				t.Fatal(err)
			}
			if in.Kind == outreach.Kind {
				contacts++
			}
		}
		if contacts != 1 || len(rep.Sent)+len(rep.AlreadySent) != 1 {
			t.Fatalf("after a healthy run: %d contacts recorded and report %v; want the one delivery recorded", contacts, rep)
		}
	})
}

// Sender delivers to a customer exactly when the consent decision for its
// purpose and channel at the run's time allows contact, or when no record
// applies and the customer's Consent is given, whatever the order the
// records were recorded in; each refusal names the deciding record.
func TestSenderConsentProperty(t *testing.T) {
	stores := outConsentStores()
	names := slices.Sorted(maps.Keys(stores))
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		store := stores[rapid.SampledFrom(names).Draw(t, "store")]()
		ids := []engagement.CustomerID{"ann", "ben", "cat", "dan"}
		flags := make(map[engagement.CustomerID]engagement.Consent)
		audience := make(map[engagement.CustomerID]stages.Stage)
		for _, id := range ids {
			flags[id] = rapid.SampledFrom([]engagement.Consent{engagement.ConsentGiven, engagement.ConsentRefused, engagement.ConsentUnknown}).Draw(t, "consent_"+string(id))
			if err := store.PutCustomers(ctx, engagement.Customer{ID: id, Consent: flags[id]}); err != nil {
				t.Fatal(err)
			}
			audience[id] = stages.Advocate
		}
		now := outEpoch.Add(10 * outDay)
		var records []engagement.ConsentRecord
		for range rapid.IntRange(0, 12).Draw(t, "records") {
			records = append(records, outDrawRecord(t, rapid.SampledFrom(ids).Draw(t, "customer"), outEpoch, 12*24))
		}
		// Recorded in any order, one by one or all at once.
		order := rapid.Permutation(records).Draw(t, "order")
		if rapid.Bool().Draw(t, "one_batch") {
			if err := store.RecordConsent(ctx, order...); err != nil {
				t.Fatal(err)
			}
		} else {
			for _, r := range order {
				if err := store.RecordConsent(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
		}
		purpose := rapid.SampledFrom([]engagement.Purpose{"", engagement.PurposeMarketing, engagement.PurposeService}).Draw(t, "outreach_purpose")
		channel := rapid.SampledFrom([]string{engagement.ChannelEmail, engagement.ChannelSMS}).Draw(t, "outreach_channel")
		mem := outreach.NewMemoryChannel()
		out := &outreach.Sender{Channel: mem, Store: store, Touchpoint: "newsletter", Purpose: purpose, ConsentChannel: channel}
		rep, err := out.Send(ctx, stages.Vote, audience, now)
		if err != nil {
			t.Fatal(err)
		}
		if purpose == "" {
			purpose = engagement.PurposeMarketing
		}
		delivered := make(map[engagement.CustomerID]bool)
		for _, msg := range mem.Delivered() {
			delivered[msg.Customer] = true
		}
		reasons := make(map[engagement.CustomerID]outreach.ConsentRefusal)
		for _, c := range rep.NoConsentReasons {
			reasons[c.Customer] = c
		}
		if len(reasons) != len(rep.NoConsent) {
			t.Fatalf("report %v: reasons do not match the customers without consent", rep)
		}
		for _, id := range ids {
			ok, d := outMayContact(records, id, purpose, channel, now, flags[id])
			if _, decided := d.Decided(); decided && !d.MayContact() && delivered[id] {
				t.Fatalf("delivered to %q although the records forbid it: %v", id, d)
			}
			if delivered[id] != ok {
				t.Fatalf("%q: delivered %v, want %v (decision %v, customer consent %v)", id, delivered[id], ok, d, flags[id])
			}
			c, refused := reasons[id]
			if refused == ok || refused && !sameDecision(c.Decision, d) {
				t.Fatalf("%q: refusal %+v, want one %v with decision %+v", id, c, !ok, d)
			}
			if _, decided := d.Decided(); refused && decided && c.Reason != d.String() {
				t.Fatalf("%q: reason %q, want the decision's %q", id, c.Reason, d.String())
			}
		}
	})
}

// A revoked consent is never overridden by an older import: however many
// grants older than a withdrawal are recorded after it, on that channel or
// every channel, with or without expiry, the customer is not contacted,
// even with their Consent given.
func TestSenderRevokedNotOverriddenByOlderImport(t *testing.T) {
	stores := outConsentStores()
	names := slices.Sorted(maps.Keys(stores))
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		store := stores[rapid.SampledFrom(names).Draw(t, "store")]()
		if err := store.PutCustomers(ctx, engagement.Customer{ID: "ann", Consent: engagement.ConsentGiven}); err != nil {
			t.Fatal(err)
		}
		now := outEpoch
		withdrawn := now.Add(-time.Duration(rapid.IntRange(0, 1000).Draw(t, "withdrawn_hours_ago")) * time.Hour)
		withdrawal := engagement.ConsentRecord{
			Customer: "ann", Purpose: engagement.PurposeMarketing, State: engagement.ConsentRefused, Time: withdrawn, Source: "unsubscribe link",
			Channel: rapid.SampledFrom([]string{"", engagement.ChannelEmail}).Draw(t, "withdrawal_channel"),
		}
		if err := store.RecordConsent(ctx, withdrawal); err != nil {
			t.Fatal(err)
		}
		var grants []engagement.ConsentRecord
		for range rapid.IntRange(1, 5).Draw(t, "grants") {
			g := engagement.ConsentRecord{
				Customer: "ann", Purpose: engagement.PurposeMarketing, State: engagement.ConsentGiven, Source: "import crm-2019",
				Channel: rapid.SampledFrom([]string{"", engagement.ChannelEmail}).Draw(t, "grant_channel"),
				Time:    withdrawn.Add(-time.Duration(rapid.IntRange(1, 100000).Draw(t, "grant_hours_before")) * time.Minute),
			}
			if rapid.Bool().Draw(t, "grant_expires") {
				g.Expires = now.Add(time.Duration(rapid.IntRange(1, 10000).Draw(t, "grant_expires_hours")) * time.Hour)
			}
			grants = append(grants, g)
		}
		if err := store.RecordConsent(ctx, grants...); err != nil {
			t.Fatal(err)
		}
		mem := outreach.NewMemoryChannel()
		out := &outreach.Sender{Channel: mem, Store: store, Touchpoint: "newsletter", ConsentChannel: engagement.ChannelEmail}
		rep, err := out.Send(ctx, stages.Vote, map[engagement.CustomerID]stages.Stage{"ann": stages.Advocate}, now)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(mem.Delivered()); n != 0 {
			t.Fatalf("delivered %d messages after a withdrawal, through older grants imported later; report %v", n, rep)
		}
		if len(rep.NoConsentReasons) != 1 {
			t.Fatalf("report %v, want ann refused", rep)
		}
		if r, ok := rep.NoConsentReasons[0].Decision.Decided(); !ok || !r.Equal(withdrawal) {
			t.Fatalf("decided by %+v (%v), want the withdrawal %+v", r, ok, withdrawal)
		}
	})
}
