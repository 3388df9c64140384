package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/engagekit/engage/outreach"
)

// maxDrain bounds how much of an answer's body the channel reads (to reuse
// the connection) before closing it: 64 KiB.
const maxDrain = 64 << 10

// Channel is an [outreach.Channel] that posts each message, signed, to a
// URL; see the package documentation for the request, the retries and
// what "delivered once" means here. Make one with [New]. A Channel is safe
// for concurrent use.
type Channel struct {
	endpoint string // the URL as given; may hold a token, so never printed
	where    string // scheme://host, for messages
	secret   redacted
	client   *http.Client

	timeout    time.Duration
	attempts   int
	backoff    time.Duration
	maxBackoff time.Duration
	now        func() time.Time
	sleep      func(context.Context, time.Duration) error
	remember   int

	jitterMu sync.Mutex
	jitter   *rand.Rand // nil: no jitter

	mu       sync.Mutex
	done     map[string]outreach.Receipt // delivered keys, the latest remember of them
	ring     []string                    // done's keys, oldest at next once full
	next     int
	inflight map[string]chan struct{} // keys being sent; closed when the send ends
}

var _ outreach.Channel = (*Channel)(nil)

// redacted holds the signing key and prints as "[redacted]" whatever the
// verb, so that no dump of a Channel shows it.
type redacted []byte

// Format implements [fmt.Formatter].
func (redacted) Format(f fmt.State, _ rune) { io.WriteString(f, "[redacted]") }

// New returns a channel posting to rawURL, an absolute http or https URL,
// signing with secret, which must be at least [MinSecretLen] bytes (the
// channel keeps a copy). o changes the defaults; see [Options]. The
// errors match [ErrConfig] and never repeat the secret or the URL's path
// and query.
func New(rawURL string, secret []byte, o Options) (*Channel, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, configError("url", "cannot be parsed")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, configError("url", "want an http or https URL")
	}
	if u.Host == "" {
		return nil, configError("url", "has no host")
	}
	if err := checkSecret(secret); err != nil {
		return nil, err
	}
	c := &Channel{
		endpoint:   rawURL,
		where:      u.Scheme + "://" + u.Host,
		secret:     bytes.Clone(secret),
		client:     &http.Client{CheckRedirect: noRedirect},
		timeout:    DefaultTimeout,
		attempts:   DefaultMaxAttempts,
		backoff:    DefaultBackoff,
		maxBackoff: DefaultMaxBackoff,
		now:        time.Now,
		sleep:      sleepContext,
		remember:   DefaultRemember,
	}
	if err := o.apply(c); err != nil {
		return nil, err
	}
	return c, nil
}

// String returns "webhook.Channel(scheme://host)": no path, query or
// secret.
func (c *Channel) String() string { return "webhook.Channel(" + c.where + ")" }

// GoString returns the same as String, so that %#v shows no secret either.
func (c *Channel) GoString() string { return c.String() }

// Deliver posts m to the channel's URL, retrying as the package
// documentation says, unless the channel remembers delivering m.ID, in
// which case it returns the first receipt with Duplicate set and sends
// nothing. A call with a key that another call is sending waits for that
// call and then returns its receipt, or tries itself if that call failed.
//
// A message that fails [outreach.Message.Validate] is refused before
// anything is sent. Every other error names the message's key and matches
// [outreach.ErrTemporary] (after the last attempt, or when ctx is done:
// then it wraps ctx.Err() too) or [outreach.ErrPermanent] (an answer
// not worth retrying, as a *[StatusError]).
func (c *Channel) Deliver(ctx context.Context, m outreach.Message) (outreach.Receipt, error) {
	if err := m.Validate(); err != nil {
		return outreach.Receipt{}, err
	}
	var wait chan struct{}
	for wait == nil {
		if err := ctx.Err(); err != nil {
			return outreach.Receipt{}, ctxError(m.ID, err, nil)
		}
		c.mu.Lock()
		if r, ok := c.done[m.ID]; ok {
			c.mu.Unlock()
			r.Duplicate = true
			return r, nil
		}
		if other, busy := c.inflight[m.ID]; busy {
			c.mu.Unlock()
			select {
			case <-other:
			case <-ctx.Done():
			}
			continue
		}
		if c.inflight == nil {
			c.inflight = make(map[string]chan struct{})
		}
		wait = make(chan struct{})
		c.inflight[m.ID] = wait
		c.mu.Unlock()
	}

	r, err := c.send(ctx, m)

	c.mu.Lock()
	if err == nil {
		c.keep(r)
	}
	delete(c.inflight, m.ID)
	close(wait)
	c.mu.Unlock()
	return r, err
}

// keep remembers a delivered key, forgetting the oldest beyond the bound.
// c.mu must be held.
func (c *Channel) keep(r outreach.Receipt) {
	if c.done == nil {
		c.done = make(map[string]outreach.Receipt)
	}
	if len(c.ring) < c.remember {
		c.ring = append(c.ring, r.ID)
	} else {
		delete(c.done, c.ring[c.next])
		c.ring[c.next] = r.ID
		c.next = (c.next + 1) % c.remember
	}
	c.done[r.ID] = r
}

// send makes the attempts, with backoff between them.
func (c *Channel) send(ctx context.Context, m outreach.Message) (outreach.Receipt, error) {
	body, err := json.Marshal(NewPayload(m))
	if err != nil { // not for a valid message
		return outreach.Receipt{}, fmt.Errorf("webhook: message %q: cannot encode: %v: %w", m.ID, err, outreach.ErrPermanent)
	}
	for attempt := 1; ; attempt++ {
		r, retryAfter, err := c.attempt(ctx, m.ID, body)
		switch {
		case err == nil:
			return r, nil
		case ctx.Err() != nil: // it ended this attempt
			return outreach.Receipt{}, ctxError(m.ID, ctx.Err(), nil)
		case errors.Is(err, outreach.ErrPermanent):
			return outreach.Receipt{}, fmt.Errorf("webhook: message %q: %w", m.ID, err)
		case attempt >= c.attempts:
			return outreach.Receipt{}, fmt.Errorf("webhook: message %q: gave up after %d attempts: %w", m.ID, attempt, err)
		}
		if serr := c.sleep(ctx, c.delay(attempt, retryAfter)); serr != nil {
			if ctx.Err() != nil {
				return outreach.Receipt{}, ctxError(m.ID, ctx.Err(), err)
			}
			return outreach.Receipt{}, fmt.Errorf("webhook: message %q: waiting to retry: %v: %w", m.ID, serr, outreach.ErrTemporary)
		}
	}
}

// ctxError reports a delivery cut short by its context, with the last
// attempt's error, if any, for the record.
func ctxError(key string, ctxErr, last error) error {
	if last != nil {
		return fmt.Errorf("webhook: message %q: %w: %w (last attempt: %v)", key, outreach.ErrTemporary, ctxErr, last)
	}
	return fmt.Errorf("webhook: message %q: %w: %w", key, outreach.ErrTemporary, ctxErr)
}

// attempt posts body once. It returns the receipt, or the error and how
// long the receiver asked to wait before the next try (zero if it did not
// say).
func (c *Channel) attempt(ctx context.Context, key string, body []byte) (outreach.Receipt, time.Duration, error) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil { // not for a URL New accepted
		return outreach.Receipt{}, 0, fmt.Errorf("webhook: cannot make a request to %s: %w", c.where, outreach.ErrPermanent)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "engage-webhook/1")
	req.Header.Set(HeaderIdempotencyKey, key)
	sign(req.Header, c.secret, body, c.now())

	resp, err := c.client.Do(req)
	if err != nil {
		if ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
			return outreach.Receipt{}, 0, fmt.Errorf("webhook: post to %s: no answer within %v: %w", c.where, c.timeout, outreach.ErrTemporary)
		}
		return outreach.Receipt{}, 0, fmt.Errorf("webhook: post to %s: %s: %w", c.where, c.scrub(err), outreach.ErrTemporary)
	}
	defer func() {
		io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrain))
		resp.Body.Close()
	}()
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		ref := resp.Header.Get(HeaderRequestID)
		if ref == "" {
			ref = key
		}
		return outreach.Receipt{ID: key, Ref: ref}, 0, nil
	}
	return outreach.Receipt{}, c.retryAfter(resp.Header.Get("Retry-After")), &StatusError{Code: resp.StatusCode}
}

// scrub returns the text of a client error without the URL, which
// url.Error repeats whole and which may hold a token.
func (c *Channel) scrub(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return strings.ReplaceAll(err.Error(), c.endpoint, c.where)
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date (read
// against the channel's clock). It returns zero when there is none or it
// cannot be read.
func (c *Channel) retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s <= 0 {
			return 0
		}
		if s > int64(c.maxBackoff/time.Second) {
			return c.maxBackoff
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(c.now()), 0)
	}
	return 0
}

// delay is the wait after the given failed attempt: the backoff doubled
// for each earlier retry, capped, jittered if the channel has jitter, and
// at least what the receiver asked for, up to the cap.
func (c *Channel) delay(attempt int, retryAfter time.Duration) time.Duration {
	d := c.backoff
	for i := 1; i < attempt && d < c.maxBackoff; i++ {
		if d > c.maxBackoff/2 {
			d = c.maxBackoff
			break
		}
		d *= 2
	}
	d = min(d, c.maxBackoff)
	if c.jitter != nil && d > 1 {
		c.jitterMu.Lock()
		d = d/2 + time.Duration(c.jitter.Int64N(int64(d-d/2)+1))
		c.jitterMu.Unlock()
	}
	return max(d, min(retryAfter, c.maxBackoff))
}
