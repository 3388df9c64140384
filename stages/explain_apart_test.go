package stages

import (
	"strconv"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// A figure beside its limit never reads the same as the limit unless it is
// the limit: "goodwill 0.9996 is below the 1.00", not "1.00 ... 1.00".
func TestApartReadsDifferentlyFromItsLimit(t *testing.T) {
	for _, tc := range []struct {
		v, limit float64
		prec     int
		want     string
	}{
		{0.9996, 1, 2, "0.9996"},
		{0.996, 1, 2, "0.996"},
		{0.5, 1, 2, "0.50"},
		{1, 1, 2, "1.00"},
		{3.499, 3.5, 2, "3.499"},
		{60.4, 60, 0, "60.4"},
		{61, 60, 0, "61"},
	} {
		if got := apart(tc.v, tc.limit, tc.prec); got != tc.want {
			t.Errorf("apart(%v, %v, %d) = %q, want %q", tc.v, tc.limit, tc.prec, got, tc.want)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		limit := float64(rapid.IntRange(-500, 500).Draw(t, "limit_hundredths")) / 100
		v := limit + rapid.Float64Range(-1, 1).Draw(t, "offset")
		got := apart(v, limit, 2)
		if v != limit && got == strconv.FormatFloat(limit, 'f', 2, 64) && abs(v-limit) > 1e-12 {
			t.Fatalf("apart(%v, %v) = %q reads as the limit", v, limit, got)
		}
		if back, err := strconv.ParseFloat(got, 64); err != nil || abs(back-v) > 0.005 {
			t.Fatalf("apart(%v, %v) = %q is not v to 2 places or better", v, limit, got)
		}
	})
}

func TestExplainDaysApart(t *testing.T) {
	r := DefaultRules()
	day := 24 * time.Hour
	res := r.ClassifySignals(Signals{PurchaseDays: 3, SincePurchase: r.ReturningWithin.Enter + 6*time.Hour,
		Seen: true, SinceSeen: day, Goodwill: 5}, Transactional)
	found := false
	for _, e := range res.Explain() {
		if e.Reason != NotRecent {
			continue
		}
		found = true
		if want := days(r.ReturningWithin.Enter) + ".2"; e.Value != want {
			t.Errorf("%q: value %q, want %q", e.Text, e.Value, want)
		}
	}
	if !found {
		t.Fatalf("no NotRecent reason in %v", res.Explain())
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
