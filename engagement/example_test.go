package engagement_test

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/shopspring/decimal"
)

var asOf = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)

func day(month time.Month, d int) time.Time { return time.Date(2025, month, d, 12, 0, 0, 0, time.UTC) }

// history is a small shop's half year: Ana buys often and recommends the
// shop; Ben bought once and complained.
var history = []engagement.Interaction{
	{ID: "1", Customer: "ana", Time: day(time.January, 10), Kind: engagement.Purchase, Amount: decimal.RequireFromString("42.50")},
	{ID: "2", Customer: "ana", Time: day(time.March, 2), Kind: engagement.Purchase, Amount: decimal.RequireFromString("18.00")},
	{ID: "3", Customer: "ana", Time: day(time.March, 2), Kind: engagement.Purchase, Amount: decimal.RequireFromString("7.25")},
	{ID: "4", Customer: "ana", Time: day(time.May, 20), Kind: engagement.RatingGiven, Rating: engagement.Recommends(9)},
	{ID: "5", Customer: "ana", Time: day(time.June, 12), Kind: engagement.Referral},
	{ID: "6", Customer: "ben", Time: day(time.February, 14), Kind: engagement.Purchase, Amount: decimal.RequireFromString("99.99")},
	{ID: "7", Customer: "ben", Time: day(time.June, 1), Kind: engagement.Complaint},
}

// Fold turns a stream of interactions into every customer's profile.
func ExampleFold() {
	profiles, err := engagement.Fold(context.Background(), slices.Values(history), asOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	for id, p := range profiles.All() {
		recency, _ := p.Recency()
		open, _ := p.Complaints()
		nps := p.NPSClass().String()
		if nps == "" {
			nps = "no NPS answer"
		}
		fmt.Printf("%s: %d purchases on %d days, spent %s, last %.0f days ago, %s, %d referral(s), %d open complaint(s), goodwill %.2f\n",
			id, p.Purchases(), p.PurchaseDays(), p.Monetary(), recency.Hours()/24,
			nps, p.Referrals(), open, p.Goodwill())
	}
	// Output:
	// ana: 3 purchases on 2 days, spent 67.75, last 120 days ago, promoter, 1 referral(s), 0 open complaint(s), goodwill 6.85
	// ben: 1 purchases on 1 days, spent 99.99, last 136 days ago, no NPS answer, 0 referral(s), 1 open complaint(s), goodwill -2.04
}

// A profile can be built one interaction at a time, and two profiles of
// the same customer merged.
func ExampleProfile_Merge() {
	early, _ := engagement.NewProfile("ana", asOf, nil)
	late, _ := engagement.NewProfile("ana", asOf, nil)
	for _, in := range history[:5] {
		target := early
		if in.Time.After(day(time.March, 1)) {
			target = late
		}
		if err := target.Add(in); err != nil {
			fmt.Println(err)
		}
	}
	if err := early.Merge(late); err != nil {
		fmt.Println(err)
	}
	first, _ := early.FirstPurchase()
	fmt.Println(early.Purchases(), early.Monetary(), first.Format(time.DateOnly))
	// Output:
	// 3 67.75 2025-01-10
}

// Every goodwill balance can say where it came from.
func ExampleGoodwillRules_Explain() {
	var rules *engagement.GoodwillRules // nil: the defaults
	fmt.Print(rules.Explain("ben", slices.Values(history), asOf))
	// Output:
	// goodwill of ben as of 2025-07-01 (half-life 90d): -2.041
	//   2025-02-14  purchase             +1.000  136d ago,  34.9% left    +0.349
	//   2025-06-01  complaint            -3.000  29d ago,  79.7% left    -2.390
}

// Goodwill rules are overridable, user-defined kinds included.
func ExampleGoodwillRules() {
	rules := &engagement.GoodwillRules{
		HalfLife: 30 * 24 * time.Hour,
		Effects:  map[engagement.Kind]float64{"webinar": 2},
	}
	p, err := engagement.NewProfile("cem", asOf, rules)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = p.Add(engagement.Interaction{ID: "w1", Customer: "cem", Time: asOf.AddDate(0, 0, -30), Kind: "webinar"})
	fmt.Printf("%.2f\n", p.Goodwill())
	// Output:
	// 1.00
}

// NPS is the share of promoters less the share of detractors.
func ExampleNPSTally() {
	var t engagement.NPSTally
	for _, answer := range []int{10, 7, 10} {
		t.Add(engagement.ClassifyNPS(answer))
	}
	fmt.Printf("%.2f\n", t.Score())
	// Output:
	// 66.67
}
