package segment_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/segment"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

// benchBase builds n customers with a few purchases and visits each,
// spread over a year, and marketing consent for every other one.
func benchBase(n int) ([]engagement.Customer, []engagement.Interaction, []engagement.ConsentRecord) {
	cs := make([]engagement.Customer, n)
	var ins []engagement.Interaction
	var rs []engagement.ConsentRecord
	for i := range n {
		id := engagement.CustomerID(fmt.Sprintf("c%06d", i))
		plan := "free"
		if i%3 == 0 {
			plan = "pro"
		}
		cs[i] = engagement.Customer{ID: id, Traits: engagement.Properties{"plan": engagement.StringValue(plan)}}
		for j := range 1 + i%5 {
			kind := engagement.Purchase
			if j%2 == 1 {
				kind = engagement.Referral
			}
			ins = append(ins, engagement.Interaction{ID: fmt.Sprintf("%s-%d", id, j), Customer: id,
				Time: daysAgo((i*7 + j*37) % 365), Kind: kind, Amount: decimal.New(int64(10+i%90), 0),
				Properties: engagement.Properties{"utm_source": engagement.StringValue("newsletter")}})
		}
		if i%2 == 0 {
			rs = append(rs, engagement.ConsentRecord{Customer: id, Purpose: engagement.PurposeMarketing, Channel: "email",
				State: engagement.ConsentGiven, Time: daysAgo(400)})
		}
	}
	return cs, ins, rs
}

// BenchmarkMatches tests the segment against 100k customers'
// facts, read already.
func BenchmarkMatches(b *testing.B) {
	const n = 100_000
	cs, ins, rs := benchBase(n)
	ps, err := engagement.Fold(context.Background(), slices.Values(ins), asOf)
	if err != nil {
		b.Fatal(err)
	}
	facts := make([]segment.Facts, n)
	for i, c := range cs {
		p, _ := ps.Get(c.ID)
		facts[i] = segment.Facts{Customer: c, Profile: p, Stage: stages.Classify(p, stages.Unclassified)}
	}
	for _, r := range rs {
		var i int
		fmt.Sscanf(string(r.Customer), "c%d", &i)
		facts[i].Consent = append(facts[i].Consent, r)
	}
	for _, text := range []string{
		"stage = advocate and last_purchase within 30d and consent(marketing, email)",
		`monetary >= 100.00 and trait.plan = "pro" and level in (engaged, fully_engaged)`,
	} {
		seg := segment.MustParse(text)
		b.Run(fmt.Sprintf("n=%d/%s", n, text[:12]), func(b *testing.B) {
			b.ReportAllocs()
			matched := 0
			for b.Loop() {
				matched = 0
				for i := range facts {
					if seg.Matches(&facts[i], asOf) {
						matched++
					}
				}
			}
			b.ReportMetric(float64(b.N)*n/b.Elapsed().Seconds(), "customers/s")
			b.ReportMetric(float64(matched), "matched")
		})
	}
}

// BenchmarkSelect selects from a memory store: fold, classify, read
// consent, and for event(...) the interactions.
func BenchmarkSelect(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{10_000, 100_000} {
		cs, ins, rs := benchBase(n)
		s := newConsentStore()
		if err := s.PutCustomers(ctx, cs...); err != nil {
			b.Fatal(err)
		}
		if err := s.Append(ctx, ins...); err != nil {
			b.Fatal(err)
		}
		if err := s.RecordConsent(ctx, rs...); err != nil {
			b.Fatal(err)
		}
		for _, text := range []string{
			"stage = advocate and last_purchase within 30d and consent(marketing, email)",
			`trait.plan = "pro" and event(kind = purchase and property.utm_source = "newsletter", within 90d)`,
		} {
			seg := segment.MustParse(text)
			b.Run(fmt.Sprintf("n=%d/%s", n, text[:12]), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := segment.Select(ctx, s, seg, asOf); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.N)*float64(n)/b.Elapsed().Seconds(), "customers/s")
			})
		}
	}
}
