package listening_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/engagekit/engage/listening"
	"pgregory.net/rapid"
)

func TestBackoffDelayProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := listening.Backoff{
			Initial: time.Duration(rapid.Int64Range(1, int64(time.Minute)).Draw(t, "initial")),
			Factor:  rapid.Float64Range(1.1, 4).Draw(t, "factor"),
			Jitter:  rapid.Float64Range(0, 1).Draw(t, "jitter"),
			Seed:    rapid.Uint64().Draw(t, "seed"),
		}
		b.Max = b.Initial + time.Duration(rapid.Int64Range(0, int64(time.Hour)).Draw(t, "extra"))
		noJitter := b
		noJitter.Jitter = -1
		jitter := b.Jitter
		if jitter == 0 {
			jitter = listening.DefaultBackoffJitter
		}
		prev := time.Duration(0)
		for n := 1; n <= 80; n++ {
			d, base := b.Delay(n), noJitter.Delay(n)
			if base < prev || base > b.Max {
				t.Fatalf("base wait %d = %v after %v, max %v: not growing up to the cap", n, base, prev, b.Max)
			}
			if d > base || float64(d) < float64(base)*(1-jitter)-1 {
				t.Fatalf("wait %d = %v, want within jitter %.2f below %v", n, d, jitter, base)
			}
			if d != b.Delay(n) {
				t.Fatalf("wait %d not deterministic", n)
			}
			prev = base
		}
		if float64(b.Initial)*math.Pow(b.Factor, 199) >= float64(b.Max) && noJitter.Delay(200) != b.Max {
			t.Fatalf("wait 200 = %v, want the cap %v", noJitter.Delay(200), b.Max)
		}
	})
}

// script is a source that fails on the fetches marked true, and otherwise
// returns one mention numbered by the cursor.
func script(fails []bool, calls *int) listening.Source {
	return listening.SourceFunc(func(ctx context.Context, c listening.Cursor) ([]listening.Mention, listening.Cursor, error) {
		i := *calls
		*calls++
		if i < len(fails) && fails[i] {
			return nil, c, errors.New("feed down")
		}
		n, _ := strconv.Atoi(string(c))
		m := listening.Mention{ID: strconv.Itoa(n), Time: lcT0, Text: "x"}
		return []listening.Mention{m}, listening.Cursor(strconv.Itoa(n + 1)), nil
	})
}

func TestPollBacksOffAndResets(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fails := rapid.SliceOfN(rapid.Bool(), 1, 40).Draw(t, "fails")
		every := time.Duration(rapid.Int64Range(1, int64(time.Hour)).Draw(t, "every"))
		b := listening.Backoff{Seed: rapid.Uint64().Draw(t, "seed")}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var waits []time.Duration
		sleep := func(ctx context.Context, d time.Duration) error {
			waits = append(waits, d)
			if len(waits) == len(fails) {
				cancel()
				return ctx.Err()
			}
			return nil
		}
		calls, handled := 0, 0
		cur, err := listening.Poll(ctx, script(fails, &calls), every, listening.PollOptions{Backoff: b, Sleep: sleep},
			func(_ context.Context, ms []listening.Mention, next listening.Cursor) error {
				handled += len(ms)
				return nil
			})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Poll = %v, want context.Canceled", err)
		}
		run, ok := 0, 0
		for i, f := range fails {
			want := every
			if f {
				run++
				want = b.Delay(run)
			} else {
				run, ok = 0, ok+1
			}
			if waits[i] != want {
				t.Fatalf("wait %d = %v, want %v (fails %v)", i, waits[i], want, fails)
			}
		}
		want := listening.Cursor(strconv.Itoa(ok))
		if ok == 0 {
			want = ""
		}
		if handled != ok || cur != want {
			t.Fatalf("handled %d, cursor %q; want %d", handled, cur, ok)
		}
	})
}

func TestPollStops(t *testing.T) {
	ctx := context.Background()
	noSleep := listening.PollOptions{Sleep: func(context.Context, time.Duration) error { return nil }}
	bad := listening.SourceFunc(func(ctx context.Context, c listening.Cursor) ([]listening.Mention, listening.Cursor, error) {
		return nil, c, fmt.Errorf("wrapped: %w", listening.ErrCursor)
	})
	if _, err := listening.Poll(ctx, bad, time.Second, noSleep, nil); !errors.Is(err, listening.ErrCursor) {
		t.Errorf("Poll(bad cursor) = %v, want ErrCursor", err)
	}
	calls := 0
	boom := errors.New("boom")
	cur, err := listening.Poll(ctx, script(nil, &calls), time.Second, noSleep,
		func(context.Context, []listening.Mention, listening.Cursor) error { return boom })
	if !errors.Is(err, boom) || cur != "" {
		t.Errorf("Poll(failing handler) = %q, %v; want the start cursor and the handler's error", cur, err)
	}
	for _, tc := range []struct {
		every time.Duration
		b     listening.Backoff
	}{{0, listening.Backoff{}}, {time.Second, listening.Backoff{Factor: 0.5}}, {time.Second, listening.Backoff{Initial: time.Hour, Max: time.Minute}}} {
		if _, err := listening.Poll(ctx, bad, tc.every, listening.PollOptions{Backoff: tc.b}, nil); !errors.Is(err, listening.ErrInvalid) {
			t.Errorf("Poll(%v, %+v) = %v, want listening.ErrInvalid", tc.every, tc.b, err)
		}
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := listening.Poll(done, bad, time.Second, listening.PollOptions{}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Poll(cancelled) = %v, want context.Canceled", err)
	}
}

func ExamplePoll() {
	var src listening.MemorySource
	_ = src.Add(listening.Mention{ID: "1", Time: lcT0, Text: "Parcel late again"})
	ctx, cancel := context.WithCancel(context.Background())
	opts := listening.PollOptions{
		// A real program leaves Sleep nil to wait on the clock.
		Sleep: func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() },
	}
	cur, err := listening.Poll(ctx, &src, time.Minute, opts, func(_ context.Context, ms []listening.Mention, next listening.Cursor) error {
		for _, m := range ms {
			fmt.Println(m.ID, m.Text)
		}
		return nil
	})
	fmt.Println(cur, errors.Is(err, context.Canceled))
	// Output:
	// 1 Parcel late again
	// 1 true
}
