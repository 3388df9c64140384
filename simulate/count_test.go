package simulate

import (
	"math"
	"testing"
)

// TestExpectedCount checks the expected number of purchase days that sets
// each stage's mean basket against sums done by hand and against draws.
func TestExpectedCount(t *testing.T) {
	e := math.Exp(-2.5)
	for _, tc := range []struct {
		lambda  float64
		lo, hi  int
		want    float64
		epsilon float64
	}{
		{2.5, 0, 10_000, 2.5, 1e-9},
		{2.5, 2, 10_000, 2.5 + 2*e + 2.5*e, 1e-9}, // max(2, N): the zero and one count as two
		{2.5, 1, 1, 1, 0},
		{3000, 2, 1095, 1095, 1e-9}, // far more than the days: every day
		{0.01, 3, 365, 3, 1e-9},
	} {
		if got := expectedCount(tc.lambda, tc.lo, tc.hi); math.Abs(got-tc.want) > tc.epsilon {
			t.Errorf("expectedCount(%v, %d, %d) = %v, want %v", tc.lambda, tc.lo, tc.hi, got, tc.want)
		}
	}
	c := &customerGen{r: newRand(1, 1)}
	const draws = 200_000
	var sum float64
	for range draws {
		sum += float64(min(9, max(3, c.poisson(6))))
	}
	if got, want := sum/draws, expectedCount(6, 3, 9); math.Abs(got-want) > 0.01 {
		t.Errorf("mean of %d draws of min(9, max(3, N)) is %v, expectedCount says %v", draws, got, want)
	}
}
