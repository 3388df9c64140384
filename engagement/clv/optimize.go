package clv

import "math"

// objective returns a function's value at theta and, when g and h are not
// nil, writes its gradient to g and its Hessian to h (row-major, n×n).
type objective func(theta, g, h []float64) float64

// Optimiser settings. The objectives are scaled per customer, so the
// tolerances do not depend on the size of the data.
const (
	gradTol     = 1e-9  // largest gradient component at a minimum
	looseTol    = 1e-6  // ... when the line search or Newton can no longer improve
	stallTol    = 1e-13 // relative change of the value below which a Newton step makes no progress
	maxNewton   = 100   // Newton iterations per attempt
	maxStep     = 2.0   // largest Newton step in any coordinate (log space)
	thetaBound  = 30.0  // |log parameter| beyond which the objective is +Inf
	nmMaxEvals  = 4000  // Nelder-Mead evaluations per restart
	nmRestarts  = 4     // Nelder-Mead restarts
	nmInitStep  = 0.5   // Nelder-Mead initial simplex size (log space)
	nmTolerance = 1e-12
)

// minimum is where a minimisation stopped.
type minimum struct {
	theta      []float64
	f          float64
	iterations int
	converged  bool
}

// minimize minimises f from theta0: Newton's method with analytic
// derivatives, a Levenberg shift where the Hessian is not positive definite
// and a backtracking (Armijo) line search. Should that stall, Nelder-Mead
// with restarts moves it on, and Newton polishes the result. It converges
// when the gradient vanishes and the Hessian is positive definite there.
func minimize(f objective, theta0 []float64) minimum {
	f = bounded(f)
	m := minimum{theta: append([]float64(nil), theta0...)}
	var it int
	m.f, it, m.converged = newton(f, m.theta)
	m.iterations += it
	if m.converged {
		return m
	}
	for range nmRestarts {
		fx, it := nelderMead(f, m.theta)
		m.iterations += it
		improved := fx < m.f-nmTolerance*(1+math.Abs(m.f))
		m.f = math.Min(fx, m.f)
		m.f, it, m.converged = newton(f, m.theta)
		m.iterations += it
		if m.converged || !improved {
			break
		}
	}
	return m
}

// bounded wraps f so that it is +Inf outside the box |theta_i| <= thetaBound
// and wherever it is not finite.
func bounded(f objective) objective {
	return func(theta, g, h []float64) float64 {
		for _, t := range theta {
			if !(math.Abs(t) <= thetaBound) {
				return math.Inf(1)
			}
		}
		v := f(theta, g, h)
		if !finite(v) {
			return math.Inf(1)
		}
		return v
	}
}

// newton minimises f from theta in place and returns the value there, the
// iterations taken and whether it converged.
func newton(f objective, theta []float64) (float64, int, bool) {
	n := len(theta)
	g, g2 := make([]float64, n), make([]float64, n)
	h, h2 := make([]float64, n*n), make([]float64, n*n)
	l := make([]float64, n*n)
	d := make([]float64, n)
	trial := make([]float64, n)
	fx := f(theta, g, h)
	if math.IsInf(fx, 1) {
		return fx, 0, false
	}
	for it := 1; it <= maxNewton; it++ {
		if !finite(g...) || !finite(h...) {
			return fx, it, false
		}
		gmax := maxAbs(g)
		if gmax < gradTol {
			return fx, it, cholesky(l, h, 0)
		}
		// Levenberg shift: the smallest mu >= 0 (of a doubling sequence)
		// that makes h + mu·I positive definite.
		mu := 0.0
		for !cholesky(l, h, mu) {
			mu = math.Max(2*mu, 1e-8*(1+maxDiag(h)))
			if mu > 1e300 {
				return fx, it, false
			}
		}
		for i := range d {
			d[i] = -g[i]
		}
		cholSolve(l, d)
		if s := maxAbs(d); s > maxStep {
			for i := range d {
				d[i] *= maxStep / s
			}
		}
		// The full step, usually accepted, is tried with its derivatives,
		// which then serve the next iteration; shorter steps without.
		slope := dot(g, d)
		for i := range trial {
			trial[i] = theta[i] + d[i]
		}
		before := fx
		if ft := f(trial, g2, h2); ft <= fx+1e-4*slope {
			copy(theta, trial)
			fx = ft
			g, g2 = g2, g
			h, h2 = h2, h
		} else {
			step, accepted := 0.5, false
			for range 60 {
				for i := range trial {
					trial[i] = theta[i] + step*d[i]
				}
				if ft := f(trial, nil, nil); ft <= fx+1e-4*step*slope {
					accepted = true
					break
				}
				step /= 2
			}
			if !accepted {
				return fx, it, gmax < looseTol && cholesky(l, h, 0)
			}
			copy(theta, trial)
			fx = f(theta, g, h)
		}
		// At the floor of rounding the gradient can stay above gradTol
		// while Newton steps no longer change the value: with a small
		// gradient, that is a minimum too.
		if mu == 0 && gmax < looseTol && before-fx <= stallTol*(1+math.Abs(before)) {
			return fx, it, maxAbs(g) < looseTol && cholesky(l, h, 0)
		}
	}
	return fx, maxNewton, false
}

