package outreach

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
)

// MemoryChannel is a [Channel] that delivers messages into memory. It is
// the default channel: fine for tests, examples and dry runs, where
// [MemoryChannel.Delivered] shows what a real channel would have sent, and
// the reference that package outreach/channeltest is checked against.
//
// A MemoryChannel is safe for concurrent use. It remembers every key it
// delivers, without bound, so it suits runs that fit in memory. The zero
// value is an empty channel ready to use; [NewMemoryChannel] returns one
// too. Receipt references are "mem-1", "mem-2", ... in delivery order.
type MemoryChannel struct {
	mu        sync.Mutex
	receipts  map[string]Receipt // by key
	delivered []Message          // in delivery order
}

var _ Channel = (*MemoryChannel)(nil)

// NewMemoryChannel returns an empty MemoryChannel.
func NewMemoryChannel() *MemoryChannel { return new(MemoryChannel) }

// Deliver records m as delivered, unless its key was delivered before, in
// which case it returns the first receipt with Duplicate set. It refuses a
// message that fails [Message.Validate], and delivers nothing once ctx is
// done, with an error wrapping ctx.Err() and matching [ErrTemporary].
func (c *MemoryChannel) Deliver(ctx context.Context, m Message) (Receipt, error) {
	if err := m.Validate(); err != nil {
		return Receipt{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return Receipt{}, fmt.Errorf("outreach: memory channel: message %q: %w: %w", m.ID, ErrTemporary, err)
	}
	if r, ok := c.receipts[m.ID]; ok {
		r.Duplicate = true
		return r, nil
	}
	if c.receipts == nil {
		c.receipts = make(map[string]Receipt)
	}
	c.delivered = append(c.delivered, m)
	r := Receipt{ID: m.ID, Ref: "mem-" + strconv.Itoa(len(c.delivered))}
	c.receipts[m.ID] = r
	return r, nil
}

// Delivered returns the messages delivered so far, in the order they were
// delivered, each once. The slice is a copy the caller may change.
func (c *MemoryChannel) Delivered() []Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.delivered)
}
