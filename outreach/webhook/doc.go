// Package webhook is an [outreach.Channel] that delivers each message as
// a signed JSON POST to a URL: the business's own CRM, a messaging
// provider's intake, an automation tool. [Verify] checks such a request on
// the receiving end.
//
// # Usage
//
//	ch, err := webhook.New("https://crm.example.com/hooks/outreach", secret, webhook.Options{})
//	if err != nil {
//		return err
//	}
//	out := &outreach.Sender{Channel: ch, Store: store, Touchpoint: "crm-email",
//		ConsentChannel: engagement.ChannelEmail}
//
// # The request
//
// The body is a [Payload] in JSON: the message's id, customer, action,
// subject, body and time (RFC 3339, UTC). The headers are:
//
//   - Idempotency-Key ([HeaderIdempotencyKey]): the message's ID, the same
//     on every attempt;
//   - Webhook-Timestamp ([HeaderTimestamp]): when the attempt was made, in
//     decimal Unix seconds;
//   - Webhook-Signature ([HeaderSignature]): "sha256=" and the lower-case
//     hex HMAC-SHA256, keyed with the shared secret, of the timestamp, a
//     dot and the body, exactly as sent.
//
// Any 2xx answer confirms delivery; the receipt's Ref is the answer's
// X-Request-Id header ([HeaderRequestID]) when it has one, and the
// idempotency key otherwise. Redirects are not followed.
//
// # Retries
//
// Each attempt has its own timeout ([DefaultTimeout]). A network error, a
// timeout, 408 Request Timeout, 429 Too Many Requests or any 5xx answer is
// tried again, up to [DefaultMaxAttempts] attempts in all, after a backoff
// that starts at [DefaultBackoff] and doubles up to [DefaultMaxBackoff]
// (longer if the receiver asks with Retry-After, up to that bound). Jitter
// is off unless Options.Jitter is set. The backoff sleep ends early
// when the context is done. Any other answer is permanent and not retried.
// The errors match [outreach.ErrTemporary] or [outreach.ErrPermanent];
// an answer that was not 2xx is a *[StatusError] carrying its code.
//
// # Delivering once
//
// A retry carries the same Idempotency-Key, and so does a later Deliver of
// the same message: a receiver that keeps the keys it has processed (for a
// day, say) and answers a repeat with 2xx without acting on it again sees
// each message once, even when an attempt timed out after the receiver had
// acted on it. The channel itself remembers the keys it delivered (the
// latest [DefaultRemember], or Options.Remember) and answers a repeat with
// the first receipt without sending anything. Concurrent calls with one
// key send it once: the later calls wait for the first.
//
// # The clock
//
// The channel reads the clock, and it is the only place in the library
// that does besides the caller: each attempt is stamped with the time of
// sending, so that a receiver can refuse a replayed request ([Verify]
// allows [DefaultTolerance] either way). The clock is time.Now unless
// Options.Clock gives another, as tests do; the backoff sleep can be
// replaced with Options.Sleep. The message's own time, which the caller
// passes in, travels in the body and is never read from the clock.
//
// # Secrets
//
// The secret never appears in an error, a log line or the String and
// GoString forms of a [Channel], which show the URL's scheme and host only,
// since webhook URLs often carry a token in their path or query.
package webhook
