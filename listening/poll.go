package listening

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

// Defaults for [Backoff].
const (
	// DefaultBackoffInitial is the wait after the first failed fetch: 5
	// seconds.
	DefaultBackoffInitial = 5 * time.Second
	// DefaultBackoffMax caps the wait between failed fetches: 15 minutes,
	// so that a feed that comes back is heard again within the quarter
	// hour.
	DefaultBackoffMax = 15 * time.Minute
	// DefaultBackoffFactor is how much each further failure multiplies
	// the wait: 2.
	DefaultBackoffFactor = 2.0
	// DefaultBackoffJitter is the share of each wait taken off at random,
	// so that many pollers that failed together do not retry together:
	// 0.2.
	DefaultBackoffJitter = 0.2
)

// Backoff says how long [Poll] waits after failed fetches: the n-th
// failure in a row waits Initial·Factor^(n-1), capped at Max, less a
// jitter of up to Jitter of it. The jitter is drawn from Seed, so one seed
// always gives the same waits. The zero Backoff uses the defaults above;
// each zero field means its default, and a negative Jitter means none.
type Backoff struct {
	Initial time.Duration // wait after the first failure; zero means DefaultBackoffInitial
	Max     time.Duration // cap on any wait; zero means DefaultBackoffMax
	Factor  float64       // growth per failure, at least 1; zero means DefaultBackoffFactor
	Jitter  float64       // share taken off at random, 0 to 1; zero means DefaultBackoffJitter, negative none
	Seed    uint64        // seed of the jitter
}

func (b Backoff) withDefaults() Backoff {
	if b.Initial == 0 {
		b.Initial = DefaultBackoffInitial
	}
	if b.Max == 0 {
		b.Max = DefaultBackoffMax
	}
	if b.Factor == 0 {
		b.Factor = DefaultBackoffFactor
	}
	if b.Jitter == 0 {
		b.Jitter = DefaultBackoffJitter
	}
	if b.Jitter < 0 {
		b.Jitter = 0
	}
	return b
}

func (b Backoff) validate() error {
	switch {
	case b.Initial < 0:
		return invalid("backoff initial", b.Initial.String(), "want a positive duration")
	case b.Max < b.Initial:
		return invalid("backoff max", b.Max.String(), "want at least the initial wait "+b.Initial.String())
	case !(b.Factor >= 1) || math.IsInf(b.Factor, 0):
		return invalid("backoff factor", fmt.Sprint(b.Factor), "want a finite number of at least 1")
	case !(b.Jitter <= 1):
		return invalid("backoff jitter", fmt.Sprint(b.Jitter), "want 0 to 1")
	}
	return nil
}

// Delay returns the wait after the n-th failure in a row (n >= 1; n < 1
// counts as 1), with the defaults applied to zero fields. Without jitter
// the waits grow by Factor until they reach Max; with it, each lies within
// Jitter of that.
func (b Backoff) Delay(n int) time.Duration {
	b = b.withDefaults()
	n = max(n, 1)
	d := float64(b.Initial) * math.Pow(b.Factor, float64(n-1))
	base := b.Max
	if d < float64(b.Max) {
		base = time.Duration(d)
	}
	u := float64(splitmix(b.Seed^uint64(n)*0x9e3779b97f4a7c15)>>11) / (1 << 53) // in [0, 1)
	return base - time.Duration(float64(base)*b.Jitter*u)
}

// splitmix is the SplitMix64 finaliser: a fixed, well-mixed hash.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// PollOptions configures [Poll]. Every zero field means its default.
type PollOptions struct {
	// Cursor is where to start reading; empty means the beginning.
	Cursor Cursor
	// Backoff says how long to wait after failed fetches.
	Backoff Backoff
	// Sleep waits d or until ctx is done, returning ctx.Err() then; nil
	// means a real timer. Tests pass a function that records d and
	// returns at once, so that no test waits on the clock.
	Sleep func(ctx context.Context, d time.Duration) error
	// OnError, when set, hears each failed fetch: the error, the number
	// of failures in a row, and the wait before the next try.
	OnError func(err error, failures int, wait time.Duration)
}

// PollHandler receives what one fetch read: the mentions (possibly none)
// and the cursor that follows them, which the handler may persist. An
// error from it stops [Poll].
type PollHandler func(ctx context.Context, ms []Mention, next Cursor) error

// Poll reads src again and again until ctx is done: it fetches from the
// cursor, hands what it read to handle, and waits every before the next
// fetch. handle is called when a fetch returned mentions or moved the
// cursor, including for the good part of a fetch that failed.
//
// After a failed fetch Poll waits by opts.Backoff instead, longer after
// each failure in a row, and back to every after the next success. A
// cursor error ([ErrCursor]) cannot be cured by waiting, so Poll returns
// it; so it does an error from handle. When ctx is done Poll returns an
// error wrapping ctx.Err(). In every case it returns the cursor that
// follows the last mentions handled, from which a later Poll resumes.
//
// every must be positive, and the backoff in range; otherwise Poll
// returns a *[FieldError] before fetching.
func Poll(ctx context.Context, src Source, every time.Duration, opts PollOptions, handle PollHandler) (Cursor, error) {
	cur := opts.Cursor
	if every <= 0 {
		return cur, invalid("poll every", every.String(), "want a positive interval")
	}
	b := opts.Backoff.withDefaults()
	if err := b.validate(); err != nil {
		return cur, err
	}
	sleep := opts.Sleep
	if sleep == nil {
		sleep = sleepTimer
	}
	failures := 0
	for {
		if err := ctx.Err(); err != nil {
			return cur, fmt.Errorf("listening: poll: %w", err)
		}
		ms, next, err := src.Fetch(ctx, cur)
		if len(ms) > 0 || next != cur {
			if herr := handle(ctx, ms, next); herr != nil {
				return cur, fmt.Errorf("listening: poll handler: %w", herr)
			}
			cur = next
		}
		wait := every
		switch {
		case err == nil:
			failures = 0
		case ctx.Err() != nil:
			return cur, fmt.Errorf("listening: poll: %w", ctx.Err())
		case errors.Is(err, ErrCursor):
			return cur, fmt.Errorf("listening: poll: %w", err)
		default:
			failures++
			wait = b.Delay(failures)
			if opts.OnError != nil {
				opts.OnError(err, failures, wait)
			}
		}
		if err := sleep(ctx, wait); err != nil {
			return cur, fmt.Errorf("listening: poll: %w", err)
		}
	}
}

// sleepTimer waits d on a real timer, or until ctx is done.
func sleepTimer(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
