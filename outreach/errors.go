package outreach

import (
	"errors"

	"github.com/engagekit/engage/internal/fielderr"
)

// ErrInvalid is matched by every error about a malformed value: a
// [Message] that fails [Message.Validate], or a [Sender] set up or called
// with a bad field or argument. The error itself is a *[FieldError].
var ErrInvalid = errors.New("outreach: invalid value")

// FieldError reports a bad value: which field and which value. Every
// FieldError matches [ErrInvalid] with [errors.Is]; Err holds the reason
// and is unwrapped too, so that [ErrPermanent], for a malformed message,
// stays reachable.
type FieldError struct {
	Field string // the field, such as "message.id" or "Sender.Cap.Max"
	Value string // the offending value as given (cut short when very long)
	Err   error  // why the value is wrong
}

func (e *FieldError) Error() string {
	return fielderr.Message("outreach", "", e.Field, e.Value, e.Err)
}

// Unwrap returns the reason.
func (e *FieldError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalid]: every FieldError is one.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }
