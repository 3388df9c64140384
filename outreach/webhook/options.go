package webhook

import (
	"context"
	"math/rand/v2"
	"net/http"
	"time"
)

// Defaults for the [Options]. Each is the common choice of webhook senders;
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

// Options changes how a [Channel] sends; pass them to [New]. Every zero
// field means the default its comment names, so the zero Options is the
// default configuration. A field out of range makes New fail with an error
// matching [ErrConfig].
type Options struct {
	// Client sends the requests; nil means a client on
	// http.DefaultTransport. The channel uses a copy that does not follow
	// redirects; a Timeout set on Client still applies, on top of Timeout.
	Client *http.Client

	// Timeout bounds each attempt, from sending the request to reading
	// the answer; zero means [DefaultTimeout]. It must not be negative.
	Timeout time.Duration

	// MaxAttempts is how many attempts a delivery gets in all, 1 meaning
	// no retries; zero means [DefaultMaxAttempts]. It must not be
	// negative.
	MaxAttempts int

	// Backoff is the wait before the first retry, doubled for each later
	// one; zero means [DefaultBackoff]. MaxBackoff bounds any one wait,
	// doubled or asked for by Retry-After; zero means [DefaultMaxBackoff]
	// (or Backoff, if that is longer). Neither may be negative, and
	// MaxBackoff, when set, must be at least Backoff.
	Backoff, MaxBackoff time.Duration

	// NoBackoff retries at once, without waiting, unless the receiver
	// asks for a wait with Retry-After (bounded by MaxBackoff). Backoff
	// must then be zero.
	NoBackoff bool

	// Jitter spreads the waits between retries, so that many channels
	// failing at once do not retry at once: each wait is drawn uniformly
	// from the upper half of its unjittered length, from a source seeded
	// with JitterSeed (the same seed, the same waits). Without it there
	// is no jitter.
	Jitter     bool
	JitterSeed uint64

	// Clock stamps each attempt (see the package documentation); nil
	// means time.Now. It is for tests and for services with their own
	// clock.
	Clock func() time.Time

	// Sleep waits between attempts; nil means a timer that ends early
	// when ctx is done. It must return when d has passed (with nil) or
	// ctx is done (with ctx.Err(), whichever comes first); a sleep that
	// returns another error ends the delivery with that error, as
	// temporary. It is for tests.
	Sleep func(ctx context.Context, d time.Duration) error

	// Remember is how many delivered keys the channel remembers, the
	// latest first; zero means [DefaultRemember]. It must not be
	// negative.
	Remember int
}

// apply sets up c from o, or reports the first field out of range.
func (o Options) apply(c *Channel) error {
	switch {
	case o.Timeout < 0:
		return configError("Options.Timeout", "must not be negative, not "+o.Timeout.String())
	case o.MaxAttempts < 0:
		return configError("Options.MaxAttempts", "must not be negative")
	case o.Backoff < 0 || o.MaxBackoff < 0:
		return configError("Options.Backoff", "waits must not be negative, not "+o.Backoff.String()+" and "+o.MaxBackoff.String())
	case o.MaxBackoff != 0 && o.MaxBackoff < o.Backoff:
		return configError("Options.MaxBackoff", "must be at least Backoff, not "+o.MaxBackoff.String()+" below "+o.Backoff.String())
	case o.NoBackoff && o.Backoff != 0:
		return configError("Options.NoBackoff", "set with a Backoff of "+o.Backoff.String())
	case o.Remember < 0:
		return configError("Options.Remember", "must not be negative")
	}
	if o.Client != nil {
		cp := *o.Client
		cp.CheckRedirect = noRedirect
		c.client = &cp
	}
	if o.Timeout != 0 {
		c.timeout = o.Timeout
	}
	if o.MaxAttempts != 0 {
		c.attempts = o.MaxAttempts
	}
	switch {
	case o.NoBackoff:
		c.backoff = 0
	case o.Backoff != 0:
		c.backoff = o.Backoff
	}
	switch {
	case o.MaxBackoff != 0:
		c.maxBackoff = o.MaxBackoff
	default:
		c.maxBackoff = max(DefaultMaxBackoff, c.backoff)
	}
	if o.Jitter {
		c.jitter = rand.New(rand.NewPCG(o.JitterSeed, o.JitterSeed^0x9e3779b97f4a7c15))
	}
	if o.Clock != nil {
		c.now = o.Clock
	}
	if o.Sleep != nil {
		c.sleep = o.Sleep
	}
	if o.Remember != 0 {
		c.remember = o.Remember
	}
	return nil
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
