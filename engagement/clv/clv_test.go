package clv

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func TestForecastProperties(t *testing.T) {
	m := Model{Purchases: cdnowBGNBD, Spend: cdnowGammaGamma}
	rapid.Check(t, func(t *rapid.T) {
		s := drawSummary(t)
		if s.Frequency > 0 {
			s.MeanSpend = decimal.New(rapid.Int64Range(1, 100_000).Draw(t, "zbar cents"), -2)
		}
		h := Horizon{
			Periods:      rapid.IntRange(0, 24).Draw(t, "periods"),
			PeriodLength: rapid.Float64Range(0.5, 8).Draw(t, "period length"),
			DiscountRate: rapid.Float64Range(0, 0.05).Draw(t, "discount rate"),
		}
		f, err := m.Forecast(s, h)
		if err != nil {
			t.Fatal(err)
		}
		undiscounted := h
		undiscounted.DiscountRate = 0
		u, err := m.Forecast(s, undiscounted)
		if err != nil {
			t.Fatal(err)
		}
		cent := decimal.New(1, -2)
		switch {
		case f.Value.Sign() < 0 || f.Value.GreaterThan(f.Revenue.Add(cent)):
			t.Fatalf("value %s outside [0, revenue %s]", f.Value, f.Revenue)
		case u.Value.Sub(u.Revenue).Abs().GreaterThan(cent):
			t.Fatalf("undiscounted value %s differs from revenue %s", u.Value, u.Revenue)
		case f.Alive < 0 || f.Alive > 1 || f.Purchases < 0:
			t.Fatalf("forecast %+v", f)
		}
	})
}

func TestForecastBase(t *testing.T) {
	ss := synthetic(6, 200, cdnowBGNBD, cdnowGammaGamma)
	m := Model{Purchases: cdnowBGNBD, Spend: cdnowGammaGamma}
	b, err := m.ForecastBase(ss, Horizon{Periods: 12, PeriodLength: 52.0 / 12, DiscountRate: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	rev, val := decimal.Zero, decimal.Zero
	for _, f := range b.Customers {
		rev, val = rev.Add(f.Revenue), val.Add(f.Value)
	}
	if !rev.Equal(b.Revenue) || !val.Equal(b.Value) || len(b.Customers) != len(ss) {
		t.Errorf("totals %s, %s; want the sums %s, %s", b.Revenue, b.Value, rev, val)
	}
	want := rev.DivRound(decimal.NewFromInt(200), 6).RoundBank(2)
	if got := b.RevenuePerCustomer(); !got.Equal(want) {
		t.Errorf("RevenuePerCustomer = %s, want %s", got, want)
	}
	if _, err := m.ForecastBase(nil, Horizon{}); !errors.Is(err, ErrNoCustomers) {
		t.Errorf("empty base: err = %v, want ErrNoCustomers", err)
	}
	if _, err := m.Forecast(ss[0], Horizon{Periods: 1, DiscountRate: -1}); !errors.Is(err, ErrInvalid) {
		t.Errorf("discount rate -1: err = %v, want ErrInvalid", err)
	}
}
