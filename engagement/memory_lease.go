package engagement

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// memoryLeases are the leases of a [MemoryStore]: the holder of each name,
// if any. Leases are the one part of the store that depends on time: each
// lapses by a runtime timer ([time.AfterFunc]) ttl after it was taken.
type memoryLeases struct {
	mu   sync.Mutex
	held map[string]*memoryLease // by name; none lapsed or released
}

// memoryLease is one taking of a lease. free is closed when it ends,
// released or lapsed, which wakes those waiting for the name.
type memoryLease struct {
	leases *memoryLeases
	name   string
	free   chan struct{}
	timer  *time.Timer
}

// Lease waits until no one holds the lease called name, takes it and
// returns it, as [Leaser.Lease] says. It fails with an error wrapping
// ctx.Err() once ctx is done, even when the lease is free, and with one
// wrapping a *[FieldError] for an empty or malformed name or a ttl that is
// not positive. Waiting costs no CPU: a waiter sleeps until the holder
// releases the lease or it lapses. A lease is shared by the goroutines of
// one process; releasing it happens before the next holder's Lease
// returns, so the lease may guard plain memory.
func (s *MemoryStore) Lease(ctx context.Context, name string, ttl time.Duration) (Lease, error) {
	if err := checkKey("name", name, MaxKeyBytes); err != nil {
		return nil, fmt.Errorf("engagement: lease %q: %w", name, err)
	}
	if ttl <= 0 {
		return nil, fmt.Errorf("engagement: lease %q: %w", name, fieldError("ttl", ttl.String(), "must be positive"))
	}
	ls := &s.leases
	for {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("engagement: lease %q: %w", name, err)
		}
		ls.mu.Lock()
		cur, taken := ls.held[name]
		if !taken {
			l := &memoryLease{leases: ls, name: name, free: make(chan struct{})}
			if ls.held == nil {
				ls.held = make(map[string]*memoryLease)
			}
			ls.held[name] = l
			l.timer = time.AfterFunc(ttl, l.end)
			ls.mu.Unlock()
			return l, nil
		}
		ls.mu.Unlock()
		select {
		case <-cur.free:
		case <-ctx.Done():
			return nil, fmt.Errorf("engagement: lease %q: %w", name, ctx.Err())
		}
	}
}

// Release ends the lease if it is still held; once it has lapsed it does
// nothing, so it never releases a later holder's lease. It releases even
// when ctx is done, so that a deferred Release after a cancellation frees
// the lease, and it always returns nil.
func (l *memoryLease) Release(context.Context) error {
	l.end()
	return nil
}

// end releases the lease unless it has ended already.
func (l *memoryLease) end() {
	ls := l.leases
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.held[l.name] != l {
		return // released, or lapsed (and perhaps taken again)
	}
	delete(ls.held, l.name)
	l.timer.Stop()
	close(l.free)
}
