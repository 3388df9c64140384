package touchpoints_test

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/engagekit/engage/touchpoints"
)

// tpReturns draws up to max valid returns with distinct names; rates tie
// often, and some spend or revenue is zero.
func tpReturns(max int) *rapid.Generator[[]touchpoints.Return] {
	return rapid.Custom(func(t *rapid.T) []touchpoints.Return {
		n := rapid.IntRange(0, max).Draw(t, "n")
		out := make([]touchpoints.Return, n)
		for i := range out {
			out[i] = touchpoints.Return{
				Name:    fmt.Sprintf("ch-%02d", rapid.IntRange(0, 99).Draw(t, "name")),
				Spend:   decimal.New(rapid.Int64Range(0, 20).Draw(t, "spend"), rapid.Int32Range(-2, 3).Draw(t, "spend_exp")),
				Revenue: decimal.New(rapid.Int64Range(0, 40).Draw(t, "revenue"), rapid.Int32Range(-2, 3).Draw(t, "revenue_exp")),
			}
			out[i].Name += fmt.Sprint("-", i) // distinct, yet sorted unlike draw order
		}
		return out
	})
}

// tpRate is the exact rate of r for the oracle: nil when infinite, 0 with
// neither spend nor revenue.
func tpRate(r touchpoints.Return) *big.Rat {
	switch {
	case r.Spend.IsZero() && r.Revenue.IsZero():
		return new(big.Rat)
	case r.Spend.IsZero():
		return nil
	}
	return new(big.Rat).Quo(r.Revenue.Rat(), r.Spend.Rat())
}

func TestRankChannelsProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rs := tpReturns(12).Draw(t, "returns")
		ranked, err := touchpoints.RankChannels(rs)
		if err != nil {
			t.Fatal(err)
		}
		if len(ranked) != len(rs) {
			t.Fatalf("%d ranked, want %d", len(ranked), len(rs))
		}
		var total decimal.Decimal
		for _, r := range rs {
			total = total.Add(r.Spend)
		}
		share := 0.0
		for i, r := range ranked {
			if r.Rank != i+1 {
				t.Errorf("ranked[%d].Rank = %d", i, r.Rank)
			}
			share += r.ShareOfSpend
			if i == 0 {
				continue
			}
			// Consistent with the exact rate of return, ties by name.
			prev := ranked[i-1]
			a, b := tpRate(prev.Return), tpRate(r.Return)
			var c int
			switch {
			case a == nil && b == nil:
				c = prev.Revenue.Cmp(r.Revenue)
			case a == nil:
				c = 1
			case b == nil:
				c = -1
			default:
				c = a.Cmp(b)
			}
			if c < 0 || c == 0 && prev.Name >= r.Name {
				t.Errorf("%v ranked before %v", prev, r)
			}
			if prev.Rate() < r.Rate() {
				t.Errorf("rate %v ranked before rate %v", prev.Rate(), r.Rate())
			}
		}
		if total.Sign() > 0 && math.Abs(share-1) > 1e-9 {
			t.Errorf("shares of spend add up to %v, want 1", share)
		}
		// A total order: the ranking does not depend on the input order.
		shuffled := rapid.Permutation(rs).Draw(t, "shuffled")
		again, err := touchpoints.RankChannels(shuffled)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ranked, again); diff != "" {
			t.Errorf("ranking of a permutation mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestRankChannelsInfinite(t *testing.T) {
	rs := []touchpoints.Return{
		{Name: "email", Spend: decimal.New(100, 0), Revenue: decimal.New(900, 0)},
		{Name: "idle", Spend: decimal.Decimal{}, Revenue: decimal.Decimal{}},
		{Name: "word_of_mouth", Spend: decimal.Decimal{}, Revenue: decimal.New(50, 0)},
		{Name: "referrals", Spend: decimal.Decimal{}, Revenue: decimal.New(80, 0)},
		{Name: "print", Spend: decimal.New(100, 0), Revenue: decimal.Decimal{}},
	}
	ranked, err := touchpoints.RankChannels(rs)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range ranked {
		got = append(got, r.Name)
	}
	want := []string{"referrals", "word_of_mouth", "email", "idle", "print"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ranking mismatch (-want +got):\n%s", diff)
	}
	first := ranked[0]
	if !first.Infinite() || !math.IsInf(first.Rate(), 1) || !math.IsInf(first.ROI(), 1) {
		t.Errorf("%v: Infinite() = %v, Rate() = %v, ROI() = %v; want infinite", first.Name, first.Infinite(), first.Rate(), first.ROI())
	}
	if s := first.String(); !strings.Contains(s, "infinite") {
		t.Errorf("String() = %q, want it to say the return is infinite", s)
	}
	if idle := ranked[3]; idle.Rate() != 0 || idle.ROI() != 0 || idle.Infinite() {
		t.Errorf("idle: Rate() = %v, ROI() = %v, Infinite() = %v; want 0, 0, false", idle.Rate(), idle.ROI(), idle.Infinite())
	}
	if p := ranked[4]; p.Rate() != 0 || p.ROI() != -1 {
		t.Errorf("print: Rate() = %v, ROI() = %v; want 0, -1", p.Rate(), p.ROI())
	}
	if e := ranked[2]; e.Rate() != 9 || e.ROI() != 8 || e.ShareOfSpend != 0.5 {
		t.Errorf("email: Rate() = %v, ROI() = %v, ShareOfSpend = %v; want 9, 8, 0.5", e.Rate(), e.ROI(), e.ShareOfSpend)
	}
}

func TestRankChannelsErrors(t *testing.T) {
	ok := touchpoints.Return{Name: "email", Spend: decimal.New(1, 0)}
	tests := []struct {
		name         string
		rs           []touchpoints.Return
		field, value string
		duplicate    bool
	}{
		{"no name", []touchpoints.Return{ok, {Spend: decimal.New(1, 0)}}, "returns[1].name", "", false},
		{"negative spend", []touchpoints.Return{{Name: "x", Spend: decimal.New(-2, 0)}}, "returns[0].spend", "-2", false},
		{"negative revenue", []touchpoints.Return{{Name: "x", Revenue: decimal.New(-25, -1)}}, "returns[0].revenue", "-2.5", false},
		{"duplicate", []touchpoints.Return{ok, ok}, "returns[1].name", "email", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := touchpoints.RankChannels(tt.rs)
			fe := tpFieldError(t, err)
			if fe.Field != tt.field || fe.Value != tt.value {
				t.Errorf("RankChannels() names %s %q, want %s %q", fe.Field, fe.Value, tt.field, tt.value)
			}
			if errors.Is(err, touchpoints.ErrDuplicate) != tt.duplicate {
				t.Errorf("errors.Is(%v, ErrDuplicate) != %v", err, tt.duplicate)
			}
		})
	}
}

func TestChannelReturns(t *testing.T) {
	tps := []touchpoints.Touchpoint{
		{ID: "news", Channel: "email", Phase: touchpoints.Cultivation, Cost: decimal.New(300, 0)},
		{ID: "promo", Channel: "email", Phase: touchpoints.Attraction, Cost: decimal.RequireFromString("200.50")},
		{ID: "shop", Channel: "store", Phase: touchpoints.Purchase, Cost: decimal.New(1000, 0)},
	}
	byTP := map[string]decimal.Decimal{"news": decimal.New(900, 0), "promo": decimal.New(100, 0), "shop": decimal.New(1500, 0)}
	byChannel, err := touchpoints.RevenueByChannel(tps, byTP)
	if err != nil {
		t.Fatal(err)
	}
	byChannel["word_of_mouth"] = decimal.New(400, 0)
	got, err := touchpoints.ChannelReturns(tps, byChannel)
	if err != nil {
		t.Fatal(err)
	}
	want := []touchpoints.Return{
		{Name: "email", Spend: decimal.RequireFromString("500.5"), Revenue: decimal.New(1000, 0)},
		{Name: "store", Spend: decimal.New(1000, 0), Revenue: decimal.New(1500, 0)},
		{Name: "word_of_mouth", Revenue: decimal.New(400, 0)},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ChannelReturns() mismatch (-want +got):\n%s", diff)
	}
	perTP, err := touchpoints.TouchpointReturns(tps, map[string]decimal.Decimal{"shop": decimal.New(7, 0)})
	if err != nil {
		t.Fatal(err)
	}
	wantTP := []touchpoints.Return{
		{Name: "news", Spend: decimal.New(300, 0)},
		{Name: "promo", Spend: decimal.RequireFromString("200.5")},
		{Name: "shop", Spend: decimal.New(1000, 0), Revenue: decimal.New(7, 0)},
	}
	if diff := cmp.Diff(wantTP, perTP); diff != "" {
		t.Errorf("TouchpointReturns() mismatch (-want +got):\n%s", diff)
	}
}

