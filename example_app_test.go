package engage_test

import (
	"context"
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/segment"
	"github.com/shopspring/decimal"
)

// An app's engagement layer: track events with properties, identify the
// customer, merge the anonymous visitor into them at login, record consent
// per purpose and channel, select a segment, and erase on request.
func Example_appLayer() {
	ctx := context.Background()
	t := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	asOf := t.AddDate(0, 1, 0)
	store := engagement.NewMemoryStore() // or sqlstore.New(ctx, db, sqlstore.SQLite)
	check := func(err error) {
		if err != nil {
			panic(err) // a real program returns it; none happens here
		}
	}

	check(store.Append(ctx,
		engagement.Interaction{ID: "e-1", Customer: "anon-7f3", Time: t, Kind: engagement.Visit,
			Properties: engagement.Properties{"utm_source": engagement.StringValue("newsletter")}},
		engagement.Interaction{ID: "e-2", Customer: "anon-7f3", Time: t.Add(time.Hour), Kind: engagement.Purchase,
			Amount: decimal.RequireFromString("49.90"), Properties: engagement.Properties{"sku": engagement.StringValue("TENT-2P")}}))
	_, err := engagement.Identify(ctx, store, "u-42", engagement.Properties{"plan": engagement.StringValue("pro")})
	check(err)
	check(store.Merge(ctx, engagement.Merge{From: "anon-7f3", Into: "u-42", Time: t.Add(2 * time.Hour), Reason: "login"}))
	check(store.RecordConsent(ctx, engagement.ConsentRecord{Customer: "u-42", Purpose: engagement.PurposeMarketing,
		Channel: engagement.ChannelEmail, State: engagement.ConsentGiven, Time: t, Source: "signup form"}))

	seg, err := segment.Parse(`trait.plan = "pro" and consent(marketing, email) and event(kind = purchase, within 60d)`)
	check(err)
	sel, err := segment.Select(ctx, store, seg, asOf)
	check(err)
	fmt.Println("segment:", sel.IDs)

	rep, err := store.Erase(ctx, engagement.Erasure{Customer: "anon-7f3", Mode: engagement.EraseDelete})
	check(err)
	fmt.Printf("erased %s: %d interactions, %d consent records, %d alias\n", rep.Customer, rep.Interactions, rep.Consents, rep.Aliases)
	// Output:
	// segment: [u-42]
	// erased u-42: 2 interactions, 1 consent records, 1 alias
}
