package engagement

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// genEpoch is where generated histories start; genAsOf is a year later.
var (
	genEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	genAsOf  = genEpoch.AddDate(1, 0, 0)
)

// genAmount draws a non-negative decimal, now and then one too large or too
// precise for the fast path, so both paths of the money total are used.
func genAmount() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		switch rapid.IntRange(0, 9).Draw(t, "amount_shape") {
		case 0:
			return decimal.Decimal{}
		case 1: // beyond int64 in 10^-4 units
			return decimal.New(rapid.Int64Range(0, 1<<62).Draw(t, "huge"), rapid.Int32Range(0, 6).Draw(t, "huge_exp"))
		case 2: // more than four decimal places
			return decimal.New(rapid.Int64Range(0, 1e12).Draw(t, "fine"), rapid.Int32Range(-12, -5).Draw(t, "fine_exp"))
		}
		return decimal.New(rapid.Int64Range(0, 1e7).Draw(t, "cents"), -2)
	})
}

// genRating draws no rating, or a valid one on either scale.
func genRating() *rapid.Generator[Rating] {
	return rapid.Custom(func(t *rapid.T) Rating {
		switch rapid.IntRange(0, 2).Draw(t, "scale") {
		case 1:
			return Satisfied(rapid.IntRange(1, 5).Draw(t, "satisfaction"))
		case 2:
			return Recommends(rapid.IntRange(0, 10).Draw(t, "recommend"))
		}
		return Rating{}
	})
}

// genKind draws a built-in kind, weighted toward purchases, or a
// user-defined one.
func genKind() *rapid.Generator[Kind] {
	kinds := append(BuiltinKinds(), Purchase, Purchase, Purchase, "webinar")
	return rapid.SampledFrom(kinds)
}

// genHistory draws up to max valid interactions with distinct IDs among a
// few customers, within the year before genAsOf and sometimes after it.
// Times repeat now and then, to exercise ties.
func genHistory(customers, max int) *rapid.Generator[[]Interaction] {
	return rapid.Custom(func(t *rapid.T) []Interaction {
		n := rapid.IntRange(0, max).Draw(t, "n")
		out := make([]Interaction, n)
		var last time.Time
		for i := range out {
			at := genEpoch.Add(time.Duration(rapid.Int64Range(0, int64(400*24*time.Hour)).Draw(t, "offset")))
			if i > 0 && rapid.IntRange(0, 9).Draw(t, "same_time") == 0 {
				at = last
			}
			last = at
			out[i] = Interaction{
				ID:         fmt.Sprintf("i%d", i),
				Customer:   CustomerID(fmt.Sprintf("c%d", rapid.IntRange(0, customers-1).Draw(t, "customer"))),
				Time:       at,
				Kind:       genKind().Draw(t, "kind"),
				Touchpoint: rapid.SampledFrom([]string{"", "web", "store"}).Draw(t, "touchpoint"),
				Amount:     genAmount().Draw(t, "amount"),
				Rating:     genRating().Draw(t, "rating"),
			}
		}
		return out
	})
}
