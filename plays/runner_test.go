package plays_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/plays"
	"github.com/engagekit/engage/segment"
	"github.com/engagekit/engage/stages"
	"pgregory.net/rapid"
)

var day0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// crashStore fails the failAt-th SaveCheckpoint, saving nothing: the
// process dying just before that save.
type crashStore struct {
	*engagement.MemoryStore
	mu     sync.Mutex
	saves  int
	failAt int
}

func (s *crashStore) SaveCheckpoint(ctx context.Context, c engagement.Checkpoint) (engagement.Checkpoint, error) {
	s.mu.Lock()
	s.saves++
	fail := s.saves == s.failAt
	s.mu.Unlock()
	if fail {
		return engagement.Checkpoint{}, errors.New("crash before saving")
	}
	return s.MemoryStore.SaveCheckpoint(ctx, c)
}

// lossyChannel delivers into ch, and on the loseAt-th call loses the
// confirmation of a delivery that went out.
type lossyChannel struct {
	ch     *outreach.MemoryChannel
	mu     sync.Mutex
	calls  int
	loseAt int
}

func (c *lossyChannel) Deliver(ctx context.Context, m outreach.Message) (outreach.Receipt, error) {
	r, err := c.ch.Deliver(ctx, m)
	c.mu.Lock()
	c.calls++
	lose := c.calls == c.loseAt
	c.mu.Unlock()
	if err == nil && lose {
		return outreach.Receipt{}, fmt.Errorf("confirmation lost: %w", outreach.ErrTemporary)
	}
	return r, err
}

func newStore(t interface{ Fatal(...any) }, ids ...engagement.CustomerID) *engagement.MemoryStore {
	store := engagement.NewMemoryStore()
	for _, id := range ids {
		if err := store.PutCustomers(context.Background(), engagement.Customer{ID: id, Consent: engagement.ConsentGiven}); err != nil {
			t.Fatal(err)
		}
	}
	return store
}

func newRunner(cs engagement.CheckpointStore, store engagement.Store, ch outreach.Channel, ps ...*plays.Play) *plays.Runner {
	pb, _ := stages.NewPlaybook(plays.WelcomeFollowUpAction())
	return &plays.Runner{Plays: ps, Store: cs, Outreach: &outreach.Sender{Channel: ch, Store: store,
		Touchpoint: "mail", ConsentChannel: engagement.ChannelEmail, Playbook: pb}}
}

func formerBase(ids ...engagement.CustomerID) []segment.Facts {
	var base []segment.Facts
	for _, id := range ids {
		base = append(base, segment.Facts{Customer: engagement.Customer{ID: id}, Stage: stages.Result{Stage: stages.Former}})
	}
	return base
}

func startEvents(play string, ids ...engagement.CustomerID) []plays.Event {
	var evs []plays.Event
	for _, id := range ids {
		evs = append(evs, plays.Event{Customer: id, Trigger: "former_for", Time: day0, Play: play})
	}
	return evs
}

// Resuming the win-back play after a crash at any saved point, or after a
// lost delivery confirmation, sends each step's message at most once,
// never before its wait is over, and ends where an uninterrupted run ends.
func TestCrashResumeProperty(t *testing.T) {
	ctx := context.Background()
	schedule := []int{0, 5, 14, 20, 40} // days after day0
	want := func() plays.State {
		store := newStore(t, "c1")
		r := newRunner(store, store, outreach.NewMemoryChannel(), plays.WinBack())
		for _, d := range schedule {
			if _, err := r.Run(ctx, formerBase("c1"), startEvents(plays.WinBackPlay, "c1"), day0.AddDate(0, 0, d)); err != nil {
				t.Fatal(err)
			}
		}
		st, _, err := r.State(ctx, plays.WinBackPlay, "c1")
		if err != nil {
			t.Fatal(err)
		}
		return st
	}()
	if want.Outcome != "completed" || len(want.Sent) != 2 {
		t.Fatalf("uninterrupted run ended %+v", want)
	}
	rapid.Check(t, func(t *rapid.T) {
		store := newStore(t, "c1")
		cs := &crashStore{MemoryStore: store, failAt: rapid.IntRange(0, 10).Draw(t, "crash at save")}
		mem := outreach.NewMemoryChannel()
		ch := &lossyChannel{ch: mem, loseAt: rapid.IntRange(0, 3).Draw(t, "lose confirmation of call")}
		crashes := 0
		for i, d := range schedule {
			asOf := day0.AddDate(0, 0, d)
			for {
				// Each attempt is a fresh runner: nothing survives a crash
				// but the store and the channel.
				r := newRunner(cs, store, ch, plays.WinBack())
				_, err := r.Run(ctx, formerBase("c1"), startEvents(plays.WinBackPlay, "c1"), asOf)
				if err == nil {
					break
				}
				if crashes++; crashes > 3 {
					t.Fatalf("run keeps failing: %v", err)
				}
				// Restart a little later, before the next scheduled run.
				next := day0.AddDate(0, 0, schedule[min(i+1, len(schedule)-1)])
				later := asOf.Add(time.Duration(rapid.IntRange(0, 48).Draw(t, "restart after hours")) * time.Hour)
				if i+1 < len(schedule) && !later.Before(next) {
					later = asOf
				}
				asOf = later
			}
		}
		got := mem.Delivered()
		if len(got) != 2 {
			t.Fatalf("delivered %d messages, want 2: %v", len(got), got)
		}
		if gap := got[1].Time.Sub(got[0].Time); gap < plays.DefaultWinBackWait {
			t.Fatalf("second message %v after the first, before the wait of %v was over", gap, plays.DefaultWinBackWait)
		}
		st, ok, err := newRunner(store, store, mem).State(ctx, plays.WinBackPlay, "c1")
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		if st.Step != want.Step || st.Outcome != want.Outcome || st.Finished.IsZero() || st.Pending != nil || len(st.Sent) != len(want.Sent) {
			t.Fatalf("ended at %+v, want %+v", st, want)
		}
		for i := range st.Sent {
			if st.Sent[i].Step != want.Sent[i].Step || st.Sent[i].Action != want.Sent[i].Action {
				t.Fatalf("sent %+v, want %+v", st.Sent, want.Sent)
			}
		}
	})
}

