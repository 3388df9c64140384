package clv

import "math"

// lgamma returns ln|Γ(x)|.
func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// lbeta returns ln B(a, b) for positive a and b.
func lbeta(a, b float64) float64 {
	return lgamma(a) + lgamma(b) - lgamma(a+b)
}

// digamma returns ψ(x), the derivative of ln Γ, for x > 0: the recurrence
// ψ(x) = ψ(x+1) - 1/x lifts x to 10 or more, where the asymptotic series is
// accurate to about 1e-15.
func digamma(x float64) float64 {
	var acc float64
	for x < 10 {
		acc -= 1 / x
		x++
	}
	f := 1 / (x * x)
	return acc + math.Log(x) - 0.5/x -
		f*(1.0/12-f*(1.0/120-f*(1.0/252-f*(1.0/240-f/132))))
}

// trigamma returns ψ₁(x), the derivative of ψ, for x > 0, by the same
// recurrence and its asymptotic series.
func trigamma(x float64) float64 {
	var acc float64
	for x < 10 {
		acc += 1 / (x * x)
		x++
	}
	f := 1 / (x * x)
	return acc + 1/x + f/2 + f/x*(1.0/6-f*(1.0/30-f*(1.0/42-f*(1.0/30-f*5/66))))
}

// sigmoid returns 1 / (1 + e^-x) without overflow.
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// finite reports whether every v is neither NaN nor infinite.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// Limits of the hypergeometric series.
const (
	hypEps      = 1e-16   // relative size of the last term kept
	hypMaxTerms = 100_000 // terms before the series gives up
	hypDirect   = 0.75    // largest z summed directly; above, z -> 1-z
	hypNearInt  = 1e-4    // c-a-b closer than this to an integer is degenerate
	hypShift    = 5e-4    // step in c around a degenerate point
)

// hyp2f1 returns the Gauss hypergeometric function 2F1(a, b; c; z) for real
// z < 1, or NaN where it cannot (z >= 1, c a non-positive integer, or a
// value it cannot trust).
//
// Negative z is first mapped into (0, 1) by Pfaff's transformation
// 2F1(a, b; c; z) = (1-z)^-a 2F1(a, c-b; c; z/(z-1)). For z up to 0.75 the
// series is summed directly. Above 0.75 the series is still summed directly
// when a, b and c are positive, since its terms are then all positive and
// nothing cancels, as long as it settles within 100,000 terms (z up to about
// 0.9997); otherwise it uses the connection formula in 1-z (see
// hyp2f1Near1).
func hyp2f1(a, b, c, z float64) float64 {
	switch {
	case !finite(a, b, c, z) || z >= 1 || nonPositiveInt(c):
		return math.NaN()
	case z == 0 || a == 0 || b == 0:
		return 1
	case z < 0:
		return math.Pow(1-z, -a) * hyp2f1(a, c-b, c, z/(z-1))
	case z <= hypDirect:
		return hyp2f1Series(a, b, c, z)
	}
	positive := a > 0 && b > 0 && c > 0
	if positive {
		if v := hyp2f1Series(a, b, c, z); finite(v) {
			return v
		}
	}
	v := hyp2f1Near1(a, b, c, z)
	if positive && !(v >= 1) {
		// The terms of the series are positive, so 2F1 > 1: the connection
		// formula lost its precision to cancellation.
		return math.NaN()
	}
	return v
}

// hyp2f1Near1 returns 2F1(a, b; c; z) for z in (0, 1) by the connection
// formula (Abramowitz & Stegun 15.3.6) in 1-z, whose two series converge
// fast near z = 1. When c-a-b is an integer (or within 1e-4 of one) that
// formula is degenerate; since 2F1 is analytic in c, the value is then
// extrapolated from those at c±h and c±2h (h = 5e-4) as (4·m(h) - m(2h))/3,
// m(h) the mean of the values at c±h, which is exact to fourth order in h.
func hyp2f1Near1(a, b, c, z float64) float64 {
	m := c - a - b
	if math.Abs(m-math.Round(m)) >= hypNearInt {
		return hyp2f1Connect(a, b, c, z)
	}
	mean := func(h float64) float64 {
		if nonPositiveInt(c-h) || nonPositiveInt(c+h) {
			return math.NaN()
		}
		return (hyp2f1Connect(a, b, c-h, z) + hyp2f1Connect(a, b, c+h, z)) / 2
	}
	return (4*mean(hypShift) - mean(2*hypShift)) / 3
}

// hyp2f1Connect applies the connection formula in 1-z; c-a-b must not be an
// integer.
func hyp2f1Connect(a, b, c, z float64) float64 {
	m := c - a - b
	w := 1 - z
	t1 := gammaRatio(c, m, c-a, c-b) * hyp2f1Series(a, b, 1-m, w)
	t2 := math.Pow(w, m) * gammaRatio(c, -m, a, b) * hyp2f1Series(c-a, c-b, 1+m, w)
	return t1 + t2
}

// hyp2f1Series sums the hypergeometric series term by term; it needs
// |z| < 1 and returns NaN when the terms do not settle within hypMaxTerms.
func hyp2f1Series(a, b, c, z float64) float64 {
	sum, term := 1.0, 1.0
	small := 0
	for n := 0.0; n < hypMaxTerms; n++ {
		term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
		sum += term
		if term == 0 {
			return sum
		}
		if math.Abs(term) <= hypEps*math.Abs(sum) {
			// Two small terms in a row, so that a term that is small only
			// because a factor passed near zero does not stop the sum.
			if small++; small == 2 {
				return sum
			}
		} else {
			small = 0
		}
	}
	return math.NaN()
}

// gammaRatio returns Γ(p)Γ(q) / (Γ(s)Γ(t)), which is 0 when s or t is a
// pole of Γ.
func gammaRatio(p, q, s, t float64) float64 {
	if nonPositiveInt(s) || nonPositiveInt(t) {
		return 0
	}
	lp, sp := math.Lgamma(p)
	lq, sq := math.Lgamma(q)
	ls, ss := math.Lgamma(s)
	lt, st := math.Lgamma(t)
	return float64(sp*sq*ss*st) * math.Exp(lp+lq-ls-lt)
}

// nonPositiveInt reports whether x is 0, -1, -2, ...
func nonPositiveInt(x float64) bool {
	return x <= 0 && x == math.Trunc(x)
}
