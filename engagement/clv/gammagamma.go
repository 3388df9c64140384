package clv

import (
	"math"
	"slices"

	"github.com/shopspring/decimal"
)

// GammaGamma is the Gamma-Gamma model of spend per purchase (Fader, Hardie
// & Lee 2005b; Fader & Hardie, note 025). A customer's spends are
// Gamma(P, ν) around a mean P/ν of their own, and ν varies across customers
// as Gamma(Q, Gamma); spend is assumed independent of purchase frequency.
// Gamma is in the currency of the spends.
//
// The zero value is not a valid model: every parameter must be positive.
type GammaGamma struct {
	P, Q, Gamma float64
}

func (m GammaGamma) validate() error {
	if err := checkParam("p", m.P); err != nil {
		return err
	}
	if err := checkParam("q", m.Q); err != nil {
		return err
	}
	return checkParam("gamma", m.Gamma)
}

// FitGammaGamma fits a Gamma-Gamma model by maximum likelihood to the repeat
// buyers among the summaries (Frequency > 0), using Frequency and MeanSpend;
// the others are skipped and not counted in [Fit.Customers].
//
// It returns [ErrNoCustomers] for no summaries, [ErrNoRepeatBuyers] when
// none has Frequency > 0, a *[FieldError] for an impossible summary (a
// repeat buyer whose mean spend is not positive, among others) and
// [ErrNotConverged] together with the best fit found when the optimiser did
// not reach a maximum. [FitGammaGammaWith] can leave out the repeat buyers
// who spent nothing instead.
func FitGammaGamma(ss []Summary) (Fit[GammaGamma], error) {
	return fitGammaGamma(ss, FitOptions{})
}

// FitGammaGammaWith is [FitGammaGamma] with options: with a zero
// FitOptions it is FitGammaGamma. [FitOptions.SkipZeroSpend] leaves the
// repeat buyers with a zero mean spend out of the fit and counts them in
// [Fit.Skipped]; [FitOptions.Penalizer] fits the penalised objective.
func FitGammaGammaWith(ss []Summary, opts FitOptions) (Fit[GammaGamma], error) {
	if err := opts.validate(); err != nil {
		return Fit[GammaGamma]{}, err
	}
	return fitGammaGamma(ss, opts)
}

func fitGammaGamma(ss []Summary, opts FitOptions) (Fit[GammaGamma], error) {
	var fit Fit[GammaGamma]
	d, err := newGGData(ss, opts.SkipZeroSpend)
	if err != nil {
		return fit, err
	}
	fit.Customers, fit.Skipped = int(d.n), d.skipped
	// Start from p = 1, q = 2 and gamma making the mean spend p·gamma/(q-1)
	// that of the data, which does not depend on the currency.
	f, eval := opts.penalize(d.n, d.objective, d.eval)
	e := maximize(f, eval, []float64{0, math.Log(2), math.Log(d.meanZ)})
	fit.Model = GammaGamma{P: e.params[0], Q: e.params[1], Gamma: e.params[2]}
	if e.converged {
		fit.StdErr = GammaGamma{P: e.stdErr[0], Q: e.stdErr[1], Gamma: e.stdErr[2]}
	}
	fit.LogLikelihood, fit.Iterations, fit.Converged = e.ll, e.iterations, e.converged
	return fit, e.result()
}

// LogLikelihood returns the log-likelihood of m on the repeat buyers among
// the summaries.
func (m GammaGamma) LogLikelihood(ss []Summary) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	d, err := newGGData(ss, false)
	if err != nil {
		return 0, err
	}
	ll := d.eval([]float64{m.P, m.Q, m.Gamma}, nil, nil)
	if !finite(ll) {
		return 0, ErrNumerical
	}
	return ll, nil
}

// ExpectedSpend returns the expected spend per purchase of a customer with
// the summary s, E[Z | x, z̄] = p(γ + x z̄)/(px + q - 1), rounded to
// [Places] with banker's rounding. For a customer with no repeat purchase
// it is the population mean pγ/(q-1), which needs q > 1.
func (m GammaGamma) ExpectedSpend(s Summary) (decimal.Decimal, error) {
	v, err := m.expectedSpend(s)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return toMoney(v), nil
}

func (m GammaGamma) expectedSpend(s Summary) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if err := checkSummary(s); err != nil {
		return 0, err
	}
	x := float64(s.Frequency)
	if s.Frequency == 0 && m.Q <= 1 {
		return 0, fieldError("", "q", floatString(m.Q), "mean spend of a customer with no repeat purchase needs q > 1")
	}
	z := s.MeanSpend.InexactFloat64()
	return guard(m.P * (m.Gamma + x*z) / (m.P*x + m.Q - 1))
}

