package clv

import (
	"errors"
	"math"
	"testing"

	"pgregory.net/rapid"
)

func sumSquares(m BGNBD) float64 { return m.R*m.R + m.Alpha*m.Alpha + m.A*m.A + m.B*m.B }

// TestPenalizerShrinks checks that a larger penalty never gives a larger
// sum of squared parameters, and that the reported objective is the
// log-likelihood less n · penalizer · Σ θ².
func TestPenalizerShrinks(t *testing.T) {
	ss := synthetic(5, 400, cdnowBGNBD, cdnowGammaGamma)
	rapid.Check(t, func(t *rapid.T) {
		c1 := rapid.Float64Range(0, 0.1).Draw(t, "penalizer")
		c2 := c1 + rapid.Float64Range(0, 0.1).Draw(t, "more")
		f1, err1 := FitBGNBDWith(ss, FitOptions{Penalizer: c1})
		f2, err2 := FitBGNBDWith(ss, FitOptions{Penalizer: c2})
		if err := errors.Join(err1, err2); err != nil {
			t.Fatal(err)
		}
		q1, q2 := sumSquares(f1.Model), sumSquares(f2.Model)
		if q2 > q1*(1+1e-6) {
			t.Fatalf("penalizer %g: Σθ² = %g; %g: Σθ² = %g", c1, q1, c2, q2)
		}
		ll, err := f2.Model.LogLikelihood(ss)
		if err != nil {
			t.Fatal(err)
		}
		want := ll - float64(len(ss))*c2*q2
		if !near(f2.LogLikelihood, want, 1e-9*math.Abs(want)) {
			t.Fatalf("penalised objective %g, want %g", f2.LogLikelihood, want)
		}
	})
	plain, err1 := FitBGNBD(ss)
	zero, err2 := FitBGNBDWith(ss, FitOptions{})
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	if plain != zero {
		t.Errorf("zero options %+v, FitBGNBD %+v", zero, plain)
	}
	var fe *FieldError
	for _, c := range []float64{-0.1, math.NaN(), math.Inf(1)} {
		if _, err := FitBGNBDWith(ss, FitOptions{Penalizer: c}); !errors.As(err, &fe) || fe.Field != "penalizer" {
			t.Errorf("penalizer %g: %v", c, err)
		}
	}
}

// TestPenalizerNumeric checks the penalty through the finite-difference
// fits: a penalised Pareto/NBD fit has a smaller Σθ² than the plain one.
func TestPenalizerNumeric(t *testing.T) {
	ss := synthetic(9, 400, cdnowBGNBD, cdnowGammaGamma)
	plain, err1 := FitParetoNBD(ss, FitOptions{})
	pen, err2 := FitParetoNBD(ss, FitOptions{Penalizer: 0.01})
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	sq := func(m ParetoNBD) float64 { return m.R*m.R + m.Alpha*m.Alpha + m.S*m.S + m.Beta*m.Beta }
	if sq(pen.Model) >= sq(plain.Model) {
		t.Errorf("Σθ² penalised %g, plain %g", sq(pen.Model), sq(plain.Model))
	}
}
