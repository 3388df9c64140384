package engagement

import (
	"errors"

	"github.com/engagekit/engage/internal/fielderr"
)

// Sentinel errors. Match them with [errors.Is]; the errors returned wrap them
// with the details (which field, which value, which line).
var (
	// ErrInvalid is wrapped by every error about a malformed value: an
	// interaction or customer that fails validation, or an input row that
	// cannot be parsed. The wrapping error is a *[FieldError].
	ErrInvalid = errors.New("engagement: invalid value")

	// ErrNotFound is returned by a [Store] asked for a customer it does not
	// hold.
	ErrNotFound = errors.New("engagement: not found")

	// ErrConflict is returned when a write contradicts what a store holds:
	// [Store.Append] given an interaction that reuses the ID of a stored
	// (or earlier batched) interaction with different content, a
	// [IdentityStore.Merge] of an alias into another customer or one that
	// would make a cycle, an [Eraser.Erase] whose pseudonym is in use.
	// Appending the very same interaction again is not a conflict: it is a
	// no-op.
	ErrConflict = errors.New("engagement: conflict with what is stored")

	// ErrMismatch is returned by [Profile.Add] and [Profile.Merge] when the
	// interaction or profile belongs to another customer, or the profiles
	// were built as of different times or with different goodwill rules.
	ErrMismatch = errors.New("engagement: mismatched profile")

	// ErrAfterAsOf is returned by [Profile.Add] for an interaction later than
	// the profile's as-of time: a profile describes what was known then.
	ErrAfterAsOf = errors.New("engagement: interaction after as-of time")
)

// FieldError reports a bad value: which field, which value and, for input
// read from a file, which line. Every FieldError matches [ErrInvalid] with
// [errors.Is]; Err holds the reason and is unwrapped too, so a parse error
// underneath stays reachable.
type FieldError struct {
	Line  int    // 1-based line of the input; 0 when the value did not come from a file
	Field string // the field or column name, such as "amount"
	Value string // the offending value as given (cut short when very long)
	Err   error  // why the value is wrong
}

// fieldError builds a *FieldError with a plain reason.
func fieldError(field, value, reason string) *FieldError {
	return &FieldError{Field: field, Value: shorten(value), Err: errors.New(reason)}
}

// shorten cuts an over-long value for an error message.
func shorten(value string) string { return fielderr.Shorten(value) }

func (e *FieldError) Error() string {
	return fielderr.Message("engagement", fielderr.Line(e.Line), e.Field, e.Value, e.Err)
}

// Unwrap returns the reason.
func (e *FieldError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalid]: every FieldError is one.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }
