package channeltest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/engagekit/engage/internal/contract"
	"github.com/engagekit/engage/touchpoints"
	"pgregory.net/rapid"
)

func TestMemoryChannel(t *testing.T) {
	Run(t, func(*testing.T) touchpoints.Channel { return touchpoints.NewMemoryChannel() })
}

func TestTestChannelMemory(t *testing.T) {
	if err := TestChannel(func() (touchpoints.Channel, error) { return new(touchpoints.MemoryChannel), nil }); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkMemoryChannel(b *testing.B) {
	Benchmark(b, func(*testing.B) touchpoints.Channel { return touchpoints.NewMemoryChannel() })
}

// toy is a channel with switches that each break one clause of the
// contract.
type toy struct {
	mu       sync.Mutex
	receipts map[string]touchpoints.Receipt
	n        int

	forget       bool // deliver every call anew
	foldCase     bool // compare keys without case
	noValidate   bool // accept invalid messages
	ignoreCtx    bool // never look at the context
	plainCtxErr  bool // return ctx.Err() unclassified
	newRef       bool // give a duplicate a new Ref
	checkThenAct bool // look the key up and record it in two steps
}

func (c *toy) Deliver(ctx context.Context, m touchpoints.Message) (touchpoints.Receipt, error) {
	if !c.noValidate {
		if err := m.Validate(); err != nil {
			return touchpoints.Receipt{}, err
		}
	}
	if !c.ignoreCtx {
		if err := ctx.Err(); err != nil {
			if c.plainCtxErr {
				return touchpoints.Receipt{}, err
			}
			return touchpoints.Receipt{}, fmt.Errorf("toy: %w: %w", touchpoints.ErrTemporary, err)
		}
	}
	key := m.ID
	if c.foldCase {
		key = strings.ToLower(key)
	}
	c.mu.Lock()
	r, ok := c.receipts[key]
	if c.checkThenAct {
		c.mu.Unlock()
		time.Sleep(time.Millisecond)
		c.mu.Lock()
	}
	defer c.mu.Unlock()
	c.n++
	if ok && !c.forget {
		r.Duplicate = true
		if c.newRef {
			r.Ref = fmt.Sprintf("toy-%d", c.n)
		}
		return r, nil
	}
	if c.receipts == nil {
		c.receipts = make(map[string]touchpoints.Receipt)
	}
	r = touchpoints.Receipt{ID: m.ID, Ref: fmt.Sprintf("toy-%d", c.n)}
	c.receipts[key] = r
	return r, nil
}

func TestTestChannelCatchesBrokenChannels(t *testing.T) {
	tests := []struct {
		name string
		ch   func() *toy
		want []string // clauses that must fail, at least
	}{
		{"forget", func() *toy { return &toy{forget: true} }, []string{"RepeatIsDuplicate", "Concurrent"}},
		{"foldCase", func() *toy { return &toy{foldCase: true} }, []string{"KeysExact"}},
		{"noValidate", func() *toy { return &toy{noValidate: true} }, []string{"Invalid"}},
		{"ignoreCtx", func() *toy { return &toy{ignoreCtx: true} }, []string{"DoneContext"}},
		{"plainCtxErr", func() *toy { return &toy{plainCtxErr: true} }, []string{"DoneContext"}},
		{"newRef", func() *toy { return &toy{newRef: true} }, []string{"RepeatIsDuplicate", "Concurrent"}},
		{"checkThenAct", func() *toy { return &toy{checkThenAct: true} }, []string{"Concurrent"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := TestChannel(func() (touchpoints.Channel, error) { return tt.ch(), nil })
			if err == nil {
				t.Fatal("TestChannel = nil, want an error")
			}
			failed := make(map[string]bool)
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var ce *contract.Error
				if errors.As(e, &ce) {
					failed[ce.Clause] = true
				}
			}
			for _, name := range tt.want {
				if !failed[name] {
					t.Errorf("TestChannel did not fail clause %s; it reported:\n%v", name, err)
				}
			}
		})
	}
}

func TestToyKeepsContract(t *testing.T) {
	// The toy with no switch set is correct, so the failures above are the
	// switches' doing.
	if err := TestChannel(func() (touchpoints.Channel, error) { return new(toy), nil }); err != nil {
		t.Fatal(err)
	}
}

func TestTestChannelReportsConstructorErrors(t *testing.T) {
	errBroken := errors.New("broken")
	err := TestChannel(func() (touchpoints.Channel, error) { return nil, errBroken })
	if !errors.Is(err, errBroken) {
		t.Errorf("TestChannel with a failing constructor = %v, want an error wrapping the constructor's", err)
	}
	err = TestChannel(func() (touchpoints.Channel, error) { return nil, nil })
	if err == nil || !strings.Contains(err.Error(), "nil") {
		t.Errorf("TestChannel with a constructor returning nil = %v, want an error saying so", err)
	}
}

func TestTestChannelRecoversPanics(t *testing.T) {
	panics := touchpoints.ChannelFunc(func(context.Context, touchpoints.Message) (touchpoints.Receipt, error) {
		panic("boom")
	})
	err := TestChannel(func() (touchpoints.Channel, error) { return panics, nil })
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("TestChannel on a panicking channel = %v, want failures naming the panic", err)
	}
}

// closer counts Close calls.
type closer struct {
	*touchpoints.MemoryChannel
	closed *int
}

func (c closer) Close() error { *c.closed++; return nil }

func TestTestChannelClosesChannels(t *testing.T) {
	closed, made := 0, 0
	err := TestChannel(func() (touchpoints.Channel, error) {
		made++
		return closer{touchpoints.NewMemoryChannel(), &closed}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if closed != made || made != len(cases()) {
		t.Errorf("TestChannel made %d channels and closed %d; want %d of each", made, closed, len(cases()))
	}
}

func TestMessageGenDrawsValidMessages(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		if m := MessageGen().Draw(t, "message"); m.Validate() != nil {
			t.Fatalf("MessageGen drew %+v: %v", m, m.Validate())
		}
	})
}
