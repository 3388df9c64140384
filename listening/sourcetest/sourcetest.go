// Package sourcetest checks that a [listening.Source] keeps the contract
// documented on the interface: mentions come back in the order the source
// holds them, each valid and owned by the caller; fetching from a returned
// cursor never repeats a mention and misses none; a cursor is a position
// that may be fetched from again; a cursor the source did not produce
// fails with [listening.ErrCursor]; a cancelled context fails with an
// error wrapping its cause; concurrent fetches agree.
//
// [Run] checks a source in subtests, one per clause, then with a state
// machine; [TestSource] checks the clauses outside a test and returns the
// failures as one error.
package sourcetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/engagekit/engage/internal/contract"
	"github.com/engagekit/engage/listening"
	"pgregory.net/rapid"
)

// Fixture is a source under test and the way to give it new mentions.
type Fixture struct {
	// Source is the source under test; it starts empty.
	Source listening.Source
	// Add makes the source hold ms after the mentions it already holds,
	// in that order: appended to a memory queue, written to the end of a
	// file, published in a feed.
	Add func(ms ...listening.Mention) error
	// Close, when set, releases the source (a server, a file). The suite
	// calls it once it is done with the fixture: after each clause, and
	// after each run of the state machine, so that fixtures do not pile up
	// until the test ends. Nil means there is nothing to release.
	Close func() error
}

// release calls f.Close, if set.
func (f Fixture) release() error {
	if f.Close == nil {
		return nil
	}
	return f.Close()
}

// t0 is the time of the first generated mention.
var t0 = time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)

// Mentions returns n valid mentions numbered from first: IDs "m<first>"
// up, one second apart, with plain one-line texts. Their times increase,
// so sources that order by time (such as feeds) keep them in this order,
// and whole seconds survive every built-in format.
func Mentions(first, n int) []listening.Mention {
	ms := make([]listening.Mention, n)
	for i := range ms {
		k := first + i
		ms[i] = listening.Mention{
			ID:     fmt.Sprintf("m%d", k),
			Source: "sourcetest",
			Time:   t0.Add(time.Duration(k) * time.Second),
			Text:   fmt.Sprintf("mention number %d about the refund", k),
		}
	}
	return ms
}

// maxDrain bounds the fetches drain makes, so that a source that never
// settles fails rather than hangs.
const maxDrain = 1000

// drain fetches from c until a fetch returns nothing, as a source may
// return what follows a cursor in parts.
func drain(ctx context.Context, s listening.Source, c listening.Cursor) ([]listening.Mention, listening.Cursor, error) {
	var all []listening.Mention
	for range maxDrain {
		ms, next, err := s.Fetch(ctx, c)
		if err != nil {
			return all, next, err
		}
		all = append(all, ms...)
		c = next
		if len(ms) == 0 {
			return all, c, nil
		}
	}
	return all, c, fmt.Errorf("Fetch still returned mentions after %d calls", maxDrain)
}

// same reports how got differs from want, by ID, time and text, or "".
func same(got, want []listening.Mention) string {
	if len(got) != len(want) {
		return fmt.Sprintf("got %d mentions %v, want %d %v", len(got), idsOf(got), len(want), idsOf(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.ID != w.ID || !g.Time.Equal(w.Time) || g.Text != w.Text {
			return fmt.Sprintf("mention %d = {%s %s %q}, want {%s %s %q}", i, g.ID, g.Time.Format(time.RFC3339), g.Text, w.ID, w.Time.Format(time.RFC3339), w.Text)
		}
		if err := g.Validate(); err != nil {
			return fmt.Sprintf("mention %d is not valid: %v", i, err)
		}
	}
	return ""
}

func idsOf(ms []listening.Mention) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

// clause is one part of the contract and its check.
type clause struct {
	name        string
	explanation string
	check       func(f Fixture) error
}

// contractClauses returns the clauses in the form the runner takes, each
// releasing its fixture when done.
func contractClauses() []contract.Clause[Fixture] {
	var cs []contract.Clause[Fixture]
	for _, c := range clauses() {
		cs = append(cs, contract.Clause[Fixture]{Name: c.name, Explanation: c.explanation, Check: func(f Fixture) error {
			err := c.check(f)
			if cerr := f.release(); cerr != nil {
				err = errors.Join(err, fmt.Errorf("Close: %w", cerr))
			}
			return err
		}})
	}
	return cs
}

func clauses() []clause {
	ctx := context.Background()
	return []clause{
		{"EmptyFromStart", "an empty source fetched from the start gives nothing", func(f Fixture) error {
			ms, _, err := drain(ctx, f.Source, "")
			if err != nil || len(ms) != 0 {
				return fmt.Errorf("an empty source fetched from the start gave %v, %v; want nothing, no error", idsOf(ms), err)
			}
			return nil
		}},
		{"ReadBackInOrder", "fetching from the start gives every mention, valid, in the order added", func(f Fixture) error {
			want := Mentions(0, 7)
			if err := f.Add(want...); err != nil {
				return fmt.Errorf("Add: %v", err)
			}
			got, _, err := drain(ctx, f.Source, "")
			if err != nil {
				return fmt.Errorf("Fetch: %v", err)
			}
			if d := same(got, want); d != "" {
				return fmt.Errorf("fetching from the start must give every mention in order: %s", d)
			}
			return nil
		}},
		{"ResumeWithoutRepeats", "fetching from a returned cursor gives exactly the mentions added since, none repeated, none missed", func(f Fixture) error {
			a, b := Mentions(0, 3), Mentions(3, 4)
			if err := f.Add(a...); err != nil {
				return fmt.Errorf("Add: %v", err)
			}
			_, c1, err := drain(ctx, f.Source, "")
			if err != nil {
				return fmt.Errorf("Fetch: %v", err)
			}
			if err := f.Add(b...); err != nil {
				return fmt.Errorf("Add: %v", err)
			}
			got, c2, err := drain(ctx, f.Source, c1)
			if err != nil {
				return fmt.Errorf("Fetch: %v", err)
			}
			if d := same(got, b); d != "" {
				return fmt.Errorf("fetching from a returned cursor must give exactly the mentions added since: %s", d)
			}
			if rest, _, err := drain(ctx, f.Source, c2); err != nil || len(rest) != 0 {
				return fmt.Errorf("fetching from the last cursor gave %v, %v; want nothing", idsOf(rest), err)
			}
			return nil
		}},
		{"CursorIsAPosition", "a cursor is a position that may be fetched from again, not a lease", func(f Fixture) error {
			if err := f.Add(Mentions(0, 2)...); err != nil {
				return fmt.Errorf("Add: %v", err)
			}
			_, c, err := drain(ctx, f.Source, "")
			if err != nil {
				return fmt.Errorf("Fetch: %v", err)
			}
			more := Mentions(2, 3)
			if err := f.Add(more...); err != nil {
				return fmt.Errorf("Add: %v", err)
			}
			for i := range 2 {
				got, _, err := drain(ctx, f.Source, c)
				if err != nil {
					return fmt.Errorf("Fetch: %v", err)
				}
				if d := same(got, more); d != "" {
					return fmt.Errorf("fetch %d from the same cursor: a cursor is a position, not a lease: %s", i+1, d)
				}
			}
			return nil
		}},
		{"CallerOwnsMentions", "fetched mentions belong to the caller: changing them leaves the source intact", func(f Fixture) error {
			want := Mentions(0, 2)
			want[0].Topics = []string{"refund"}
			if err := f.Add(want...); err != nil {
				return fmt.Errorf("Add: %v", err)
			}
			got, _, err := drain(ctx, f.Source, "")
			if err != nil || len(got) != 2 {
				return fmt.Errorf("Fetch = %v, %v", idsOf(got), err)
			}
			for i := range got {
				got[i].Text = "changed by the caller"
				if len(got[i].Topics) > 0 {
					got[i].Topics[0] = "changed"
				}
			}
			again, _, err := drain(ctx, f.Source, "")
			if err != nil {
				return fmt.Errorf("Fetch: %v", err)
			}
			if d := same(again, want); d != "" {
				return fmt.Errorf("changing fetched mentions changed the source: %s", d)
			}
			if len(again[0].Topics) > 0 && again[0].Topics[0] != "refund" {
				return fmt.Errorf("changing a fetched mention's topics changed the source: %v", again[0].Topics)
			}
			return nil
		}},
		{"ForeignCursor", "a cursor the source did not produce fails with an error matching ErrCursor", func(f Fixture) error {
			if err := f.Add(Mentions(0, 1)...); err != nil {
				return fmt.Errorf("Add: %v", err)
			}
			for _, c := range []listening.Cursor{"not a cursor \x00", "-1", "{"} {
				if _, _, err := f.Source.Fetch(ctx, c); !errors.Is(err, listening.ErrCursor) {
					return fmt.Errorf("Fetch(%q) = %v, want an error matching ErrCursor", c, err)
				}
			}
			return nil
		}},
		{"CancelledContext", "a fetch with a cancelled context fails with an error wrapping its cause", func(f Fixture) error {
			if err := f.Add(Mentions(0, 2)...); err != nil {
				return fmt.Errorf("Add: %v", err)
			}
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			if ms, _, err := f.Source.Fetch(cctx, ""); !errors.Is(err, context.Canceled) {
				return fmt.Errorf("Fetch with a cancelled context = %v, %v; want an error wrapping context.Canceled", idsOf(ms), err)
			}
			return nil
		}},
		{"ConcurrentFetchesAgree", "concurrent fetches from one cursor give the same mentions", func(f Fixture) error {
			want := Mentions(0, 5)
			if err := f.Add(want...); err != nil {
				return fmt.Errorf("Add: %v", err)
			}
			var wg sync.WaitGroup
			errs := make([]error, 8)
			for g := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					got, _, err := drain(ctx, f.Source, "")
					if err == nil {
						if d := same(got, want); d != "" {
							err = errors.New(d)
						}
					}
					errs[g] = err
				}()
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				return fmt.Errorf("concurrent fetches from one cursor must agree: %v", err)
			}
			return nil
		}},
	}
}

