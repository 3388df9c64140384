package clv

import "math"

// ParetoNBD is the Pareto/NBD model of repeat purchases (Schmittlein,
// Morrison & Colombo 1987): while alive, a customer buys at a Poisson rate
// λ, and λ varies across customers as Gamma(R, Alpha); the customer's
// lifetime is exponential with rate μ, and μ varies as Gamma(S, Beta).
// Alpha and Beta are in the time unit of the summaries it was fitted on,
// and so are the horizons t of its predictions.
//
// The zero value is not a valid model: every parameter must be positive.
type ParetoNBD struct {
	R, Alpha, S, Beta float64
}

func (m ParetoNBD) validate() error {
	for _, p := range []struct {
		name string
		v    float64
	}{{"r", m.R}, {"alpha", m.Alpha}, {"s", m.S}, {"beta", m.Beta}} {
		if err := checkParam(p.name, p.v); err != nil {
			return err
		}
	}
	return nil
}

// FitParetoNBD fits a Pareto/NBD model to the summaries by maximum
// likelihood, using Frequency, Recency and Age; opts may add a penalty
// (see [FitOptions]). Customers with the same (x, t_x, T) are counted once
// with a weight. The likelihood has no convenient analytic derivatives, so
// the optimiser's gradients and Hessians, and the standard errors, come
// from finite differences.
//
// It returns the errors of [FitBGNBD]: [ErrNoCustomers],
// [ErrNoRepeatBuyers], a *[FieldError] for an impossible summary or
// option, and [ErrNotConverged] together with the best fit found.
func FitParetoNBD(ss []Summary, opts FitOptions) (Fit[ParetoNBD], error) {
	var fit Fit[ParetoNBD]
	if err := opts.validate(); err != nil {
		return fit, err
	}
	d, err := newCountData(ss)
	if err != nil {
		return fit, err
	}
	fit.Customers = len(ss)
	f, eval := numericFit(d.n, func(p []float64) float64 {
		return ParetoNBD{R: p[0], Alpha: p[1], S: p[2], Beta: p[3]}.logLikelihood(d)
	})
	f, eval = opts.penalize(d.n, f, eval)
	// Start from r = s = 1 and alpha = beta making the mean purchase rate
	// r/alpha that of the data, which does not depend on the time unit.
	la := math.Log(d.sumT / d.sumX)
	e := maximize(f, eval, []float64{0, la, 0, la})
	fit.Model = ParetoNBD{R: e.params[0], Alpha: e.params[1], S: e.params[2], Beta: e.params[3]}
	if e.converged {
		fit.StdErr = ParetoNBD{R: e.stdErr[0], Alpha: e.stdErr[1], S: e.stdErr[2], Beta: e.stdErr[3]}
	}
	fit.LogLikelihood, fit.Iterations, fit.Converged = e.ll, e.iterations, e.converged
	return fit, e.result()
}

// LogLikelihood returns the log-likelihood of m on the summaries.
func (m ParetoNBD) LogLikelihood(ss []Summary) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	d, err := newCountData(ss)
	if err != nil {
		return 0, err
	}
	return guard(m.logLikelihood(d))
}

func (m ParetoNBD) logLikelihood(d *countData) float64 {
	lnA, lnB := math.Log(m.Alpha), math.Log(m.Beta)
	lgr := lgamma(m.R)
	var ll float64
	for _, row := range d.rows {
		lB, lA := m.logTerms(row.x, row.tx, row.T)
		ll += row.w * (lgamma(m.R+row.x) - lgr + m.R*lnA + m.S*lnB + logAddExp(lB, lA))
	}
	return ll
}

