package touchpoints_test

import (
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/engagekit/engage/touchpoints"
)

// tpFraction draws a budget fraction in (0, 1]: often a round percentage,
// sometimes the default, 1, or an awkward float.
func tpFraction() *rapid.Generator[float64] {
	return rapid.Custom(func(t *rapid.T) float64 {
		switch rapid.IntRange(0, 4).Draw(t, "fraction_shape") {
		case 0:
			return touchpoints.DefaultBudgetFraction
		case 1:
			return 1
		case 2:
			return rapid.Float64Range(1e-9, 1).Draw(t, "fraction")
		}
		return float64(rapid.IntRange(1, 100).Draw(t, "percent")) / 100
	})
}

func TestBudgetScenarioProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rs := tpReturns(12).Draw(t, "returns")
		fraction := tpFraction().Draw(t, "fraction")
		s, err := touchpoints.BudgetScenario(rs, fraction)
		if err != nil {
			t.Fatal(err)
		}
		var spend, revenue decimal.Decimal
		for _, r := range rs {
			spend, revenue = spend.Add(r.Spend), revenue.Add(r.Revenue)
		}
		if !s.TotalSpend.Equal(spend) || !s.TotalRevenue.Equal(revenue) {
			t.Errorf("totals %v, %v; want %v, %v", s.TotalSpend, s.TotalRevenue, spend, revenue)
		}
		// Exact: kept + dropped = total, for spend and for revenue.
		if sum := s.KeptSpend.Add(s.DroppedSpend); !sum.Equal(spend) {
			t.Errorf("kept %v + dropped %v = %v, want total spend %v", s.KeptSpend, s.DroppedSpend, sum, spend)
		}
		if sum := s.KeptRevenue.Add(s.RevenueAtRisk); !sum.Equal(revenue) {
			t.Errorf("kept %v + at risk %v = %v, want total revenue %v", s.KeptRevenue, s.RevenueAtRisk, sum, revenue)
		}
		// The budget is fraction × total, and the kept spend fills it
		// without exceeding it.
		budget := spend.Mul(decimal.NewFromFloat(fraction))
		if !s.Budget.Equal(budget) {
			t.Errorf("Budget = %v, want %v × %v = %v", s.Budget, fraction, spend, budget)
		}
		if s.KeptSpend.Cmp(budget) > 0 {
			t.Errorf("kept spend %v exceeds the budget %v", s.KeptSpend, budget)
		}
		if !s.KeptSpend.Equal(budget) {
			t.Errorf("kept spend %v leaves part of the budget %v unused", s.KeptSpend, budget)
		}
		// The allocations add up to the totals, and at most one channel is
		// cut in two.
		var ks, kr, ds, dr decimal.Decimal
		partial := 0
		for _, a := range s.Kept {
			ks, kr = ks.Add(a.Spend), kr.Add(a.Revenue)
			if a.Partial {
				partial++
			}
		}
		for i, a := range s.Dropped {
			ds, dr = ds.Add(a.Spend), dr.Add(a.Revenue)
			if a.Partial {
				partial++
				if i != 0 {
					t.Errorf("cut channel %s is not the first dropped", a.Name)
				}
			}
		}
		if !ks.Equal(s.KeptSpend) || !kr.Equal(s.KeptRevenue) || !ds.Equal(s.DroppedSpend) || !dr.Equal(s.RevenueAtRisk) {
			t.Errorf("allocations add up to %v, %v kept and %v, %v dropped; scenario says %v, %v and %v, %v",
				ks, kr, ds, dr, s.KeptSpend, s.KeptRevenue, s.DroppedSpend, s.RevenueAtRisk)
		}
		if partial != 0 && partial != 2 {
			t.Errorf("%d partial allocations, want none or a kept and a dropped one", partial)
		}
		// Kept and Dropped follow the ranking; channels that cost nothing
		// are all kept, and of the others the kept ones come first.
		ranked, err := touchpoints.RankChannels(rs)
		if err != nil {
			t.Fatal(err)
		}
		var kept, dropped, wantKept, wantDropped []string
		for _, a := range s.Kept {
			kept = append(kept, a.Name)
		}
		for _, a := range s.Dropped {
			dropped = append(dropped, a.Name)
		}
		cut := false
		for _, r := range ranked {
			if r.Spend.IsZero() {
				wantKept = append(wantKept, r.Name)
				continue
			}
			if slices.Contains(dropped, r.Name) {
				cut = true
			}
			if !cut || slices.Contains(kept, r.Name) {
				wantKept = append(wantKept, r.Name)
			}
			if cut {
				wantDropped = append(wantDropped, r.Name)
			}
		}
		if diff := cmp.Diff(wantKept, kept, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("kept channels mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(wantDropped, dropped, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("dropped channels mismatch (-want +got):\n%s", diff)
		}
		// Nothing is dropped on the whole budget, and a cut channel keeps
		// no more revenue than its share of spend allows.
		if fraction == 1 && len(s.Dropped) != 0 {
			t.Errorf("fraction 1 drops %v", s.Dropped)
		}
		for _, a := range s.Kept {
			if a.Spend.Sign() < 0 || a.Revenue.Sign() < 0 {
				t.Errorf("negative allocation %+v", a)
			}
		}
	})
}

