package segment_test

import (
	"context"
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/segment"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

// The issue's example: advocates who bought in the last 30 days and
// consent to marketing by email, tested on one customer.
func ExampleSegment_Match() {
	asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	seg, err := segment.Parse("stage = advocate and last_purchase within 30d and consent(marketing, email)")
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := engagement.NewProfile("ann", asOf, nil)
	day := func(d int) time.Time { return asOf.AddDate(0, 0, -d) }
	for i, in := range []engagement.Interaction{
		{Time: day(200), Kind: engagement.Purchase, Amount: decimal.RequireFromString("40.00")},
		{Time: day(100), Kind: engagement.Purchase, Amount: decimal.RequireFromString("55.00")},
		{Time: day(40), Kind: engagement.Referral},
		{Time: day(12), Kind: engagement.Purchase, Amount: decimal.RequireFromString("25.00")},
	} {
		in.ID, in.Customer = fmt.Sprint(i), "ann"
		if err := p.Add(in); err != nil {
			fmt.Println(err)
			return
		}
	}
	facts := segment.Facts{
		Customer: engagement.Customer{ID: "ann"},
		Profile:  p,
		Stage:    stages.Classify(p, stages.Unclassified),
		Consent: []engagement.ConsentRecord{{Customer: "ann", Purpose: engagement.PurposeMarketing,
			Channel: "sms", State: engagement.ConsentGiven, Time: day(300)}},
	}
	ok, why := seg.Match(&facts, asOf)
	fmt.Println(ok)
	fmt.Println(why)
	// Output:
	// false
	// failed: all of: 2 of 3 held
	//   held: stage is advocate (wanted advocate)
	//   held: last purchase 12 days ago (wanted within 30 days)
	//   failed: no marketing consent on email on record
}

// Parse names the place and the token at fault.
func ExampleParse_error() {
	_, err := segment.Parse(`level in (engaged, fully) and not account = "acme"`)
	fmt.Println(err)
	_, err = segment.Parse("stage = 3")
	fmt.Println(err)
	// Output:
	// segment: 1:20: "fully": unknown level; want one of none, actively_disengaged, not_engaged, engaged, fully_engaged
	// segment: 1:9: "3": stage takes a name: one of unclassified, prospect, transactional, returning, advocate, former
}

// String prints the canonical text; the JSON form is a small tree.
func ExampleSegment_String() {
	seg := segment.MustParse(`monetary >= 100.00 and trait.plan = "pro" and
		event(kind = purchase and property.utm_source = "newsletter", count >= 2, within 90d)`)
	fmt.Println(seg)
	js, _ := seg.MarshalJSON()
	fmt.Println(string(js))
	// Output:
	// monetary >= 100.00 and trait.plan = "pro" and event(kind = purchase and property.utm_source = "newsletter", within 90d, count >= 2)
	// {"and":[{"field":"monetary","op":">=","value":100.00},{"field":"trait.plan","op":"=","value":"pro"},{"event":{"where":{"and":[{"field":"kind","op":"=","value":"purchase"},{"field":"property.utm_source","op":"=","value":"newsletter"}]},"within":"90d","count":{"op":">=","value":2}}}]}
}

// Select picks the customers of a store that a segment matches.
func ExampleSelect() {
	ctx := context.Background()
	asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	store := engagement.NewMemoryStore()
	_ = store.PutCustomers(ctx,
		engagement.Customer{ID: "ann", Account: "acme", Traits: engagement.Properties{"plan": engagement.StringValue("pro")}},
		engagement.Customer{ID: "bob", Traits: engagement.Properties{"plan": engagement.StringValue("free")}},
		engagement.Customer{ID: "cat", Traits: engagement.Properties{"plan": engagement.StringValue("pro")}},
	)
	var batch []engagement.Interaction
	for i, c := range []engagement.CustomerID{"ann", "bob", "cat", "cat"} {
		batch = append(batch, engagement.Interaction{ID: fmt.Sprint(i), Customer: c, Time: asOf.AddDate(0, 0, -10*i-1),
			Kind: engagement.Purchase, Amount: decimal.New(60, 0),
			Properties: engagement.Properties{"utm_source": engagement.StringValue("newsletter")}})
	}
	_ = store.Append(ctx, batch...)

	seg := segment.MustParse(`trait.plan = "pro" and event(property.utm_source = "newsletter", within 90d, count >= 2)`)
	sel, err := segment.Select(ctx, store, seg, asOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sel.IDs, "of", sel.Customers)
	// Output:
	// [cat] of 3
}
