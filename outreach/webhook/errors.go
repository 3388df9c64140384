package webhook

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/engagekit/engage/outreach"
)

// Sentinel errors. Match them with [errors.Is]; the errors returned wrap
// them with the details. Delivery failures match
// [outreach.ErrTemporary] or [outreach.ErrPermanent] instead.
var (
	// ErrConfig is matched by the errors [New], [Sign] and [Verify] return
	// for a bad URL, secret or option.
	ErrConfig = errors.New("webhook: invalid configuration")

	// ErrSignature is returned by [Verify] for a request whose timestamp
	// or signature header is missing or malformed, or whose signature does
	// not match its body and timestamp.
	ErrSignature = errors.New("webhook: bad signature")

	// ErrStale is returned by [Verify] for a request whose signature is
	// good but whose timestamp lies further from now than the tolerance
	// allows: a replay, or a clock that is far off.
	ErrStale = errors.New("webhook: timestamp outside tolerance")
)

// StatusError reports an answer from the receiver that was not 2xx. It
// matches [outreach.ErrTemporary] when the code is worth retrying (408,
// 429 and 5xx) and [outreach.ErrPermanent] otherwise.
type StatusError struct {
	Code int // the HTTP status code, such as 503
}

func (e *StatusError) Error() string {
	text := http.StatusText(e.Code)
	if text == "" {
		text = "unknown status"
	}
	return "webhook: receiver answered " + strconv.Itoa(e.Code) + " " + text
}

// Retryable reports whether the code is worth trying again: 408 Request
// Timeout, 429 Too Many Requests or any 5xx.
func (e *StatusError) Retryable() bool {
	return e.Code == http.StatusRequestTimeout || e.Code == http.StatusTooManyRequests ||
		e.Code >= 500 && e.Code <= 599
}

// Is reports whether target is [outreach.ErrTemporary] (for a code
// worth retrying) or [outreach.ErrPermanent] (for any other).
func (e *StatusError) Is(target error) bool {
	switch target {
	case outreach.ErrTemporary:
		return e.Retryable()
	case outreach.ErrPermanent:
		return !e.Retryable()
	}
	return false
}

// configError reports a bad setting without repeating the value, which may
// be secret.
func configError(what, reason string) error {
	return &settingError{what: what, reason: reason}
}

type settingError struct{ what, reason string }

func (e *settingError) Error() string { return "webhook: " + e.what + ": " + e.reason }

// Is reports whether target is [ErrConfig].
func (e *settingError) Is(target error) bool { return target == ErrConfig }