// Two runners racing on the same customers never both send a step: each
// step's message is delivered once, and at most one report counts it as
// newly sent.
func TestRacingRunnersProperty(t *testing.T) {
	ctx := context.Background()
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 4).Draw(t, "customers")
		var ids []engagement.CustomerID
		for i := range n {
			ids = append(ids, engagement.CustomerID(fmt.Sprintf("c%d", i)))
		}
		store := newStore(t, ids...)
		mem := outreach.NewMemoryChannel()
		fresh := make(map[string]int) // customer and step -> reports counting it newly sent
		for _, d := range []int{0, 14, 30} {
			var wg sync.WaitGroup
			reports := make([]plays.Report, 2)
			errs := make([]error, 2)
			for k := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := newRunner(store, store, mem, plays.WinBack())
					reports[k], errs[k] = r.Run(ctx, formerBase(ids...), startEvents(plays.WinBackPlay, ids...), day0.AddDate(0, 0, d))
				}()
			}
			wg.Wait()
			for k := range 2 {
				if errs[k] != nil {
					t.Fatal(errs[k])
				}
				for _, s := range reports[k].Sent {
					if !s.Already {
						fresh[fmt.Sprint(s.Customer, s.Step)]++
					}
				}
			}
		}
		// A run after the races finishes whatever a conflict left over.
		if _, err := newRunner(store, store, mem, plays.WinBack()).Run(ctx, formerBase(ids...), nil, day0.AddDate(0, 0, 60)); err != nil {
			t.Fatal(err)
		}
		if got := len(mem.Delivered()); got != 2*n {
			t.Fatalf("delivered %d messages to %d customers, want %d", got, n, 2*n)
		}
		for k, c := range fresh {
			if c > 1 {
				t.Fatalf("%s counted as sent by %d reports", k, c)
			}
		}
	})
}

// A wait never sends early: whatever the times of the runs, the second
// win-back message goes out only once the wait is over, in the first run
// at or after its end.
func TestWaitNeverEarlyProperty(t *testing.T) {
	ctx := context.Background()
	rapid.Check(t, func(t *rapid.T) {
		wait := time.Duration(rapid.IntRange(1, 30*24).Draw(t, "wait hours")) * time.Hour
		p := &plays.Play{Name: "nudge", For: []stages.Stage{stages.Former},
			Steps: []plays.Step{plays.Send(stages.WinBack), plays.Wait(wait), plays.Send(stages.WinBack)}}
		store := newStore(t, "c1")
		mem := outreach.NewMemoryChannel()
		r := newRunner(store, store, mem, p)
		r.Outreach.Cap = outreach.Cap{Window: time.Hour, Max: 1}
		asOf := day0
		for range rapid.IntRange(1, 12).Draw(t, "runs") {
			rep, err := r.Run(ctx, formerBase("c1"), startEvents("nudge", "c1"), asOf)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range rep.Sent {
				if s.Step == 2 && asOf.Before(day0.Add(wait)) {
					t.Fatalf("sent step 2 at %v, before the wait ended at %v", asOf, day0.Add(wait))
				}
			}
			if len(rep.Waiting) == 1 && !rep.Waiting[0].Until.Equal(day0.Add(wait)) {
				t.Fatalf("waiting until %v, want %v", rep.Waiting[0].Until, day0.Add(wait))
			}
			asOf = asOf.Add(time.Duration(rapid.IntRange(1, 10*24).Draw(t, "next run hours")) * time.Hour)
		}
		got := mem.Delivered()
		if len(got) == 2 && got[1].Time.Sub(got[0].Time) < wait {
			t.Fatalf("second message %v after the first, want at least %v", got[1].Time.Sub(got[0].Time), wait)
		}
	})
}

