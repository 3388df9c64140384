package outreach_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/stages"
	"pgregory.net/rapid"
)

// leaseWindow is the weekly cap window the lease tests run in.
var leaseWindow = time.Date(2024, 2, 26, 0, 0, 0, 0, time.UTC)

// leaseActions are returning-stage actions, all fitting a returning
// customer.
var leaseActions = []string{stages.QuickFeedback, stages.Vote, stages.ReferralInvitation, stages.CommunityEvent}

// outLeaseStore is a MemoryStore that logs the leases taken and can fail
// to lease or to release. Its leases are the MemoryStore's, or, for a
// MemoryStore without them, a channel per name that never lapses.
type outLeaseStore struct {
	*engagement.MemoryStore
	mu         sync.Mutex
	names      []string        // leases taken, in order
	ttls       []time.Duration // their ttls
	locks      map[string]chan struct{}
	failLease  error
	failReturn error
}

func newOutLeaseStore() *outLeaseStore {
	return &outLeaseStore{MemoryStore: engagement.NewMemoryStore(), locks: make(map[string]chan struct{})}
}

var _ engagement.Leaser = (*outLeaseStore)(nil)

func (s *outLeaseStore) Lease(ctx context.Context, name string, ttl time.Duration) (engagement.Lease, error) {
	s.mu.Lock()
	if s.failLease != nil {
		s.mu.Unlock()
		return nil, s.failLease
	}
	s.names, s.ttls = append(s.names, name), append(s.ttls, ttl)
	s.mu.Unlock()
	if inner, ok := any(s.MemoryStore).(engagement.Leaser); ok {
		l, err := inner.Lease(ctx, name, ttl)
		if err != nil {
			return nil, err
		}
		return &outLease{s: s, inner: l}, nil
	}
	s.mu.Lock()
	lock, ok := s.locks[name]
	if !ok {
		lock = make(chan struct{}, 1)
		s.locks[name] = lock
	}
	s.mu.Unlock()
	select {
	case lock <- struct{}{}:
		return &outLease{s: s, lock: lock}, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("lease %q: %w", name, ctx.Err())
	}
}

// outLease is a lease of an outLeaseStore.
type outLease struct {
	s     *outLeaseStore
	inner engagement.Lease
	lock  chan struct{}
	once  sync.Once
}

func (l *outLease) Release(ctx context.Context) error {
	l.s.mu.Lock()
	fail := l.s.failReturn
	l.s.mu.Unlock()
	var err error
	l.once.Do(func() {
		if l.inner != nil {
			err = l.inner.Release(ctx)
		} else {
			<-l.lock
		}
	})
	if fail != nil {
		return fail
	}
	return err
}

// outKeys returns, per customer, the message keys of the outreach records
// (attempts and contacts) of store, and the keys with a contact.
func outKeys(t interface {
	Helper()
	Fatal(...any)
}, store engagement.Store) (keys map[engagement.CustomerID]map[string]bool, contacted map[string]bool) {
	t.Helper()
	keys, contacted = make(map[engagement.CustomerID]map[string]bool), make(map[string]bool)
	for in, err := range store.Interactions(context.Background(), engagement.Query{}) {
		if err != nil {
			t.Fatal(err)
		}
		key := in.ID
		switch in.Kind {
		case outreach.Kind:
			contacted[key] = true
		case outreach.AttemptKind:
			key = key[:strings.LastIndexByte(key, '/')]
		default:
			continue
		}
		if keys[in.Customer] == nil {
			keys[in.Customer] = make(map[string]bool)
		}
		keys[in.Customer][key] = true
	}
	return keys, contacted
}

