package clv

import "math"

// MBGNBD is the modified BG/NBD model of repeat purchases (Batislam,
// Denizel & Filiztekin 2007, "Empirical Validation and Comparison of
// Models for Customer Base Analysis", International Journal of Research in
// Marketing 24(3)). It is [BGNBD] with one more chance to drop out: right
// after the first purchase as well as after each repeat purchase, so that
// a customer with no repeat purchases need not be alive. While alive, a
// customer buys at a Poisson rate λ, Gamma(R, Alpha) across customers, and
// drops out at each chance with probability p, Beta(A, B) across
// customers. Alpha is in the time unit of the summaries it was fitted on.
//
// The zero value is not a valid model: every parameter must be positive.
type MBGNBD struct {
	R, Alpha, A, B float64
}

func (m MBGNBD) validate() error {
	return BGNBD(m).validate()
}

// FitMBGNBD fits an MBG/NBD model to the summaries by maximum likelihood,
// using Frequency, Recency and Age; opts may add a penalty (see
// [FitOptions]). Gradients, Hessians and standard errors come from finite
// differences. It returns the errors of [FitBGNBD].
func FitMBGNBD(ss []Summary, opts FitOptions) (Fit[MBGNBD], error) {
	var fit Fit[MBGNBD]
	if err := opts.validate(); err != nil {
		return fit, err
	}
	d, err := newCountData(ss)
	if err != nil {
		return fit, err
	}
	fit.Customers = len(ss)
	f, eval := numericFit(d.n, func(p []float64) float64 {
		return MBGNBD{R: p[0], Alpha: p[1], A: p[2], B: p[3]}.logLikelihood(d)
	})
	f, eval = opts.penalize(d.n, f, eval)
	// The start of FitBGNBD: r = a = b = 1 and alpha matching the mean rate.
	e := maximize(f, eval, []float64{0, math.Log(d.sumT / d.sumX), 0, 0})
	fit.Model = MBGNBD{R: e.params[0], Alpha: e.params[1], A: e.params[2], B: e.params[3]}
	if e.converged {
		fit.StdErr = MBGNBD{R: e.stdErr[0], Alpha: e.stdErr[1], A: e.stdErr[2], B: e.stdErr[3]}
	}
	fit.LogLikelihood, fit.Iterations, fit.Converged = e.ll, e.iterations, e.converged
	return fit, e.result()
}

// LogLikelihood returns the log-likelihood of m on the summaries. Per
// customer (Batislam, Denizel & Filiztekin 2007, eq. 4),
//
//	L = Γ(r+x)α^r / Γ(r) · [B(a, b+x+1)/B(a, b) / (α+T)^(r+x)
//	                        + B(a+1, b+x)/B(a, b) / (α+t_x)^(r+x)],
//
// the first term for a customer alive at T, the second for one who
// dropped out right after the purchase at t_x (t_x = 0 when x = 0).
func (m MBGNBD) LogLikelihood(ss []Summary) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	d, err := newCountData(ss)
	if err != nil {
		return 0, err
	}
	return guard(m.logLikelihood(d))
}

func (m MBGNBD) logLikelihood(d *countData) float64 {
	r, alpha, a, b := m.R, m.Alpha, m.A, m.B
	base := r*math.Log(alpha) - lgamma(r) - lbeta(a, b)
	lnA := math.Log(a)
	var ll float64
	for _, row := range d.rows {
		x := row.x
		lT := math.Log(alpha + row.T)
		first := lgamma(r+x) + lbeta(a, b+x+1) - (r+x)*lT
		diff := lnA - math.Log(b+x) + (r+x)*(lT-math.Log(alpha+row.tx))
		ll += row.w * (base + first + logAddExp(0, diff))
	}
	return ll
}

// ProbabilityAlive returns P(alive | x, t_x, T), the probability that a
// customer with the summary s has not dropped out by the end of the
// calibration period (eq. 6):
//
//	1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)),
//
// which, unlike BG/NBD's, is below 1 for x = 0.
func (m MBGNBD) ProbabilityAlive(s Summary) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if err := checkSummary(s); err != nil {
		return 0, err
	}
	return guard(m.alive(s))
}

func (m MBGNBD) alive(s Summary) float64 {
	x := float64(s.Frequency)
	diff := math.Log(m.A) - math.Log(m.B+x) +
		(m.R+x)*(math.Log(m.Alpha+s.Age)-math.Log(m.Alpha+s.Recency))
	return sigmoid(-diff)
}

// ExpectedPurchases returns E[X(t)], the expected number of purchases in a
// period of length t of a customer just acquired (eq. 7):
//
//	b/(a-1) · [1 - (α/(α+t))^r · 2F1(r, b+1; a+b; t/(α+t))],
//
// extrapolated near a = 1 as [BGNBD.ExpectedPurchases] is.
func (m MBGNBD) ExpectedPurchases(t float64) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if err := checkTime(t); err != nil {
		return 0, err
	}
	v := aroundOne(m.A, func(a float64) float64 {
		return m.B / (a - 1) * growth(m.R, m.B+1, a+m.B, m.Alpha, t)
	})
	return guard(v)
}

// ConditionalExpectedPurchases returns E[Y(t) | x, t_x, T], the expected
// number of purchases in the next t of a customer with the summary s
// (eq. 8):
//
//	(a+b+x)/(a-1) · [1 - ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x+1; a+b+x; t/(α+T+t))]
//	· P(alive | x, t_x, T).
func (m MBGNBD) ConditionalExpectedPurchases(s Summary, t float64) (float64, error) {
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
	v := aroundOne(m.A, func(a float64) float64 {
		return (a + m.B + x) / (a - 1) * growth(m.R+x, m.B+x+1, a+m.B+x, m.Alpha+s.Age, t)
	})
	return guard(v * m.alive(s))
}
