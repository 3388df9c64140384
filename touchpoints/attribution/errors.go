package attribution

import (
	"errors"
	"strconv"

	"github.com/engagekit/engage/internal/fielderr"
)

// ErrInvalid is matched (with [errors.Is]) by every error about a bad
// value: a malformed line read by [ReadPaths], a path a model, [Aggregate]
// or [WritePaths] cannot take (a negative count, an empty channel name,
// touches out of time order), or a model setting out of range. The error
// itself is a *[FieldError].
var ErrInvalid = errors.New("attribution: invalid value")

// FieldError reports a bad value: which line (for input read by
// [ReadPaths]), which field and which value, and why. Every FieldError
// matches [ErrInvalid] with [errors.Is]; Err holds the reason and is
// unwrapped too, so that a parse error underneath stays reachable.
type FieldError struct {
	// Line is the 1-based line of the input read by ReadPaths (the header
	// is line 1), or 0 when the value did not come from a file.
	Line int
	// Field names the value: a column of the path format, such as
	// "total_conversions", or a Go expression reaching it, such as
	// "paths[3].Touches[1].Channel" or "TimeDecay.HalfLife".
	Field string
	// Value is the offending value as given (cut short when very long).
	Value string
	// Err says why the value is wrong.
	Err error
}

func (e *FieldError) Error() string {
	return fielderr.Message("attribution", fielderr.Line(e.Line), e.Field, e.Value, e.Err)
}

// Unwrap returns the reason.
func (e *FieldError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalid]: every FieldError is one.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// invalid builds a *FieldError with a plain reason.
func invalid(field, value, reason string) *FieldError {
	return &FieldError{Field: field, Value: fielderr.Shorten(value), Err: errors.New(reason)}
}

// pathField names field of paths[i].
func pathField(i int, field string) string {
	return "paths[" + strconv.Itoa(i) + "]." + field
}

// touchField names field of paths[i].Touches[j].
func touchField(i, j int, field string) string {
	return "paths[" + strconv.Itoa(i) + "].Touches[" + strconv.Itoa(j) + "]." + field
}
