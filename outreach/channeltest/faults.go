package channeltest

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/engagekit/engage/outreach"
)

// ErrInjected is matched by the errors the fault-injecting channels make up
// themselves. Each also matches [outreach.ErrTemporary].
var ErrInjected = errors.New("channeltest: injected failure")

// counter hands out the first n of its calls.
type counter struct{ left atomic.Int64 }

func newCounter(n int) *counter {
	c := new(counter)
	c.left.Store(int64(max(n, 0)))
	return c
}

// take reports whether this call is one of the first n.
func (c *counter) take() bool { return c.left.Add(-1) >= 0 }

// FailFirst returns a channel whose first n calls to Deliver fail with err,
// delivering nothing, and whose later calls go to c. A nil err means an
// error matching [ErrInjected] and [outreach.ErrTemporary]; pass an
// error wrapping [outreach.ErrPermanent] to play a recipient that
// refuses. The channel is safe for concurrent use if c is.
func FailFirst(c outreach.Channel, n int, err error) outreach.Channel {
	calls := newCounter(n)
	return outreach.ChannelFunc(func(ctx context.Context, m outreach.Message) (outreach.Receipt, error) {
		if calls.take() {
			if err != nil {
				return outreach.Receipt{}, err
			}
			return outreach.Receipt{}, fmt.Errorf("%w: message %q: %w", ErrInjected, m.ID, outreach.ErrTemporary)
		}
		return c.Deliver(ctx, m)
	})
}

// FailWhen returns a channel that asks fail about each message first: when
// it returns an error, Deliver returns that error and delivers nothing;
// otherwise the message goes to c. Use it for a recipient that refuses
// some customers, or a provider down for some keys. The channel is safe
// for concurrent use if c and fail are.
func FailWhen(c outreach.Channel, fail func(outreach.Message) error) outreach.Channel {
	return outreach.ChannelFunc(func(ctx context.Context, m outreach.Message) (outreach.Receipt, error) {
		if err := fail(m); err != nil {
			return outreach.Receipt{}, err
		}
		return c.Deliver(ctx, m)
	})
}

// StallFirst returns a channel whose first n calls to Deliver hang until
// their context is done, as a provider that never answers does, and then
// return an error wrapping ctx.Err() and matching [ErrInjected] and
// [outreach.ErrTemporary], having delivered nothing. Later calls go to
// c. A caller that passes a context that is never done hangs for good, as
// it would with such a provider. The channel is safe for concurrent use if
// c is.
func StallFirst(c outreach.Channel, n int) outreach.Channel {
	calls := newCounter(n)
	return outreach.ChannelFunc(func(ctx context.Context, m outreach.Message) (outreach.Receipt, error) {
		if calls.take() {
			<-ctx.Done()
			return outreach.Receipt{}, fmt.Errorf("%w: message %q stalled: %w: %w", ErrInjected, m.ID, outreach.ErrTemporary, ctx.Err())
		}
		return c.Deliver(ctx, m)
	})
}

// LoseReceipts returns a channel whose first n calls to Deliver go to c
// and then, whatever c answered, return an error matching [ErrInjected]
// and [outreach.ErrTemporary], as when the message went out but the
// acknowledgement was lost on the way back. A caller that retries with the
// same key gets the duplicate receipt from c; one that makes up a new key
// delivers twice. The channel is safe for concurrent use if c is.
func LoseReceipts(c outreach.Channel, n int) outreach.Channel {
	calls := newCounter(n)
	return outreach.ChannelFunc(func(ctx context.Context, m outreach.Message) (outreach.Receipt, error) {
		r, err := c.Deliver(ctx, m)
		if !calls.take() {
			return r, err
		}
		if err != nil {
			return outreach.Receipt{}, err
		}
		return outreach.Receipt{}, fmt.Errorf("%w: receipt for message %q lost: %w", ErrInjected, m.ID, outreach.ErrTemporary)
	})
}
