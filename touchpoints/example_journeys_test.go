package touchpoints_test

import (
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/touchpoints"
	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/shopspring/decimal"
)

// ExampleJourneys builds attribution paths from a stream of interactions
// and credits the revenue to channels by last touch.
func ExampleJourneys() {
	tps := []touchpoints.Touchpoint{
		{ID: "newsletter", Channel: "email", Phase: touchpoints.Awareness},
		{ID: "web-shop", Channel: "web", Phase: touchpoints.Purchase},
		{ID: "high-street", Channel: "store", Phase: touchpoints.Purchase},
	}
	journeys, err := touchpoints.NewJourneys(tps, touchpoints.JourneyOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	for i, in := range []engagement.Interaction{
		{Customer: "ana", Kind: engagement.Visit, Touchpoint: "newsletter"},
		{Customer: "ben", Kind: engagement.Visit, Touchpoint: "newsletter"},
		{Customer: "ana", Kind: engagement.Purchase, Touchpoint: "web-shop", Amount: decimal.RequireFromString("40.00")},
		{Customer: "ben", Kind: engagement.Visit, Touchpoint: "web-shop"},
		{Customer: "cai", Kind: engagement.Purchase, Touchpoint: "high-street", Amount: decimal.RequireFromString("25.50")},
		{Customer: "ana", Kind: engagement.Visit, Touchpoint: "newsletter"},
		{Customer: "cai", Kind: engagement.Purchase, Touchpoint: "call-centre", Amount: decimal.RequireFromString("9.99")},
	} {
		in.Time = at.Add(time.Duration(i) * time.Hour)
		if !journeys.Add(in) {
			fmt.Println("not at a known touch point:", in.Touchpoint)
		}
	}
	paths := journeys.Paths()
	for _, p := range paths {
		fmt.Printf("%s: %d converted (%s), %d not\n", p, p.Conversions, p.Value.StringFixed(2), p.Nulls)
	}
	credits, err := attribution.LastTouch{}.Attribute(paths)
	if err != nil {
		fmt.Println(err)
		return
	}
	for ch, c := range credits.All() {
		fmt.Printf("last touch credits %s with %s\n", ch, c.Value.StringFixed(2))
	}
	// Output:
	// not at a known touch point: call-centre
	// email: 0 converted (0.00), 1 not
	// email > web: 1 converted (40.00), 1 not
	// store: 1 converted (25.50), 0 not
	// last touch credits email with 0.00
	// last touch credits store with 25.50
	// last touch credits web with 40.00
}