// ggData is a data set prepared for the Gamma-Gamma likelihood.
type ggData struct {
	n, meanZ float64
	skipped  int       // repeat buyers left out for a zero mean spend
	s0, s1   float64   // Σ ln z̄, Σ x(ln z̄ + ln x): the terms that do not change
	xs       []float64 // distinct x
	wx       []float64 // customers per distinct x
	rows     []ggRow
}

type ggRow struct {
	x, xz float64 // x and x·z̄
}

// newGGData prepares the repeat buyers among ss; with skipZero it leaves
// out (and counts) those whose mean spend is zero.
func newGGData(ss []Summary, skipZero bool) (*ggData, error) {
	if len(ss) == 0 {
		return nil, ErrNoCustomers
	}
	d := &ggData{}
	count := make(map[int]float64)
	for _, s := range ss {
		if err := checkSummary(s); err != nil {
			return nil, err
		}
		if s.Frequency == 0 {
			continue
		}
		if skipZero && s.MeanSpend.IsZero() {
			d.skipped++
			continue
		}
		z := s.MeanSpend.InexactFloat64()
		if !(z > 0) || !finite(z) {
			return nil, fieldError(s.Customer, "mean spend", s.MeanSpend.String(), "mean spend of a repeat buyer must be positive")
		}
		x := float64(s.Frequency)
		d.n++
		d.meanZ += z
		d.s0 += math.Log(z)
		d.s1 += x * (math.Log(z) + math.Log(x))
		count[s.Frequency]++
		d.rows = append(d.rows, ggRow{x: x, xz: x * z})
	}
	if d.n == 0 {
		return nil, ErrNoRepeatBuyers
	}
	d.meanZ /= d.n
	for x := range count {
		d.xs = append(d.xs, float64(x))
	}
	slices.Sort(d.xs)
	for _, x := range d.xs {
		d.wx = append(d.wx, count[int(x)])
	}
	return d, nil
}

// objective is the negative log-likelihood per customer as a function of
// the logarithms of (p, q, gamma), with its gradient and Hessian.
func (d *ggData) objective(theta, g, h []float64) float64 {
	var p [3]float64
	for i := range p {
		p[i] = math.Exp(theta[i])
	}
	if g == nil {
		return -d.eval(p[:], nil, nil) / d.n
	}
	var gr [3]float64
	var hr [9]float64
	ll := d.eval(p[:], gr[:], hr[:])
	toLogSpace(p[:], gr[:], hr[:], g, h, -1/d.n)
	return -ll / d.n
}

// eval returns the log-likelihood at (p, q, gamma) and, when g is not nil,
// its gradient and Hessian. Per repeat buyer with x purchases of mean z̄
// (the density of z̄ given x),
//
//	ln Γ(px+q) - ln Γ(px) - ln Γ(q) + q ln γ + (px-1) ln z̄ + px ln x
//	- (px+q) ln(γ + x z̄).
func (d *ggData) eval(par, g, h []float64) float64 {
	p, q, gam := par[0], par[1], par[2]
	deriv := g != nil
	lgq := lgamma(q)
	lngam := math.Log(gam)
	ll := d.n*(q*lngam-lgq) + p*d.s1 - d.s0
	var G [3]float64
	var H [3][3]float64
	for i, x := range d.xs {
		w := d.wx[i]
		ll += w * (lgamma(p*x+q) - lgamma(p*x))
		if deriv {
			dpq, dp := digamma(p*x+q), digamma(p*x)
			tpq, tp := trigamma(p*x+q), trigamma(p*x)
			G[0] += w * x * (dpq - dp)
			G[1] += w * dpq
			H[0][0] += w * x * x * (tpq - tp)
			H[0][1] += w * x * tpq
			H[1][1] += w * tpq
		}
	}
	// Σ (px+q) ln(γ + x z̄) and, for the derivatives, its pieces.
	var sxl, sl, sxi, si, sxi2, si2 float64
	for _, r := range d.rows {
		u := gam + r.xz
		l := math.Log(u)
		sxl += r.x * l
		sl += l
		if deriv {
			iu := 1 / u
			sxi += r.x * iu
			si += iu
			sxi2 += r.x * iu * iu
			si2 += iu * iu
		}
	}
	ll -= p*sxl + q*sl
	if deriv {
		G[0] += d.s1 - sxl
		G[1] += d.n*(lngam-digamma(q)) - sl
		G[2] = d.n*q/gam - (p*sxi + q*si)
		H[1][1] -= d.n * trigamma(q)
		H[0][2] = -sxi
		H[1][2] = d.n/gam - si
		H[2][2] = -d.n*q/(gam*gam) + p*sxi2 + q*si2
		for k := range 3 {
			g[k] = G[k]
			for l := k; l < 3; l++ {
				h[k*3+l] = H[k][l]
				h[l*3+k] = H[k][l]
			}
		}
	}
	return ll
}
