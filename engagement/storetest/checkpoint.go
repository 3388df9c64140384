package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/engagekit/engage/engagement"
)

// The clauses of [engagement.CheckpointStore].

// checkpointStore returns s as an [engagement.CheckpointStore], or an
// error that skips the clause.
func checkpointStore(s engagement.Store) (engagement.CheckpointStore, error) {
	if cs, ok := s.(engagement.CheckpointStore); ok {
		return cs, nil
	}
	return nil, &skipError{fmt.Sprintf("%T does not implement engagement.CheckpointStore (LoadCheckpoint, SaveCheckpoint)", s)}
}

// equalCheckpoints reports whether a and b are the same checkpoint: the
// same key, version and bytes (nil and empty alike), and Saved the same
// instant.
func equalCheckpoints(a, b engagement.Checkpoint) bool {
	return a.Customer == b.Customer && a.Name == b.Name && bytes.Equal(a.Value, b.Value) &&
		a.Version == b.Version && a.Saved.Equal(b.Saved)
}

// checkpointString shows c with its value as text, shortened.
func checkpointString(c engagement.Checkpoint) string {
	v := string(c.Value)
	if len(v) > 40 {
		v = fmt.Sprintf("%.40s… (%d bytes)", v, len(c.Value))
	}
	saved := "zero"
	if !c.Saved.IsZero() {
		saved = c.Saved.Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("{Customer: %q, Name: %q, Value: %q, Version: %d, Saved: %s}", c.Customer, c.Name, v, c.Version, saved)
}

// checkCheckpoint records a problem unless LoadCheckpoint(id, name)
// returns want.
func checkCheckpoint(p *problems, cs engagement.CheckpointStore, after string, id engagement.CustomerID, name string, want engagement.Checkpoint) {
	call := fmt.Sprintf("LoadCheckpoint(%q, %q) after %s", id, name, after)
	got, err := cs.LoadCheckpoint(context.Background(), id, name)
	switch {
	case err != nil:
		p.addf("%s: got error %v, want %s", call, err, checkpointString(want))
	case !equalCheckpoints(got, want):
		p.addf("%s = %s, want %s", call, checkpointString(got), checkpointString(want))
	}
}

// checkNoCheckpoint records a problem unless LoadCheckpoint(id, name)
// returns version 0 with no value, named for name and for id or the
// customer it stands for.
func checkNoCheckpoint(p *problems, cs engagement.CheckpointStore, after string, id engagement.CustomerID, name string) {
	call := fmt.Sprintf("LoadCheckpoint(%q, %q) after %s", id, name, after)
	got, err := cs.LoadCheckpoint(context.Background(), id, name)
	switch {
	case err != nil:
		p.addf("%s: got error %v, want Version 0 and no error (none was saved)", call, err)
	case got.Version != 0 || len(got.Value) != 0:
		p.addf("%s = %s, want Version 0 and no Value (none was saved)", call, checkpointString(got))
	case got.Name != name:
		p.addf("%s = %s, want Name %q", call, checkpointString(got), name)
	}
}

// save saves c and returns what the store says it stored, recording a
// problem unless that is c's next version.
func save(p *problems, cs engagement.CheckpointStore, c engagement.Checkpoint, customer engagement.CustomerID) (engagement.Checkpoint, bool) {
	got, err := cs.SaveCheckpoint(context.Background(), c)
	if err != nil {
		p.addf("SaveCheckpoint(%s): unexpected error: %v", checkpointString(c), err)
		return got, false
	}
	want := c
	want.Customer, want.Version = customer, c.Version+1
	if !equalCheckpoints(got, want) {
		p.addf("SaveCheckpoint(%s) returned %s, want %s: the checkpoint as stored, its Version one more", checkpointString(c), checkpointString(got), checkpointString(want))
	}
	return got, true
}

func checkCheckpointNone(s engagement.Store) error {
	cs, err := checkpointStore(s)
	if err != nil {
		return err
	}
	var p problems
	checkNoCheckpoint(&p, cs, "nothing was saved", "ada", "play/welcome")
	c := engagement.Checkpoint{Customer: "ada", Name: "play/welcome", Value: []byte(`{"step":1}`), Saved: epoch()}
	if _, ok := save(&p, cs, c, "ada"); !ok {
		return p.err()
	}
	after := fmt.Sprintf("saving only %s; checkpoints are keyed by customer and name, byte by byte", checkpointString(c))
	checkNoCheckpoint(&p, cs, after, "ada", "play/win-back")
	checkNoCheckpoint(&p, cs, after, "ada", "Play/welcome")
	checkNoCheckpoint(&p, cs, after, "bo", "play/welcome")
	checkNoCheckpoint(&p, cs, after, "Ada", "play/welcome")
	checkNoCustomer(&p, s, "only a checkpoint named the customer", "ada")
	if got, err := cs.LoadCheckpoint(context.Background(), "bo", "play/welcome"); err == nil && got.Customer != "bo" {
		p.addf("LoadCheckpoint(%q, %q) of none saved = %s, want Customer %q", "bo", "play/welcome", checkpointString(got), "bo")
	}
	return p.err()
}

func checkCheckpointRoundTrip(s engagement.Store) error {
	cs, err := checkpointStore(s)
	if err != nil {
		return err
	}
	var p problems
	t0 := epoch()
	india := time.FixedZone("UTC+05:30", 5*3600+1800)
	c := engagement.Checkpoint{Customer: "ada", Name: "play/win-back", Value: []byte(`{"step":1}`), Saved: t0.In(india).Add(time.Nanosecond)}
	v1, ok := save(&p, cs, c, "ada")
	if !ok {
		return p.err()
	}
	checkCheckpoint(&p, cs, "the first save", "ada", c.Name, v1)
	// The store copies values in and out.
	want := v1
	want.Value = bytes.Clone(v1.Value)
	c.Value[0] = 'X'
	v1.Value[0] = 'Y'
	if got, err := cs.LoadCheckpoint(context.Background(), "ada", c.Name); err == nil && len(got.Value) > 0 {
		got.Value[0] = 'Z'
	}
	checkCheckpoint(&p, cs, "changing the Value passed to SaveCheckpoint and those it and LoadCheckpoint returned", "ada", c.Name, want)

	next := engagement.Checkpoint{Customer: "ada", Name: c.Name, Value: []byte(`{"step":2}`), Version: 1, Saved: t0.Add(time.Hour)}
	v2, ok := save(&p, cs, next, "ada")
	if !ok {
		return p.err()
	}
	checkCheckpoint(&p, cs, "the second save", "ada", c.Name, v2)
	empty := engagement.Checkpoint{Customer: "ada", Name: c.Name, Version: 2, Saved: t0.Add(2 * time.Hour)}
	if v3, ok := save(&p, cs, empty, "ada"); ok {
		checkCheckpoint(&p, cs, "a save with no Value", "ada", c.Name, v3)
	}

	// Any bytes, up to the limit, come back exactly.
	big := make([]byte, engagement.MaxCheckpointBytes)
	for i := range big {
		big[i] = byte(i * 7)
	}
	full := engagement.Checkpoint{Customer: "ada", Name: "play/welcome", Value: big, Saved: t0}
	if got, ok := save(&p, cs, full, "ada"); ok {
		checkCheckpoint(&p, cs, fmt.Sprintf("saving %d bytes of every value 0 to 255", len(big)), "ada", full.Name, got)
	}
	bo := engagement.Checkpoint{Customer: "bo", Name: c.Name, Value: []byte("bo's"), Saved: t0}
	if got, ok := save(&p, cs, bo, "bo"); ok {
		checkCheckpoint(&p, cs, "saving another customer's of the same name", "bo", c.Name, got)
	}
	if v3, err := cs.LoadCheckpoint(context.Background(), "ada", c.Name); err == nil && v3.Version != 3 {
		p.addf("LoadCheckpoint(%q, %q) after three saves and saves of other keys = %s, want Version 3", "ada", c.Name, checkpointString(v3))
	}
	return p.err()
}

func checkCheckpointConflict(s engagement.Store) error {
	cs, err := checkpointStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	t0 := epoch()
	c := engagement.Checkpoint{Customer: "ada", Name: "play/win-back", Value: []byte("step 1"), Saved: t0}
	v1, ok := save(&p, cs, c, "ada")
	if !ok {
		return p.err()
	}
	for _, b := range []struct {
		what string
		c    engagement.Checkpoint
	}{
		{"version 0 again, when version 1 is stored", engagement.Checkpoint{Customer: "ada", Name: c.Name, Value: []byte("lost"), Version: 0, Saved: t0.Add(time.Hour)}},
		{"version 2, ahead of the stored 1", engagement.Checkpoint{Customer: "ada", Name: c.Name, Value: []byte("lost"), Version: 2, Saved: t0.Add(time.Hour)}},
		{"version 1 of a checkpoint never saved", engagement.Checkpoint{Customer: "ada", Name: "play/other", Value: []byte("lost"), Version: 1, Saved: t0}},
	} {
		got, err := cs.SaveCheckpoint(ctx, b.c)
		if !errors.Is(err, engagement.ErrConflict) {
			p.addf("SaveCheckpoint(%s), %s: got %s, error %v; want an error matching ErrConflict", checkpointString(b.c), b.what, checkpointString(got), err)
		}
	}
	after := "stale saves that failed"
	checkCheckpoint(&p, cs, after, "ada", c.Name, v1)
	checkNoCheckpoint(&p, cs, after, "ada", "play/other")
	next := engagement.Checkpoint{Customer: "ada", Name: c.Name, Value: []byte("step 2"), Version: 1, Saved: t0.Add(2 * time.Hour)}
	if v2, ok := save(&p, cs, next, "ada"); ok {
		checkCheckpoint(&p, cs, "a save over the stored version, after the stale ones", "ada", c.Name, v2)
	}
	return p.err()
}

// Concurrent savers: how many, and how many rounds or saves each.
const (
	cpSavers = 8
	cpRounds = 10
	cpSaves  = 10
)

func checkCheckpointConcurrent(s engagement.Store) error {
	cs, err := checkpointStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	t0 := epoch()

	// Rounds: all savers save over the same version at once; exactly one
	// may win.
	const name = "play/race"
	for v := range int64(cpRounds) {
		start := make(chan struct{})
		errs := make([]error, cpSavers)
		var wg sync.WaitGroup
		for g := range cpSavers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				c := engagement.Checkpoint{Customer: "ada", Name: name, Value: fmt.Appendf(nil, "saver %d, round %d", g, v), Version: v, Saved: t0.Add(time.Duration(v) * time.Minute)}
				_, errs[g] = cs.SaveCheckpoint(ctx, c)
			}()
		}
		close(start)
		wg.Wait()
		winner := -1
		for g, err := range errs {
			switch {
			case err == nil && winner >= 0:
				p.addf("round %d: savers %d and %d both saved over version %d; exactly one may (the other a lost update)", v, winner, g, v)
			case err == nil:
				winner = g
			case !errors.Is(err, engagement.ErrConflict):
				p.addf("round %d: saver %d saving over version %d: got error %v, want nil or an error matching ErrConflict (a store must turn a race between writers into ErrConflict, or retry, not fail otherwise)", v, g, v, err)
			}
		}
		if winner < 0 {
			p.addf("round %d: none of %d savers saving over version %d at once succeeded; exactly one must", v, cpSavers, v)
			return p.err()
		}
		want := engagement.Checkpoint{Customer: "ada", Name: name, Value: fmt.Appendf(nil, "saver %d, round %d", winner, v), Version: v + 1, Saved: t0.Add(time.Duration(v) * time.Minute)}
		checkCheckpoint(&p, cs, fmt.Sprintf("round %d of %d concurrent saves (saver %d won)", v, cpSavers, winner), "ada", name, want)
		if len(p) > 0 {
			return p.err()
		}
	}

	// Counters: each saver adds one to a count kept in the value, cpSaves
	// times, loading again after each conflict. No increment may be lost.
	const counter = "play/counter"
	won := make([][]int64, cpSavers)
	errs := make([]error, cpSavers)
	var wg sync.WaitGroup
	for g := range cpSavers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for attempts := 0; len(won[g]) < cpSaves; attempts++ {
				if attempts == 100*cpSavers*cpSaves {
					errs[g] = fmt.Errorf("saver %d gave up after %d attempts with %d saves done", g, attempts, len(won[g]))
					return
				}
				cur, err := cs.LoadCheckpoint(ctx, "bo", counter)
				if err != nil {
					errs[g] = fmt.Errorf("saver %d: LoadCheckpoint(%q, %q): %v", g, "bo", counter, err)
					return
				}
				n := 0
				if len(cur.Value) > 0 {
					if n, err = strconv.Atoi(string(cur.Value)); err != nil {
						errs[g] = fmt.Errorf("saver %d: LoadCheckpoint(%q, %q) = %s, whose value no saver wrote", g, "bo", counter, checkpointString(cur))
						return
					}
				}
				next := engagement.Checkpoint{Customer: "bo", Name: counter, Value: strconv.AppendInt(nil, int64(n+1), 10), Version: cur.Version, Saved: t0}
				got, err := cs.SaveCheckpoint(ctx, next)
				switch {
				case errors.Is(err, engagement.ErrConflict):
					continue
				case err != nil:
					errs[g] = fmt.Errorf("saver %d: SaveCheckpoint(%s): got error %v, want nil or an error matching ErrConflict", g, checkpointString(next), err)
					return
				}
				won[g] = append(won[g], got.Version)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			p.addf("%v", err)
		}
	}
	total := cpSavers * cpSaves
	winners := make(map[int64]int)
	for g, vs := range won {
		for _, v := range vs {
			if o, ok := winners[v]; ok {
				p.addf("savers %d and %d were both told they saved version %d of %q; each version has one saver", o, g, v, counter)
			}
			winners[v] = g
		}
	}
	want := engagement.Checkpoint{Customer: "bo", Name: counter, Value: []byte(strconv.Itoa(total)), Version: int64(total), Saved: t0}
	checkCheckpoint(&p, cs, fmt.Sprintf("%d savers each added one to the count %d times, loading again after each conflict (a count short of %d is a lost update)", cpSavers, cpSaves, total), "bo", counter, want)
	return p.err()
}

