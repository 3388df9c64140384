package outreach_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/outreach/channeltest"
	"github.com/engagekit/engage/stages"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// outEpoch is a Wednesday; its weekly cap window began on Monday
// 2024-02-26.
var outEpoch = time.Date(2024, 2, 28, 9, 0, 0, 0, time.UTC)

const outDay = 24 * time.Hour

// outCustomers are the customers the Sender tests start with.
func outCustomers() []engagement.Customer {
	return []engagement.Customer{
		{ID: "ada", Consent: engagement.ConsentGiven},
		{ID: "bo", Consent: engagement.ConsentRefused},
		{ID: "chidi", Consent: engagement.ConsentGiven},
		{ID: "dee", Consent: engagement.ConsentGiven},
		{ID: "eve"}, // consent unknown
	}
}

// outSetup returns a store holding outCustomers, a memory channel, and an
// Sender over both (through wrap, if given).
func outSetup(t *testing.T, wrap func(outreach.Channel) outreach.Channel) (*engagement.MemoryStore, *outreach.MemoryChannel, *outreach.Sender) {
	t.Helper()
	store := engagement.NewMemoryStore()
	if err := store.PutCustomers(context.Background(), outCustomers()...); err != nil {
		t.Fatal(err)
	}
	mem := outreach.NewMemoryChannel()
	var ch outreach.Channel = mem
	if wrap != nil {
		ch = wrap(mem)
	}
	return store, mem, &outreach.Sender{Channel: ch, Store: store, Touchpoint: "email", ConsentChannel: engagement.ChannelEmail}
}

// outAll is everyone, at stages that fit every action.
func outAll() map[engagement.CustomerID]stages.Stage {
	return map[engagement.CustomerID]stages.Stage{
		"ada": stages.Advocate, "bo": stages.Advocate, "chidi": stages.Advocate,
		"dee": stages.Advocate, "eve": stages.Advocate,
	}
}

// outRecords returns the store's interactions of kind k.
func outRecords(t *testing.T, s engagement.Store, k engagement.Kind) []engagement.Interaction {
	t.Helper()
	var out []engagement.Interaction
	for in, err := range s.Interactions(context.Background(), engagement.Query{}) {
		if err != nil {
			t.Fatal(err)
		}
		if in.Kind == k {
			out = append(out, in)
		}
	}
	return out
}

func outSentTo(r outreach.Report) []engagement.CustomerID {
	var ids []engagement.CustomerID
	for _, c := range r.Sent {
		ids = append(ids, c.Customer)
	}
	return ids
}

func TestSenderSend(t *testing.T) {
	store, mem, out := outSetup(t, nil)
	audience := map[engagement.CustomerID]stages.Stage{
		"ada":   stages.Returning,
		"bo":    stages.Advocate,
		"chidi": stages.Transactional,
		"dee":   stages.Advocate,
		"eve":   stages.Returning,
		"zed":   stages.Returning, // not in the store
		"pat":   stages.Prospect,
	}
	rep, err := out.Send(context.Background(), stages.QuickFeedback, audience, outEpoch)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	a, _ := mustPlaybook(t).Action(stages.QuickFeedback)
	want := outreach.Report{
		Action:    stages.QuickFeedback,
		Time:      outEpoch,
		Window:    time.Date(2024, 2, 26, 0, 0, 0, 0, time.UTC),
		NoConsent: []engagement.CustomerID{"bo", "eve", "zed"},
		NoConsentReasons: []outreach.ConsentRefusal{
			{Customer: "bo", Reason: "no record of marketing consent on email; customer consent is refused"},
			{Customer: "eve", Reason: "no record of marketing consent on email; customer consent is unknown"},
			{Customer: "zed", Reason: "customer not in the store"},
		},
		NotAppropriate: []outreach.Refusal{
			{Customer: "chidi", Stage: stages.Transactional, Reason: stages.Appropriate(a, stages.Transactional).Reason},
			{Customer: "pat", Stage: stages.Prospect, Reason: stages.Appropriate(a, stages.Prospect).Reason},
		},
	}
	if d := cmp.Diff(want, rep, cmpopts.IgnoreFields(outreach.Report{}, "Sent"), cmpopts.EquateEmpty(), cmp.Comparer(sameDecision)); d != "" {
		t.Errorf("report mismatch (-want +got):\n%s", d)
	}
	if got := outSentTo(rep); !slices.Equal(got, []engagement.CustomerID{"ada", "dee"}) {
		t.Errorf("sent to %v, want [ada dee]", got)
	}

	delivered := mem.Delivered()
	if len(delivered) != 2 {
		t.Fatalf("channel delivered %d messages, want 2", len(delivered))
	}
	for i, m := range delivered {
		c := rep.Sent[i]
		if m.ID != c.Receipt.ID || m.Customer != c.Customer || m.Action != stages.QuickFeedback ||
			m.Subject != a.Name || m.Body != a.Description || !m.Time.Equal(outEpoch) {
			t.Errorf("delivered %+v for contact %+v", m, c)
		}
	}
	contacts := outRecords(t, store, outreach.Kind)
	if len(contacts) != 2 {
		t.Fatalf("store holds %d contacts, want 2", len(contacts))
	}
	for i, in := range contacts {
		want := engagement.Interaction{ID: delivered[i].ID, Customer: delivered[i].Customer, Time: outEpoch,
			Kind: outreach.Kind, Touchpoint: "email"}
		if !in.Equal(want) {
			t.Errorf("contact %d = %+v, want %+v", i, in, want)
		}
	}
	if n := len(outRecords(t, store, outreach.AttemptKind)); n != 2 {
		t.Errorf("store holds %d attempts, want 2", n)
	}
}

