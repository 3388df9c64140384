package clv

import (
	"errors"
	"strconv"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/internal/fielderr"
)

// Sentinel errors. Match them with [errors.Is]; the errors returned wrap them
// with the details.
var (
	// ErrInvalid is wrapped by every error about a bad input value: a
	// transaction, a summary or a model parameter. The wrapping error is a
	// *[FieldError] naming the customer and the field.
	ErrInvalid = errors.New("clv: invalid value")

	// ErrNoCustomers is returned by the fits when given no customers.
	ErrNoCustomers = errors.New("clv: no customers")

	// ErrNoRepeatBuyers is returned by the fits when no customer bought
	// more than once: neither model can be fitted without repeat purchases.
	ErrNoRepeatBuyers = errors.New("clv: no repeat buyers")

	// ErrNotConverged is returned by the fits, together with the best
	// parameters found, when the optimiser stopped short of a maximum of the
	// likelihood (see [Fit.Converged]).
	ErrNotConverged = errors.New("clv: fit did not converge")

	// ErrNumerical is returned by a prediction whose value cannot be computed
	// in floating point (a series that does not settle, a value that
	// overflows), rather than let a NaN or an infinity out.
	ErrNumerical = errors.New("clv: numerical failure")

	// ErrMismatch is returned by [Summarizer.Merge] for summarisers built
	// with different options.
	ErrMismatch = errors.New("clv: mismatched summarisers")
)

// FieldError reports a bad value: whose, which field and what value. Every
// FieldError matches [ErrInvalid] with [errors.Is]; Err holds the reason.
type FieldError struct {
	Customer engagement.CustomerID // empty for a model parameter
	Field    string                // such as "amount", "recency" or "alpha"
	Value    string                // the offending value as given
	Err      error                 // why the value is wrong
}

func (e *FieldError) Error() string {
	where := ""
	if e.Customer != "" {
		where = "customer " + strconv.Quote(string(e.Customer))
	}
	return fielderr.Message("clv", where, e.Field, e.Value, e.Err)
}

// Unwrap returns the reason.
func (e *FieldError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalid]: every FieldError is one.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// fieldError builds a *FieldError with a plain reason.
func fieldError(customer engagement.CustomerID, field, value, reason string) *FieldError {
	return &FieldError{Customer: customer, Field: field, Value: value, Err: errors.New(reason)}
}

// floatString formats v for an error message.
func floatString(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
}