// logTerms returns the logarithms of the two terms of the Pareto/NBD
// likelihood of (x, t_x, T) without their common factor
// Γ(r+x)α^r β^s / Γ(r) (Fader, Hardie & Lee 2005, "A Note on Deriving the
// Pareto/NBD Model and Related Expressions", eq. 22):
//
//	lB = ln 1/((α+T)^(r+x) (β+T)^s),  lA = ln s/(r+s+x) · A0,
//
// the first the likelihood of a customer alive at T, the second of one
// who died in (t_x, T]. With ρ = max(α, β) and
//
//	F(t) = 2F1(r+s+x, s+1; r+s+x+1; (α-β)/(α+t)) / (α+t)^(r+s+x)     (α >= β)
//	F(t) = 2F1(r+s+x, r+x; r+s+x+1; (β-α)/(β+t)) / (β+t)^(r+s+x)     (α < β)
//
// A0 = F(t_x) - F(T): the choice keeps the argument of 2F1 in [0, 1), where
// [hyp2f1] sums its series (or, very near 1, uses the connection formula).
// The difference is taken in logarithms, as ln F(t_x) + ln(1 - F(T)/F(t_x));
// lA is -Inf when t_x = T.
func (m ParetoNBD) logTerms(x, tx, T float64) (lB, lA float64) {
	r, alpha, s, beta := m.R, m.Alpha, m.S, m.Beta
	lB = -(r+x)*math.Log(alpha+T) - s*math.Log(beta+T)
	a, c := r+s+x, r+s+x+1
	rho, b, diff := alpha, s+1, alpha-beta
	if alpha < beta {
		rho, b, diff = beta, r+x, beta-alpha
	}
	l1 := math.Log(hyp2f1(a, b, c, diff/(rho+tx))) - a*math.Log(rho+tx)
	l2 := math.Log(hyp2f1(a, b, c, diff/(rho+T))) - a*math.Log(rho+T)
	if !finite(l1, l2) {
		return lB, math.NaN()
	}
	if !(l1 > l2) {
		return lB, math.Inf(-1)
	}
	lA = math.Log(s/(r+s+x)) + l1 + math.Log(-math.Expm1(l2-l1))
	return lB, lA
}

// ProbabilityAlive returns P(alive | x, t_x, T), the probability that a
// customer with the summary s is still alive at the end of the calibration
// period (Fader, Hardie & Lee 2005, note, eq. 18):
//
//	1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)^s · A0),
//
// with A0 of the likelihood (see [ParetoNBD.LogLikelihood]); it is 1 when
// t_x = T.
func (m ParetoNBD) ProbabilityAlive(s Summary) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if err := checkSummary(s); err != nil {
		return 0, err
	}
	return guard(m.alive(s))
}

func (m ParetoNBD) alive(s Summary) float64 {
	lB, lA := m.logTerms(float64(s.Frequency), s.Recency, s.Age)
	if math.IsInf(lA, -1) {
		return 1
	}
	return sigmoid(lB - lA)
}

// ExpectedPurchases returns E[X(t)], the expected number of purchases in a
// period of length t of a customer just acquired (Schmittlein, Morrison &
// Colombo 1987; note, eq. 17):
//
//	rβ / (α(s-1)) · [1 - (β/(β+t))^(s-1)],
//
// which at s = 1 is (rβ/α) ln((β+t)/β); it is computed as
// (rβ/α) L · (1 - e^-u)/u, L = ln((β+t)/β), u = (s-1)L, which keeps its
// precision around s = 1.
func (m ParetoNBD) ExpectedPurchases(t float64) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if err := checkTime(t); err != nil {
		return 0, err
	}
	return guard(m.R * m.Beta / m.Alpha * lifeIntegral(m.S, m.Beta, t))
}

// ConditionalExpectedPurchases returns E[Y(t) | x, t_x, T], the expected
// number of purchases in the next t of a customer with the summary s
// (note, eq. 19):
//
//	(r+x)(β+T) / ((α+T)(s-1)) · [1 - ((β+T)/(β+T+t))^(s-1)] · P(alive | x, t_x, T).
func (m ParetoNBD) ConditionalExpectedPurchases(s Summary, t float64) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if err := checkSummary(s); err != nil {
		return 0, err
	}
	if err := checkTime(t); err != nil {
		return 0, err
	}
	x := float64(s.Frequency)
	v := (m.R + x) * (m.Beta + s.Age) / (m.Alpha + s.Age) * lifeIntegral(m.S, m.Beta+s.Age, t)
	return guard(v * m.alive(s))
}

// lifeIntegral returns [1 - (b/(b+t))^(s-1)] / (s-1), the expected time
// alive in (0, t] in units of b (the limit ln((b+t)/b) at s = 1).
func lifeIntegral(s, b, t float64) float64 {
	l := math.Log1p(t / b)
	u := (s - 1) * l
	if math.Abs(u) < 1e-8 {
		return l * (1 - u/2)
	}
	return l * -math.Expm1(-u) / u
}
