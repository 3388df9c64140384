package estimate

import (
	"math/big"
	"testing"

	"github.com/engagekit/engage/stages"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// calibratable draws a mix that calibrates on itself under the default
// figures: some engaged or not engaged customers, at most 23/13 of them
// actively disengaged, and at most 13/23 of the rest fully engaged.
func calibratable() *rapid.Generator[Mix] {
	return rapid.Custom(func(t *rapid.T) Mix {
		mid := rapid.IntRange(1, 2000).Draw(t, "middle")
		e := rapid.IntRange(0, mid).Draw(t, "engaged")
		ad := rapid.IntRange(0, 23*mid/13).Draw(t, "actively_disengaged")
		fe := rapid.IntRange(0, 13*(mid+ad)/23).Draw(t, "fully_engaged")
		return Mix{ActivelyDisengaged: ad, NotEngaged: mid - e, Engaged: e, FullyEngaged: fe}
	})
}

func baseline() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		return decimal.New(rapid.Int64Range(0, 1_000_000_000).Draw(t, "baseline_coefficient"),
			int32(rapid.IntRange(-4, 2).Draw(t, "baseline_exponent")))
	})
}

// TestCalibrationIdentities checks the faithful calibration on the base's
// own mix exactly: the fully engaged earn 1.23 times the average, the
// actively disengaged 0.87, the two middle levels one factor between them,
// and the mix-weighted mean factor is exactly 1.
func TestCalibrationIdentities(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		mix := calibratable().Draw(t, "mix")
		c, err := CustomerModel{Baseline: decimal.NewFromInt(1)}.calibrate(mix)
		if err != nil {
			t.Fatal(err)
		}
		if c.factor[3].Cmp(big.NewRat(123, 100)) != 0 || c.factor[0].Cmp(big.NewRat(87, 100)) != 0 {
			t.Fatalf("factors %v, want 0.87 and 1.23 at the ends", c.factor)
		}
		if c.factor[1].Cmp(c.factor[2]) != 0 {
			t.Fatalf("engaged %v and not engaged %v differ", c.factor[2], c.factor[1])
		}
		for i := 1; i < len(c.factor); i++ {
			if c.factor[i].Cmp(c.factor[i-1]) < 0 {
				t.Fatalf("factors %v not ordered", c.factor)
			}
		}
		mean := new(big.Rat)
		for i, n := range mix.counts() {
			mean.Add(mean, new(big.Rat).Mul(ratInt(n), c.factor[i]))
		}
		if mean.Cmp(ratInt(mix.Total())) != 0 {
			t.Fatalf("weighted factors sum to %v, want %d", mean, mix.Total())
		}
	})
}

// TestReferenceCalibration checks that a reference calibration keeps the
// factors' shape (the ratio of fully engaged to actively disengaged is
// 1.23/0.87) and still makes the base's average customer earn the
// baseline, for any base.
func TestReferenceCalibration(t *testing.T) {
	ref := DefaultFigures().AverageOrganisation.Mix()
	rapid.Check(t, func(t *rapid.T) {
		mix := Mix{
			ActivelyDisengaged: rapid.IntRange(0, 1000).Draw(t, "actively_disengaged"),
			NotEngaged:         rapid.IntRange(0, 1000).Draw(t, "not_engaged"),
			Engaged:            rapid.IntRange(0, 1000).Draw(t, "engaged"),
			FullyEngaged:       rapid.IntRange(1, 1000).Draw(t, "fully_engaged"),
		}
		b := baseline().Draw(t, "baseline")
		c, err := CustomerModel{Baseline: b, CalibrateOn: ref}.calibrate(mix)
		if err != nil {
			t.Fatal(err)
		}
		ratio := new(big.Rat).Quo(c.factor[3], c.factor[0])
		if ratio.Cmp(big.NewRat(123, 87)) != 0 {
			t.Fatalf("fully engaged / actively disengaged = %v, want 123/87", ratio)
		}
		total := new(big.Rat)
		for _, x := range c.exact(mix) {
			total.Add(total, x)
		}
		if want := new(big.Rat).Mul(ratInt(mix.Total()), b.Rat()); total.Cmp(want) != 0 {
			t.Fatalf("exact revenue %v, want customers times baseline %v", total, want)
		}
	})
}

