package engagement

import (
	"context"
	"time"
)

// Leaser is the optional capability of a [Store] to hand out named
// leases: a lease is held by one caller at a time, across goroutines and,
// for a store shared by several processes (the SQL stores), across
// processes. Outreach holds a customer's lease while it checks the
// frequency cap and records the attempt, so that two runs cannot both
// see room under it. [MemoryStore] and the SQL stores have it; package
// storetest checks it.
type Leaser interface {
	// Lease waits until no one else holds the lease called name, takes
	// it, and returns it; it returns an error wrapping ctx.Err() if ctx is
	// done first. The lease lapses by itself ttl after it was taken, so
	// that a holder that crashed does not block the others for ever; a
	// holder must finish its work well within ttl. ttl must be positive.
	Lease(ctx context.Context, name string, ttl time.Duration) (Lease, error)
}

// Lease is a held lease. Release it when done; releasing a lease that has
// lapsed and been taken by another does not release theirs.
type Lease interface {
	Release(ctx context.Context) error
}
