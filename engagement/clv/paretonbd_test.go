package clv

import (
	"errors"
	"math"
	"testing"

	"pgregory.net/rapid"
)

// TestParetoNBDOracle reproduces the Pareto/NBD fit of Fader, Hardie & Lee
// (2005) on the 2,357 CDNOW customers, weeks 1-39: r = 0.553,
// alpha = 10.578, s = 0.606, beta = 11.669, log-likelihood -9595.0.
func TestParetoNBDOracle(t *testing.T) {
	ss := readCDNOWSummary(t, false)
	fit, err := FitParetoNBD(ss, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fit: %+v", fit)
	m := fit.Model
	for _, c := range []struct {
		name           string
		got, want, tol float64
	}{
		{"r", m.R, 0.553, 0.0005}, {"alpha", m.Alpha, 10.578, 0.005},
		{"s", m.S, 0.606, 0.0005}, {"beta", m.Beta, 11.669, 0.005},
		{"log-likelihood", fit.LogLikelihood, -9595.0, 0.05},
	} {
		if !near(c.got, c.want, c.tol) {
			t.Errorf("%s = %.6f, want %g ± %g", c.name, c.got, c.want, c.tol)
		}
	}
	if !fit.Converged || fit.Customers != 2357 {
		t.Errorf("Converged = %v, Customers = %d; want true, 2357", fit.Converged, fit.Customers)
	}
}

// drawParetoNBD draws a valid model over a wide range of each parameter.
func drawParetoNBD(t *rapid.T) ParetoNBD {
	logU := func(name string, lo, hi float64) float64 {
		return math.Exp(rapid.Float64Range(math.Log(lo), math.Log(hi)).Draw(t, name))
	}
	return ParetoNBD{R: logU("r", 0.05, 20), Alpha: logU("alpha", 0.1, 200), S: logU("s", 0.05, 20), Beta: logU("beta", 0.1, 200)}
}

// TestParetoNBDLikelihoodIntegral checks the closed form of the dead term,
// s/(r+s+x) · A0 with its 2F1 (both the alpha >= beta and alpha < beta
// forms), against Simpson's rule on the integral it solves:
// ∫_{t_x}^{T} (α+τ)^-(r+x) · s (β+τ)^-(s+1) dτ, all scaled by
// (α+T)^(r+x) (β+T)^s to stay in range.
func TestParetoNBDLikelihoodIntegral(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := drawParetoNBD(t)
		x := float64(rapid.IntRange(0, 20).Draw(t, "x"))
		T := rapid.Float64Range(1, 80).Draw(t, "T")
		tx := 0.0
		if x > 0 {
			tx = T * rapid.Float64Range(0, 1).Draw(t, "t_x/T")
		}
		lB, lA := m.logTerms(x, tx, T)
		got := 0.0
		if !math.IsInf(lA, -1) {
			got = math.Exp(lA - lB)
		}
		// In u = ln(c+τ), c = min(α, β), dτ = (c+τ) du, the integrand is
		// smooth enough for Simpson's rule.
		c := math.Min(m.Alpha, m.Beta)
		f := func(u float64) float64 {
			tau := math.Exp(u) - c
			return m.S * (c + tau) / (m.Beta + tau) *
				math.Exp(-(m.R+x)*math.Log((m.Alpha+tau)/(m.Alpha+T))-m.S*math.Log((m.Beta+tau)/(m.Beta+T)))
		}
		const n = 4000
		u0, u1 := math.Log(c+tx), math.Log(c+T)
		h := (u1 - u0) / n
		want := f(u0) + f(u1)
		for i := 1; i < n; i++ {
			w := 2.0
			if i%2 == 1 {
				w = 4
			}
			want += w * f(u0+float64(i)*h)
		}
		want *= h / 3
		if !near(got, want, 1e-6*(1+want)) {
			t.Fatalf("%+v at (%g, %g, %g): A-term/B-term = %.12g, integral %.12g", m, x, tx, T, got, want)
		}
	})
}

// TestParetoNBDAlive checks P(alive) = 1 when t_x = T, and
// that P(alive) lies in [0, 1] and does not fall as t_x grows.
func TestParetoNBDAlive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := drawParetoNBD(t)
		x := rapid.IntRange(1, 40).Draw(t, "x")
		T := rapid.Float64Range(0.1, 100).Draw(t, "T")
		p1, err := m.ProbabilityAlive(Summary{Frequency: x, Recency: T, Age: T})
		if err != nil {
			t.Fatal(err)
		}
		if p1 != 1 {
			t.Fatalf("P(alive | t_x = T) = %g, want 1", p1)
		}
		u := rapid.Float64Range(0, 1).Draw(t, "u")
		v := u + (1-u)*rapid.Float64Range(0, 1).Draw(t, "v")
		pu, err1 := m.ProbabilityAlive(Summary{Frequency: x, Recency: u * T, Age: T})
		pv, err2 := m.ProbabilityAlive(Summary{Frequency: x, Recency: v * T, Age: T})
		if err := errors.Join(err1, err2); err != nil {
			t.Fatal(err)
		}
		if !(pu >= 0 && pv <= 1 && pu <= pv+1e-9) {
			t.Fatalf("P(alive) = %g at t_x = %g, %g at t_x = %g (T = %g)", pu, u*T, pv, v*T, T)
		}
	})
}