// TestLinearExact checks that the exact (unrounded) estimates are linear in
// the baseline, under every reading.
func TestLinearExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		mix := calibratable().Draw(t, "mix")
		b := baseline().Draw(t, "baseline")
		k := decimal.New(rapid.Int64Range(0, 10_000).Draw(t, "scale_coefficient"), int32(rapid.IntRange(-3, 0).Draw(t, "scale_exponent")))
		m := CustomerModel{Baseline: b}
		if rapid.Bool().Draw(t, "assume") {
			m.Assume = &PerCustomerAssumption{Multiplier: float64(rapid.IntRange(1, 500).Draw(t, "multiplier_percent")) / 100}
		}
		c1, err := m.calibrate(mix)
		if err != nil {
			t.Fatal(err)
		}
		m.Baseline = b.Mul(k)
		c2, err := m.calibrate(mix)
		if err != nil {
			t.Fatal(err)
		}
		x1, x2 := c1.exact(mix), c2.exact(mix)
		for i := range x1 {
			if want := new(big.Rat).Mul(x1[i], k.Rat()); x2[i].Cmp(want) != 0 {
				t.Fatalf("level %d: %v at %s times the baseline, want %v", i, x2[i], k, want)
			}
		}
	})
}

// TestApportion checks the rounding at the edge: the parts add up to the
// total exactly, the total is the exact sum rounded half to even, and each
// part is within a cent of its exact value.
func TestApportion(t *testing.T) {
	cent := big.NewRat(1, 100)
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 6).Draw(t, "parts")
		xs := make([]*big.Rat, n)
		sum := new(big.Rat)
		for i := range xs {
			xs[i] = big.NewRat(rapid.Int64Range(0, 1_000_000).Draw(t, "numerator"), rapid.Int64Range(1, 1000).Draw(t, "denominator"))
			sum.Add(sum, xs[i])
		}
		parts, total := apportion(xs)
		// The total is the nearest cent to the sum, the even one on a tie.
		off := new(big.Rat).Sub(total.Rat(), sum)
		switch off.Abs(off).Cmp(big.NewRat(1, 200)) {
		case 1:
			t.Fatalf("total %s is more than half a cent from %v", total, sum)
		case 0:
			if total.Shift(Places).BigInt().Bit(0) != 0 {
				t.Fatalf("total %s: a tie at %v not rounded to even", total, sum)
			}
		}
		got := decimal.Decimal{}
		for i, p := range parts {
			got = got.Add(p)
			d := new(big.Rat).Sub(p.Rat(), xs[i])
			if d.Abs(d).Cmp(cent) >= 0 {
				t.Fatalf("part %d: %s is a cent or more from %v", i, p, xs[i])
			}
		}
		if !got.Equal(total) {
			t.Fatalf("parts add up to %s, total %s", got, total)
		}
	})
}

func TestRoundBank(t *testing.T) {
	for _, tc := range []struct {
		num, den int64
		want     string
	}{
		{1, 200, "0.00"}, {3, 200, "0.02"}, {5, 200, "0.02"}, {1001, 1000, "1.00"},
		{1015, 1000, "1.02"}, {1025, 1000, "1.02"}, {1026, 1000, "1.03"}, {-1015, 1000, "-1.02"},
		{-1025, 1000, "-1.02"}, {-1026, 1000, "-1.03"}, {2, 3, "0.67"}, {0, 1, "0.00"},
	} {
		got := roundBank(big.NewRat(tc.num, tc.den))
		if got.StringFixed(2) != tc.want || !got.Equal(decimal.RequireFromString(tc.want)) {
			t.Errorf("roundBank(%d/%d) = %s, want %s", tc.num, tc.den, got, tc.want)
		}
	}
}

// TestUpliftExact checks that the uplift of A to B times that of B to A is
// exactly 1.
func TestUpliftExact(t *testing.T) {
	p, err := UnitModel{}.performances()
	if err != nil {
		t.Fatal(err)
	}
	for a := range p {
		for b := range p {
			ab := new(big.Rat).Quo(p[b], p[a])
			ba := new(big.Rat).Quo(p[a], p[b])
			if prod := ab.Mul(ab, ba); prod.Cmp(big.NewRat(1, 1)) != 0 {
				t.Errorf("uplift %d->%d->%d = %v, want 1", a, b, a, prod)
			}
		}
	}
	want := [4]*big.Rat{big.NewRat(1, 1), big.NewRat(17, 10), big.NewRat(17, 10), big.NewRat(34, 10)}
	if diff := cmp.Diff(want, p, cmp.Comparer(func(x, y *big.Rat) bool { return x.Cmp(y) == 0 })); diff != "" {
		t.Errorf("performances (-want +got):\n%s", diff)
	}
}

func TestQuantile(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5}
	for _, tc := range []struct{ p, want float64 }{{0, 1}, {0.25, 2}, {0.5, 3}, {0.1, 1.4}, {0.975, 4.9}, {1, 5}} {
		if got := quantile(xs, tc.p); got != tc.want && (got-tc.want > 1e-12 || tc.want-got > 1e-12) {
			t.Errorf("quantile(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
	if got := quantile([]float64{7}, 0.5); got != 7 {
		t.Errorf("quantile of one = %v, want 7", got)
	}
}

func TestLevelsOrder(t *testing.T) {
	for i, l := range levels {
		if int(l-stages.ActivelyDisengaged) != i {
			t.Errorf("levels[%d] = %v", i, l)
		}
	}
}
