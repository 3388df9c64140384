package estimate

import (
	"errors"
	"strconv"
)

// Sentinel errors. Match them with [errors.Is]; the errors returned are
// *[InvalidError] values that name the field and value and match
// [ErrInvalid] and, where it applies, one of the more specific sentinels.
var (
	// ErrInvalid is matched by every error about a bad input: a figure out
	// of its range, a negative count or baseline, an unknown level, a move
	// of more customers than a level holds, a sample set too small.
	ErrInvalid = errors.New("estimate: invalid value")

	// ErrUncalibrated is matched, besides ErrInvalid, by the errors of
	// [CustomerModel] when the published premium and discount cannot be
	// balanced on the calibration mix: it has no engaged or not engaged
	// customers, or so many fully engaged (or actively disengaged) ones
	// that the engaged and not engaged customers would have to earn less
	// than the actively disengaged (or more than the fully engaged). Set
	// [CustomerModel.CalibrateOn] to a reference mix, such as
	// [Benchmark.Mix] of [Figures.AverageOrganisation], to estimate such a
	// base.
	ErrUncalibrated = errors.New("estimate: mix cannot be calibrated")

	// ErrTooFewSamples is matched, besides ErrInvalid, by the error of
	// [ObserveMultiplier] when the engaged customers or the others number
	// fewer than [MinGroupSamples].
	ErrTooFewSamples = errors.New("estimate: too few samples")
)

// InvalidError reports a bad input: which field, which value and why.
// Every InvalidError matches [ErrInvalid] with [errors.Is]; Err, when not
// nil, is a more specific sentinel ([ErrUncalibrated], [ErrTooFewSamples])
// that it matches too.
type InvalidError struct {
	Field  string // such as "Figures.FullyEngagedPremium", "Move[0].Count", "samples"
	Value  string // the offending value as given
	Reason string // why it is wrong
	Err    error  // a more specific sentinel, or nil
}

func (e *InvalidError) Error() string {
	return "estimate: " + e.Field + " " + strconv.Quote(e.Value) + ": " + e.Reason
}

// Is reports whether target is [ErrInvalid]: every InvalidError is one.
func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }

// Unwrap returns the more specific sentinel, or nil.
func (e *InvalidError) Unwrap() error { return e.Err }

func invalid(field, value, reason string) error {
	return &InvalidError{Field: field, Value: value, Reason: reason}
}

func floatString(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
