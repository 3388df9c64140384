package clv

import (
	"math"
	"slices"
)

// BGNBD is the beta-geometric/negative binomial distribution model of
// repeat purchases (Fader, Hardie & Lee 2005). While alive, a customer buys
// at a Poisson rate λ, and λ varies across customers as Gamma(R, Alpha);
// after each purchase the customer drops out with probability p, and p
// varies as Beta(A, B). Alpha is in the time unit of the summaries it was
// fitted on, and so are the horizons t of its predictions.
//
// The zero value is not a valid model: every parameter must be positive.
type BGNBD struct {
	R, Alpha, A, B float64
}

func (m BGNBD) validate() error {
	for _, p := range []struct {
		name string
		v    float64
	}{{"r", m.R}, {"alpha", m.Alpha}, {"a", m.A}, {"b", m.B}} {
		if err := checkParam(p.name, p.v); err != nil {
			return err
		}
	}
	return nil
}

// FitBGNBD fits a BG/NBD model to the summaries by maximum likelihood,
// using Frequency, Recency and Age. Customers with the same (x, t_x, T) are
// counted once with a weight, so data with many alike customers fit fast.
//
// It returns [ErrNoCustomers] or [ErrNoRepeatBuyers] when there is nothing
// to fit, a *[FieldError] for an impossible summary (a negative frequency,
// a recency beyond the age, a value that is not finite), and
// [ErrNotConverged] together with the best fit found when the optimiser
// did not reach a maximum.
func FitBGNBD(ss []Summary) (Fit[BGNBD], error) {
	var fit Fit[BGNBD]
	d, err := newBGData(ss)
	if err != nil {
		return fit, err
	}
	fit.Customers = len(ss)
	// Start from r = a = b = 1 and alpha making the mean purchase rate r/alpha
	// that of the data, which does not depend on the time unit.
	e := maximize(d.objective, d.eval, []float64{0, math.Log(d.sumT / d.sumX), 0, 0})
	fit.Model = BGNBD{R: e.params[0], Alpha: e.params[1], A: e.params[2], B: e.params[3]}
	if e.converged {
		fit.StdErr = BGNBD{R: e.stdErr[0], Alpha: e.stdErr[1], A: e.stdErr[2], B: e.stdErr[3]}
	}
	fit.LogLikelihood, fit.Iterations, fit.Converged = e.ll, e.iterations, e.converged
	return fit, e.result()
}

// LogLikelihood returns the log-likelihood of m on the summaries.
func (m BGNBD) LogLikelihood(ss []Summary) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	d, err := newBGData(ss)
	if err != nil {
		return 0, err
	}
	ll := d.eval([]float64{m.R, m.Alpha, m.A, m.B}, nil, nil)
	if !finite(ll) {
		return 0, ErrNumerical
	}
	return ll, nil
}

func expAll(theta []float64) []float64 {
	p := make([]float64, len(theta))
	for i, t := range theta {
		p[i] = math.Exp(t)
	}
	return p
}

// bgData is a data set prepared for the BG/NBD likelihood: customers with
// equal (x, t_x, T) merged into weighted rows, and the distinct values of T
// and t_x listed so that each logarithm is taken once per evaluation.
type bgData struct {
	n, sumX, sumT float64
	ts, txs       []float64 // distinct T, distinct t_x of repeat buyers
	zeroW         []float64 // weight of the x = 0 customers per distinct T
	cnt           []float64 // cnt[i]: weight of the customers with x > i
	rows          []bgRow   // repeat buyers

	// Scratch, per evaluation.
	lT, iT, lt, it, lbx, ibx []float64
}

type bgRow struct {
	x      int
	tT, tx int32 // indices into ts and txs
	w      float64
}

func newBGData(ss []Summary) (*bgData, error) {
	if len(ss) == 0 {
		return nil, ErrNoCustomers
	}
	d := &bgData{n: float64(len(ss))}
	tIndex := make(map[float64]int32, min(len(ss), 1024))
	txIndex := make(map[float64]int32, min(len(ss), 1024))
	type key struct {
		x      int
		tT, tx int32
	}
	rowIndex := make(map[key]int, len(ss)/2)
	maxX := 0
	for _, s := range ss {
		if err := checkSummary(s); err != nil {
			return nil, err
		}
		d.sumX += float64(s.Frequency)
		d.sumT += s.Age
		ti, ok := tIndex[s.Age]
		if !ok {
			ti = int32(len(d.ts))
			tIndex[s.Age] = ti
			d.ts = append(d.ts, s.Age)
			d.zeroW = append(d.zeroW, 0)
		}
		if s.Frequency == 0 {
			d.zeroW[ti]++
			continue
		}
		maxX = max(maxX, s.Frequency)
		xi, ok := txIndex[s.Recency]
		if !ok {
			xi = int32(len(d.txs))
			txIndex[s.Recency] = xi
			d.txs = append(d.txs, s.Recency)
		}
		k := key{s.Frequency, ti, xi}
		if r, ok := rowIndex[k]; ok {
			d.rows[r].w++
			continue
		}
		rowIndex[k] = len(d.rows)
		d.rows = append(d.rows, bgRow{x: s.Frequency, tT: ti, tx: xi, w: 1})
	}
	if len(d.rows) == 0 {
		return nil, ErrNoRepeatBuyers
	}
	// Sorting the rows by x, then T, then t_x gives the evaluation loop a
	// regular memory pattern.
	slices.SortFunc(d.rows, func(a, b bgRow) int {
		if a.x != b.x {
			return a.x - b.x
		}
		if a.tT != b.tT {
			return int(a.tT - b.tT)
		}
		return int(a.tx - b.tx)
	})
	d.cnt = make([]float64, maxX)
	for _, r := range d.rows {
		for i := range r.x {
			d.cnt[i] += r.w
		}
	}
	d.lT = make([]float64, len(d.ts))
	d.iT = make([]float64, len(d.ts))
	d.lt = make([]float64, len(d.txs))
	d.it = make([]float64, len(d.txs))
	d.lbx = make([]float64, maxX+1)
	d.ibx = make([]float64, maxX+1)
	return d, nil
}

// objective is the negative log-likelihood per customer as a function of
// the logarithms of (r, alpha, a, b), with its gradient and Hessian.
func (d *bgData) objective(theta, g, h []float64) float64 {
	var p [4]float64
	for i := range p {
		p[i] = math.Exp(theta[i])
	}
	if g == nil {
		return -d.eval(p[:], nil, nil) / d.n
	}
	var gr [4]float64
	var hr [16]float64
	ll := d.eval(p[:], gr[:], hr[:])
	toLogSpace(p[:], gr[:], hr[:], g, h, -1/d.n)
	return -ll / d.n
}

// toLogSpace turns the gradient gr and Hessian hr of a function in the
// parameters p into those in log p, times scale, in g and h.
func toLogSpace(p, gr, hr, g, h []float64, scale float64) {
	n := len(p)
	for i := range n {
		g[i] = scale * p[i] * gr[i]
		for j := range n {
			v := p[i] * p[j] * hr[i*n+j]
			if i == j {
				v += p[i] * gr[i]
			}
			h[i*n+j] = scale * v
		}
	}
}