func mustPlaybook(t *testing.T) *stages.Playbook {
	t.Helper()
	p, err := stages.NewPlaybook()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSenderRerunSameWindow(t *testing.T) {
	_, mem, out := outSetup(t, nil)
	ctx := context.Background()
	first, err := out.Send(ctx, stages.Vote, outAll(), outEpoch)
	if err != nil {
		t.Fatal(err)
	}
	// Max 2 leaves room under the cap, so only the key stops a repeat.
	out.Cap = outreach.Cap{Max: 2}
	again, err := out.Send(ctx, stages.Vote, outAll(), outEpoch.Add(2*outDay))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(outSentTo(first), again.AlreadySent); d != "" {
		t.Errorf("re-run in the same window: already sent mismatch (-want +got):\n%s", d)
	}
	if len(again.Sent) != 0 || len(mem.Delivered()) != len(first.Sent) {
		t.Errorf("re-run in the same window sent %v; the channel delivered %d in all, want %d",
			outSentTo(again), len(mem.Delivered()), len(first.Sent))
	}
	// Next week's window is another key, and the cap has room.
	next, err := out.Send(ctx, stages.Vote, outAll(), outEpoch.Add(6*outDay))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(outSentTo(first), outSentTo(next)); d != "" {
		t.Errorf("next window: sent mismatch (-want +got):\n%s", d)
	}
	if next.Sent[0].Receipt.ID == first.Sent[0].Receipt.ID {
		t.Errorf("next window reused key %q", first.Sent[0].Receipt.ID)
	}
}

func TestSenderDefaultCap(t *testing.T) {
	_, mem, out := outSetup(t, nil)
	ctx := context.Background()
	audience := map[engagement.CustomerID]stages.Stage{"ada": stages.Advocate}
	steps := []struct {
		action string
		at     time.Duration
		want   string // "sent" or "capped"
	}{
		{stages.QuickFeedback, 0, "sent"},
		{stages.Vote, outDay, "capped"},                        // another action, a day later
		{stages.Vote, 6 * outDay, "capped"},                    // next window, but within 7 days
		{stages.Vote, outreach.DefaultCapWindow - 1, "capped"}, // a nanosecond short of 7 days
		{stages.Vote, outreach.DefaultCapWindow, "sent"},       // 7 days on
		{stages.Showcase, outreach.DefaultCapWindow + 1, "capped"},
	}
	for _, s := range steps {
		rep, err := out.Send(ctx, s.action, audience, outEpoch.Add(s.at))
		if err != nil {
			t.Fatal(err)
		}
		got := "sent"
		if len(rep.Capped) == 1 {
			got = "capped"
		}
		if got != s.want {
			t.Errorf("%s at +%v: %s, want %s\n%v", s.action, s.at, got, s.want, rep)
		}
	}
	if n := len(mem.Delivered()); n != 2 {
		t.Errorf("channel delivered %d messages, want 2", n)
	}
}

func TestSenderCapMax(t *testing.T) {
	_, mem, out := outSetup(t, nil)
	out.Cap = outreach.Cap{Max: 2, Window: 3 * outDay}
	ctx := context.Background()
	audience := map[engagement.CustomerID]stages.Stage{"ada": stages.Advocate}
	var got []string
	for i, a := range []string{stages.QuickFeedback, stages.Vote, stages.Showcase, stages.Brainstorm} {
		rep, err := out.Send(ctx, a, audience, outEpoch.Add(time.Duration(i)*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprint(len(rep.Sent), len(rep.Capped)))
	}
	if want := []string{"1 0", "1 0", "0 1", "0 1"}; !slices.Equal(got, want) {
		t.Errorf("sent/capped per run = %q, want %q", got, want)
	}
	if n := len(mem.Delivered()); n != 2 {
		t.Errorf("channel delivered %d messages, want 2", n)
	}
}

// A run with an earlier time than recorded contacts counts them too.
func TestSenderCapLooksBothWays(t *testing.T) {
	_, _, out := outSetup(t, nil)
	ctx := context.Background()
	audience := map[engagement.CustomerID]stages.Stage{"ada": stages.Advocate}
	if _, err := out.Send(ctx, stages.Vote, audience, outEpoch.Add(3*outDay)); err != nil {
		t.Fatal(err)
	}
	rep, err := out.Send(ctx, stages.QuickFeedback, audience, outEpoch)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Capped) != 1 {
		t.Errorf("a run three days before a contact: %v; want ada capped", rep)
	}
}

func TestSenderLostReceipt(t *testing.T) {
	store, mem, out := outSetup(t, func(c outreach.Channel) outreach.Channel {
		return channeltest.LoseReceipts(c, 1)
	})
	out.Cap = outreach.Cap{Max: 2}
	ctx := context.Background()
	audience := map[engagement.CustomerID]stages.Stage{"ada": stages.Advocate}

	rep, err := out.Send(ctx, stages.Vote, audience, outEpoch)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Failed) != 1 || !errors.Is(rep.Failed[0].Err, outreach.ErrTemporary) {
		t.Fatalf("first run: %v; want ada failed with a temporary error", rep)
	}
	if n := len(mem.Delivered()); n != 1 {
		t.Fatalf("channel delivered %d messages, want 1 (the receipt was lost, not the message)", n)
	}
	if n := len(outRecords(t, store, outreach.Kind)); n != 0 {
		t.Fatalf("store holds %d contacts after an unconfirmed delivery, want 0", n)
	}

	// The same action later in the window: the channel answers with the
	// duplicate, and the contact is recorded now.
	rep, err = out.Send(ctx, stages.Vote, audience, outEpoch.Add(outDay))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Sent) != 1 || !rep.Sent[0].Receipt.Duplicate {
		t.Fatalf("re-run: %v (sent %+v); want ada sent, confirmed as a duplicate", rep, rep.Sent)
	}
	if n := len(mem.Delivered()); n != 1 {
		t.Errorf("channel delivered %d messages after the re-run, want still 1", n)
	}
	contacts := outRecords(t, store, outreach.Kind)
	if len(contacts) != 1 || contacts[0].ID != mem.Delivered()[0].ID {
		t.Errorf("store holds contacts %+v, want the one delivered message", contacts)
	}
}

// An unconfirmed delivery counts against the cap.
func TestSenderUnconfirmedCounts(t *testing.T) {
	_, mem, out := outSetup(t, func(c outreach.Channel) outreach.Channel {
		return channeltest.LoseReceipts(c, 1)
	})
	ctx := context.Background()
	audience := map[engagement.CustomerID]stages.Stage{"ada": stages.Advocate}
	if _, err := out.Send(ctx, stages.Vote, audience, outEpoch); err != nil {
		t.Fatal(err)
	}
	// Next window, another key, but within 7 days of the unconfirmed one.
	rep, err := out.Send(ctx, stages.QuickFeedback, audience, outEpoch.Add(6*outDay))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Capped) != 1 || len(mem.Delivered()) != 1 {
		t.Errorf("%v; the channel delivered %d; want ada capped and 1 delivery", rep, len(mem.Delivered()))
	}
}

func TestSenderFailureThenRetry(t *testing.T) {
	_, mem, out := outSetup(t, func(c outreach.Channel) outreach.Channel {
		return channeltest.FailFirst(c, 1, nil)
	})
	ctx := context.Background()
	audience := map[engagement.CustomerID]stages.Stage{"ada": stages.Advocate, "dee": stages.Advocate}
	rep, err := out.Send(ctx, stages.Vote, audience, outEpoch)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Failed) != 1 || rep.Failed[0].Customer != "ada" || !errors.Is(rep.Failed[0].Err, channeltest.ErrInjected) {
		t.Fatalf("first run: %v; want ada failed with the injected error", rep)
	}
	if got := outSentTo(rep); !slices.Equal(got, []engagement.CustomerID{"dee"}) {
		t.Fatalf("first run sent to %v, want [dee]: a failure does not stop the run", got)
	}
	rep, err = out.Send(ctx, stages.Vote, audience, outEpoch.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got := outSentTo(rep); !slices.Equal(got, []engagement.CustomerID{"ada"}) || !slices.Equal(rep.AlreadySent, []engagement.CustomerID{"dee"}) {
		t.Errorf("retry: %v; want ada sent and dee already sent", rep)
	}
	if n := len(mem.Delivered()); n != 2 {
		t.Errorf("channel delivered %d messages, want 2", n)
	}
}

// failingStore fails Append for interactions of one kind while armed.
type failingStore struct {
	*engagement.MemoryStore
	kind  engagement.Kind
	armed bool
}

var errStoreDown = errors.New("store down")

func (s *failingStore) Append(ctx context.Context, batch ...engagement.Interaction) error {
	for _, in := range batch {
		if s.armed && in.Kind == s.kind {
			return errStoreDown
		}
	}
	return s.MemoryStore.Append(ctx, batch...)
}

func TestSenderStoreFailure(t *testing.T) {
	for _, kind := range []engagement.Kind{outreach.AttemptKind, outreach.Kind} {
		t.Run(string(kind), func(t *testing.T) {
			mem0, mem, out := outSetup(t, nil)
			store := &failingStore{MemoryStore: mem0, kind: kind, armed: true}
			out.Store = store
			ctx := context.Background()
			audience := map[engagement.CustomerID]stages.Stage{"ada": stages.Advocate, "dee": stages.Advocate}
			rep, err := out.Send(ctx, stages.Vote, audience, outEpoch)
			if !errors.Is(err, errStoreDown) {
				t.Fatalf("Send with the store failing: got error %v, want one wrapping the store's", err)
			}
			if !strings.Contains(err.Error(), `"ada"`) {
				t.Errorf("error %q does not name the customer", err)
			}
			wantDelivered := 0
			if kind == outreach.Kind {
				wantDelivered = 1 // delivered, then not recorded
				if len(rep.Failed) != 1 {
					t.Errorf("report %v; want ada failed", rep)
				}
			}
			if n := len(mem.Delivered()); n != wantDelivered {
				t.Fatalf("channel delivered %d messages, want %d; the run must stop at the first store failure", n, wantDelivered)
			}
			store.armed = false
			rep, err = out.Send(ctx, stages.Vote, audience, outEpoch.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if got := outSentTo(rep); !slices.Equal(got, []engagement.CustomerID{"ada", "dee"}) {
				t.Errorf("after the store recovered: %v; want ada and dee sent", rep)
			}
			if n := len(mem.Delivered()); n != 2 {
				t.Errorf("channel delivered %d messages in all, want 2", n)
			}
			if n := len(outRecords(t, store, outreach.Kind)); n != 2 {
				t.Errorf("store holds %d contacts, want 2", n)
			}
		})
	}
}

func TestSenderContextDone(t *testing.T) {
	_, mem, out := outSetup(t, func(c outreach.Channel) outreach.Channel {
		return channeltest.StallFirst(c, 1)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	audience := map[engagement.CustomerID]stages.Stage{"ada": stages.Advocate, "dee": stages.Advocate}
	rep, err := out.Send(ctx, stages.Vote, audience, outEpoch)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Send with a stalled channel: got error %v, want one wrapping DeadlineExceeded", err)
	}
	if len(rep.Failed) != 1 || rep.Failed[0].Customer != "ada" || len(rep.Sent) != 0 {
		t.Errorf("report %v; want ada failed and dee not reached", rep)
	}
	if n := len(mem.Delivered()); n != 0 {
		t.Errorf("channel delivered %d messages, want 0", n)
	}

	cancelled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if _, err := out.Send(cancelled, stages.Vote, audience, outEpoch); !errors.Is(err, context.Canceled) {
		t.Errorf("Send with a cancelled context: got error %v, want one wrapping Canceled", err)
	}
}

func TestSenderErrors(t *testing.T) {
	store := engagement.NewMemoryStore()
	mem := outreach.NewMemoryChannel()
	good := func() *outreach.Sender {
		return &outreach.Sender{Channel: mem, Store: store, Touchpoint: "email", ConsentChannel: engagement.ChannelEmail}
	}
	audience := map[engagement.CustomerID]stages.Stage{"ada": stages.Advocate}
	tests := []struct {
		name     string
		out      func() *outreach.Sender
		action   string
		audience map[engagement.CustomerID]stages.Stage
		now      time.Time
		field    string
	}{
		{"nil channel", func() *outreach.Sender { o := good(); o.Channel = nil; return o }, stages.Vote, audience, outEpoch, "Sender.Channel"},
		{"nil store", func() *outreach.Sender { o := good(); o.Store = nil; return o }, stages.Vote, audience, outEpoch, "Sender.Store"},
		{"no touch point", func() *outreach.Sender { o := good(); o.Touchpoint = ""; return o }, stages.Vote, audience, outEpoch, "Sender.Touchpoint"},
		{"negative max", func() *outreach.Sender { o := good(); o.Cap.Max = -1; return o }, stages.Vote, audience, outEpoch, "Sender.Cap.Max"},
		{"negative window", func() *outreach.Sender { o := good(); o.Cap.Window = -time.Hour; return o }, stages.Vote, audience, outEpoch, "Sender.Cap.Window"},
		{"huge window", func() *outreach.Sender { o := good(); o.Cap.Window = outreach.MaxCapWindow + 1; return o }, stages.Vote, audience, outEpoch, "Sender.Cap.Window"},
		{"unknown action", good, "spam_blast", audience, outEpoch, "action"},
		{"empty action", good, "", audience, outEpoch, "action"},
		{"empty customer id", good, stages.Vote, map[engagement.CustomerID]stages.Stage{"": stages.Advocate}, outEpoch, "audience"},
		{"zero time", good, stages.Vote, audience, time.Time{}, "now"},
		{"time out of range", good, stages.Vote, audience, time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), "now"},
		{"purpose with a control character", func() *outreach.Sender { o := good(); o.Purpose = "market\ning"; return o }, stages.Vote, audience, outEpoch, "Sender.Purpose"},
		{"long purpose", func() *outreach.Sender {
			o := good()
			o.Purpose = engagement.Purpose(strings.Repeat("p", engagement.MaxKeyBytes+1))
			return o
		}, stages.Vote, audience, outEpoch, "Sender.Purpose"},
		{"channel with a control character", func() *outreach.Sender { o := good(); o.ConsentChannel = "e\tmail"; return o }, stages.Vote, audience, outEpoch, "Sender.ConsentChannel"},
		{"channel not valid UTF-8", func() *outreach.Sender { o := good(); o.ConsentChannel = "\xff"; return o }, stages.Vote, audience, outEpoch, "Sender.ConsentChannel"},
		{"no channel with a consent store", func() *outreach.Sender {
			o := good()
			o.Store, o.ConsentChannel = newOutConsentStore(), ""
			return o
		}, stages.Vote, audience, outEpoch, "Sender.ConsentChannel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.out().Send(context.Background(), tt.action, tt.audience, tt.now)
			var fe *outreach.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, outreach.ErrInvalid) || fe.Field != tt.field {
				t.Fatalf("Send: got error %v, want a *FieldError for %s matching ErrInvalid", err, tt.field)
			}
		})
	}
	if n := len(mem.Delivered()); n != 0 {
		t.Errorf("channel delivered %d messages, want 0", n)
	}
}