// TestSenderCapHoldsAcrossConcurrentRuns sends actions to overlapping
// audiences (customers and aliases of theirs) from many Sender values at
// once over one store and one channel, and checks that every customer
// ends up with exactly min(Cap.Max, the distinct actions sent to them)
// messages in the window, none delivered twice, each recorded.
func TestSenderCapHoldsAcrossConcurrentRuns(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		store := engagement.NewMemoryStore()
		n := rapid.IntRange(1, 5).Draw(t, "customers")
		canonical := make(map[engagement.CustomerID]engagement.CustomerID)
		var ids []engagement.CustomerID
		for i := range n {
			id := engagement.CustomerID(fmt.Sprintf("c%d", i))
			if err := store.PutCustomers(ctx, engagement.Customer{ID: id, Consent: engagement.ConsentGiven}); err != nil {
				t.Fatal(err)
			}
			canonical[id] = id
			ids = append(ids, id)
			if rapid.Bool().Draw(t, "alias") {
				alias := id + "-old"
				if err := store.Merge(ctx, engagement.Merge{From: alias, Into: id, Time: leaseWindow}); err != nil {
					t.Fatal(err)
				}
				canonical[alias] = id
				ids = append(ids, alias)
			}
		}
		capMax := rapid.IntRange(1, 3).Draw(t, "cap_max")
		mem := outreach.NewMemoryChannel()
		type run struct {
			out      *outreach.Sender
			action   string
			audience map[engagement.CustomerID]stages.Stage
			now      time.Time
		}
		runs := make([]run, rapid.IntRange(2, 8).Draw(t, "runs"))
		targeted := make(map[engagement.CustomerID]map[string]bool) // distinct actions per customer
		for i := range runs {
			r := &runs[i]
			r.out = &outreach.Sender{Channel: mem, Store: store, Touchpoint: "email",
				ConsentChannel: engagement.ChannelEmail, Cap: outreach.Cap{Max: capMax}}
			r.action = rapid.SampledFrom(leaseActions).Draw(t, "action")
			r.now = leaseWindow.Add(time.Duration(rapid.IntRange(0, 7*24-1).Draw(t, "hour")) * time.Hour)
			r.audience = make(map[engagement.CustomerID]stages.Stage)
			for _, id := range rapid.SliceOfNDistinct(rapid.SampledFrom(ids), 1, len(ids), rapid.ID).Draw(t, "audience") {
				r.audience[id] = stages.Returning
				c := canonical[id]
				if targeted[c] == nil {
					targeted[c] = make(map[string]bool)
				}
				targeted[c][r.action] = true
			}
		}

		reports := make([]outreach.Report, len(runs))
		errs := make([]error, len(runs))
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, r := range runs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				reports[i], errs[i] = r.out.Send(ctx, r.action, r.audience, r.now)
			}()
		}
		close(start)
		wg.Wait()

		for i, err := range errs {
			if err != nil {
				t.Fatalf("run %d: %v", i, err)
			}
			rep := reports[i]
			var got []engagement.CustomerID
			got = append(got, outSentTo(rep)...)
			got = append(got, rep.AlreadySent...)
			got = append(got, rep.Capped...)
			slices.Sort(got)
			var want []engagement.CustomerID
			for id := range runs[i].audience {
				want = append(want, id)
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("run %d reports sent, already sent or capped %v, want its audience %v:\n%v", i, got, want, rep)
			}
		}

		delivered := make(map[engagement.CustomerID]map[string]bool)
		seen := make(map[string]bool)
		for _, m := range mem.Delivered() {
			if seen[m.ID] {
				t.Fatalf("message %s delivered twice", m.ID)
			}
			seen[m.ID] = true
			c := canonical[m.Customer]
			if delivered[c] == nil {
				delivered[c] = make(map[string]bool)
			}
			delivered[c][m.ID] = true
		}
		keys, contacted := outKeys(t, store)
		for c, actions := range targeted {
			want := min(capMax, len(actions))
			if len(keys[c]) != want {
				t.Fatalf("customer %s has %d outreach keys in the window %v, want min(cap %d, %d actions) = %d",
					c, len(keys[c]), keys[c], capMax, len(actions), want)
			}
			if len(delivered[c]) != want {
				t.Fatalf("customer %s received %d messages, want %d", c, len(delivered[c]), want)
			}
			for key := range keys[c] {
				if !delivered[c][key] || !contacted[key] {
					t.Fatalf("customer %s: key %s delivered %v, contact recorded %v; want both", c, key, delivered[c][key], contacted[key])
				}
			}
		}
		for c := range keys {
			if targeted[c] == nil {
				t.Fatalf("customer %s has outreach records but was in no audience", c)
			}
		}
	})
}

// TestSenderLeaseNames checks the lease names Send takes: the customer
// an alias stands for, a hash for an ID too long for a name, and the ttl.
func TestSenderLeaseNames(t *testing.T) {
	ctx := context.Background()
	store := newOutLeaseStore()
	long := engagement.CustomerID(strings.Repeat("x", 200))
	if err := store.PutCustomers(ctx,
		engagement.Customer{ID: "ada", Consent: engagement.ConsentGiven},
		engagement.Customer{ID: long, Consent: engagement.ConsentGiven},
		engagement.Customer{ID: "bo", Consent: engagement.ConsentRefused}); err != nil {
		t.Fatal(err)
	}
	if err := store.Merge(ctx, engagement.Merge{From: "ada-old", Into: "ada", Time: leaseWindow}); err != nil {
		t.Fatal(err)
	}
	out := &outreach.Sender{Channel: outreach.NewMemoryChannel(), Store: store, Touchpoint: "email",
		ConsentChannel: engagement.ChannelEmail, Cap: outreach.Cap{Max: 2}}
	audience := map[engagement.CustomerID]stages.Stage{"ada-old": stages.Returning, long: stages.Returning, "bo": stages.Returning}
	rep, err := out.Send(ctx, stages.Vote, audience, outEpoch)
	if err != nil {
		t.Fatal(err)
	}
	if got := outSentTo(rep); !slices.Equal(got, []engagement.CustomerID{"ada-old", long}) {
		t.Fatalf("sent to %v, want ada-old and the long id", got)
	}
	hashed := store.names[1]
	if want := []string{"outreach/ada", hashed}; !slices.Equal(store.names, want) || !strings.HasPrefix(hashed, "outreach/sha256-") ||
		len(hashed) > engagement.MaxKeyBytes {
		t.Fatalf("leases taken %q, want outreach/ada and outreach/sha256-... within %d bytes (bo, without consent, takes none)",
			store.names, engagement.MaxKeyBytes)
	}
	for _, ttl := range store.ttls {
		if ttl != outreach.DefaultLeaseTTL {
			t.Fatalf("lease ttl %v, want the default %v", ttl, outreach.DefaultLeaseTTL)
		}
	}

	// The alias and the customer share the lease; a set ttl is passed on.
	out.LeaseTTL = time.Minute
	store.names, store.ttls = nil, nil
	if _, err := out.Send(ctx, stages.QuickFeedback, map[engagement.CustomerID]stages.Stage{"ada": stages.Returning}, outEpoch); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(store.names, []string{"outreach/ada"}) || !slices.Equal(store.ttls, []time.Duration{time.Minute}) {
		t.Fatalf("leases %q with ttls %v, want outreach/ada for 1m0s", store.names, store.ttls)
	}
}

