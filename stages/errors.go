package stages

import (
	"errors"
	"strconv"
)

// ErrInvalid is matched (with [errors.Is]) by every error about a bad value
// given to this package: an unknown stage or level name, rules that
// contradict themselves, an action without a name. The error itself is an
// *[InvalidError].
var ErrInvalid = errors.New("stages: invalid value")

// InvalidError names the field and value that were wrong, and why.
type InvalidError struct {
	Field  string // such as "stage", "Rules.ReturningGoodwill.Stay", "Action.Name"
	Value  string // the value as given
	Reason string
}

func (e *InvalidError) Error() string {
	return "stages: " + e.Field + " " + strconv.Quote(e.Value) + ": " + e.Reason
}

// Is reports whether target is [ErrInvalid].
func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }
