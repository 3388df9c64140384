package clv

import (
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func TestGammaGammaFitNotBeaten(t *testing.T) {
	ss := synthetic(4, 5000, cdnowBGNBD, cdnowGammaGamma)
	fit, err := FitGammaGamma(ss)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := newGGData(ss, false)
	m := fit.Model
	rapid.Check(t, func(rt *rapid.T) {
		checkNotBeaten(rt, []string{"p", "q", "gamma"}, []float64{m.P, m.Q, m.Gamma},
			func(p []float64) float64 { return d.eval(p, nil, nil) }, fit.LogLikelihood)
	})
}

func TestGammaGammaHessianMatchesNumeric(t *testing.T) {
	d, err := newGGData(synthetic(5, 2000, cdnowBGNBD, cdnowGammaGamma), false)
	if err != nil {
		t.Fatal(err)
	}
	p := []float64{5, 3, 12}
	var g [3]float64
	var h [9]float64
	d.eval(p, g[:], h[:])
	for i := range 3 {
		step := 1e-5 * p[i]
		up, down := append([]float64(nil), p...), append([]float64(nil), p...)
		up[i] += step
		down[i] -= step
		var gu, gd [3]float64
		var hs [9]float64
		fu, fd := d.eval(up, gu[:], hs[:]), d.eval(down, gd[:], hs[:])
		if num := (fu - fd) / (2 * step); !near(num, g[i], 1e-5*(1+math.Abs(g[i]))) {
			t.Errorf("∂ll/∂p%d = %.8g, numeric %.8g", i, g[i], num)
		}
		for j := range 3 {
			if num := (gu[j] - gd[j]) / (2 * step); !near(num, h[i*3+j], 1e-4*(1+math.Abs(h[i*3+j]))) {
				t.Errorf("∂²ll/∂p%d∂p%d = %.8g, numeric %.8g", i, j, h[i*3+j], num)
			}
		}
	}
}

func TestGammaGammaRefusesBadData(t *testing.T) {
	for _, c := range []struct {
		name  string
		ss    []Summary
		want  error
		field string
	}{
		{"no customers", nil, ErrNoCustomers, ""},
		{"no repeat buyers", []Summary{{Customer: "c1", Age: 3}}, ErrNoRepeatBuyers, ""},
		{"zero mean spend", []Summary{{Customer: "c2", Frequency: 1, Recency: 1, Age: 3}}, ErrInvalid, "mean spend"},
		{"negative mean spend", []Summary{{Customer: "c2", Frequency: 1, Recency: 1, Age: 3, MeanSpend: decimal.NewFromInt(-5)}}, ErrInvalid, "mean spend"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := FitGammaGamma(c.ss)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			var fe *FieldError
			if c.field != "" && (!errors.As(err, &fe) || fe.Field != c.field || fe.Customer != "c2") {
				t.Fatalf("err = %v, want a *FieldError on customer c2, field %s", err, c.field)
			}
		})
	}
}

func TestExpectedSpend(t *testing.T) {
	m := cdnowGammaGamma
	// Population mean p·gamma/(q-1) for a customer with no repeat purchase.
	got, err := m.ExpectedSpend(Summary{Age: 10})
	if err != nil {
		t.Fatal(err)
	}
	if want := decimal.NewFromFloat(6.25 * 15.44 / 2.74).RoundBank(2); !got.Equal(want) {
		t.Errorf("ExpectedSpend(x = 0) = %s, want %s", got, want)
	}
	// A weighted mean of the population mean and z̄, nearer z̄ as x grows.
	prev := math.Inf(-1)
	for _, x := range []int{1, 5, 50, 5000} {
		v, err := m.expectedSpend(Summary{Frequency: x, Recency: 1, Age: 2, MeanSpend: decimal.NewFromInt(100)})
		if err != nil {
			t.Fatal(err)
		}
		if !(v > prev && v > 35.22 && v < 100) {
			t.Errorf("E[Z | x = %d, z̄ = 100] = %g, want between 35.22 and 100, above %g", x, v, prev)
		}
		prev = v
	}
	if _, err := (GammaGamma{P: 1, Q: 0.5, Gamma: 1}).ExpectedSpend(Summary{Age: 1}); !errors.Is(err, ErrInvalid) {
		t.Errorf("population mean with q <= 1: err = %v, want ErrInvalid", err)
	}
}