func TestBudgetScenarioProRata(t *testing.T) {
	rs := []touchpoints.Return{
		{Name: "referrals", Revenue: decimal.New(50, 0)},
		{Name: "email", Spend: decimal.New(10, 0), Revenue: decimal.New(100, 0)},
		{Name: "store", Spend: decimal.New(30, 0), Revenue: decimal.New(100, 0)},
		{Name: "tv", Spend: decimal.New(60, 0), Revenue: decimal.New(60, 0)},
	}
	s, err := touchpoints.BudgetScenario(rs, 0.2) // budget 20: email whole, a third of store
	if err != nil {
		t.Fatal(err)
	}
	want := []touchpoints.Allocation{
		{Name: "referrals", Revenue: decimal.New(50, 0)},
		{Name: "email", Spend: decimal.New(10, 0), Revenue: decimal.New(100, 0)},
		{Name: "store", Spend: decimal.New(10, 0), Revenue: decimal.RequireFromString("33.3333"), Partial: true},
	}
	if len(s.Kept) != len(want) {
		t.Fatalf("Kept = %v, want %v", s.Kept, want)
	}
	for i := range want {
		g, w := s.Kept[i], want[i]
		if g.Name != w.Name || !g.Spend.Equal(w.Spend) || !g.Revenue.Equal(w.Revenue) || g.Partial != w.Partial {
			t.Errorf("Kept[%d] = %+v, want %+v", i, g, w)
		}
	}
	if !s.RevenueAtRisk.Equal(decimal.RequireFromString("126.6667")) {
		t.Errorf("RevenueAtRisk = %v, want 126.6667", s.RevenueAtRisk)
	}
}

func TestBudgetScenarioErrors(t *testing.T) {
	for _, f := range []float64{0, -0.1, 1.01, math.NaN(), math.Inf(1)} {
		_, err := touchpoints.BudgetScenario(nil, f)
		if fe := tpFieldError(t, err); fe.Field != "fraction" {
			t.Errorf("BudgetScenario(fraction %v) names %s %q", f, fe.Field, fe.Value)
		}
	}
	_, err := touchpoints.BudgetScenario([]touchpoints.Return{{Name: "x", Spend: decimal.New(-1, 0)}}, 0.5)
	if fe := tpFieldError(t, err); fe.Field != "returns[0].spend" {
		t.Errorf("BudgetScenario(negative spend) names %s %q", fe.Field, fe.Value)
	}
	s, err := touchpoints.BudgetScenario(nil, touchpoints.DefaultBudgetFraction)
	if err != nil || !s.KeptSpend.IsZero() || !s.Budget.IsZero() {
		t.Errorf("BudgetScenario(nothing) = %+v, %v", s, err)
	}
}

func TestAdvocacyOffset(t *testing.T) {
	got, err := touchpoints.AdvocacyOffset(120, 0.25, decimal.RequireFromString("80.00"))
	if err != nil || !got.Equal(decimal.New(2400, 0)) {
		t.Errorf("AdvocacyOffset(120, 0.25, 80) = %v, %v; want 2400", got, err)
	}
	got, err = touchpoints.AdvocacyOffset(0, 1, decimal.New(5, 0))
	if err != nil || !got.IsZero() {
		t.Errorf("AdvocacyOffset(0, ...) = %v, %v; want 0", got, err)
	}
	tests := []struct {
		referrals    int
		conversion   float64
		cost         decimal.Decimal
		field, value string
	}{
		{-1, 0.5, decimal.New(1, 0), "referrals", "-1"},
		{1, 1.5, decimal.New(1, 0), "conversion", "1.5"},
		{1, math.NaN(), decimal.New(1, 0), "conversion", "NaN"},
		{1, -0.5, decimal.New(1, 0), "conversion", "-0.5"},
		{1, 0.5, decimal.New(-3, 0), "cost_per_customer", "-3"},
	}
	for _, tt := range tests {
		_, err := touchpoints.AdvocacyOffset(tt.referrals, tt.conversion, tt.cost)
		if fe := tpFieldError(t, err); fe.Field != tt.field || fe.Value != tt.value {
			t.Errorf("AdvocacyOffset(%d, %v, %v) names %s %q, want %s %q",
				tt.referrals, tt.conversion, tt.cost, fe.Field, fe.Value, tt.field, tt.value)
		}
	}
}
