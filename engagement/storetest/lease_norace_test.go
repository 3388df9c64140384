//go:build !race

package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
)

// noLease hands out leases that exclude no one. Its clause would be a data
// race by design, so it runs only without the race detector.
type noLease struct{ *engagement.MemoryStore }

type nothingHeld struct{}

func (nothingHeld) Release(context.Context) error { return nil }

func (noLease) Lease(ctx context.Context, _ string, _ time.Duration) (engagement.Lease, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return nothingHeld{}, nil
}

func TestLeaseExclusiveCatchesNoLease(t *testing.T) {
	if err := checkLeaseExclusive(noLease{engagement.NewMemoryStore()}); err == nil {
		t.Error("LeaseExclusive passed a leaser that excludes no one; want a failure")
	}
}
