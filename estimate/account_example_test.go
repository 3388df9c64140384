package estimate_test

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/estimate"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

// Estimates roll up per account: the base of an account is its members'
// profiles, through AccountProfile.Each.
func ExampleBaseOf_perAccount() {
	asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	buy := func(id string, customer engagement.CustomerID, daysAgo int, amount string) engagement.Interaction {
		return engagement.Interaction{ID: id, Customer: customer, Time: asOf.AddDate(0, 0, -daysAgo),
			Kind: engagement.Purchase, Amount: decimal.RequireFromString(amount)}
	}
	ps, err := engagement.Fold(context.Background(), slices.Values([]engagement.Interaction{
		buy("1", "ann", 40, "120.00"), buy("2", "ann", 10, "80.00"),
		buy("3", "bob", 20, "35.50"),
		buy("4", "cy", 5, "60.00"),
	}), asOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	accounts := map[engagement.CustomerID]engagement.AccountID{"ann": "acme", "bob": "acme", "cy": "globex"}
	level := func(p *engagement.Profile) stages.Level {
		return stages.LevelOf(stages.Classify(p, stages.Unclassified))
	}
	for _, ap := range ps.ByAccount(func(id engagement.CustomerID) engagement.AccountID { return accounts[id] }) {
		b := estimate.BaseOf(ap.Each(), level)
		fmt.Printf("%s: %d customers, revenue %s, mix %v\n", ap.Account, b.Mix.Total(), b.Revenue.StringFixed(2), b.Mix)
	}
	// Output:
	// acme: 2 customers, revenue 235.50, mix actively_disengaged=0 not_engaged=2 engaged=0 fully_engaged=0
	// globex: 1 customers, revenue 60.00, mix actively_disengaged=0 not_engaged=1 engaged=0 fully_engaged=0
}