func checkCheckpointInvalid(s engagement.Store) error {
	cs, err := checkpointStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	t0 := epoch()
	ok := engagement.Checkpoint{Customer: "ada", Name: "play/welcome", Value: []byte("step 1"), Saved: t0}
	v1, saved := save(&p, cs, ok, "ada")
	if !saved {
		return p.err()
	}
	set := func(change func(*engagement.Checkpoint)) engagement.Checkpoint {
		c := ok
		c.Version = 1
		c.Value = []byte("step 2")
		change(&c)
		return c
	}
	bad := []struct {
		what string
		c    engagement.Checkpoint
	}{
		{"no customer", set(func(c *engagement.Checkpoint) { c.Customer = "" })},
		{"a control character in the customer", set(func(c *engagement.Checkpoint) { c.Customer = "ad\x00a" })},
		{"no name", set(func(c *engagement.Checkpoint) { c.Name = "" })},
		{"a newline in the name", set(func(c *engagement.Checkpoint) { c.Name = "play/\nwelcome" })},
		{"a name too long", set(func(c *engagement.Checkpoint) { c.Name = strings.Repeat("n", engagement.MaxKeyBytes+1) })},
		{"a value too long", set(func(c *engagement.Checkpoint) { c.Value = make([]byte, engagement.MaxCheckpointBytes+1) })},
		{"a negative version", set(func(c *engagement.Checkpoint) { c.Version = -1 })},
		{"no saved time", set(func(c *engagement.Checkpoint) { c.Saved = time.Time{} })},
		{"a saved time in the year 1600", set(func(c *engagement.Checkpoint) { c.Saved = time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC) })},
	}
	for _, b := range bad {
		got, err := cs.SaveCheckpoint(ctx, b.c)
		var fe *engagement.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) {
			p.addf("SaveCheckpoint with %s %s: got %s, error %v; want a *FieldError matching ErrInvalid", b.what, checkpointString(b.c), checkpointString(got), err)
		}
	}
	checkCheckpoint(&p, cs, "invalid saves that failed", "ada", ok.Name, v1)
	return p.err()
}

