package clv

import "math"

// countRow is a group of customers with the same (x, t_x, T), counted w
// times.
type countRow struct {
	x, tx, T, w float64
}

// countData is a data set prepared for a likelihood of (x, t_x, T):
// customers with equal summaries merged into weighted rows.
type countData struct {
	n, sumX, sumT float64
	rows          []countRow
}

// newCountData groups the summaries, returning ErrNoCustomers,
// ErrNoRepeatBuyers or the *FieldError of the first impossible summary.
func newCountData(ss []Summary) (*countData, error) {
	if len(ss) == 0 {
		return nil, ErrNoCustomers
	}
	type key struct {
		x     int
		tx, T float64
	}
	d := &countData{n: float64(len(ss))}
	index := make(map[key]int, min(len(ss), 1024))
	repeat := false
	for _, s := range ss {
		if err := checkSummary(s); err != nil {
			return nil, err
		}
		repeat = repeat || s.Frequency > 0
		d.sumX += float64(s.Frequency)
		d.sumT += s.Age
		k := key{s.Frequency, s.Recency, s.Age}
		if i, ok := index[k]; ok {
			d.rows[i].w++
			continue
		}
		index[k] = len(d.rows)
		d.rows = append(d.rows, countRow{x: float64(s.Frequency), tx: s.Recency, T: s.Age, w: 1})
	}
	if !repeat {
		return nil, ErrNoRepeatBuyers
	}
	return d, nil
}

// numDiffStep is the relative step of the finite differences: near the
// optimal step of the fourth-order stencils for a smooth function in
// float64.
const numDiffStep = 1e-3

// numericFit turns a log-likelihood ll of positive parameters into the
// objective and eval pair that [maximize] takes, with gradients and
// Hessians by finite differences: for models whose likelihood has no
// convenient analytic derivatives (the 2F1 of Pareto/NBD). The objective
// is the negative log-likelihood per customer in the logarithms of the
// parameters; eval is the log-likelihood in the parameters themselves.
func numericFit(n float64, ll func(p []float64) float64) (objective, func(p, g, h []float64) float64) {
	obj := func(theta, g, h []float64) float64 {
		f := func(th []float64) float64 { return -ll(expAll(th)) / n }
		return numDeriv(f, theta, func(int) float64 { return numDiffStep }, g, h)
	}
	eval := func(p, g, h []float64) float64 {
		return numDeriv(ll, p, func(i int) float64 { return numDiffStep * p[i] }, g, h)
	}
	return obj, eval
}

// numDeriv returns f(x) and, when g is not nil, writes the gradient of f
// at x to g (fourth-order central differences) and its Hessian to h
// (fourth-order on the diagonal, second-order off it), with step(i) the
// step in coordinate i.
func numDeriv(f func([]float64) float64, x []float64, step func(i int) float64, g, h []float64) float64 {
	f0 := f(x)
	if g == nil || !finite(f0) {
		return f0
	}
	n := len(x)
	y := append([]float64(nil), x...)
	at := func(i int, di float64, j int, dj float64) float64 {
		copy(y, x)
		y[i] += di
		if j >= 0 {
			y[j] += dj
		}
		return f(y)
	}
	for i := range n {
		s := step(i)
		p1, m1 := at(i, s, -1, 0), at(i, -s, -1, 0)
		p2, m2 := at(i, 2*s, -1, 0), at(i, -2*s, -1, 0)
		g[i] = (8*(p1-m1) - (p2 - m2)) / (12 * s)
		h[i*n+i] = (-p2 + 16*p1 - 30*f0 + 16*m1 - m2) / (12 * s * s)
	}
	for i := range n {
		si := step(i)
		for j := i + 1; j < n; j++ {
			sj := step(j)
			v := (at(i, si, j, sj) - at(i, si, j, -sj) - at(i, -si, j, sj) + at(i, -si, j, -sj)) / (4 * si * sj)
			h[i*n+j], h[j*n+i] = v, v
		}
	}
	if !finite(g...) || !finite(h...) {
		return math.NaN()
	}
	return f0
}

// logAddExp returns ln(e^a + e^b) without overflow; -Inf terms drop out.
func logAddExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(a, -1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}
