package attribution_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func decimals(ss ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = decimal.RequireFromString(s)
	}
	return out
}

func TestApportion(t *testing.T) {
	tests := []struct {
		name    string
		total   string
		weights []string
		places  int32
		want    []string
	}{
		{"thirds", "1", []string{"1", "1", "1"}, 4, []string{"0.3334", "0.3333", "0.3333"}},
		{"largest remainder", "10", []string{"1", "2", "4"}, 0, []string{"1", "3", "6"}},
		{"zero weight stays zero", "5", []string{"0", "1", "1"}, 0, []string{"0", "3", "2"}},
		{"places of the total", "0.05", []string{"1", "1"}, 0, []string{"0.03", "0.02"}},
		{"zero total", "0", []string{"0", "0"}, 2, []string{"0", "0"}},
	}
	for _, tt := range tests {
		got, err := attribution.Apportion(decimal.RequireFromString(tt.total), decimals(tt.weights...), tt.places)
		if err != nil {
			t.Errorf("%s: Apportion: %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(decimals(tt.want...), got); diff != "" {
			t.Errorf("%s: Apportion(%s, %v, %d) (-want +got):\n%s", tt.name, tt.total, tt.weights, tt.places, diff)
		}
	}
}

func TestApportionErrors(t *testing.T) {
	tests := []struct {
		name, field string
		total       string
		weights     []string
		places      int32
	}{
		{"places", "places", "1", []string{"1"}, 31},
		{"negative places", "places", "1", []string{"1"}, -1},
		{"negative total", "total", "-1", []string{"1"}, 2},
		{"negative weight", "weights[1]", "1", []string{"1", "-2"}, 2},
		{"no weight", "weights", "1", []string{"0"}, 2},
		{"no weights", "weights", "1", nil, 2},
	}
	for _, tt := range tests {
		_, err := attribution.Apportion(decimal.RequireFromString(tt.total), decimals(tt.weights...), tt.places)
		var fe *attribution.FieldError
		if !errors.Is(err, attribution.ErrInvalid) || !errors.As(err, &fe) || fe.Field != tt.field {
			t.Errorf("%s: got error %v, want a FieldError for %s", tt.name, err, tt.field)
		}
	}
}

// The parts add up exactly to the total, none is negative or has more
// places than asked (or than the total has), and each is within one unit
// of its exact share.
func TestApportionProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		total := decimal.New(rapid.Int64Range(0, 1e9).Draw(t, "total_units"), -rapid.Int32Range(0, 6).Draw(t, "total_places"))
		n := rapid.IntRange(1, 8).Draw(t, "n")
		weights := make([]decimal.Decimal, n)
		sum := decimal.Zero
		for i := range weights {
			weights[i] = decimal.New(rapid.Int64Range(0, 1000).Draw(t, "weight"), -rapid.Int32Range(0, 3).Draw(t, "weight_places"))
			sum = sum.Add(weights[i])
		}
		if sum.IsZero() {
			weights[0] = decimal.NewFromInt(1)
			sum = weights[0]
		}
		places := rapid.Int32Range(0, 8).Draw(t, "places")
		got, err := attribution.Apportion(total, weights, places)
		if err != nil {
			t.Fatalf("Apportion: %v", err)
		}
		p := max(places, -total.Normalize().Exponent())
		unit := decimal.New(1, -p)
		got0 := decimal.Zero
		for i, part := range got {
			got0 = got0.Add(part)
			if part.Sign() < 0 || !part.Equal(part.Truncate(p)) {
				t.Fatalf("part %d = %s: negative or more than %d places", i, part, p)
			}
			exact := total.Mul(weights[i]).DivRound(sum, p+10)
			if part.Sub(exact).Abs().GreaterThan(unit) {
				t.Fatalf("part %d = %s, exact share %s: off by more than %s", i, part, exact, unit)
			}
			if weights[i].IsZero() && !part.IsZero() {
				t.Fatalf("part %d of zero weight = %s", i, part)
			}
		}
		if !got0.Equal(total) {
			t.Fatalf("parts %v add up to %s, want %s", got, got0, total)
		}
	})
}

// A budget of 100.00 split 1:1:1 and rounded to cents still adds up to
// 100.00: the first share takes the cent left over.
func ExampleApportion() {
	parts, err := attribution.Apportion(decimal.RequireFromString("100.00"), decimals("1", "1", "1"), 2)
	if err != nil {
		panic(err)
	}
	fmt.Println(parts)
	// Output:
	// [33.34 33.33 33.33]
}