func TestSenderComposeAndPlaybook(t *testing.T) {
	_, mem, out := outSetup(t, nil)
	tasting := stages.Action{Name: "tasting_night", MinStage: stages.Returning, Description: "invite to a tasting night"}
	p, err := stages.NewPlaybook(tasting)
	if err != nil {
		t.Fatal(err)
	}
	out.Playbook = p
	out.Compose = func(c engagement.Customer, a stages.Action) (string, string) {
		return "Hello " + string(c.ID), "You are invited: " + a.Description
	}
	if _, err := out.Send(context.Background(), "tasting_night", map[engagement.CustomerID]stages.Stage{"ada": stages.Returning}, outEpoch); err != nil {
		t.Fatal(err)
	}
	got := mem.Delivered()
	if len(got) != 1 || got[0].Subject != "Hello ada" || got[0].Body != "You are invited: invite to a tasting night" || got[0].Action != "tasting_night" {
		t.Errorf("delivered %+v", got)
	}
}

func TestSenderEmptyAudience(t *testing.T) {
	_, mem, out := outSetup(t, nil)
	rep, err := out.Send(context.Background(), stages.Vote, nil, outEpoch)
	if err != nil || len(mem.Delivered()) != 0 || rep.Action != stages.Vote {
		t.Errorf("Send to nobody = %v, %v", rep, err)
	}
}