func TestReturnsErrors(t *testing.T) {
	tps := []touchpoints.Touchpoint{{ID: "a", Channel: "email", Phase: touchpoints.Use}}
	_, err := touchpoints.TouchpointReturns(tps, map[string]decimal.Decimal{"typo": decimal.New(1, 0)})
	if fe := tpFieldError(t, err); fe.Field != "revenue" || fe.Value != "typo" {
		t.Errorf("TouchpointReturns(unknown id) names %s %q", fe.Field, fe.Value)
	}
	_, err = touchpoints.RevenueByChannel(tps, map[string]decimal.Decimal{"typo": decimal.New(1, 0)})
	if fe := tpFieldError(t, err); fe.Field != "revenue" || fe.Value != "typo" {
		t.Errorf("RevenueByChannel(unknown id) names %s %q", fe.Field, fe.Value)
	}
	_, err = touchpoints.ChannelReturns(tps, map[string]decimal.Decimal{"email": decimal.New(-1, 0)})
	if fe := tpFieldError(t, err); fe.Field != "revenue[email]" || fe.Value != "-1" {
		t.Errorf("ChannelReturns(negative) names %s %q", fe.Field, fe.Value)
	}
	_, err = touchpoints.ChannelReturns(tps, map[string]decimal.Decimal{"": decimal.New(1, 0)})
	if fe := tpFieldError(t, err); fe.Field != "revenue" {
		t.Errorf("ChannelReturns(empty channel) names %s %q", fe.Field, fe.Value)
	}
	_, err = touchpoints.ChannelReturns([]touchpoints.Touchpoint{{ID: "a"}}, nil)
	if fe := tpFieldError(t, err); fe.Field != "touchpoints[0].channel" {
		t.Errorf("ChannelReturns(bad touch point) names %s %q", fe.Field, fe.Value)
	}
}

// TestChannelReturnsAddUp checks that channel returns add up the touch
// point returns exactly: folding by channel loses no money.
func TestChannelReturnsAddUp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tps := tpTouchpoints(20).Draw(t, "touchpoints")
		byTP := make(map[string]decimal.Decimal)
		for _, tp := range tps {
			if rapid.Bool().Draw(t, "earned") {
				byTP[tp.ID] = tpMoney().Draw(t, "revenue")
			}
		}
		perTP, err := touchpoints.TouchpointReturns(tps, byTP)
		if err != nil {
			t.Fatal(err)
		}
		byCh, err := touchpoints.RevenueByChannel(tps, byTP)
		if err != nil {
			t.Fatal(err)
		}
		perCh, err := touchpoints.ChannelReturns(tps, byCh)
		if err != nil {
			t.Fatal(err)
		}
		sum := func(rs []touchpoints.Return) (spend, revenue decimal.Decimal) {
			for _, r := range rs {
				spend, revenue = spend.Add(r.Spend), revenue.Add(r.Revenue)
			}
			return spend, revenue
		}
		s1, r1 := sum(perTP)
		s2, r2 := sum(perCh)
		if !s1.Equal(s2) || !r1.Equal(r2) {
			t.Errorf("touch points add up to spend %v, revenue %v; channels to %v, %v", s1, r1, s2, r2)
		}
	})
}
