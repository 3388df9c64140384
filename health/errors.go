package health

import (
	"errors"
	"strconv"
)

// ErrInvalid is matched (with [errors.Is]) by every error about a bad value
// given to this package: a scorecard without measures or with a bad
// weight, bands out of order, a measure score outside 0 to 100, facts out
// of range, a previous band the bands do not name. The error itself is an
// *[InvalidError].
var ErrInvalid = errors.New("health: invalid value")

// InvalidError names the field and value that were wrong, and why.
type InvalidError struct {
	Field  string // such as "Scorecard.Measures[2].Weight", "Facts.Alive", "band"
	Value  string // the value as given
	Reason string
}

func (e *InvalidError) Error() string {
	return "health: " + e.Field + " " + strconv.Quote(e.Value) + ": " + e.Reason
}

// Is reports whether target is [ErrInvalid].
func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, value, reason string) error {
	return &InvalidError{Field: field, Value: value, Reason: reason}
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
