package channeltest

import (
	"context"
	"errors"
	"maps"
	"slices"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/outreach"
	"pgregory.net/rapid"
)

// MessageGen returns a generator of valid messages: keys of 1 to 24
// visible ASCII characters, short customer IDs (now and then with a space
// or a non-ASCII letter, as customer IDs may have), an action name or
// none, short text, and times from 2000 to 2030 in one of a few zones.
func MessageGen() *rapid.Generator[outreach.Message] {
	return messageFrom(rapid.StringMatching(`[!-~]{1,24}`))
}

// messageFrom returns a generator of valid messages whose keys come from
// ids.
func messageFrom(ids *rapid.Generator[string]) *rapid.Generator[outreach.Message] {
	return rapid.Custom(func(t *rapid.T) outreach.Message {
		sec := rapid.Int64Range(946684800, 1893456000).Draw(t, "unix_seconds") // 2000 to 2030
		ns := rapid.Int64Range(0, 999_999_999).Draw(t, "nanoseconds")
		zone := rapid.SampledFrom(zones()).Draw(t, "zone")
		return outreach.Message{
			ID:       ids.Draw(t, "id"),
			Customer: engagement.CustomerID(rapid.StringMatching(`[a-z][a-z0-9 é]{0,7}`).Draw(t, "customer")),
			Action:   rapid.SampledFrom([]string{"", "quick_feedback", "vote", "co_creation"}).Draw(t, "action"),
			Subject:  rapid.StringMatching(`[A-Za-z ]{0,16}`).Draw(t, "subject"),
			Body:     rapid.String().Draw(t, "body"),
			Time:     time.Unix(sec, ns).In(zone),
		}
	})
}

func zones() []*time.Location {
	return []*time.Location{time.UTC, time.FixedZone("UTC+05:30", 5*3600+1800), time.FixedZone("UTC-08", -8*3600)}
}

// machine drives a channel with deliveries of keys from a small pool, so
// that repeats are common, and keeps a map model of the receipt each
// delivered key got first (rapid's state-machine testing): each exported
// method is an action, and Check compares the channel with the model.
type machine struct {
	ch       outreach.Channel
	receipts map[string]outreach.Receipt // first receipt of each delivered key
	keys     *rapid.Generator[string]
}

func newMachine(ch outreach.Channel) *machine {
	return &machine{
		ch:       ch,
		receipts: make(map[string]outreach.Receipt),
		keys:     rapid.SampledFrom([]string{"a", "A", "b", "a1", "key-9", "Z~"}),
	}
}

// Deliver delivers a message with a key from the pool: the first time it
// must be delivered, and after that it must be a duplicate carrying the
// first receipt, whatever the rest of the message holds.
func (m *machine) Deliver(t *rapid.T) {
	msg := messageFrom(m.keys).Draw(t, "message")
	r, err := m.ch.Deliver(context.Background(), msg)
	if err != nil {
		t.Fatalf("Deliver(%q): unexpected error: %v", msg.ID, err)
	}
	first, delivered := m.receipts[msg.ID]
	if !delivered {
		if r.Duplicate || r.ID != msg.ID || r.Ref == "" {
			t.Fatalf("Deliver(%q) of a key never delivered = %+v; want Duplicate unset, the message's ID and a Ref", msg.ID, r)
		}
		m.receipts[msg.ID] = r
		return
	}
	first.Duplicate = true
	if r != first {
		t.Fatalf("Deliver(%q) of a key delivered before = %+v; want the first receipt with Duplicate set, %+v", msg.ID, r, first)
	}
}

// DeliverCancelled delivers with a cancelled context: it must fail and, for
// a key not delivered yet, leave it undelivered.
func (m *machine) DeliverCancelled(t *rapid.T) {
	msg := messageFrom(m.keys).Draw(t, "message")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := m.ch.Deliver(ctx, msg)
	first, delivered := m.receipts[msg.ID]
	switch {
	case err == nil && !delivered:
		t.Fatalf("Deliver(%q) with a cancelled context delivered a key never delivered: %+v", msg.ID, r)
	case err == nil:
		first.Duplicate = true
		if r != first {
			t.Fatalf("Deliver(%q) with a cancelled context = %+v; want an error or the first receipt with Duplicate set, %+v", msg.ID, r, first)
		}
	case !errors.Is(err, context.Canceled) || !errors.Is(err, outreach.ErrTemporary):
		t.Fatalf("Deliver(%q) with a cancelled context: got error %v, want one wrapping context.Canceled and matching ErrTemporary", msg.ID, err)
	}
}

// DeliverInvalid delivers a message that fails validation: it must be
// refused as permanent, and leave its key as it was.
func (m *machine) DeliverInvalid(t *rapid.T) {
	msg := messageFrom(m.keys).Draw(t, "message")
	if rapid.Bool().Draw(t, "no_customer") {
		msg.Customer = ""
	} else {
		msg.Time = time.Time{}
	}
	_, err := m.ch.Deliver(context.Background(), msg)
	if !errors.Is(err, outreach.ErrPermanent) || !errors.Is(err, outreach.ErrInvalid) {
		t.Fatalf("Deliver(%q) of an invalid message (%+v): got error %v, want one matching ErrPermanent and ErrInvalid", msg.ID, msg, err)
	}
}

// Check repeats every delivered key and expects its first receipt back,
// marked as a duplicate.
func (m *machine) Check(t *rapid.T) {
	for _, id := range slices.Sorted(maps.Keys(m.receipts)) {
		want := m.receipts[id]
		want.Duplicate = true
		msg := outreach.Message{ID: id, Customer: "check", Time: epoch()}
		r, err := m.ch.Deliver(context.Background(), msg)
		if err != nil || r != want {
			t.Fatalf("Deliver(%q) of a key delivered before = %+v, %v; want %+v", id, r, err, want)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
