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
	"github.com/engagekit/engage/outreach"
	"pgregory.net/rapid"
)

func TestMemoryChannel(t *testing.T) {
	Run(t, func(*testing.T) outreach.Channel { return outreach.NewMemoryChannel() })
}

func TestTestChannelMemory(t *testing.T) {
	if err := TestChannel(func() (outreach.Channel, error) { return new(outreach.MemoryChannel), nil }); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkMemoryChannel(b *testing.B) {
	Benchmark(b, func(*testing.B) outreach.Channel { return outreach.NewMemoryChannel() })
}

// toy is a channel with switches that each break one clause of the
// contract.
type toy struct {
	mu       sync.Mutex
	receipts map[string]outreach.Receipt
	n        int

	forget       bool // deliver every call anew
	foldCase     bool // compare keys without case
	noValidate   bool // accept invalid messages
	ignoreCtx    bool // never look at the context
	plainCtxErr  bool // return ctx.Err() unclassified
	newRef       bool // give a duplicate a new Ref
	checkThenAct bool // look the key up and record it in two steps
}

func (c *toy) Deliver(ctx context.Context, m outreach.Message) (outreach.Receipt, error) {
	if !c.noValidate {
		if err := m.Validate(); err != nil {
			return outreach.Receipt{}, err
		}
	}
	if !c.ignoreCtx {
		if err := ctx.Err(); err != nil {
			if c.plainCtxErr {
				return outreach.Receipt{}, err
			}
			return outreach.Receipt{}, fmt.Errorf("toy: %w: %w", outreach.ErrTemporary, err)
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
		c.receipts = make(map[string]outreach.Receipt)
	}
	r = outreach.Receipt{ID: m.ID, Ref: fmt.Sprintf("toy-%d", c.n)}
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
			err := TestChannel(func() (outreach.Channel, error) { return tt.ch(), nil })
			if err == nil {
				t.Fatal("TestChannel = nil, want an error")
			}
			failed := contract.Failed(err)
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
	if err := TestChannel(func() (outreach.Channel, error) { return new(toy), nil }); err != nil {
		t.Fatal(err)
	}
}

func TestTestChannelReportsConstructorErrors(t *testing.T) {
	errBroken := errors.New("broken")
	err := TestChannel(func() (outreach.Channel, error) { return nil, errBroken })
	if !errors.Is(err, errBroken) {
		t.Errorf("TestChannel with a failing constructor = %v, want an error wrapping the constructor's", err)
	}
	err = TestChannel(func() (outreach.Channel, error) { return nil, nil })
	if err == nil || !strings.Contains(err.Error(), "nil") {
		t.Errorf("TestChannel with a constructor returning nil = %v, want an error saying so", err)
	}
}

func TestTestChannelRecoversPanics(t *testing.T) {
	panics := outreach.ChannelFunc(func(context.Context, outreach.Message) (outreach.Receipt, error) {
		panic("boom")
	})
	err := TestChannel(func() (outreach.Channel, error) { return panics, nil })
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("TestChannel on a panicking channel = %v, want failures naming the panic", err)
	}
}

// closer counts Close calls.
type closer struct {
	*outreach.MemoryChannel
	closed *int
}

func (c closer) Close() error { *c.closed++; return nil }

func TestTestChannelClosesChannels(t *testing.T) {
	closed, made := 0, 0
	err := TestChannel(func() (outreach.Channel, error) {
		made++
		return closer{outreach.NewMemoryChannel(), &closed}, nil
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
