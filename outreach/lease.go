package outreach

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/engagekit/engage/engagement"
)

// DefaultLeaseTTL is the default [Sender.LeaseTTL]: 30 seconds,
// thousands of times what reading one customer's outreach records and
// recording an attempt take on a healthy store, yet short enough that a
// run that crashed holding a lease delays the next run for that customer
// by half a minute at most.
const DefaultLeaseTTL = 30 * time.Second

// outreachLeasePrefix begins the name of a customer's lease; the
// customer's ID follows.
const outreachLeasePrefix = "outreach/"

// outreachLeaseName names the outreach lease of the customer id:
// "outreach/" and the ID, or, when that would be longer than a lease name
// may be ([engagement.MaxKeyBytes]), "outreach/sha256-" and the hex
// SHA-256 of the ID. (Should a customer's ID be that very text, the two
// share a lease, which only makes their runs take turns.)
func outreachLeaseName(id engagement.CustomerID) string {
	if name := outreachLeasePrefix + string(id); len(name) <= engagement.MaxKeyBytes {
		return name
	}
	sum := sha256.Sum256([]byte(id))
	return outreachLeasePrefix + "sha256-" + hex.EncodeToString(sum[:])
}

// leaseTTL returns LeaseTTL with its default, or an error if it is
// negative.
func (o *Sender) leaseTTL() (time.Duration, error) {
	switch {
	case o.LeaseTTL < 0:
		return 0, outreachError("Sender.LeaseTTL", o.LeaseTTL.String(), "must not be negative")
	case o.LeaseTTL == 0:
		return DefaultLeaseTTL, nil
	}
	return o.LeaseTTL, nil
}

// reserve derives the key of the message to the customer id and runs
// claim for it, holding the customer's lease when the store has leases,
// and releases the lease before returning: the attempt claim records
// counts against the cap from then on, so delivery needs no lease.
func (r *outreachRun) reserve(ctx context.Context, id engagement.CustomerID) (key string, deliver bool, err error) {
	if r.leaser == nil {
		canonical, err := r.resolve(ctx, id)
		if err != nil {
			return "", false, err
		}
		key = outreachKey(r.action.Name, canonical, r.window)
		deliver, err = r.claim(ctx, id, key)
		return key, deliver, err
	}
	lease, canonical, err := r.lease(ctx, id)
	if err != nil {
		return "", false, err
	}
	key = outreachKey(r.action.Name, canonical, r.window)
	deliver, err = r.claim(ctx, id, key)
	// Release even when ctx is done, or the others wait out the ttl.
	if rerr := lease.Release(context.WithoutCancel(ctx)); rerr != nil && err == nil {
		// The attempt is recorded; a later run delivers the message.
		return key, false, r.storeError(id, "releasing the outreach lease", rerr)
	}
	return key, deliver, err
}

// resolve returns the ID the customer id stands for, when the store
// merges customers, or id.
func (r *outreachRun) resolve(ctx context.Context, id engagement.CustomerID) (engagement.CustomerID, error) {
	ids, ok := r.o.Store.(engagement.IdentityStore)
	if !ok {
		return id, nil
	}
	canonical, err := ids.Resolve(ctx, id)
	if err != nil {
		return "", r.storeError(id, "resolving the customer's id", err)
	}
	return canonical, nil
}

// lease takes the outreach lease of the customer id stands for, and
// returns it with that customer's ID. When the store merges customers, it
// resolves id again once the lease is held and starts over if a merge
// made meanwhile changed the answer, so that an alias and its customer
// never hold two leases.
func (r *outreachRun) lease(ctx context.Context, id engagement.CustomerID) (engagement.Lease, engagement.CustomerID, error) {
	canonical, err := r.resolve(ctx, id)
	if err != nil {
		return nil, "", err
	}
	for {
		lease, err := r.leaser.Lease(ctx, outreachLeaseName(canonical), r.ttl)
		if err != nil {
			return nil, "", r.storeError(id, "taking the outreach lease of "+strconv.Quote(string(canonical)), err)
		}
		now, err := r.resolve(ctx, id)
		if err == nil && now == canonical {
			return lease, canonical, nil
		}
		if rerr := lease.Release(context.WithoutCancel(ctx)); rerr != nil && err == nil {
			err = r.storeError(id, "releasing the outreach lease", rerr)
		}
		if err != nil {
			return nil, "", err
		}
		canonical = now
	}
}