// eval returns the log-likelihood at p = (r, alpha, a, b) and, when g is
// not nil, its gradient and Hessian in p.
//
// Per customer (Fader, Hardie & Lee 2005, eq. 6),
//
//	L = Γ(r+x)α^r / (Γ(r)(α+T)^(r+x)) · B(a, b+x)/B(a, b)
//	  + δ(x>0) Γ(r+x)α^r / (Γ(r)(α+t_x)^(r+x)) · B(a+1, b+x-1)/B(a, b).
//
// The gamma and beta ratios of integer steps are products, ln Γ(r+x) - ln Γ(r)
// = Σ_{i<x} ln(r+i), summed once over i for all customers; the rest is
// ln L = A3 + softplus(A4 - A3), A3 = -(r+x) ln(α+T), A4 = ln a - ln(b+x-1)
// - (r+x) ln(α+t_x).
func (d *bgData) eval(p, g, h []float64) float64 {
	r, alpha, a, b := p[0], p[1], p[2], p[3]
	deriv := g != nil
	var G [4]float64
	var H [4][4]float64 // upper triangle

	lnAlpha := math.Log(alpha)
	ll := d.n * r * lnAlpha
	for i, c := range d.cnt {
		fi := float64(i)
		ll += c * (math.Log(r+fi) + math.Log(b+fi) - math.Log(a+b+fi))
		if deriv {
			ir, ib, iab := 1/(r+fi), 1/(b+fi), 1/(a+b+fi)
			G[0] += c * ir
			G[2] -= c * iab
			G[3] += c * (ib - iab)
			H[0][0] -= c * ir * ir
			H[2][2] += c * iab * iab
			H[2][3] += c * iab * iab
			H[3][3] += c * (iab*iab - ib*ib)
		}
	}
	if deriv {
		G[0] += d.n * lnAlpha
		G[1] += d.n * r / alpha
		H[0][1] += d.n / alpha
		H[1][1] -= d.n * r / (alpha * alpha)
	}
	for k, t := range d.ts {
		d.lT[k] = math.Log(alpha + t)
		d.iT[k] = 1 / (alpha + t)
		w := d.zeroW[k]
		if w == 0 {
			continue
		}
		ll -= w * r * d.lT[k]
		if deriv {
			G[0] -= w * d.lT[k]
			G[1] -= w * r * d.iT[k]
			H[0][1] -= w * d.iT[k]
			H[1][1] += w * r * d.iT[k] * d.iT[k]
		}
	}
	for j, t := range d.txs {
		d.lt[j] = math.Log(alpha + t)
		d.it[j] = 1 / (alpha + t)
	}
	for x := 1; x < len(d.lbx); x++ {
		d.lbx[x] = math.Log(b + float64(x) - 1)
		d.ibx[x] = 1 / (b + float64(x) - 1)
	}
	lnA, ia := math.Log(a), 1/a
	for _, row := range d.rows {
		w, s := row.w, r+float64(row.x)
		lT, lt := d.lT[row.tT], d.lt[row.tx]
		diff := lnA - d.lbx[row.x] + s*(lT-lt)
		var sp, q float64 // softplus(diff), sigmoid(diff)
		if diff > 0 {
			e := math.Exp(-diff)
			sp, q = diff+math.Log1p(e), 1/(1+e)
		} else {
			e := math.Exp(diff)
			sp, q = math.Log1p(e), e/(1+e)
		}
		ll += w * (sp - s*lT)
		if !deriv {
			continue
		}
		iT, it, ibx := d.iT[row.tT], d.it[row.tx], d.ibx[row.x]
		e := [4]float64{lT - lt, s * (iT - it), ia, -ibx}
		G[0] += w * (q*e[0] - lT)
		G[1] += w * (q*e[1] - s*iT)
		G[2] += w * q * e[2]
		G[3] += w * q * e[3]
		H[0][1] -= w * ((1-q)*iT + q*it)
		H[1][1] += w * s * ((1-q)*iT*iT + q*it*it)
		H[2][2] -= w * q * ia * ia
		H[3][3] += w * q * ibx * ibx
		v := w * q * (1 - q)
		for k := range 4 {
			for l := k; l < 4; l++ {
				H[k][l] += v * e[k] * e[l]
			}
		}
	}
	if deriv {
		for k := range 4 {
			g[k] = G[k]
			for l := k; l < 4; l++ {
				h[k*4+l] = H[k][l]
				h[l*4+k] = H[k][l]
			}
		}
	}
	return ll
}

// ExpectedPurchases returns E[X(t)], the expected number of purchases in a
// period of length t of a customer just acquired (Fader, Hardie & Lee 2005,
// eq. 7):
//
//	(a+b-1)/(a-1) · [1 - (α/(α+t))^r · 2F1(r, b; a+b-1; t/(α+t))].
//
// Near a = 1, where the formula is 0/0, it is extrapolated from values
// around 1 (exact to about 1e-12).
func (m BGNBD) ExpectedPurchases(t float64) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if err := checkTime(t); err != nil {
		return 0, err
	}
	v := aroundOne(m.A, func(a float64) float64 {
		return around(m.B, 1-a, func(b float64) float64 { // 0/0 at a+b = 1 too
			return (a + b - 1) / (a - 1) * growth(m.R, b, a+b-1, m.Alpha, t)
		})
	})
	return guard(v)
}

// ConditionalExpectedPurchases returns E[Y(t) | x, t_x, T], the expected
// number of purchases in the next t of a customer with the summary s
// (Fader, Hardie & Lee 2005, eq. 10):
//
//	(a+b+x-1)/(a-1) · [1 - ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x-1; t/(α+T+t))]
//	· P(alive | x, t_x, T).
func (m BGNBD) ConditionalExpectedPurchases(s Summary, t float64) (float64, error) {
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
	alive := m.alive(s)
	v := aroundOne(m.A, func(a float64) float64 {
		return around(m.B, 1-a-x, func(b float64) float64 { // 0/0 at a+b+x = 1 too
			return (a + b + x - 1) / (a - 1) * growth(m.R+x, b+x, a+b+x-1, m.Alpha+s.Age, t)
		})
	})
	return guard(v * alive)
}

// ProbabilityAlive returns P(alive | x, t_x, T), the probability that a
// customer with the summary s has not dropped out by the end of the
// calibration period (Fader, Hardie & Lee 2005, eq. 11):
//
//	1 / (1 + δ(x>0) a/(b+x-1) · ((α+T)/(α+t_x))^(r+x)).
func (m BGNBD) ProbabilityAlive(s Summary) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if err := checkSummary(s); err != nil {
		return 0, err
	}
	return guard(m.alive(s))
}

