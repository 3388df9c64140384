package clv

import (
	"errors"
	"math"
	"testing"

	"pgregory.net/rapid"
)

// TestCompareModels checks the criteria of each score and that the
// comparison sorts by BIC with deltas from the first.
func TestCompareModels(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 100000).Draw(t, "customers")
		k := rapid.IntRange(1, 5).Draw(t, "models")
		var in []ModelScore
		for i := range k {
			ll := rapid.Float64Range(-1e6, 0).Draw(t, "ll")
			f := Fit[BGNBD]{LogLikelihood: ll, Customers: n}
			if i%2 == 1 {
				f2 := Fit[GammaGamma]{LogLikelihood: ll, Customers: n}
				in = append(in, Score("gg", f2))
				continue
			}
			in = append(in, Score("bg", f))
		}
		for _, s := range in {
			kk := float64(s.Params)
			if s.AIC != 2*kk-2*s.LogLikelihood || s.BIC != kk*math.Log(float64(n))-2*s.LogLikelihood {
				t.Fatalf("score %+v", s)
			}
		}
		out, err := CompareModels(in...)
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != len(in) || out[0].DeltaBIC != 0 {
			t.Fatalf("%d scores, first ΔBIC %g", len(out), out[0].DeltaBIC)
		}
		for i := 1; i < len(out); i++ {
			if out[i].BIC < out[i-1].BIC || out[i].DeltaBIC != out[i].BIC-out[0].BIC || out[i].DeltaAIC != out[i].AIC-out[0].AIC {
				t.Fatalf("not sorted by BIC with deltas: %+v", out)
			}
		}
	})
	var fe *FieldError
	if _, err := CompareModels(); !errors.As(err, &fe) {
		t.Errorf("no scores: %v", err)
	}
	a := Score("a", Fit[BGNBD]{LogLikelihood: -1, Customers: 10})
	b := Score("b", Fit[BGNBD]{LogLikelihood: -1, Customers: 11})
	if _, err := CompareModels(a, b); !errors.As(err, &fe) || fe.Field != "customers" {
		t.Errorf("different customers: %v", err)
	}
}
