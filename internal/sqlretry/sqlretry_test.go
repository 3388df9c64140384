package sqlretry

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"pgregory.net/rapid"
)

type pgErr string

func (e pgErr) Error() string    { return "pg: " + string(e) }
func (e pgErr) SQLState() string { return string(e) }

type liteErr int

func (e liteErr) Error() string { return fmt.Sprintf("sqlite: %d", int(e)) }
func (e liteErr) Code() int     { return int(e) }

func TestRetryable(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("append: %w", pgErr("40P01")), true},
		{pgErr("40001"), true},
		{pgErr("23505"), false},
		{liteErr(5), true},
		{liteErr(5 | 2<<8), true}, // SQLITE_BUSY_SNAPSHOT
		{liteErr(6), true},
		{liteErr(19), false},
		{errors.New("database is locked"), true},
		{errors.New("syntax error"), false},
	} {
		if got := Retryable(c.err); got != c.want {
			t.Errorf("Retryable(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

// Do tries until success, a final error or MaxRetries more tries, and no
// more.
func TestDoTries(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fails := rapid.IntRange(0, MaxRetries+2).Draw(t, "contended_tries")
		final := rapid.Bool().Draw(t, "then_a_final_error")
		tries := 0
		var waits []time.Duration
		now := func() time.Time { return time.Unix(0, rapid.Int64().Draw(t, "clock")) }
		immediately := func(d time.Duration) (<-chan time.Time, func()) {
			waits = append(waits, d)
			ch := make(chan time.Time, 1)
			ch <- time.Time{}
			return ch, func() {}
		}
		err := do(context.Background(), now, func() error {
			tries++
			if tries <= fails {
				return pgErr("40P01")
			}
			if final {
				return pgErr("23505")
			}
			return nil
		}, func(err error) error { return err }, immediately)
		want := min(fails, MaxRetries) + 1
		if len(waits) != want-1 {
			t.Fatalf("%d waits for %d tries", len(waits), want)
		}
		for i, w := range waits {
			step := min(Backoff<<i, MaxBackoff)
			if w < step/2 || w >= step/2+step {
				t.Fatalf("wait %d is %v, want [%v, %v)", i, w, step/2, step/2+step)
			}
		}
		if tries != want {
			t.Fatalf("%d tries, want %d", tries, want)
		}
		switch {
		case fails > MaxRetries:
			if !Retryable(err) {
				t.Fatalf("gave up with %v, want the last contention error", err)
			}
		case final:
			if err == nil || Retryable(err) {
				t.Fatalf("err %v, want the final error", err)
			}
		case err != nil:
			t.Fatalf("err %v, want success", err)
		}
	})
}

func TestDoStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	tries := 0
	err := Do(ctx, time.Now, func() error {
		tries++
		cancel()
		return pgErr("40001")
	}, func(err error) error { return fmt.Errorf("wrapped: %w", err) })
	if tries != 1 || !errors.Is(err, pgErr("40001")) && !errors.Is(err, context.Canceled) {
		t.Fatalf("tries %d, err %v", tries, err)
	}
}
