package touchpoints

import (
	"errors"

	"github.com/engagekit/engage/internal/fielderr"
)

// Sentinel errors. Match them with [errors.Is]; the errors returned wrap them
// with the details (which field, which value, which line).
var (
	// ErrInvalid is matched by every error about a malformed value: a touch
	// point, phase, function, revenue figure or budget fraction that fails
	// validation, or an input row that cannot be parsed. The error itself is
	// a *[FieldError].
	ErrInvalid = errors.New("touchpoints: invalid value")

	// ErrDuplicate is matched by the error about a touch point ID, channel or
	// return name given twice where each must be unique ([ReadTouchpoints],
	// [NewPlan], [RankChannels]). The error is also a *[FieldError] and so
	// matches [ErrInvalid].
	ErrDuplicate = errors.New("touchpoints: duplicate")
)

// FieldError reports a bad value: which field, which value and, for input
// read from a file, which line. Every FieldError matches [ErrInvalid] with
// [errors.Is]; Err holds the reason and is unwrapped too, so that a sentinel
// such as [ErrDuplicate] or a parse error underneath stays reachable.
type FieldError struct {
	Line  int    // 1-based line of the input; 0 when the value did not come from a file
	Field string // the field or column name, such as "cost" or "touchpoints[2].phase"
	Value string // the offending value as given (cut short when very long)
	Err   error  // why the value is wrong
}

// fieldError builds a *FieldError with a plain reason.
func fieldError(field, value, reason string) *FieldError {
	return &FieldError{Field: field, Value: fielderr.Shorten(value), Err: errors.New(reason)}
}

func (e *FieldError) Error() string {
	return fielderr.Message("touchpoints", fielderr.Line(e.Line), e.Field, e.Value, e.Err)
}

// Unwrap returns the reason.
func (e *FieldError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalid]: every FieldError is one.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// duplicateError is the reason of a *FieldError about a repeated ID or
// name: it reads as its text and matches [ErrDuplicate].
type duplicateError string

func (e duplicateError) Error() string { return string(e) }

// Is reports whether target is [ErrDuplicate].
func (e duplicateError) Is(target error) bool { return target == ErrDuplicate }

// prefixField returns a copy of err with prefix put before the field name
// when err is a *FieldError, and err otherwise.
func prefixField(err error, prefix string) error {
	var fe *FieldError
	if !errors.As(err, &fe) {
		return err
	}
	c := *fe
	c.Field = prefix + c.Field
	return &c
}
