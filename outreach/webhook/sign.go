package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/engagekit/engage/internal/fielderr"
)

// The headers of a webhook request.
const (
	// HeaderIdempotencyKey carries the message's ID, the same on every
	// attempt, for the receiver to drop repeats by.
	HeaderIdempotencyKey = "Idempotency-Key"

	// HeaderTimestamp carries the time of the attempt in decimal Unix
	// seconds.
	HeaderTimestamp = "Webhook-Timestamp"

	// HeaderSignature carries "sha256=" and the hex HMAC-SHA256 of the
	// timestamp, a dot and the body.
	HeaderSignature = "Webhook-Signature"

	// HeaderRequestID is the response header whose value, when present,
	// becomes the receipt's Ref.
	HeaderRequestID = "X-Request-Id"
)

// signaturePrefix names the algorithm in the signature header.
const signaturePrefix = "sha256="

// MinSecretLen is the shortest secret [New], [Sign] and [Verify] accept,
// in bytes: 16. A shorter HMAC key is too easy to guess.
const MinSecretLen = 16

// DefaultTolerance is how far a request's timestamp may lie from the
// receiver's clock, either way, before [Verify] refuses it as stale: 5
// minutes, the common choice of webhook providers, which covers modest
// clock skew and the retries of a slow delivery while keeping the window
// for a replay short.
const DefaultTolerance = 5 * time.Minute

// checkSecret reports a secret too short to sign with.
func checkSecret(secret []byte) error {
	if len(secret) < MinSecretLen {
		return configError("secret", "shorter than "+strconv.Itoa(MinSecretLen)+" bytes")
	}
	return nil
}

// mac returns the HMAC-SHA256 of timestamp + "." + body under secret.
func mac(secret []byte, timestamp string, body []byte) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(timestamp))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}

// Sign sets the timestamp and signature headers of h for a request
// carrying body, sent at t. It fails only for a secret shorter than
// [MinSecretLen].
func Sign(h http.Header, secret, body []byte, t time.Time) error {
	if err := checkSecret(secret); err != nil {
		return err
	}
	sign(h, secret, body, t)
	return nil
}

func sign(h http.Header, secret, body []byte, t time.Time) {
	ts := strconv.FormatInt(t.Unix(), 10)
	h.Set(HeaderTimestamp, ts)
	h.Set(HeaderSignature, signaturePrefix+hex.EncodeToString(mac(secret, ts, body)))
}

// Verify checks a webhook request on the receiving end: that the
// signature in h was made with secret over h's timestamp and body, and
// that the timestamp lies within tolerance of now, either way. A zero
// tolerance means [DefaultTolerance].
//
// It returns nil for a good request, an error matching [ErrSignature] for
// a missing, malformed or wrong signature or timestamp, one matching
// [ErrStale] for a good signature on a stale (or future) timestamp, and one
// matching [ErrConfig] for a secret shorter than [MinSecretLen] or a
// negative tolerance. The comparison takes the same time whatever the
// signature holds. body must be the request body exactly as received.
//
// A receiver should also drop a request whose [HeaderIdempotencyKey] it
// has already processed: the signature proves who sent a request, not
// that it is the first of its kind.
func Verify(secret []byte, h http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	if err := checkSecret(secret); err != nil {
		return err
	}
	switch {
	case tolerance < 0:
		return configError("tolerance", "negative")
	case tolerance == 0:
		tolerance = DefaultTolerance
	}
	ts := h.Get(HeaderTimestamp)
	if ts == "" {
		return fmt.Errorf("webhook: no %s header: %w", HeaderTimestamp, ErrSignature)
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || strconv.FormatInt(sec, 10) != ts {
		return fmt.Errorf("webhook: %s header %q is not decimal Unix seconds as Sign writes them: %w", HeaderTimestamp, fielderr.Shorten(ts), ErrSignature)
	}
	sig := h.Get(HeaderSignature)
	if sig == "" {
		return fmt.Errorf("webhook: no %s header: %w", HeaderSignature, ErrSignature)
	}
	hexSum, ok := strings.CutPrefix(sig, signaturePrefix)
	if !ok {
		return fmt.Errorf("webhook: %s header does not start with %q: %w", HeaderSignature, signaturePrefix, ErrSignature)
	}
	if len(hexSum) != hex.EncodedLen(sha256.Size) || strings.IndexFunc(hexSum, notLowerHex) >= 0 {
		return fmt.Errorf("webhook: %s header is not %d lower-case hex digits after %q: %w", HeaderSignature, 2*sha256.Size, signaturePrefix, ErrSignature)
	}
	// Compare the canonical form only, in constant time: a signature Sign
	// never writes (upper-case digits, say) is refused like a wrong one.
	want := hex.EncodeToString(mac(secret, ts, body))
	if subtle.ConstantTimeCompare([]byte(hexSum), []byte(want)) != 1 {
		return fmt.Errorf("webhook: signature does not match the body and timestamp: %w", ErrSignature)
	}
	sent := time.Unix(sec, 0)
	if sent.Before(now.Add(-tolerance)) || sent.After(now.Add(tolerance)) {
		return fmt.Errorf("webhook: request stamped %s, more than %v from %s: %w",
			sent.UTC().Format(time.RFC3339), tolerance, now.UTC().Format(time.RFC3339), ErrStale)
	}
	return nil
}

// notLowerHex reports whether r is not one of the digits Sign writes.
func notLowerHex(r rune) bool { return !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') }
