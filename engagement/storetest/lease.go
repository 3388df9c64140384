package storetest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/engagekit/engage/engagement"
)

// The clauses of [engagement.Leaser].

// leaser returns s as an [engagement.Leaser], or an error that skips the
// clause.
func leaser(s engagement.Store) (engagement.Leaser, error) {
	if l, ok := s.(engagement.Leaser); ok {
		return l, nil
	}
	return nil, &skipError{fmt.Sprintf("%T does not implement engagement.Leaser (Lease)", s)}
}

const (
	// leaseLong is a ttl no clause outlasts: a lease taken with it must
	// not lapse during the clause.
	leaseLong = time.Minute
	// leaseShort is the ttl of a lease the clauses let lapse.
	leaseShort = 150 * time.Millisecond
	// leaseProbe is how long a clause waits for a lease it expects to be
	// held, before concluding it is: a wait that is cut short by it is
	// the pass, and one that takes the lease is the failure.
	leaseProbe = 150 * time.Millisecond
	// leaseWait bounds a wait for a lease that must be free or soon
	// freed, so that a broken store fails the clause and does not hang.
	leaseWait = 10 * time.Second
)

// take takes the lease called name within leaseWait, recording a problem
// if it cannot.
func take(p *problems, l engagement.Leaser, name string, ttl time.Duration, why string) (engagement.Lease, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), leaseWait)
	defer cancel()
	lease, err := l.Lease(ctx, name, ttl)
	if err != nil {
		p.addf("Lease(%q, %v) %s: got error %v, want the lease within %v", name, ttl, why, err, leaseWait)
		return nil, false
	}
	if lease == nil {
		p.addf("Lease(%q, %v) %s returned a nil Lease and no error", name, ttl, why)
		return nil, false
	}
	return lease, true
}

// release releases lease, recording a problem if that fails.
func release(p *problems, lease engagement.Lease, name, why string) {
	if err := lease.Release(context.Background()); err != nil {
		p.addf("Release of the lease %q %s: unexpected error: %v", name, why, err)
	}
}

// checkHeld records a problem unless the lease called name stays held by
// someone else for leaseProbe.
func checkHeld(p *problems, l engagement.Leaser, name, after string) {
	ctx, cancel := context.WithTimeout(context.Background(), leaseProbe)
	defer cancel()
	lease, err := l.Lease(ctx, name, leaseLong)
	switch {
	case err == nil:
		p.addf("Lease(%q) after %s succeeded; want it to wait, the lease being held by another, until its context ends", name, after)
		if lease != nil {
			_ = lease.Release(context.Background())
		}
	case !errors.Is(err, context.DeadlineExceeded):
		p.addf("Lease(%q) after %s, waiting for a held lease until its context's deadline: got error %v, want one matching context.DeadlineExceeded", name, after, err)
	}
}

// Lease holders: how many goroutines, and how many times each takes the
// lease.
const (
	leaseHolders = 8
	leaseTurns   = 25
)

