package health_test

import (
	"fmt"
	"testing"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/health"
	"github.com/engagekit/engage/segment"
	"github.com/engagekit/engage/stages"
)

// baseFacts builds n customers' facts: profiles with a few interactions,
// a stage, P(alive) for most and mentions for some.
func baseFacts(b *testing.B, n int) []health.Facts {
	kinds := []engagement.Kind{engagement.Purchase, engagement.Complaint, engagement.Referral, engagement.ComplaintResolved, engagement.RatingGiven}
	fs := make([]health.Facts, n)
	for i := range fs {
		id := engagement.CustomerID(fmt.Sprintf("c%06d", i))
		p, err := engagement.NewProfile(id, asOf, nil)
		if err != nil {
			b.Fatal(err)
		}
		for j := range 1 + i%4 {
			in := engagement.Interaction{ID: fmt.Sprint(j), Customer: id, Kind: kinds[(i+j)%len(kinds)], Time: asOf.AddDate(0, 0, -j*20)}
			if in.Kind == engagement.RatingGiven {
				in.Rating = engagement.Recommends(i % 11)
			}
			if err := p.Add(in); err != nil {
				b.Fatal(err)
			}
		}
		fs[i] = health.Facts{Customer: engagement.Customer{ID: id}, Profile: p,
			Stage: stages.Result{Stage: stages.Stage(1 + i%stages.NumStages)}}
		if i%5 != 0 {
			alive := float64(i%100) / 100
			fs[i].Alive = &alive
		}
		if i%3 == 0 {
			fs[i].Mentions = health.Mentions{Mean: float64(i%21-10) / 10, Count: 1 + i%4}
		}
		if i%10 == 0 {
			fs[i].Customer.Account = "acme"
		}
	}
	return fs
}

func BenchmarkScore(b *testing.B) {
	const n = 100_000
	fs := baseFacts(b, n)
	bands := []string{"", health.Red, health.Yellow, health.Green}
	for _, c := range []struct {
		name string
		set  *health.Set
	}{
		{"default", &health.Set{}},
		{"segments", &health.Set{Segments: []health.SegmentScorecard{
			{Segment: segment.MustParse(`account = "acme"`), Scorecard: &health.Scorecard{Name: "b2b", Measures: []health.Weighted{
				{Measure: health.Complaints{}, Weight: 3}, {Measure: health.Stage{}, Weight: 1}}}},
			{Segment: segment.MustParse(`stage = advocate and goodwill >= 5`), Scorecard: health.DefaultScorecard()},
		}}},
	} {
		b.Run(c.name+"/customers=100000", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for i := range fs {
					if _, err := c.set.Score(&fs[i], bands[i%len(bands)], asOf); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "customers/s")
		})
	}
}
