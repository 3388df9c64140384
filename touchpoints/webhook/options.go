package webhook

import (
	"context"
	"math/rand/v2"
	"net/http"
	"time"
)

// Defaults for the options. Each is the common choice of webhook senders;
// set them from what the receiver promises.
const (
	// DefaultTimeout bounds each attempt, from sending the request to
	// reading the answer: 10 seconds.
	DefaultTimeout = 10 * time.Second

	// DefaultMaxAttempts is how many attempts a delivery gets in all: 4,
	// the first and three retries.
	DefaultMaxAttempts = 4

	// DefaultBackoff is the wait before the first retry: half a second.
	// Each later wait doubles it.
	DefaultBackoff = 500 * time.Millisecond

	// DefaultMaxBackoff bounds any one wait, doubled or asked for by
	// Retry-After: 30 seconds.
	DefaultMaxBackoff = 30 * time.Second

	// DefaultRemember is how many delivered keys a channel remembers, so
	// as to answer a repeat without sending: the latest 10,000, about a
	// megabyte. A repeat of a key it has forgotten is sent again, with the
	// same Idempotency-Key for the receiver to drop.
	DefaultRemember = 10_000
)

// Option sets up a [Channel]; pass options to [New]. An option given a bad
// value makes New fail with an error matching [ErrConfig].
type Option func(*Channel) error

// WithClient makes the channel send through client instead of a client on
// http.DefaultTransport. The channel uses a copy that does not follow
// redirects; a Timeout set on client still applies, on top of the
// per-attempt timeout.
func WithClient(client *http.Client) Option {
	return func(c *Channel) error {
		if client == nil {
			return configError("WithClient", "client is nil")
		}
		cp := *client
		cp.CheckRedirect = noRedirect
		c.client = &cp
		return nil
	}
}

// WithTimeout bounds each attempt, from sending the request to reading the
// answer; d must be positive. The default is [DefaultTimeout].
func WithTimeout(d time.Duration) Option {
	return func(c *Channel) error {
		if d <= 0 {
			return configError("WithTimeout", "timeout must be positive, not "+d.String())
		}
		c.timeout = d
		return nil
	}
}

// WithMaxAttempts sets how many attempts a delivery gets in all; n must be
// at least 1 (which means no retries). The default is
// [DefaultMaxAttempts].
func WithMaxAttempts(n int) Option {
	return func(c *Channel) error {
		if n < 1 {
			return configError("WithMaxAttempts", "want at least 1 attempt")
		}
		c.attempts = n
		return nil
	}
}

// WithBackoff sets the wait before the first retry, which doubles for each
// later one, and the bound on any one wait. initial must be positive, or
// zero to retry at once; limit must be at least initial. The defaults are
// [DefaultBackoff] and [DefaultMaxBackoff].
func WithBackoff(initial, limit time.Duration) Option {
	return func(c *Channel) error {
		if initial < 0 || limit < initial {
			return configError("WithBackoff", "want 0 <= initial <= limit, not "+initial.String()+" and "+limit.String())
		}
		c.backoff, c.maxBackoff = initial, limit
		return nil
	}
}

// WithJitter spreads the waits between retries, so that many channels
// failing at once do not retry at once: each wait is drawn uniformly from
// the upper half of its unjittered length, from a source seeded with seed
// (the same seed, the same waits). Without this option there is no
// jitter.
func WithJitter(seed uint64) Option {
	return func(c *Channel) error {
		c.jitter = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
		return nil
	}
}

// WithClock replaces time.Now as the clock that stamps each attempt (see
// the package documentation). It is for tests and for services with their
// own clock.
func WithClock(now func() time.Time) Option {
	return func(c *Channel) error {
		if now == nil {
			return configError("WithClock", "clock is nil")
		}
		c.now = now
		return nil
	}
}

// WithSleep replaces the wait between attempts, for tests. sleep must
// return when d has passed (with nil) or ctx is done (with ctx.Err(),
// whichever comes first); a sleep that returns another error ends the
// delivery with that error, as temporary.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Channel) error {
		if sleep == nil {
			return configError("WithSleep", "sleep is nil")
		}
		c.sleep = sleep
		return nil
	}
}

// WithRemember sets how many delivered keys the channel remembers, the
// latest first; n must be at least 1. The default is [DefaultRemember].
func WithRemember(n int) Option {
	return func(c *Channel) error {
		if n < 1 {
			return configError("WithRemember", "want at least 1 key")
		}
		c.remember = n
		return nil
	}
}

// noRedirect stops a client at the first redirect: a POST must not turn
// into a GET elsewhere, and a moved receiver is a configuration to fix.
func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// sleepContext waits for d or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
