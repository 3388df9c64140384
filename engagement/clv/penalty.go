package clv

import "math"

// FitOptions tunes a fit. The zero value fits by plain maximum likelihood.
type FitOptions struct {
	// Penalizer, when positive, adds the L2 penalty Penalizer · Σ θ² over
	// the model's parameters θ to the negative log-likelihood per
	// customer, as the lifetimes library's penalizer_coef does: it pulls
	// the parameters towards zero and keeps a fit on small or degenerate
	// data from running off to infinity. Zero means no penalty; it must
	// not be negative.
	//
	// With a penalty, the fit maximises the penalised objective
	// LL - n · Penalizer · Σ θ² (n customers): [Fit.LogLikelihood] is
	// that objective's value, not the log-likelihood, and [Fit.StdErr]
	// comes from its Hessian. Use the model's LogLikelihood method for
	// the plain log-likelihood at the penalised parameters.
	Penalizer float64

	// SkipZeroSpend, read by [FitGammaGammaWith] alone, leaves out of the
	// spend model the repeat buyers whose MeanSpend is zero: those whose
	// every repeat purchase day in the calibration period had a zero value
	// (free or fully discounted orders). Gamma-Gamma spends are positive, so
	// such a customer has no likelihood and, without this option, makes the
	// fit fail with a *[FieldError]. The customers left out are counted in
	// [Fit.Skipped], not in [Fit.Customers]; if no repeat buyer is left the
	// fit returns [ErrNoRepeatBuyers].
	//
	// Nothing else is left out: a zero-value first purchase is never part
	// of MeanSpend, and a repeat buyer with both zero-value and paid repeat
	// days stays in the fit with the zero days lowering its mean. The
	// customers left out still get a forecast: [GammaGamma.ExpectedSpend]
	// of a zero mean spend is pγ/(px+q-1), the population's mean spend
	// shrunk by the x purchases at zero. The purchase models do not read
	// spend and ignore the option.
	SkipZeroSpend bool
}

func (o FitOptions) validate() error {
	if !finite(o.Penalizer) || o.Penalizer < 0 {
		return fieldError("", "penalizer", floatString(o.Penalizer), "penalizer must be finite and not negative")
	}
	return nil
}

// penalize adds the penalty of o to an objective (negative log-likelihood
// per customer in log-parameters) and its eval (log-likelihood of n
// customers in the parameters), derivatives included. With no penalty it
// returns them unchanged.
func (o FitOptions) penalize(n float64, f objective, eval func(p, g, h []float64) float64) (objective, func(p, g, h []float64) float64) {
	c := o.Penalizer
	if c == 0 {
		return f, eval
	}
	pf := func(theta, g, h []float64) float64 {
		v := f(theta, g, h)
		k := len(theta)
		for i, t := range theta {
			p2 := math.Exp(2 * t)
			v += c * p2
			if g != nil {
				g[i] += 2 * c * p2
				h[i*k+i] += 4 * c * p2
			}
		}
		return v
	}
	pe := func(p, g, h []float64) float64 {
		v := eval(p, g, h)
		k := len(p)
		for i, x := range p {
			v -= n * c * x * x
			if g != nil {
				g[i] -= 2 * n * c * x
				h[i*k+i] -= 2 * n * c
			}
		}
		return v
	}
	return pf, pe
}

// FitBGNBDWith is [FitBGNBD] with options: with a zero FitOptions it is
// FitBGNBD, and with a [FitOptions.Penalizer] it fits the penalised
// objective.
func FitBGNBDWith(ss []Summary, opts FitOptions) (Fit[BGNBD], error) {
	if err := opts.validate(); err != nil {
		return Fit[BGNBD]{}, err
	}
	if opts.Penalizer == 0 {
		return FitBGNBD(ss)
	}
	var fit Fit[BGNBD]
	d, err := newBGData(ss)
	if err != nil {
		return fit, err
	}
	fit.Customers = len(ss)
	f, eval := opts.penalize(d.n, d.objective, d.eval)
	e := maximize(f, eval, []float64{0, math.Log(d.sumT / d.sumX), 0, 0})
	fit.Model = BGNBD{R: e.params[0], Alpha: e.params[1], A: e.params[2], B: e.params[3]}
	if e.converged {
		fit.StdErr = BGNBD{R: e.stdErr[0], Alpha: e.stdErr[1], A: e.stdErr[2], B: e.stdErr[3]}
	}
	fit.LogLikelihood, fit.Iterations, fit.Converged = e.ll, e.iterations, e.converged
	return fit, e.result()
}