// Run checks the source that newFixture returns against every clause of
// the [listening.Source] contract, each in a subtest named for the clause,
// and then runs a state-machine test (the subtest "StateMachine", driven by
// pgregory.net/rapid and tuned by its flags) that adds mentions in random
// batches and fetches from random cursors it was given, against a model
// in which a cursor is the number of mentions read.
//
// newFixture must return a new, empty source each time, and may call
// t.Fatal when it cannot make one. The suite calls [Fixture.Close] when
// done with each fixture; newFixture may instead call t.Cleanup, but in
// the state machine that waits for the end of the whole subtest, so a
// fixture holding a server or a file should set Close.
func Run(t *testing.T, newFixture func(t *testing.T) Fixture) {
	t.Helper()
	contract.Subtests(t, contractClauses(), newFixture)
	t.Run("StateMachine", func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) {
			f := newFixture(t)
			rt.Cleanup(func() {
				if err := f.release(); err != nil {
					rt.Errorf("Close: %v", err)
				}
			})
			m := &machine{f: f, cursors: map[listening.Cursor]int{"": 0}}
			rt.Repeat(map[string]func(*rapid.T){
				"Add":   m.add,
				"Fetch": m.fetch,
				"":      m.check,
			})
		})
	})
}

// TestSource checks the sources that newFixture returns, a new empty one
// for each clause, against every clause of the [listening.Source] contract
// and returns the failures joined with [errors.Join], each naming its
// clause, or nil when they keep them all. It needs no *testing.T, so it
// can check a source anywhere; it leaves out the state-machine test of
// [Run].
func TestSource(newFixture func() (Fixture, error)) error {
	return contract.Check("sourcetest", "fixture", contractClauses(), newFixture)
}

// machine models a source as the list of mentions added; a cursor stands
// for how many of them were read.
type machine struct {
	f       Fixture
	added   []listening.Mention
	cursors map[listening.Cursor]int
}

func (m *machine) add(t *rapid.T) {
	n := rapid.IntRange(0, 4).Draw(t, "n")
	ms := Mentions(len(m.added), n)
	if err := m.f.Add(ms...); err != nil {
		t.Fatalf("Add: %v", err)
	}
	m.added = append(m.added, ms...)
}

func (m *machine) fetch(t *rapid.T) {
	keys := make([]listening.Cursor, 0, len(m.cursors))
	for c := range m.cursors {
		keys = append(keys, c)
	}
	slices.Sort(keys)
	c := rapid.SampledFrom(keys).Draw(t, "cursor")
	from := m.cursors[c]
	got, next, err := drain(context.Background(), m.f.Source, c)
	if err != nil {
		t.Fatalf("Fetch(%q): %v", c, err)
	}
	if d := same(got, m.added[from:]); d != "" {
		t.Fatalf("Fetch from a cursor after %d of %d mentions: %s", from, len(m.added), d)
	}
	if at, ok := m.cursors[next]; ok && at != len(m.added) {
		t.Fatalf("cursor %q stood after %d mentions, now after %d", next, at, len(m.added))
	}
	m.cursors[next] = len(m.added)
}

func (m *machine) check(t *rapid.T) {}
