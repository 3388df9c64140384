package clv

import (
	"math"
	"strconv"
)

// Fit is the result of a maximum-likelihood fit of a model M ([BGNBD] or
// [GammaGamma]).
type Fit[M any] struct {
	// Model holds the fitted parameters.
	Model M

	// StdErr holds the standard error of each parameter, in the same
	// fields: the square roots of the diagonal of the inverse of the
	// Hessian of the negative log-likelihood at the optimum. All zero when
	// the fit did not converge.
	StdErr M

	// LogLikelihood is the log-likelihood at Model.
	LogLikelihood float64

	// Iterations counts the optimiser's steps: Newton iterations, plus
	// function evaluations of any Nelder-Mead restarts.
	Iterations int

	// Converged reports whether the optimiser stopped at a maximum: the
	// gradient vanished (below 1e-9 per customer, or below 1e-6 where
	// rounding stops Newton steps from changing the log-likelihood) and
	// the Hessian was negative definite there. When it is false, the fit
	// also returned [ErrNotConverged]; a shape parameter running off to
	// infinity, as Gamma-Gamma's p does when baskets hardly vary within a
	// customer, is one such case.
	Converged bool

	// Customers is the number of customers the fit used.
	Customers int

	// Skipped is the number of customers the fit left out on request: the
	// repeat buyers with a zero mean spend under [FitOptions.SkipZeroSpend].
	// Zero otherwise.
	Skipped int
}

// checkSummary validates the fields of s a model reads.
func checkSummary(s Summary) error {
	switch {
	case s.Frequency < 0:
		return fieldError(s.Customer, "frequency", strconv.Itoa(s.Frequency), "frequency must not be negative")
	case !finite(s.Recency) || s.Recency < 0:
		return fieldError(s.Customer, "recency", floatString(s.Recency), "recency must be finite and not negative")
	case !finite(s.Age) || s.Age < 0:
		return fieldError(s.Customer, "age", floatString(s.Age), "age must be finite and not negative")
	case s.Recency > s.Age:
		return fieldError(s.Customer, "recency", floatString(s.Recency), "recency must not exceed age "+floatString(s.Age))
	case s.Frequency == 0 && s.Recency != 0:
		return fieldError(s.Customer, "recency", floatString(s.Recency), "recency must be 0 when frequency is 0")
	case s.MeanSpend.Sign() < 0:
		return fieldError(s.Customer, "mean spend", s.MeanSpend.String(), "mean spend must not be negative")
	}
	return nil
}

// checkParam validates a model parameter: finite and positive.
func checkParam(name string, v float64) error {
	if !finite(v) || v <= 0 {
		return fieldError("", name, floatString(v), "parameter must be finite and positive")
	}
	return nil
}

// checkTime validates a horizon t: finite and not negative.
func checkTime(t float64) error {
	if !finite(t) || t < 0 {
		return fieldError("", "t", floatString(t), "time must be finite and not negative")
	}
	return nil
}

// stdErrs returns the standard errors from the Hessian h of the negative
// log-likelihood (row-major), or false when h is not positive definite.
func stdErrs(h []float64) ([]float64, bool) {
	diag, ok := inverseDiag(h)
	if !ok {
		return nil, false
	}
	for i, v := range diag {
		if !(v >= 0) {
			return nil, false
		}
		diag[i] = math.Sqrt(v)
	}
	return diag, true
}

// estimate is what a maximum-likelihood fit found, model-free: parameters
// and standard errors in a model's field order.
type estimate struct {
	params, stdErr []float64 // stdErr is nil unless the fit converged
	ll             float64   // 0 when not finite
	iterations     int
	converged      bool
}

// maximize finds the maximum of a log-likelihood: minimize searches the
// log-parameters from theta0 with the negated objective, then eval gives
// the log-likelihood, its gradient and its Hessian at the parameters
// found, and the standard errors come from that Hessian. Both models fit
// through it.
func maximize(f objective, eval func(p, g, h []float64) float64, theta0 []float64) estimate {
	m := minimize(f, theta0)
	n := len(theta0)
	e := estimate{params: expAll(m.theta), iterations: m.iterations}
	g, h := make([]float64, n), make([]float64, n*n)
	e.ll = eval(e.params, g, h)
	if m.converged && finite(e.ll) {
		for i := range h {
			h[i] = -h[i]
		}
		e.stdErr, e.converged = stdErrs(h)
	}
	if !finite(e.ll) {
		e.ll = 0
	}
	return e
}

// result returns ErrNotConverged when the estimate did not converge.
func (e estimate) result() error {
	if !e.converged {
		return ErrNotConverged
	}
	return nil
}
