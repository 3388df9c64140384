// Package webhook is the former home of package outreach/webhook, a
// channel that delivers each message as a signed JSON POST to a URL.
//
// Deprecated: use package github.com/engagekit/engage/outreach/webhook,
// which this package forwards to.
package webhook

import (
	"context"
	"net/http"
	"time"

	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/outreach/webhook"
)

// Sentinel errors.
var (
	// Deprecated: use webhook.ErrConfig of outreach/webhook.
	ErrConfig = webhook.ErrConfig

	// Deprecated: use webhook.ErrSignature of outreach/webhook.
	ErrSignature = webhook.ErrSignature

	// Deprecated: use webhook.ErrStale of outreach/webhook.
	ErrStale = webhook.ErrStale
)

// Defaults for the options.
const (
	// Deprecated: use webhook.DefaultTimeout of outreach/webhook.
	DefaultTimeout = webhook.DefaultTimeout

	// Deprecated: use webhook.DefaultMaxAttempts of outreach/webhook.
	DefaultMaxAttempts = webhook.DefaultMaxAttempts

	// Deprecated: use webhook.DefaultBackoff of outreach/webhook.
	DefaultBackoff = webhook.DefaultBackoff

	// Deprecated: use webhook.DefaultMaxBackoff of outreach/webhook.
	DefaultMaxBackoff = webhook.DefaultMaxBackoff

	// Deprecated: use webhook.DefaultRemember of outreach/webhook.
	DefaultRemember = webhook.DefaultRemember

	// Deprecated: use webhook.DefaultTolerance of outreach/webhook.
	DefaultTolerance = webhook.DefaultTolerance

	// Deprecated: use webhook.MinSecretLen of outreach/webhook.
	MinSecretLen = webhook.MinSecretLen
)

// The headers of a webhook request.
const (
	// Deprecated: use webhook.HeaderIdempotencyKey of outreach/webhook.
	HeaderIdempotencyKey = webhook.HeaderIdempotencyKey

	// Deprecated: use webhook.HeaderTimestamp of outreach/webhook.
	HeaderTimestamp = webhook.HeaderTimestamp

	// Deprecated: use webhook.HeaderSignature of outreach/webhook.
	HeaderSignature = webhook.HeaderSignature

	// Deprecated: use webhook.HeaderRequestID of outreach/webhook.
	HeaderRequestID = webhook.HeaderRequestID
)

// Channel posts each message, signed, to a URL.
//
// Deprecated: use webhook.Channel of outreach/webhook.
type Channel = webhook.Channel

// Option sets up a Channel: it changes the Options New passes on.
//
// Deprecated: use webhook.Options of outreach/webhook.
type Option func(o *webhook.Options) error

// Payload is the JSON body of a webhook request.
//
// Deprecated: use webhook.Payload of outreach/webhook.
type Payload = webhook.Payload

// StatusError reports an answer from the receiver that was not 2xx.
//
// Deprecated: use webhook.StatusError of outreach/webhook.
type StatusError = webhook.StatusError

// New returns a channel posting to rawURL, signed with secret; opts
// change the defaults. A nil option is ignored.
//
// Deprecated: use webhook.New of outreach/webhook, with webhook.Options.
func New(rawURL string, secret []byte, opts ...Option) (*Channel, error) {
	var o webhook.Options
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	return webhook.New(rawURL, secret, o)
}

// NewPayload returns the payload of m.
//
// Deprecated: use webhook.NewPayload of outreach/webhook.
func NewPayload(m outreach.Message) Payload { return webhook.NewPayload(m) }

// Sign sets the timestamp and signature headers of a request.
//
// Deprecated: use webhook.Sign of outreach/webhook.
func Sign(h http.Header, secret, body []byte, t time.Time) error {
	return webhook.Sign(h, secret, body, t)
}

// Verify checks the signature and timestamp of a request.
//
// Deprecated: use webhook.Verify of outreach/webhook.
func Verify(secret []byte, h http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	return webhook.Verify(secret, h, body, now, tolerance)
}

// optionError reports a bad option value; it matches ErrConfig.
type optionError struct{ option, reason string }

func (e *optionError) Error() string { return "webhook: " + e.option + ": " + e.reason }

// Is reports whether target is ErrConfig.
func (e *optionError) Is(target error) bool { return target == ErrConfig }

// WithClient sets the HTTP client; client must not be nil.
//
// Deprecated: use Options.Client of outreach/webhook.
func WithClient(client *http.Client) Option {
	return func(o *webhook.Options) error {
		if client == nil {
			return &optionError{"WithClient", "client is nil"}
		}
		o.Client = client
		return nil
	}
}

// WithTimeout sets the timeout of each attempt; d must be positive.
//
// Deprecated: use Options.Timeout of outreach/webhook.
func WithTimeout(d time.Duration) Option {
	return func(o *webhook.Options) error {
		if d <= 0 {
			return &optionError{"WithTimeout", "timeout must be positive, not " + d.String()}
		}
		o.Timeout = d
		return nil
	}
}

// WithMaxAttempts sets how many attempts a delivery gets; n must be at
// least 1.
//
// Deprecated: use Options.MaxAttempts of outreach/webhook.
func WithMaxAttempts(n int) Option {
	return func(o *webhook.Options) error {
		if n < 1 {
			return &optionError{"WithMaxAttempts", "want at least 1 attempt"}
		}
		o.MaxAttempts = n
		return nil
	}
}

// WithBackoff sets the first wait before a retry (zero retries at once)
// and the longest; 0 <= initial <= limit.
//
// Deprecated: use Options.Backoff, MaxBackoff and NoBackoff of
// outreach/webhook.
func WithBackoff(initial, limit time.Duration) Option {
	return func(o *webhook.Options) error {
		if initial < 0 || limit < initial {
			return &optionError{"WithBackoff", "want 0 <= initial <= limit, not " + initial.String() + " and " + limit.String()}
		}
		o.Backoff, o.MaxBackoff, o.NoBackoff = initial, limit, initial == 0
		if limit == 0 {
			o.MaxBackoff = 1 // no wait at all: zero would mean the default bound
		}
		return nil
	}
}

// WithJitter turns jitter on, seeded.
//
// Deprecated: use Options.Jitter and JitterSeed of outreach/webhook.
func WithJitter(seed uint64) Option {
	return func(o *webhook.Options) error {
		o.Jitter, o.JitterSeed = true, seed
		return nil
	}
}

// WithClock sets the clock each attempt is stamped with; now must not be
// nil.
//
// Deprecated: use Options.Clock of outreach/webhook.
func WithClock(now func() time.Time) Option {
	return func(o *webhook.Options) error {
		if now == nil {
			return &optionError{"WithClock", "clock is nil"}
		}
		o.Clock = now
		return nil
	}
}

// WithSleep replaces the backoff sleep; sleep must not be nil.
//
// Deprecated: use Options.Sleep of outreach/webhook.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(o *webhook.Options) error {
		if sleep == nil {
			return &optionError{"WithSleep", "sleep is nil"}
		}
		o.Sleep = sleep
		return nil
	}
}

// WithRemember sets how many delivered keys the channel remembers; n must
// be at least 1.
//
// Deprecated: use Options.Remember of outreach/webhook.
func WithRemember(n int) Option {
	return func(o *webhook.Options) error {
		if n < 1 {
			return &optionError{"WithRemember", "want at least 1 key"}
		}
		o.Remember = n
		return nil
	}
}
