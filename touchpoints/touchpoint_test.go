package touchpoints_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/engagekit/engage/touchpoints"
)

// tpMoney draws a non-negative amount: zero now and then, otherwise a whole
// number of units scaled from 10^-4 to 10^2.
func tpMoney() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		if rapid.IntRange(0, 5).Draw(t, "zero") == 0 {
			return decimal.Decimal{}
		}
		return decimal.New(rapid.Int64Range(0, 1e9).Draw(t, "units"), rapid.Int32Range(-4, 2).Draw(t, "exp"))
	})
}

// tpOwners are the owners tpTouchpoints draws from: nobody, the built-in
// functions and two of the user's own.
var tpOwners = append([]touchpoints.Function{"", "", "customer_success", "legal"}, touchpoints.Functions()...)

// tpChannels are the channels tpTouchpoints draws from.
var tpChannels = []string{"email", "store", "search_ads", "events", "call_centre"}

// tpTouchpoints draws up to max valid touch points with distinct IDs,
// built from the plain values a plan cares about.
func tpTouchpoints(max int) *rapid.Generator[[]touchpoints.Touchpoint] {
	return rapid.Custom(func(t *rapid.T) []touchpoints.Touchpoint {
		n := rapid.IntRange(0, max).Draw(t, "n")
		out := make([]touchpoints.Touchpoint, n)
		for i := range out {
			out[i] = touchpoints.Touchpoint{
				ID:      fmt.Sprintf("tp-%d", i),
				Name:    rapid.SampledFrom([]string{"", "Newsletter", "Flagship store"}).Draw(t, "name"),
				Channel: rapid.SampledFrom(tpChannels).Draw(t, "channel"),
				Phase:   rapid.SampledFrom(touchpoints.Phases()).Draw(t, "phase"),
				Owner:   rapid.SampledFrom(tpOwners).Draw(t, "owner"),
				Online:  rapid.Bool().Draw(t, "online"),
				Partner: rapid.Bool().Draw(t, "partner"),
				Cost:    tpMoney().Draw(t, "cost"),
			}
		}
		return out
	})
}

// tpFieldError returns err's *FieldError, failing the test when err is not
// one that matches ErrInvalid and carries the package prefix.
func tpFieldError(t testing.TB, err error) *touchpoints.FieldError {
	t.Helper()
	var fe *touchpoints.FieldError
	if !errors.As(err, &fe) || !errors.Is(err, touchpoints.ErrInvalid) {
		t.Fatalf("error %v (%T) is not a *FieldError matching ErrInvalid", err, err)
	}
	if !strings.HasPrefix(err.Error(), "touchpoints: ") {
		t.Errorf("error %q lacks the package prefix", err)
	}
	return fe
}

func TestTouchpointValidate(t *testing.T) {
	valid := touchpoints.Touchpoint{ID: "tp-1", Channel: "email", Phase: touchpoints.Awareness,
		Owner: touchpoints.Marketing, Cost: decimal.RequireFromString("120.50")}
	if err := valid.Validate(); err != nil {
		t.Fatalf("Validate(%+v) = %v, want nil", valid, err)
	}
	tests := []struct {
		name         string
		edit         func(*touchpoints.Touchpoint)
		field, value string
	}{
		{"no id", func(tp *touchpoints.Touchpoint) { tp.ID = "" }, "id", ""},
		{"no channel", func(tp *touchpoints.Touchpoint) { tp.Channel = " " }, "channel", " "},
		{"no phase", func(tp *touchpoints.Touchpoint) { tp.Phase = touchpoints.PhaseUnspecified }, "phase", ""},
		{"unknown phase", func(tp *touchpoints.Touchpoint) { tp.Phase = 9 }, "phase", "Phase(9)"},
		{"upper-case owner", func(tp *touchpoints.Touchpoint) { tp.Owner = "Sales" }, "owner", "Sales"},
		{"owner with space", func(tp *touchpoints.Touchpoint) { tp.Owner = "product management" }, "owner", "product management"},
		{"negative cost", func(tp *touchpoints.Touchpoint) { tp.Cost = decimal.New(-5, 0) }, "cost", "-5"},
		{"absurd cost", func(tp *touchpoints.Touchpoint) { tp.Cost = decimal.New(1, 1_000_000) }, "cost", "1e1000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp := valid
			tt.edit(&tp)
			fe := tpFieldError(t, tp.Validate())
			if fe.Field != tt.field || fe.Value != tt.value {
				t.Errorf("Validate() names %s %q, want %s %q", fe.Field, fe.Value, tt.field, tt.value)
			}
		})
	}
}

func TestTouchpointEqual(t *testing.T) {
	a := touchpoints.Touchpoint{ID: "a", Channel: "store", Phase: touchpoints.Purchase, Cost: decimal.RequireFromString("12.5")}
	b := a
	b.Cost = decimal.RequireFromString("12.50")
	if !a.Equal(b) {
		t.Errorf("%v.Equal(%v) = false, want true: costs are equal by value", a, b)
	}
	b.Online = true
	if a.Equal(b) {
		t.Errorf("%v.Equal(%v) = true, want false", a, b)
	}
}

func TestGeneratedTouchpointsAreValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		for _, tp := range tpTouchpoints(10).Draw(t, "touchpoints") {
			if err := tp.Validate(); err != nil {
				t.Fatalf("generator drew an invalid touch point: %v", err)
			}
		}
	})
}