// The welcome play sends the built-in welcome to a prospect, waits three
// days, and sends the follow-up to one who has not bought, once the
// frequency cap allows it; a former customer is refused the play.
func TestWelcomePlay(t *testing.T) {
	ctx := context.Background()
	store := newStore(t, "p1", "f1")
	mem := outreach.NewMemoryChannel()
	r := newRunner(store, store, mem, plays.Welcome())
	base := []segment.Facts{
		{Customer: engagement.Customer{ID: "p1"}, Stage: stages.Result{Stage: stages.Prospect}},
		{Customer: engagement.Customer{ID: "f1"}, Stage: stages.Result{Stage: stages.Former}},
	}
	events := startEvents(plays.WelcomePlay, "p1", "f1")
	rep, err := r.Run(ctx, base, events, day0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Sent) != 1 || rep.Sent[0].Action != stages.Welcome || len(rep.Refused) != 1 || rep.Refused[0].Customer != "f1" || rep.Refused[0].Status != plays.Refused {
		t.Fatalf("first run: %v", rep)
	}
	rep, err = r.Run(ctx, base, events, day0.AddDate(0, 0, 3))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Sent) != 0 || len(rep.Refused) != 2 || rep.Refused[1].Customer != "p1" || rep.Refused[1].Status != plays.Held {
		t.Fatalf("day 3: want the follow-up held by the cap: %v", rep)
	}
	rep, err = r.Run(ctx, base, events, day0.AddDate(0, 0, 8))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Sent) != 1 || rep.Sent[0].Action != plays.WelcomeFollowUp || len(rep.Finished) != 1 {
		t.Fatalf("day 8: %v", rep)
	}
	if got := len(mem.Delivered()); got != 2 {
		t.Fatalf("delivered %d, want 2", got)
	}
	// A prospect who bought meanwhile gets no follow-up.
	bought := []segment.Facts{{Customer: engagement.Customer{ID: "p2"}, Stage: stages.Result{Stage: stages.Prospect},
		Profile: profileOf(t, "p2", day0.AddDate(0, 0, 4))}}
	store.PutCustomers(ctx, engagement.Customer{ID: "p2", Consent: engagement.ConsentGiven})
	if _, err := r.Run(ctx, bought, startEvents(plays.WelcomePlay, "p2"), day0); err != nil {
		t.Fatal(err)
	}
	rep, err = r.Run(ctx, bought, nil, day0.AddDate(0, 0, 5))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Finished) != 1 || rep.Finished[0].Reason != "stopped: condition not met: purchases = 0" {
		t.Fatalf("p2: %v", rep)
	}
}

func profileOf(t *testing.T, id engagement.CustomerID, bought time.Time) *engagement.Profile {
	p, err := engagement.NewProfile(id, bought.AddDate(0, 0, 1), nil)
	if err != nil {
		t.Fatal(err)
	}
	in := engagement.Interaction{ID: "buy", Customer: id, Time: bought, Kind: engagement.Purchase, Amount: mustDecimal("10")}
	if err := p.Add(in); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunnerChecksSetup(t *testing.T) {
	ctx := context.Background()
	store := newStore(t)
	bad := []struct {
		name  string
		r     *plays.Runner
		evs   []plays.Event
		field string
	}{
		{"no store", &plays.Runner{Outreach: &outreach.Sender{}}, nil, "Runner.Store"},
		{"no outreach", &plays.Runner{Store: store}, nil, "Runner.Outreach"},
		{"duplicate play", newRunner(store, store, outreach.NewMemoryChannel(), plays.WinBack(), plays.WinBack()), nil, "Runner.Plays[1].Name"},
		{"bad wait", newRunner(store, store, outreach.NewMemoryChannel(), &plays.Play{Name: "x", Steps: []plays.Step{plays.Wait(0)}}), nil, "x.Steps[0].Wait"},
		{"unknown play", newRunner(store, store, outreach.NewMemoryChannel(), plays.WinBack()), startEvents("nope", "c1"), "events[0].Play"},
	}
	for _, c := range bad {
		_, err := c.r.Run(ctx, formerBase("c1"), c.evs, day0)
		var fe *plays.FieldError
		if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, plays.ErrInvalid) {
			t.Errorf("%s: got %v, want a FieldError on %s", c.name, err, c.field)
		}
	}
}