// TestSenderLeaseFailures checks a bad LeaseTTL and a store whose
// leases fail: nothing is delivered, the run stops with the store's
// error, and a released-or-not attempt still counts.
func TestSenderLeaseFailures(t *testing.T) {
	ctx := context.Background()
	audience := map[engagement.CustomerID]stages.Stage{"ada": stages.Returning, "dee": stages.Returning}
	setup := func() (*outLeaseStore, *outreach.MemoryChannel, *outreach.Sender) {
		store := newOutLeaseStore()
		if err := store.PutCustomers(ctx, outCustomers()...); err != nil {
			t.Fatal(err)
		}
		mem := outreach.NewMemoryChannel()
		return store, mem, &outreach.Sender{Channel: mem, Store: store, Touchpoint: "email", ConsentChannel: engagement.ChannelEmail}
	}

	_, mem, out := setup()
	out.LeaseTTL = -time.Second
	_, err := out.Send(ctx, stages.Vote, audience, outEpoch)
	var fe *outreach.FieldError
	if !errors.As(err, &fe) || fe.Field != "Sender.LeaseTTL" || fe.Value != "-1s" {
		t.Fatalf("negative LeaseTTL: got %v, want a FieldError naming Sender.LeaseTTL", err)
	}

	store, mem, out := setup()
	down := errors.New("leases down")
	store.failLease = down
	rep, err := out.Send(ctx, stages.Vote, audience, outEpoch)
	if !errors.Is(err, down) || !strings.Contains(err.Error(), `customer "ada"`) || len(mem.Delivered()) != 0 || len(rep.Sent) != 0 {
		t.Fatalf("lease fails: got %v, %d delivered, report %v; want the store's error at ada and nothing sent", err, len(mem.Delivered()), rep)
	}
	if keys, _ := outKeys(t, store); len(keys) != 0 {
		t.Fatalf("lease fails: outreach recorded %v, want nothing", keys)
	}

	store, mem, out = setup()
	store.failReturn = down
	_, err = out.Send(ctx, stages.Vote, audience, outEpoch)
	if !errors.Is(err, down) || !strings.Contains(err.Error(), "releasing") || len(mem.Delivered()) != 0 {
		t.Fatalf("release fails: got %v, %d delivered; want the store's error and nothing delivered", err, len(mem.Delivered()))
	}
	if keys, _ := outKeys(t, store); len(keys["ada"]) != 1 {
		t.Fatalf("release fails: outreach recorded %v, want ada's attempt", keys)
	}
	// The attempt counts: a later run delivers that very message, and
	// nothing else fits under the default cap of one.
	store.failReturn = nil
	if rep, err = out.Send(ctx, stages.QuickFeedback, audience, outEpoch.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Capped, []engagement.CustomerID{"ada"}) || !slices.Equal(outSentTo(rep), []engagement.CustomerID{"dee"}) {
		t.Fatalf("after a failed release: %v; want ada capped by the recorded attempt, dee sent", rep)
	}
	if rep, err = out.Send(ctx, stages.Vote, audience, outEpoch.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(outSentTo(rep), []engagement.CustomerID{"ada"}) || !slices.Equal(rep.Capped, []engagement.CustomerID{"dee"}) {
		t.Fatalf("vote again: %v; want ada's message delivered, dee capped", rep)
	}

	// A lease that waits past ctx stops the run with ctx's error.
	store, mem, out = setup()
	held, err := store.Lease(ctx, "outreach/ada", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithCancel(ctx)
	go func() {
		for {
			store.mu.Lock()
			waiting := len(store.names) > 1
			store.mu.Unlock()
			if waiting {
				cancel()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	_, err = out.Send(short, stages.Vote, audience, outEpoch)
	held.Release(ctx)
	if !errors.Is(err, context.Canceled) || len(mem.Delivered()) != 0 {
		t.Fatalf("held lease, cancelled: got %v, %d delivered; want context.Canceled and nothing delivered", err, len(mem.Delivered()))
	}
}
