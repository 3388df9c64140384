package outreach_test

import (
	"context"
	"errors"
	"iter"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/stages"
)

// outConsentStore is a memory store that keeps consent records in a slice,
// by the [engagement.ConsentStore] contract except that it resolves no
// merged-away IDs, and that can be made to fail reading them.
type outConsentStore struct {
	*engagement.MemoryStore
	mu       sync.Mutex
	records  []engagement.ConsentRecord
	failRead error // returned by ConsentRecords when set
}

var _ engagement.ConsentStore = (*outConsentStore)(nil)

func newOutConsentStore() *outConsentStore {
	return &outConsentStore{MemoryStore: engagement.NewMemoryStore()}
}

func (s *outConsentStore) RecordConsent(ctx context.Context, rs ...engagement.ConsentRecord) error {
	for _, r := range rs {
		if err := r.Validate(); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range rs {
		if !slices.ContainsFunc(s.records, r.Equal) {
			s.records = append(s.records, r)
		}
	}
	return nil
}

func (s *outConsentStore) ConsentRecords(ctx context.Context, id engagement.CustomerID) iter.Seq2[engagement.ConsentRecord, error] {
	s.mu.Lock()
	var mine []engagement.ConsentRecord
	for _, r := range s.records {
		if r.Customer == id {
			mine = append(mine, r)
		}
	}
	fail := s.failRead
	s.mu.Unlock()
	slices.SortFunc(mine, engagement.CompareConsentRecords)
	return func(yield func(engagement.ConsentRecord, error) bool) {
		if fail != nil {
			yield(engagement.ConsentRecord{}, fail)
			return
		}
		for _, r := range mine {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// consentStore is a store that keeps consent records.
type consentStore interface {
	engagement.Store
	engagement.ConsentStore
}

// outConsentStores returns the stores that keep consent records to test
// Sender over: the slice-backed one, and engagement's MemoryStore once
// it keeps them.
func outConsentStores() map[string]func() consentStore {
	stores := map[string]func() consentStore{
		"slice": func() consentStore { return newOutConsentStore() },
	}
	var mem engagement.Store = engagement.NewMemoryStore()
	if _, ok := mem.(consentStore); ok {
		stores["memory"] = func() consentStore {
			var s engagement.Store = engagement.NewMemoryStore()
			return s.(consentStore)
		}
	}
	return stores
}

// sameDecision reports whether two consent decisions are the same, their
// records compared with Equal.
func sameDecision(a, b engagement.ConsentDecision) bool {
	ra, oka := a.Decided()
	rb, okb := b.Decided()
	return a.State == b.State && a.Expired == b.Expired && oka == okb && ra.Equal(rb)
}

// grant and withdraw build consent records for "ada".
func grant(p engagement.Purpose, channel string, at time.Time, expires time.Time) engagement.ConsentRecord {
	return engagement.ConsentRecord{Customer: "ada", Purpose: p, Channel: channel, State: engagement.ConsentGiven, Time: at, Expires: expires, Source: "signup form"}
}

func withdraw(p engagement.Purpose, channel string, at time.Time) engagement.ConsentRecord {
	return engagement.ConsentRecord{Customer: "ada", Purpose: p, Channel: channel, State: engagement.ConsentRefused, Time: at, Source: "unsubscribe link"}
}

func TestSenderConsentRecords(t *testing.T) {
	const (
		mkt  = engagement.PurposeMarketing
		svc  = engagement.PurposeService
		mail = engagement.ChannelEmail
		sms  = engagement.ChannelSMS
	)
	day := func(n int) time.Time { return outEpoch.Add(time.Duration(n) * outDay) }
	var never time.Time
	tests := []struct {
		name    string
		flag    engagement.Consent // the customer's Consent
		records []engagement.ConsentRecord
		purpose engagement.Purpose // "" is marketing
		channel string
		sent    bool
		reason  string // the refusal's reason, when not sent
	}{
		{"grant", engagement.ConsentUnknown, []engagement.ConsentRecord{grant(mkt, mail, day(-10), never)}, "", mail, true, ""},
		{"grant not yet expired", engagement.ConsentUnknown, []engagement.ConsentRecord{grant(mkt, mail, day(-10), day(1))}, "", mail, true, ""},
		{"grant expired", engagement.ConsentGiven, []engagement.ConsentRecord{grant(mkt, mail, day(-10), day(-1))}, "", mail, false,
			"marketing on email given at 2024-02-18T09:00:00Z (signup form), expired at 2024-02-27T09:00:00Z"},
		{"grant expiring at the run", engagement.ConsentGiven, []engagement.ConsentRecord{grant(mkt, mail, day(-10), day(0))}, "", mail, false,
			"marketing on email given at 2024-02-18T09:00:00Z (signup form), expired at 2024-02-28T09:00:00Z"},
		{"withdrawal beats the customer's consent", engagement.ConsentGiven, []engagement.ConsentRecord{withdraw(mkt, mail, day(-1))}, "", mail, false,
			"marketing on email refused at 2024-02-27T09:00:00Z (unsubscribe link)"},
		{"service consent is not marketing consent", engagement.ConsentUnknown, []engagement.ConsentRecord{grant(svc, mail, day(-10), never)}, "", mail, false,
			"no record of marketing consent on email; customer consent is unknown"},
		{"service consent for service", engagement.ConsentUnknown, []engagement.ConsentRecord{grant(svc, mail, day(-10), never)}, svc, mail, true, ""},
		{"marketing withdrawn, service sent", engagement.ConsentUnknown, []engagement.ConsentRecord{grant(svc, "", day(-10), never), withdraw(mkt, "", day(-5))}, svc, mail, true, ""},
		{"email consent on email", engagement.ConsentUnknown, []engagement.ConsentRecord{grant(mkt, mail, day(-10), never)}, "", mail, true, ""},
		{"email consent is not sms consent", engagement.ConsentRefused, []engagement.ConsentRecord{grant(mkt, mail, day(-10), never)}, "", sms, false,
			"no record of marketing consent on sms; customer consent is refused"},
		{"every-channel grant on sms", engagement.ConsentUnknown, []engagement.ConsentRecord{grant(mkt, "", day(-10), never)}, "", sms, true, ""},
		{"every-channel withdrawal beats an earlier email grant", engagement.ConsentGiven,
			[]engagement.ConsentRecord{grant(mkt, mail, day(-10), never), withdraw(mkt, "", day(-3))}, "", mail, false,
			"marketing on every channel refused at 2024-02-25T09:00:00Z (unsubscribe link)"},
		{"email grant after an every-channel withdrawal", engagement.ConsentUnknown,
			[]engagement.ConsentRecord{withdraw(mkt, "", day(-10)), grant(mkt, mail, day(-3), never)}, "", mail, true, ""},
		{"older grant recorded after a withdrawal", engagement.ConsentGiven,
			[]engagement.ConsentRecord{withdraw(mkt, mail, day(-3)), grant(mkt, mail, day(-20), never), grant(mkt, "", day(-4), never)}, "", mail, false,
			"marketing on email refused at 2024-02-25T09:00:00Z (unsubscribe link)"},
		{"newer grant after a withdrawal", engagement.ConsentRefused,
			[]engagement.ConsentRecord{withdraw(mkt, mail, day(-3)), grant(mkt, mail, day(-1), never)}, "", mail, true, ""},
		{"withdrawal and grant at one time", engagement.ConsentGiven,
			[]engagement.ConsentRecord{grant(mkt, mail, day(-3), never), withdraw(mkt, mail, day(-3))}, "", mail, false,
			"marketing on email refused at 2024-02-25T09:00:00Z (unsubscribe link)"},
		{"a later withdrawal does not apply yet", engagement.ConsentUnknown,
			[]engagement.ConsentRecord{grant(mkt, mail, day(-3), never), withdraw(mkt, mail, day(2))}, "", mail, true, ""},
		{"no record: consent given", engagement.ConsentGiven, nil, "", mail, true, ""},
		{"no record: consent refused", engagement.ConsentRefused, nil, "", mail, false,
			"no record of marketing consent on email; customer consent is refused"},
		{"no record applies: consent given", engagement.ConsentGiven,
			[]engagement.ConsentRecord{withdraw(svc, "", day(-1)), withdraw(mkt, sms, day(-1)), withdraw(mkt, mail, day(1))}, "", mail, true, ""},
		{"no record applies: consent unknown", engagement.ConsentUnknown,
			[]engagement.ConsentRecord{grant(mkt, mail, day(1), never)}, "", mail, false,
			"no record of marketing consent on email; customer consent is unknown"},
	}
	for name, newStore := range outConsentStores() {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				ctx := context.Background()
				store := newStore()
				if err := store.PutCustomers(ctx, engagement.Customer{ID: "ada", Consent: tt.flag}); err != nil {
					t.Fatal(err)
				}
				for _, r := range tt.records { // one by one, in the order given
					if err := store.RecordConsent(ctx, r); err != nil {
						t.Fatal(err)
					}
				}
				mem := outreach.NewMemoryChannel()
				out := &outreach.Sender{Channel: mem, Store: store, Touchpoint: "newsletter", Purpose: tt.purpose, ConsentChannel: tt.channel}
				rep, err := out.Send(ctx, stages.Vote, map[engagement.CustomerID]stages.Stage{"ada": stages.Advocate}, outEpoch)
				if err != nil {
					t.Fatal(err)
				}
				if got := len(mem.Delivered()) == 1; got != tt.sent {
					t.Fatalf("delivered %v, want %v; report %v", got, tt.sent, rep)
				}
				if tt.sent {
					if len(rep.Sent) != 1 || len(rep.NoConsent)+len(rep.NoConsentReasons) != 0 {
						t.Errorf("report %v, want ada sent and nothing else", rep)
					}
					return
				}
				if !slices.Equal(rep.NoConsent, []engagement.CustomerID{"ada"}) || len(rep.NoConsentReasons) != 1 {
					t.Fatalf("report %v, want ada refused for want of consent", rep)
				}
				why := rep.NoConsentReasons[0]
				if why.Customer != "ada" || why.Reason != tt.reason {
					t.Errorf("refusal %+v, want reason %q", why, tt.reason)
				}
				d := engagement.ConsentAt(tt.records, out.Purpose, tt.channel, outEpoch)
				if out.Purpose == "" {
					d = engagement.ConsentAt(tt.records, engagement.PurposeMarketing, tt.channel, outEpoch)
				}
				if !sameDecision(why.Decision, d) {
					t.Errorf("refusal decision %+v, want ConsentAt's %+v", why.Decision, d)
				}
				if s := rep.String(); !strings.Contains(s, "\n  ada: "+tt.reason) {
					t.Errorf("report text %q does not give the reason", s)
				}
			})
		}
	}
}

// Reading the consent records can fail: the run stops with the store's
// error and contacts nobody.
func TestSenderConsentReadFails(t *testing.T) {
	ctx := context.Background()
	store := newOutConsentStore()
	if err := store.PutCustomers(ctx, engagement.Customer{ID: "ada", Consent: engagement.ConsentGiven}); err != nil {
		t.Fatal(err)
	}
	store.failRead = errStoreDown
	mem := outreach.NewMemoryChannel()
	out := &outreach.Sender{Channel: mem, Store: store, Touchpoint: "newsletter", ConsentChannel: engagement.ChannelEmail}
	_, err := out.Send(ctx, stages.Vote, map[engagement.CustomerID]stages.Stage{"ada": stages.Advocate}, outEpoch)
	if !errors.Is(err, errStoreDown) || !strings.Contains(err.Error(), `"ada"`) || !strings.Contains(err.Error(), "consent") {
		t.Fatalf("Send with consent records unreadable: got error %v, want the store's, naming ada and consent", err)
	}
	if n := len(mem.Delivered()); n != 0 {
		t.Errorf("channel delivered %d messages, want 0", n)
	}
}

// A store that keeps consent records needs the channel named; one that
// keeps none does not.
func TestSenderConsentChannelRequired(t *testing.T) {
	ctx := context.Background()
	audience := map[engagement.CustomerID]stages.Stage{"ada": stages.Advocate}
	store := newOutConsentStore()
	mem := outreach.NewMemoryChannel()
	out := &outreach.Sender{Channel: mem, Store: store, Touchpoint: "newsletter"}
	_, err := out.Send(ctx, stages.Vote, audience, outEpoch)
	var fe *outreach.FieldError
	if !errors.As(err, &fe) || fe.Field != "Sender.ConsentChannel" || !strings.Contains(err.Error(), "email") {
		t.Fatalf("Send without a consent channel over a consent store: got %v, want a FieldError for Sender.ConsentChannel suggesting email", err)
	}

	// A store without consent records, with the channel unnamed: the
	// customer's Consent decides.
	plain := struct{ engagement.Store }{store.MemoryStore}
	if err := plain.PutCustomers(ctx, engagement.Customer{ID: "ada", Consent: engagement.ConsentGiven}); err != nil {
		t.Fatal(err)
	}
	out.Store = plain
	rep, err := out.Send(ctx, stages.Vote, audience, outEpoch)
	if err != nil || len(rep.Sent) != 1 {
		t.Fatalf("Send over a store without consent records: %v, %v; want ada sent", rep, err)
	}
}

// The store resolves merged-away IDs: a withdrawal recorded under an alias
// before the merge stops outreach to the customer it was merged into, and
// to the alias.
func TestSenderConsentFollowsMerges(t *testing.T) {
	ctx := context.Background()
	store := engagement.NewMemoryStore()
	if err := store.PutCustomers(ctx,
		engagement.Customer{ID: "ada", Consent: engagement.ConsentGiven},
		engagement.Customer{ID: "ada-web", Consent: engagement.ConsentGiven},
		engagement.Customer{ID: "bo", Consent: engagement.ConsentGiven},
	); err != nil {
		t.Fatal(err)
	}
	w := withdraw(engagement.PurposeMarketing, "", outEpoch.Add(-outDay))
	w.Customer = "ada-web"
	if err := store.RecordConsent(ctx, w); err != nil {
		t.Fatal(err)
	}
	if err := store.Merge(ctx, engagement.Merge{From: "ada-web", Into: "ada", Time: outEpoch.Add(-time.Hour), Reason: "login"}); err != nil {
		t.Fatal(err)
	}
	for i, id := range []engagement.CustomerID{"ada", "ada-web"} {
		mem := outreach.NewMemoryChannel()
		out := &outreach.Sender{Channel: mem, Store: store, Touchpoint: "newsletter", ConsentChannel: engagement.ChannelEmail}
		rep, err := out.Send(ctx, stages.Vote, map[engagement.CustomerID]stages.Stage{id: stages.Advocate, "bo": stages.Advocate}, outEpoch)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rep.NoConsent, []engagement.CustomerID{id}) || rep.NoConsentReasons[0].Customer != id || len(mem.Delivered()) != len(rep.Sent) {
			t.Fatalf("outreach to %s after the alias withdrew: %v; want %s refused", id, rep, id)
		}
		if i == 0 && !slices.Equal(outSentTo(rep), []engagement.CustomerID{"bo"}) {
			t.Errorf("first run sent to %v, want [bo]", outSentTo(rep))
		}
		if r, ok := rep.NoConsentReasons[0].Decision.Decided(); !ok || r.State != engagement.ConsentRefused || !r.Time.Equal(w.Time) {
			t.Errorf("%s refused by %+v (%v), want the alias's withdrawal", id, r, ok)
		}
	}
}
