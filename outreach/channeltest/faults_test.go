package channeltest_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/outreach/channeltest"
)

func msg(id string) outreach.Message {
	return outreach.Message{ID: id, Customer: "c1", Time: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}
}

func TestFailFirst(t *testing.T) {
	mem := outreach.NewMemoryChannel()
	c := channeltest.FailFirst(mem, 2, nil)
	ctx := context.Background()
	for i := range 2 {
		_, err := c.Deliver(ctx, msg("k"))
		if !errors.Is(err, channeltest.ErrInjected) || !errors.Is(err, outreach.ErrTemporary) {
			t.Fatalf("call %d: got error %v, want one matching ErrInjected and ErrTemporary", i+1, err)
		}
	}
	if n := len(mem.Delivered()); n != 0 {
		t.Fatalf("after two failed calls the channel delivered %d messages, want 0", n)
	}
	r, err := c.Deliver(ctx, msg("k"))
	if err != nil || r.Duplicate {
		t.Fatalf("third call = %+v, %v; want a fresh delivery", r, err)
	}
}

func TestFailFirstCustomError(t *testing.T) {
	refused := fmt.Errorf("recipient refused: %w", outreach.ErrPermanent)
	c := channeltest.FailFirst(outreach.NewMemoryChannel(), 1, refused)
	if _, err := c.Deliver(context.Background(), msg("k")); err != refused {
		t.Fatalf("got error %v, want %v", err, refused)
	}
}

func TestFailFirstConcurrent(t *testing.T) {
	const calls, fail = 40, 7
	c := channeltest.FailFirst(outreach.NewMemoryChannel(), fail, nil)
	var failed atomic.Int32
	var wg sync.WaitGroup
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Deliver(context.Background(), msg(fmt.Sprint("k", i))); err != nil {
				failed.Add(1)
			}
		}()
	}
	wg.Wait()
	if got := failed.Load(); got != fail {
		t.Errorf("%d concurrent calls: %d failed, want %d", calls, got, fail)
	}
}

func TestFailFirstNegative(t *testing.T) {
	c := channeltest.FailFirst(outreach.NewMemoryChannel(), -3, nil)
	if _, err := c.Deliver(context.Background(), msg("k")); err != nil {
		t.Fatalf("FailFirst(c, -3): got error %v, want none", err)
	}
}

func TestStallFirst(t *testing.T) {
	mem := outreach.NewMemoryChannel()
	c := channeltest.StallFirst(mem, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := c.Deliver(ctx, msg("k"))
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, outreach.ErrTemporary) {
		t.Fatalf("stalled call: got error %v, want one wrapping DeadlineExceeded and matching ErrTemporary", err)
	}
	if n := len(mem.Delivered()); n != 0 {
		t.Fatalf("a stalled call delivered %d messages, want 0", n)
	}
	if r, err := c.Deliver(context.Background(), msg("k")); err != nil || r.Duplicate {
		t.Fatalf("call after the stall = %+v, %v; want a fresh delivery", r, err)
	}
}

func TestLoseReceipts(t *testing.T) {
	mem := outreach.NewMemoryChannel()
	c := channeltest.LoseReceipts(mem, 1)
	_, err := c.Deliver(context.Background(), msg("k"))
	if !errors.Is(err, channeltest.ErrInjected) || !errors.Is(err, outreach.ErrTemporary) {
		t.Fatalf("first call: got error %v, want one matching ErrInjected and ErrTemporary", err)
	}
	if n := len(mem.Delivered()); n != 1 {
		t.Fatalf("after a lost receipt the channel delivered %d messages, want 1 (the message went out)", n)
	}
	r, err := c.Deliver(context.Background(), msg("k"))
	if err != nil || !r.Duplicate {
		t.Fatalf("retry with the same key = %+v, %v; want the duplicate receipt", r, err)
	}
	if n := len(mem.Delivered()); n != 1 {
		t.Fatalf("after the retry the channel delivered %d messages, want still 1", n)
	}
}

func TestLoseReceiptsPassesErrors(t *testing.T) {
	c := channeltest.LoseReceipts(outreach.NewMemoryChannel(), 1)
	_, err := c.Deliver(context.Background(), outreach.Message{})
	if !errors.Is(err, outreach.ErrInvalid) {
		t.Fatalf("got error %v, want the underlying channel's ErrInvalid", err)
	}
}

func TestFailWhen(t *testing.T) {
	mem := outreach.NewMemoryChannel()
	refuse := errors.New("refused")
	c := channeltest.FailWhen(mem, func(m outreach.Message) error {
		if m.Customer == "c2" {
			return refuse
		}
		return nil
	})
	m2 := msg("k2")
	m2.Customer = "c2"
	if _, err := c.Deliver(context.Background(), m2); err != refuse {
		t.Fatalf("message to c2: got error %v, want %v", err, refuse)
	}
	if _, err := c.Deliver(context.Background(), msg("k1")); err != nil {
		t.Fatalf("message to c1: unexpected error %v", err)
	}
	if got := mem.Delivered(); len(got) != 1 || got[0].ID != "k1" {
		t.Fatalf("delivered %+v, want only k1", got)
	}
}

// The wrappers keep the contract once their faults are used up.
func TestWrappersKeepContract(t *testing.T) {
	for name, wrap := range map[string]func(outreach.Channel) outreach.Channel{
		"FailFirst":    func(c outreach.Channel) outreach.Channel { return channeltest.FailFirst(c, 0, nil) },
		"StallFirst":   func(c outreach.Channel) outreach.Channel { return channeltest.StallFirst(c, 0) },
		"LoseReceipts": func(c outreach.Channel) outreach.Channel { return channeltest.LoseReceipts(c, 0) },
		"FailWhen": func(c outreach.Channel) outreach.Channel {
			return channeltest.FailWhen(c, func(outreach.Message) error { return nil })
		},
	} {
		t.Run(name, func(t *testing.T) {
			channeltest.Run(t, func(*testing.T) outreach.Channel { return wrap(outreach.NewMemoryChannel()) })
		})
	}
}