func checkCheckpointAlias(s engagement.Store) error {
	cs, err := checkpointStore(s)
	if err != nil {
		return err
	}
	is, err := identityStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	t0 := epoch()
	anonA := engagement.Checkpoint{Customer: "anon", Name: "play/a", Value: []byte("anon's a"), Saved: t0}
	anonB := engagement.Checkpoint{Customer: "anon", Name: "play/b", Value: []byte("anon's b"), Saved: t0}
	userA := engagement.Checkpoint{Customer: "user", Name: "play/a", Value: []byte("user's a"), Saved: t0.Add(time.Hour)}
	var stored []engagement.Checkpoint
	for _, c := range []engagement.Checkpoint{anonA, anonB, userA} {
		got, ok := save(&p, cs, c, c.Customer)
		if !ok {
			return p.err()
		}
		stored = append(stored, got)
	}
	b2, ok := save(&p, cs, engagement.Checkpoint{Customer: "anon", Name: "play/b", Value: []byte("anon's b, step 2"), Version: 1, Saved: t0.Add(time.Minute)}, "anon")
	if !ok {
		return p.err()
	}
	m := engagement.Merge{From: "anon", Into: "user", Time: t0.Add(2 * time.Hour), Reason: "login"}
	if err := is.Merge(ctx, m); err != nil {
		return fmt.Errorf("Merge(%v): %v", m, err)
	}
	wantB := b2
	wantB.Customer = "user"
	after := fmt.Sprintf("Merge(%v) (each checkpoint filed under %q; of the two named %q, Into's stays)", m, "user", "play/a")
	for _, id := range []engagement.CustomerID{"user", "anon"} {
		checkCheckpoint(&p, cs, after, id, "play/a", stored[2])
		checkCheckpoint(&p, cs, after, id, "play/b", wantB)
	}
	next := engagement.Checkpoint{Customer: "anon", Name: "play/b", Value: []byte("step 3"), Version: 2, Saved: t0.Add(3 * time.Hour)}
	if got, ok := save(&p, cs, next, "user"); ok {
		checkCheckpoint(&p, cs, "a save naming the alias after "+after, "user", "play/b", got)
	}
	return p.err()
}

func checkCheckpointCancelled(s engagement.Store) error {
	cs, err := checkpointStore(s)
	if err != nil {
		return err
	}
	var p problems
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := engagement.Checkpoint{Customer: "ada", Name: "play/welcome", Value: []byte("step 1"), Saved: epoch()}
	if got, err := cs.SaveCheckpoint(ctx, c); !errors.Is(err, context.Canceled) {
		p.addf("SaveCheckpoint(%s) with a cancelled context: got %s, error %v; want an error matching context.Canceled", checkpointString(c), checkpointString(got), err)
	}
	if got, err := cs.LoadCheckpoint(ctx, "ada", "play/welcome"); !errors.Is(err, context.Canceled) {
		p.addf("LoadCheckpoint with a cancelled context: got %s, error %v; want an error matching context.Canceled", checkpointString(got), err)
	}
	checkNoCheckpoint(&p, cs, "SaveCheckpoint with a cancelled context", "ada", "play/welcome")
	return p.err()
}