// nelderMead minimises f from theta in place with the downhill simplex
// method and returns the value there and the evaluations spent.
func nelderMead(f objective, theta []float64) (float64, int) {
	n := len(theta)
	pts := make([][]float64, n+1)
	fs := make([]float64, n+1)
	for i := range pts {
		pts[i] = append([]float64(nil), theta...)
		if i > 0 {
			pts[i][i-1] += nmInitStep
		}
		fs[i] = f(pts[i], nil, nil)
	}
	evals := n + 1
	centroid := make([]float64, n)
	xr := make([]float64, n)
	xe := make([]float64, n)
	along := func(dst []float64, t float64, worst []float64) {
		for i := range dst {
			dst[i] = centroid[i] + t*(worst[i]-centroid[i])
		}
	}
	for evals < nmMaxEvals {
		// Order: best first.
		for i := 1; i <= n; i++ {
			for j := i; j > 0 && fs[j] < fs[j-1]; j-- {
				fs[j], fs[j-1] = fs[j-1], fs[j]
				pts[j], pts[j-1] = pts[j-1], pts[j]
			}
		}
		if spread := fs[n] - fs[0]; spread <= nmTolerance*(1+math.Abs(fs[0])) && simplexSize(pts) < 1e-9 {
			break
		}
		for i := range centroid {
			centroid[i] = 0
			for _, p := range pts[:n] {
				centroid[i] += p[i] / float64(n)
			}
		}
		worst := pts[n]
		along(xr, -1, worst)
		fr := f(xr, nil, nil)
		evals++
		switch {
		case fr < fs[0]:
			along(xe, -2, worst)
			fe := f(xe, nil, nil)
			evals++
			if fe < fr {
				copy(worst, xe)
				fs[n] = fe
			} else {
				copy(worst, xr)
				fs[n] = fr
			}
		case fr < fs[n-1]:
			copy(worst, xr)
			fs[n] = fr
		default:
			t := 0.5 // inside contraction
			if fr < fs[n] {
				t = -0.5 // outside contraction
			}
			along(xe, t, worst)
			fc := f(xe, nil, nil)
			evals++
			if fc < math.Min(fr, fs[n]) {
				copy(worst, xe)
				fs[n] = fc
				continue
			}
			for _, p := range pts[1:] { // shrink towards the best
				for i := range p {
					p[i] = pts[0][i] + 0.5*(p[i]-pts[0][i])
				}
			}
			for i := 1; i <= n; i++ {
				fs[i] = f(pts[i], nil, nil)
			}
			evals += n
		}
	}
	best := 0
	for i := range fs {
		if fs[i] < fs[best] {
			best = i
		}
	}
	copy(theta, pts[best])
	return fs[best], evals
}

// simplexSize returns the largest distance (max norm) from the first point.
func simplexSize(pts [][]float64) float64 {
	var s float64
	for _, p := range pts[1:] {
		for i := range p {
			s = math.Max(s, math.Abs(p[i]-pts[0][i]))
		}
	}
	return s
}

// cholesky writes to l the lower Cholesky factor of a + mu·I (a symmetric,
// n×n row-major) and reports whether it is positive definite.
func cholesky(l, a []float64, mu float64) bool {
	n := isqrt(len(a))
	for i := range n {
		for j := 0; j <= i; j++ {
			s := a[i*n+j]
			if i == j {
				s += mu
			}
			for k := range j {
				s -= l[i*n+k] * l[j*n+k]
			}
			if i == j {
				if !(s > 0) {
					return false
				}
				l[i*n+i] = math.Sqrt(s)
			} else {
				l[i*n+j] = s / l[j*n+j]
			}
		}
	}
	return true
}

// cholSolve solves (l lᵀ) x = b in place, l from cholesky.
func cholSolve(l, b []float64) {
	n := len(b)
	for i := range n {
		s := b[i]
		for k := range i {
			s -= l[i*n+k] * b[k]
		}
		b[i] = s / l[i*n+i]
	}
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < n; k++ {
			s -= l[k*n+i] * b[k]
		}
		b[i] = s / l[i*n+i]
	}
}

// inverseDiag returns the diagonal of the inverse of the symmetric positive
// definite a, or false when a is not positive definite.
func inverseDiag(a []float64) ([]float64, bool) {
	n := isqrt(len(a))
	l := make([]float64, n*n)
	if !cholesky(l, a, 0) {
		return nil, false
	}
	diag := make([]float64, n)
	e := make([]float64, n)
	for i := range n {
		clear(e)
		e[i] = 1
		cholSolve(l, e)
		diag[i] = e[i]
	}
	return diag, finite(diag...)
}

func isqrt(n int) int {
	r := int(math.Sqrt(float64(n)))
	for r*r > n {
		r--
	}
	for (r+1)*(r+1) <= n {
		r++
	}
	return r
}

func maxAbs(v []float64) float64 {
	var m float64
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

func maxDiag(a []float64) float64 {
	n := isqrt(len(a))
	var m float64
	for i := range n {
		m = math.Max(m, math.Abs(a[i*n+i]))
	}
	return m
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