// TestParetoNBDExpectedPurchases checks that E[X(t)] and E[Y(t) | x, t_x,
// T] are 0 at t = 0 and grow with t, that E[X(t)] starts at the rate r/α
// of a customer alive (finite difference at 0), and that it is continuous
// across s = 1, where its formula is 0/0.
func TestParetoNBDExpectedPurchases(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := drawParetoNBD(t)
		x := rapid.IntRange(0, 40).Draw(t, "x")
		T := rapid.Float64Range(0.1, 100).Draw(t, "T")
		s := Summary{Frequency: x, Age: T}
		if x > 0 {
			s.Recency = T * rapid.Float64Range(0, 1).Draw(t, "t_x/T")
		}
		t1 := rapid.Float64Range(0, 200).Draw(t, "t1")
		t2 := t1 + rapid.Float64Range(0, 200).Draw(t, "dt")
		for _, f := range []struct {
			name string
			f    func(float64) (float64, error)
		}{
			{"E[X(t)]", m.ExpectedPurchases},
			{"E[Y(t) | x, t_x, T]", func(t float64) (float64, error) { return m.ConditionalExpectedPurchases(s, t) }},
		} {
			e0, err0 := f.f(0)
			e1, err1 := f.f(t1)
			e2, err2 := f.f(t2)
			if err := errors.Join(err0, err1, err2); err != nil {
				t.Fatal(err)
			}
			if e0 != 0 || e1 < 0 || e2 < e1-1e-12*(1+e1) {
				t.Fatalf("%s: %g at 0, %g at t = %g, %g at t = %g", f.name, e0, e1, t1, e2, t2)
			}
		}
		h := 1e-6 * m.Beta
		eh, err := m.ExpectedPurchases(h)
		if err != nil {
			t.Fatal(err)
		}
		if rate := m.R / m.Alpha; !near(eh/h, rate, 1e-5*rate) {
			t.Fatalf("E[X(h)]/h = %g, want r/alpha = %g", eh/h, rate)
		}
	})
	m := ParetoNBD{R: 0.553, Alpha: 10.578, S: 1, Beta: 11.669}
	at1, _ := m.ExpectedPurchases(39)
	want := m.R * m.Beta / m.Alpha * math.Log((m.Beta+39)/m.Beta)
	m.S = 1 + 1e-7
	above, _ := m.ExpectedPurchases(39)
	if !near(at1, want, 1e-12) || !near(above, want, 1e-6) {
		t.Errorf("E[X(39)] at s = 1: %.12g, at s = 1+1e-7: %.12g; want %.12g", at1, above, want)
	}
}

// TestParetoNBDBadInput checks the errors of bad parameters, options and
// summaries.
func TestParetoNBDBadInput(t *testing.T) {
	ss := []Summary{{Frequency: 1, Recency: 2, Age: 3}}
	var fe *FieldError
	if _, err := FitParetoNBD(ss, FitOptions{Penalizer: -1}); !errors.As(err, &fe) || fe.Field != "penalizer" {
		t.Errorf("negative penalizer: %v", err)
	}
	if _, err := FitParetoNBD([]Summary{{Frequency: 1, Recency: 4, Age: 3}}, FitOptions{}); !errors.As(err, &fe) || fe.Field != "recency" {
		t.Errorf("recency beyond age: %v", err)
	}
	if _, err := FitParetoNBD(nil, FitOptions{}); !errors.Is(err, ErrNoCustomers) {
		t.Errorf("no customers: %v", err)
	}
	if _, err := FitParetoNBD([]Summary{{Age: 3}}, FitOptions{}); !errors.Is(err, ErrNoRepeatBuyers) {
		t.Errorf("no repeat buyers: %v", err)
	}
	m := ParetoNBD{R: 1, Alpha: 1, S: 0, Beta: 1}
	if _, err := m.ProbabilityAlive(ss[0]); !errors.As(err, &fe) || fe.Field != "s" {
		t.Errorf("s = 0: %v", err)
	}
	if _, err := (ParetoNBD{R: 1, Alpha: 1, S: 1, Beta: 1}).ExpectedPurchases(-1); !errors.As(err, &fe) || fe.Field != "t" {
		t.Errorf("t = -1: %v", err)
	}
}