func (m BGNBD) alive(s Summary) float64 {
	if s.Frequency == 0 {
		return 1
	}
	x := float64(s.Frequency)
	diff := math.Log(m.A) - math.Log(m.B+x-1) +
		(m.R+x)*(math.Log(m.Alpha+s.Age)-math.Log(m.Alpha+s.Recency))
	return sigmoid(-diff)
}

// ProbabilityPurchases returns P(X(t) = n), the probability that a customer
// just acquired makes n purchases in a period of length t (Fader, Hardie &
// Lee 2005, eq. 8).
func (m BGNBD) ProbabilityPurchases(n int, t float64) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if err := checkTime(t); err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, nil
	}
	if t == 0 {
		if n == 0 {
			return 1, nil
		}
		return 0, nil
	}
	r, a, b := m.R, m.A, m.B
	nf := float64(n)
	lz := math.Log(t / (m.Alpha + t)) // ln t/(α+t)
	la := -math.Log1p(t / m.Alpha)    // ln α/(α+t)
	lnb := lbeta(a, b)
	// lpois(j): ln Γ(r+j)/(Γ(r) j!) + r ln α/(α+t) + j ln t/(α+t)
	lpois := func(j float64) float64 {
		return lgamma(r+j) - lgamma(r) - lgamma(j+1) + r*la + j*lz
	}
	v := math.Exp(lbeta(a, b+nf) - lnb + lpois(nf))
	if n > 0 {
		var tail float64
		for j := range n {
			tail += math.Exp(lpois(float64(j)))
		}
		v += math.Exp(lbeta(a+1, b+nf-1)-lnb) * math.Max(0, 1-tail)
	}
	return guard(math.Min(1, math.Max(0, v)))
}

// growth returns 1 - (s/(s+t))^r · 2F1(r, b; c; t/(s+t)), the bracket of
// the BG/NBD expectations, computed as -expm1(r ln(s/(s+t))) -
// (s/(s+t))^r (2F1 - 1) so that small t keeps its precision.
func growth(r, b, c, s, t float64) float64 {
	if t == 0 {
		return 0
	}
	z := t / (s + t)
	lA := -r * math.Log1p(t/s)
	var f1 float64 // 2F1 - 1
	if z <= hypDirect {
		f1 = hyp2f1Tail(r, b, c, z)
	} else {
		f1 = hyp2f1(r, b, c, z) - 1
	}
	return -math.Expm1(lA) - math.Exp(lA)*f1
}

// hyp2f1Tail returns 2F1(a, b; c; z) - 1 by the series without its first
// term, for 0 <= z <= hypDirect.
func hyp2f1Tail(a, b, c, z float64) float64 {
	if nonPositiveInt(c) {
		return math.NaN()
	}
	term := a * b / c * z
	sum := 0.0
	small := 0
	for n := 1.0; n < hypMaxTerms; n++ {
		sum += term
		if term == 0 {
			return sum
		}
		if math.Abs(term) <= hypEps*math.Abs(sum) {
			if small++; small == 2 {
				return sum
			}
		} else {
			small = 0
		}
		term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
	}
	return math.NaN()
}

// aroundOne returns f(a) or, within 1e-3 of a = 1, where the BG/NBD
// expectations are 0/0 and lose their precision, the value extrapolated
// from a±h and a±2h (h = 2e-3, all at least 1e-3 from 1) as
// (4·m(h) - m(2h))/3, m(h) the mean of f(a-h) and f(a+h), which is exact
// to fourth order in h.
func aroundOne(a float64, f func(a float64) float64) float64 { return around(a, 1, f) }

// around is [aroundOne] about the point at rather than 1: f(v), or within
// 1e-3 of at the value extrapolated from v±h and v±2h. It gives f(v) where
// v-2h would not be positive, as the models' parameters must be.
func around(v, at float64, f func(float64) float64) float64 {
	const near, h = 1e-3, 2e-3
	if math.Abs(v-at) >= near || v-2*h <= 0 {
		return f(v)
	}
	mean := func(h float64) float64 { return (f(v-h) + f(v+h)) / 2 }
	return (4*mean(h) - mean(2*h)) / 3
}

// guard returns v, or ErrNumerical when v is NaN or infinite.
func guard(v float64) (float64, error) {
	if !finite(v) {
		return 0, ErrNumerical
	}
	return v, nil
}