func checkLeaseExclusive(s engagement.Store) error {
	l, err := leaser(s)
	if err != nil {
		return err
	}
	var p problems
	var (
		count   int          // guarded by the lease alone
		inside  atomic.Int32 // holders inside the lease now
		overlap atomic.Int32 // times a holder found another inside
		mu      sync.Mutex   // guards errs
		errs    []string
	)
	var wg sync.WaitGroup
	for g := range leaseHolders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for turn := range leaseTurns {
				ctx, cancel := context.WithTimeout(context.Background(), leaseWait)
				lease, err := l.Lease(ctx, "counter", leaseLong)
				cancel()
				if err != nil || lease == nil {
					mu.Lock()
					errs = append(errs, fmt.Sprintf("holder %d, turn %d: Lease(%q, %v) = %v, %v; want the lease", g, turn, "counter", leaseLong, lease, err))
					mu.Unlock()
					return
				}
				if inside.Add(1) > 1 {
					overlap.Add(1)
				}
				n := count
				runtime.Gosched() // let another holder in, if the lease would
				count = n + 1
				inside.Add(-1)
				if err := lease.Release(context.Background()); err != nil {
					mu.Lock()
					errs = append(errs, fmt.Sprintf("holder %d, turn %d: Release: unexpected error: %v", g, turn, err))
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		p.addf("%s", e)
	}
	if n := overlap.Load(); n > 0 {
		p.addf("%d times a holder of the lease %q found another holder inside it; a lease is held by one caller at a time", n, "counter")
	}
	if want := leaseHolders * leaseTurns; count != want && len(errs) == 0 {
		p.addf("%d goroutines each incremented a count %d times holding the lease %q: the count is %d, want %d (increments lost to overlapping holders)", leaseHolders, leaseTurns, "counter", count, want)
	}

	// Leases of other names are independent.
	a, ok := take(&p, l, "a", leaseLong, "on a store holding no lease")
	if !ok {
		return p.err()
	}
	if b, ok := take(&p, l, "b", leaseLong, "while another holds the lease \"a\": leases of other names are independent"); ok {
		release(&p, b, "b", "held")
	}
	checkHeld(&p, l, "a", "taking it and not releasing it")
	release(&p, a, "a", "held")
	if again, ok := take(&p, l, "a", leaseLong, "after its holder released it"); ok {
		release(&p, again, "a", "held")
	}
	return p.err()
}

func checkLeaseCancel(s engagement.Store) error {
	l, err := leaser(s)
	if err != nil {
		return err
	}
	var p problems
	held, ok := take(&p, l, "x", leaseLong, "on a store holding no lease")
	if !ok {
		return p.err()
	}

	// A waiter whose context is cancelled while it waits gives up.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		lease, err := l.Lease(ctx, "x", leaseLong)
		if err == nil && lease != nil {
			_ = lease.Release(context.Background())
		}
		done <- err
	}()
	time.Sleep(20 * time.Millisecond) // most likely waiting by now; if not, it must still fail
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			p.addf("Lease(%q) waiting for a held lease, its context cancelled: got error %v, want one matching context.Canceled", "x", err)
		}
	case <-time.After(leaseWait):
		p.addf("Lease(%q) waiting for a held lease did not return within %v of its context being cancelled", "x", leaseWait)
		return p.err()
	}
	// A deadline is a context ending too.
	checkHeld(&p, l, "x", "taking it and not releasing it")

	// A cancelled context fails even for a free lease, and takes nothing.
	if lease, err := l.Lease(ctx, "y", leaseLong); !errors.Is(err, context.Canceled) {
		p.addf("Lease(%q) of a free lease with a cancelled context: got %v, error %v; want an error matching context.Canceled", "y", lease, err)
		if err == nil && lease != nil {
			_ = lease.Release(context.Background())
		}
	}
	if y, ok := take(&p, l, "y", leaseLong, "after a call with a cancelled context failed"); ok {
		release(&p, y, "y", "held")
	}

	// The waiters that gave up took nothing.
	release(&p, held, "x", "held")
	if x, ok := take(&p, l, "x", leaseLong, "after its holder released it and the waiters gave up"); ok {
		release(&p, x, "x", "held")
	}
	return p.err()
}

func checkLeaseInvalid(s engagement.Store) error {
	l, err := leaser(s)
	if err != nil {
		return err
	}
	var p problems
	for _, b := range []struct {
		what string
		name string
		ttl  time.Duration
	}{
		{"a ttl of 0", "x", 0},
		{"a negative ttl", "x", -time.Second},
		{"no name", "", leaseLong},
		{"a control character in the name", "x\n", leaseLong},
	} {
		lease, err := l.Lease(context.Background(), b.name, b.ttl)
		var fe *engagement.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) {
			p.addf("Lease(%q, %v) with %s: got %v, error %v; want a *FieldError matching ErrInvalid", b.name, b.ttl, b.what, lease, err)
			if err == nil && lease != nil {
				_ = lease.Release(context.Background())
			}
		}
	}
	if x, ok := take(&p, l, "x", leaseLong, "after invalid calls"); ok {
		release(&p, x, "x", "held")
	}
	return p.err()
}

func checkLeaseLapse(s engagement.Store) error {
	l, err := leaser(s)
	if err != nil {
		return err
	}
	var p problems
	old, ok := take(&p, l, "x", leaseShort, "on a store holding no lease")
	if !ok {
		return p.err()
	}
	// Not released: it lapses after leaseShort, and another takes it.
	next, ok := take(&p, l, "x", leaseLong, fmt.Sprintf("while a holder that never releases it holds it, taken with ttl %v: it must lapse", leaseShort))
	if !ok {
		return p.err()
	}
	// The lapsed holder's Release may report that the lease lapsed, but
	// must leave the new holder's alone.
	_ = old.Release(context.Background())
	checkHeld(&p, l, "x", "it lapsed, was taken by another, and the first holder released it late")
	release(&p, next, "x", "held by its second holder")

	third, ok := take(&p, l, "x", leaseLong, "after its second holder released it")
	if !ok {
		return p.err()
	}
	_ = next.Release(context.Background())
	checkHeld(&p, l, "x", "it was released, taken again, and released again by its former holder")
	release(&p, third, "x", "held by its third holder")
	return p.err()
}
