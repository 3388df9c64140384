package stages_test

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

var benchProfiles = sync.OnceValue(func() *engagement.Profiles {
	const customers, events = 1_000_000, 5_000_000
	r := rand.New(rand.NewPCG(3, 4))
	start := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	step := int64(365*24*time.Hour) / events
	seq := func(yield func(engagement.Interaction) bool) {
		for i := range events {
			in := engagement.Interaction{ID: strconv.Itoa(i), Customer: engagement.CustomerID(strconv.Itoa(r.IntN(customers))),
				Time: start.Add(time.Duration(int64(i) * step))}
			switch k := r.IntN(20); {
			case k < 10:
				in.Kind, in.Amount = engagement.Purchase, decimal.New(int64(500+r.IntN(20000)), -2)
			case k < 13:
				in.Kind = engagement.Visit
			case k < 15:
				in.Kind, in.Rating = engagement.RatingGiven, engagement.Satisfied(1+r.IntN(5))
			case k < 17:
				in.Kind, in.Rating = engagement.RatingGiven, engagement.Recommends(r.IntN(11))
			case k < 18:
				in.Kind = engagement.Complaint
			default:
				in.Kind = engagement.Referral
			}
			if !yield(in) {
				return
			}
		}
	}
	ps, err := engagement.Fold(context.Background(), seq, start.AddDate(1, 0, 0))
	if err != nil {
		panic(err)
	}
	return ps
})

// BenchmarkClassify classifies a million profiles, without explanations:
// serially in stored order, and with Rules.Tally on GOMAXPROCS goroutines.
func BenchmarkClassify(b *testing.B) {
	ps := benchProfiles()
	rules := stages.DefaultRules()
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		var d stages.Distribution
		for b.Loop() {
			for p := range ps.Unordered() {
				d.Add(rules.Classify(p, stages.Returning).Stage)
			}
		}
		b.ReportMetric(float64(b.N)*float64(ps.Len())/b.Elapsed().Seconds(), "profiles/s")
	})
	b.Run("tally", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rules.Tally(ps, nil, 0)
		}
		b.ReportMetric(float64(b.N)*float64(ps.Len())/b.Elapsed().Seconds(), "profiles/s")
	})
}