func TestSenderKeys(t *testing.T) {
	// Keys are deterministic, header-safe, and differ by action, customer
	// and window.
	keyOf := func(action string, id engagement.CustomerID, at time.Time) string {
		store := engagement.NewMemoryStore()
		if err := store.PutCustomers(context.Background(), engagement.Customer{ID: id, Consent: engagement.ConsentGiven}); err != nil {
			t.Fatal(err)
		}
		mem := outreach.NewMemoryChannel()
		out := &outreach.Sender{Channel: mem, Store: store, Touchpoint: "email", ConsentChannel: engagement.ChannelEmail}
		if _, err := out.Send(context.Background(), action, map[engagement.CustomerID]stages.Stage{id: stages.Advocate}, at); err != nil {
			t.Fatal(err)
		}
		return mem.Delivered()[0].ID
	}
	base := keyOf(stages.Vote, "ada", outEpoch)
	if got := keyOf(stages.Vote, "ada", outEpoch.Add(3*outDay)); got != base {
		t.Errorf("same window: key %q, want %q", got, base)
	}
	for what, k := range map[string]string{
		"another action":            keyOf(stages.QuickFeedback, "ada", outEpoch),
		"another customer":          keyOf(stages.Vote, "ada ", outEpoch),
		"next window":               keyOf(stages.Vote, "ada", outEpoch.Add(5*outDay)),
		"a customer with odd bytes": keyOf(stages.Vote, "ada: vote/é \"x\"", outEpoch),
	} {
		if k == base {
			t.Errorf("%s: same key %q", what, k)
		}
		if m := (outreach.Message{ID: k, Customer: "x", Time: outEpoch}); m.Validate() != nil {
			t.Errorf("%s: key %q is not a valid message ID: %v", what, k, m.Validate())
		}
	}
}

func BenchmarkSenderSend(b *testing.B) {
	const n = 1000
	ctx := context.Background()
	b.Run(fmt.Sprintf("customers=%d", n), func(b *testing.B) {
		// A fresh store for every run of the benchmark (-count), so that
		// no earlier run's contacts count against the cap.
		store := engagement.NewMemoryStore()
		audience := make(map[engagement.CustomerID]stages.Stage, n)
		for i := range n {
			id := engagement.CustomerID(fmt.Sprintf("c%04d", i))
			if err := store.PutCustomers(ctx, engagement.Customer{ID: id, Consent: engagement.ConsentGiven}); err != nil {
				b.Fatal(err)
			}
			audience[id] = stages.Advocate
		}
		out := &outreach.Sender{Channel: outreach.NewMemoryChannel(), Store: store, Touchpoint: "email", ConsentChannel: engagement.ChannelEmail}
		runs := 0
		b.ReportAllocs()
		for b.Loop() {
			// A week apart, so that every run contacts everyone.
			at := outEpoch.Add(time.Duration(runs) * outreach.DefaultCapWindow)
			rep, err := out.Send(ctx, stages.Vote, audience, at)
			if err != nil || len(rep.Sent) != n {
				b.Fatalf("Send: sent %d, err %v; want %d sent", len(rep.Sent), err, n)
			}
			runs++
		}
		b.ReportMetric(float64(runs*n)/b.Elapsed().Seconds(), "customers/s")
	})
}
