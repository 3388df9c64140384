package plays

import (
	"errors"

	"github.com/engagekit/engage/internal/fielderr"
)

// Sentinel errors. Match them with [errors.Is]; the errors returned wrap
// them with the details.
var (
	// ErrInvalid is matched by every error about a malformed value: a
	// trigger parameter, a play, a step, facts or a checkpoint that fails
	// validation. The error itself is a *[FieldError].
	ErrInvalid = errors.New("plays: invalid value")
)

// FieldError reports a bad value: which field and which value. Every
// FieldError matches [ErrInvalid] with [errors.Is]; Err holds the reason
// and is unwrapped too.
type FieldError struct {
	Field string // the field, such as "BandDropped.Order" or "WinBack.Steps[2].Wait"
	Value string // the offending value as given (cut short when very long)
	Err   error  // why the value is wrong
}

// fieldError builds a *FieldError with a plain reason.
func fieldError(field, value, reason string) *FieldError {
	return &FieldError{Field: field, Value: fielderr.Shorten(value), Err: errors.New(reason)}
}

func (e *FieldError) Error() string {
	return fielderr.Message("plays", "", e.Field, e.Value, e.Err)
}

// Unwrap returns the reason.
func (e *FieldError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalid]: every FieldError is one.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }
