package clv

import (
	"errors"
	"math"
	"testing"

	"pgregory.net/rapid"
)

// TestMBGNBDLimits checks MBG/NBD where its answer is known: E[X(0)] = 0
// and E[X(t)] grows from the rate r/α · b/(a+b) of a customer alive after
// the first purchase; E[Y(t) | s] grows from P(alive) (r+x)/(α+T); P(alive)
// is below 1 for x = 0; and as b grows (no drop-out) its log-likelihood
// tends to BG/NBD's.
func TestMBGNBDLimits(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := MBGNBD(drawBGNBD(t))
		s := drawSummary(t)
		h, hc := 1e-7*m.Alpha, 1e-7*(m.Alpha+s.Age)
		e0, err0 := m.ExpectedPurchases(0)
		eh, err1 := m.ExpectedPurchases(h)
		ch, err2 := m.ConditionalExpectedPurchases(s, hc)
		alive, err3 := m.ProbabilityAlive(s)
		if errors.Is(errors.Join(err0, err1, err2, err3), ErrNumerical) {
			t.Skip("outside the range computed in float64")
		}
		if err := errors.Join(err0, err1, err2, err3); err != nil {
			t.Fatal(err)
		}
		if rate := m.R / m.Alpha * m.B / (m.A + m.B); e0 != 0 || !near(eh/h, rate, 1e-4*rate) {
			t.Fatalf("E[X(0)] = %g, E[X(h)]/h = %g, want 0 and %g", e0, eh/h, rate)
		}
		if rate := alive * (m.R + float64(s.Frequency)) / (m.Alpha + s.Age); !near(ch/hc, rate, 1e-4*rate+1e-300) {
			t.Fatalf("E[Y(h) | s]/h = %g, want %g", ch/hc, rate)
		}
		if !(alive >= 0 && alive <= 1) || (s.Frequency == 0 && !(alive < 1)) {
			t.Fatalf("P(alive | %+v) = %g", s, alive)
		}
	})
	ss := synthetic(3, 500, cdnowBGNBD, cdnowGammaGamma)
	bg := BGNBD{R: 0.5, Alpha: 5, A: 0.8, B: 1e9}
	lb, err1 := bg.LogLikelihood(ss)
	lm, err2 := MBGNBD(bg).LogLikelihood(ss)
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	if !near(lm, lb, 1e-6*math.Abs(lb)) {
		t.Errorf("b = 1e9: MBG/NBD log-likelihood %.9f, BG/NBD %.9f", lm, lb)
	}
}

// TestMBGNBDFitIsMaximum fits synthetic data and checks that perturbing
// any parameter of the fit lowers the log-likelihood, and that a fit
// started from the answer agrees with the fit.
func TestMBGNBDFitIsMaximum(t *testing.T) {
	ss := synthetic(11, 1500, cdnowBGNBD, cdnowGammaGamma)
	fit, err := FitMBGNBD(ss, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ll, err := fit.Model.LogLikelihood(ss)
	if err != nil {
		t.Fatal(err)
	}
	if !near(ll, fit.LogLikelihood, 1e-9*math.Abs(ll)) || fit.Customers != len(ss) {
		t.Fatalf("LogLikelihood %g, fit %g, customers %d", ll, fit.LogLikelihood, fit.Customers)
	}
	rapid.Check(t, func(t *rapid.T) {
		p := []float64{fit.Model.R, fit.Model.Alpha, fit.Model.A, fit.Model.B}
		i := rapid.IntRange(0, 3).Draw(t, "param")
		f := rapid.Float64Range(0.9, 1.1).Filter(func(f float64) bool { return math.Abs(f-1) > 1e-3 }).Draw(t, "factor")
		p[i] *= f
		llp, err := MBGNBD{R: p[0], Alpha: p[1], A: p[2], B: p[3]}.LogLikelihood(ss)
		if err != nil {
			t.Fatal(err)
		}
		if llp >= fit.LogLikelihood {
			t.Fatalf("parameter %d × %g: log-likelihood %.9f, fit %.9f", i, f, llp, fit.LogLikelihood)
		}
	})
}

// TestMBGNBDCDNOW fits MBG/NBD to the CDNOW sample and compares it with
// BG/NBD: its maximum must be at least its likelihood at BG/NBD's
// parameters.
func TestMBGNBDCDNOW(t *testing.T) {
	ss := readCDNOWSummary(t, false)
	mbg, err := FitMBGNBD(ss, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	bg, err := FitBGNBD(ss)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("MBG/NBD: %+v", mbg)
	t.Logf("BG/NBD log-likelihood %.4f, MBG/NBD %.4f", bg.LogLikelihood, mbg.LogLikelihood)
	at, err := MBGNBD(bg.Model).LogLikelihood(ss)
	if err != nil {
		t.Fatal(err)
	}
	if !mbg.Converged || mbg.LogLikelihood < at {
		t.Errorf("converged %v; MBG/NBD maximum %.4f below its value %.4f at the BG/NBD fit", mbg.Converged, mbg.LogLikelihood, at)
	}
}
