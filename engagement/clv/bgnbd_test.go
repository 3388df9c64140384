package clv

import (
	"errors"
	"math"
	"testing"

	"pgregory.net/rapid"
)

// The parameters of the synthetic data sets: those of CDNOW.
var (
	cdnowBGNBD      = BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	cdnowGammaGamma = GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}
)

// drawBGNBD draws a valid model over a wide range of each parameter.
func drawBGNBD(t *rapid.T) BGNBD {
	logU := func(name string, lo, hi float64) float64 {
		return math.Exp(rapid.Float64Range(math.Log(lo), math.Log(hi)).Draw(t, name))
	}
	return BGNBD{
		R:     logU("r", 0.01, 50),
		Alpha: logU("alpha", 0.01, 500),
		A:     logU("a", 0.01, 50),
		B:     logU("b", 0.01, 50),
	}
}

// drawSummary draws a consistent (x, t_x, T).
func drawSummary(t *rapid.T) Summary {
	x := rapid.IntRange(0, 60).Draw(t, "x")
	age := rapid.Float64Range(0, 200).Draw(t, "T")
	s := Summary{Frequency: x, Age: age}
	if x > 0 {
		s.Recency = age * rapid.Float64Range(0, 1).Draw(t, "t_x/T")
	}
	return s
}

func TestProbabilityAliveInUnitInterval(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m, s := drawBGNBD(t), drawSummary(t)
		p, err := m.ProbabilityAlive(s)
		if err != nil {
			t.Fatal(err)
		}
		if !(p >= 0 && p <= 1) {
			t.Fatalf("P(alive) = %g", p)
		}
	})
}

func TestExpectedPurchasesMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m, s := drawBGNBD(t), drawSummary(t)
		t1 := rapid.Float64Range(0, 300).Draw(t, "t1")
		t2 := t1 + rapid.Float64Range(0, 300).Draw(t, "dt")
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
			if errors.Is(errors.Join(err0, err1, err2), ErrNumerical) {
				t.Skip("outside the range computed in float64")
			}
			if err := errors.Join(err0, err1, err2); err != nil {
				t.Fatal(err)
			}
			if e0 != 0 {
				t.Fatalf("%s at t = 0: %g, want 0", f.name, e0)
			}
			if e1 < -1e-12 || e2 < e1-1e-9*(1+math.Abs(e1)) {
				t.Fatalf("%s: %g at t = %g, %g at t = %g", f.name, e1, t1, e2, t2)
			}
		}
	})
}

// TestProbabilityPurchases checks that P(X(t) = n) sums to 1 over n and
// that its mean is E[X(t)].
func TestProbabilityPurchases(t *testing.T) {
	m := cdnowBGNBD
	for _, tt := range []float64{1, 39, 78} {
		var total, mean float64
		for n := range 400 {
			p, err := m.ProbabilityPurchases(n, tt)
			if err != nil {
				t.Fatal(err)
			}
			total += p
			mean += float64(n) * p
		}
		want, err := m.ExpectedPurchases(tt)
		if err != nil {
			t.Fatal(err)
		}
		if !near(total, 1, 1e-9) || !near(mean, want, 1e-6) {
			t.Errorf("t = %g: Σ P(X = n) = %.12f, Σ n P(X = n) = %.9f, want 1 and E[X(t)] = %.9f", tt, total, mean, want)
		}
	}
}

// TestAroundOne checks the expectations stay smooth across a = 1, where
// the formula is 0/0: on a fine grid the second differences (the
// curvature) change by no more than rounding from one point to the next.
func TestAroundOne(t *testing.T) {
	s := Summary{Frequency: 3, Recency: 20, Age: 30}
	const step = 2.5e-4
	var vs []float64
	for k := -20; k <= 20; k++ {
		m := cdnowBGNBD
		m.A = 1 + float64(k)*step
		v, err := m.ConditionalExpectedPurchases(s, 52)
		if err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	second := func(i int) float64 { return vs[i-1] - 2*vs[i] + vs[i+1] }
	for i := 2; i+1 < len(vs); i++ {
		if d := second(i) - second(i-1); math.Abs(d) > 1e-10 {
			t.Errorf("E[Y(52)] at a = %g: curvature jumps by %.2g", 1+float64(i-20)*step, d)
		}
	}
}

// checkNotBeaten asserts that no small perturbation of the fitted log
// parameters raises the log-likelihood.
func checkNotBeaten(t *rapid.T, names []string, fitted []float64, ll func([]float64) float64, best float64) {
	p := make([]float64, len(fitted))
	for i, v := range fitted {
		p[i] = v * math.Exp(rapid.Float64Range(-0.02, 0.02).Draw(t, "δ ln "+names[i]))
	}
	if got := ll(p); got > best+1e-9*math.Abs(best) {
		t.Fatalf("log-likelihood %.10f at %v beats the fit's %.10f at %v", got, p, best, fitted)
	}
}

func TestBGNBDFitNotBeaten(t *testing.T) {
	for _, set := range []struct {
		name string
		load func(testing.TB) []Summary
	}{
		{"synthetic", func(testing.TB) []Summary { return synthetic(1, 3000, cdnowBGNBD, cdnowGammaGamma) }},
		{"CDNOW", func(tb testing.TB) []Summary { return readCDNOWSummary(tb, false) }},
	} {
		t.Run(set.name, func(t *testing.T) {
			ss := set.load(t)
			fit, err := FitBGNBD(ss)
			if err != nil {
				t.Fatal(err)
			}
			d, _ := newBGData(ss)
			m := fit.Model
			rapid.Check(t, func(rt *rapid.T) {
				checkNotBeaten(rt, []string{"r", "alpha", "a", "b"}, []float64{m.R, m.Alpha, m.A, m.B},
					func(p []float64) float64 { return d.eval(p, nil, nil) }, fit.LogLikelihood)
			})
		})
	}
}

// TestBGNBDSyntheticRecovery checks the fit recovers the parameters of a
// large simulated set within a few standard errors.
func TestBGNBDSyntheticRecovery(t *testing.T) {
	fit, err := FitBGNBD(synthetic(2, 20000, cdnowBGNBD, cdnowGammaGamma))
	if err != nil {
		t.Fatal(err)
	}
	m, se, want := fit.Model, fit.StdErr, cdnowBGNBD
	for _, c := range []struct {
		name          string
		got, se, want float64
	}{{"r", m.R, se.R, want.R}, {"alpha", m.Alpha, se.Alpha, want.Alpha}, {"a", m.A, se.A, want.A}, {"b", m.B, se.B, want.B}} {
		if math.Abs(c.got-c.want) > 4*c.se {
			t.Errorf("%s = %.4f ± %.4f, want %.4f", c.name, c.got, c.se, c.want)
		}
	}
}

// TestBGNBDStdErrMatchesNumericHessian checks the analytic Hessian behind
// the standard errors against central differences of the analytic gradient.
func TestBGNBDStdErrMatchesNumericHessian(t *testing.T) {
	ss := synthetic(3, 2000, cdnowBGNBD, cdnowGammaGamma)
	d, err := newBGData(ss)
	if err != nil {
		t.Fatal(err)
	}
	p := []float64{0.3, 5, 0.9, 2.1}
	var g [4]float64
	var h [16]float64
	ll := d.eval(p, g[:], h[:])
	for i := range 4 {
		step := 1e-5 * p[i]
		up, down := append([]float64(nil), p...), append([]float64(nil), p...)
		up[i] += step
		down[i] -= step
		var gu, gd [4]float64
		var hs [16]float64
		fu, fd := d.eval(up, gu[:], hs[:]), d.eval(down, gd[:], hs[:])
		if num := (fu - fd) / (2 * step); !near(num, g[i], 1e-5*(1+math.Abs(g[i]))) {
			t.Errorf("∂ll/∂p%d = %.8g, numeric %.8g (ll %g)", i, g[i], num, ll)
		}
		for j := range 4 {
			if num := (gu[j] - gd[j]) / (2 * step); !near(num, h[i*4+j], 1e-4*(1+math.Abs(h[i*4+j]))) {
				t.Errorf("∂²ll/∂p%d∂p%d = %.8g, numeric %.8g", i, j, h[i*4+j], num)
			}
		}
	}
}

func TestBGNBDRefusesBadData(t *testing.T) {
	good := Summary{Customer: "c1", Frequency: 2, Recency: 3, Age: 10}
	for _, c := range []struct {
		name  string
		ss    []Summary
		want  error
		field string
	}{
		{"no customers", nil, ErrNoCustomers, ""},
		{"no repeat buyers", []Summary{{Customer: "c1", Age: 5}}, ErrNoRepeatBuyers, ""},
		{"T < t_x", []Summary{good, {Customer: "c2", Frequency: 1, Recency: 11, Age: 10}}, ErrInvalid, "recency"},
		{"x < 0", []Summary{good, {Customer: "c2", Frequency: -1, Age: 10}}, ErrInvalid, "frequency"},
		{"NaN age", []Summary{good, {Customer: "c2", Frequency: 1, Recency: 1, Age: math.NaN()}}, ErrInvalid, "age"},
		{"infinite recency", []Summary{good, {Customer: "c2", Frequency: 1, Recency: math.Inf(1), Age: 10}}, ErrInvalid, "recency"},
		{"recency without repeat", []Summary{good, {Customer: "c2", Recency: 1, Age: 10}}, ErrInvalid, "recency"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := FitBGNBD(c.ss)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if c.field == "" {
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != c.field || fe.Customer != "c2" {
				t.Fatalf("err = %#v, want a *FieldError on customer c2, field %s", err, c.field)
			}
		})
	}
}

func TestBGNBDPredictionsRefuseBadInput(t *testing.T) {
	s := Summary{Frequency: 1, Recency: 1, Age: 2}
	for _, c := range []struct {
		name string
		err  error
	}{
		{"zero model", func() error { _, err := (BGNBD{}).ExpectedPurchases(1); return err }()},
		{"NaN r", func() error { _, err := (BGNBD{R: math.NaN(), Alpha: 1, A: 1, B: 1}).ProbabilityAlive(s); return err }()},
		{"negative t", func() error { _, err := cdnowBGNBD.ConditionalExpectedPurchases(s, -1); return err }()},
		{"infinite t", func() error { _, err := cdnowBGNBD.ProbabilityPurchases(1, math.Inf(1)); return err }()},
	} {
		if !errors.Is(c.err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", c.name, c.err)
		}
	}
}

// At a + b = 1 the BG/NBD expectation is 0/0 (its hypergeometric has
// c = 0); it must be finite there and agree with its neighbours.
func TestExpectedPurchasesAcrossABOne(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.Float64Range(0.05, 0.95).Draw(t, "a")
		m := BGNBD{R: rapid.Float64Range(0.1, 3).Draw(t, "r"), Alpha: rapid.Float64Range(0.5, 20).Draw(t, "alpha"), A: a, B: 1 - a}
		h := rapid.Float64Range(0.1, 52).Draw(t, "t")
		at, err := m.ExpectedPurchases(h)
		if err != nil {
			t.Fatalf("ExpectedPurchases(%v) of %+v: %v", h, m, err)
		}
		off := m
		off.B += 0.01
		beside, err := off.ExpectedPurchases(h)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(at-beside) > 0.05*math.Max(beside, 1e-3) {
			t.Fatalf("at a+b=1: %v; at b+0.01: %v", at, beside)
		}
	})
}
