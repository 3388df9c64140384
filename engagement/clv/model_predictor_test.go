package clv

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestModelPredictor checks that a Model forecasts with the purchase
// model in Predictor when one is set: BG/NBD there gives what Purchases
// gives, and Pareto/NBD or MBG/NBD give their own expectations.
func TestModelPredictor(t *testing.T) {
	ss := synthetic(31, 300, cdnowBGNBD, cdnowGammaGamma)
	h := Horizon{Periods: 12, PeriodLength: 52.0 / 12, DiscountRate: 0.01}
	plain := Model{Purchases: cdnowBGNBD, Spend: cdnowGammaGamma}
	want, err1 := plain.ForecastBase(ss, h)
	got, err2 := Model{Predictor: cdnowBGNBD, Spend: cdnowGammaGamma}.ForecastBase(ss, h)
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("BG/NBD as Predictor (-Purchases +Predictor):\n%s", diff)
	}

	for _, p := range []PurchasePredictor{
		ParetoNBD{R: 0.553, Alpha: 10.578, S: 0.606, Beta: 11.669},
		MBGNBD{R: 0.525, Alpha: 6.183, A: 0.891, B: 1.614},
	} {
		m := Model{Purchases: cdnowBGNBD, Predictor: p, Spend: cdnowGammaGamma}
		base, err := m.ForecastBaseContext(context.Background(), ss, h, ForecastOptions{Workers: 2})
		if err != nil {
			t.Fatalf("%T: %v", p, err)
		}
		for i, f := range base.Customers {
			s := ss[i]
			alive, err1 := p.ProbabilityAlive(s)
			y, err2 := p.ConditionalExpectedPurchases(s, float64(h.Periods)*h.length())
			if err := errors.Join(err1, err2); err != nil {
				t.Fatal(err)
			}
			if f.Alive != alive || math.Abs(f.Purchases-y) > 1e-12*(1+y) {
				t.Fatalf("%T, customer %s: alive %g, purchases %g; want %g, %g", p, s.Customer, f.Alive, f.Purchases, alive, y)
			}
		}
		if base.Revenue.Equal(want.Revenue) {
			t.Errorf("%T: revenue %s, the same as BG/NBD's", p, base.Revenue)
		}
	}
}
