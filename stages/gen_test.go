package stages_test

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
	"pgregory.net/rapid"
)

// genDays draws a duration of whole and half days up to max days.
func genDays(max int, label string) *rapid.Generator[time.Duration] {
	return rapid.Custom(func(t *rapid.T) time.Duration {
		return time.Duration(rapid.IntRange(0, 2*max).Draw(t, label)) * 12 * time.Hour
	})
}

// genSignals draws signals anywhere near the default thresholds, so that
// every rule is sometimes met and sometimes missed.
func genSignals() *rapid.Generator[stages.Signals] {
	return rapid.Custom(func(t *rapid.T) stages.Signals {
		s := stages.Signals{
			PurchaseDays:   rapid.IntRange(0, 6).Draw(t, "purchaseDays"),
			SincePurchase:  genDays(400, "sincePurchase").Draw(t, "sincePurchase"),
			Seen:           rapid.Bool().Draw(t, "seen"),
			SinceSeen:      genDays(500, "sinceSeen").Draw(t, "sinceSeen"),
			Answers:        rapid.IntRange(0, 5).Draw(t, "answers"),
			Referrals:      rapid.IntRange(0, 4).Draw(t, "referrals"),
			Advocated:      rapid.Bool().Draw(t, "advocated"),
			SinceAdvocacy:  genDays(200, "sinceAdvocacy").Draw(t, "sinceAdvocacy"),
			Goodwill:       float64(rapid.IntRange(-40, 120).Draw(t, "goodwillTenths")) / 10,
			OpenComplaints: rapid.IntRange(0, 2).Draw(t, "openComplaints"),
		}
		if s.Answers > 0 {
			s.Satisfaction = float64(rapid.IntRange(10, 50).Draw(t, "satisfactionTenths")) / 10
		}
		if rapid.Bool().Draw(t, "recommended") {
			s.Recommend = rapid.IntRange(0, 10).Draw(t, "recommend")
			s.NPS = engagement.ClassifyNPS(s.Recommend)
		}
		return s
	})
}

func genStage() *rapid.Generator[stages.Stage] {
	return rapid.Custom(func(t *rapid.T) stages.Stage {
		return stages.Stage(rapid.IntRange(0, stages.NumStages).Draw(t, "stage"))
	})
}

// genProfiles folds a drawn history of a few customers over two years.
func genProfiles(t *rapid.T) *engagement.Profiles {
	asOf := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	kinds := []engagement.Kind{engagement.Purchase, engagement.Visit, engagement.Complaint,
		engagement.ComplaintResolved, engagement.Referral, engagement.RatingGiven, engagement.Review}
	var events []engagement.Interaction
	for i := range rapid.IntRange(0, 80).Draw(t, "events") {
		in := engagement.Interaction{
			ID:       strconv.Itoa(i),
			Customer: engagement.CustomerID(rapid.SampledFrom([]string{"a", "b", "c", "d", "e", "f"}).Draw(t, "customer")),
			Time:     asOf.Add(-time.Duration(rapid.IntRange(0, 730).Draw(t, "daysAgo")) * stages.Day),
			Kind:     rapid.SampledFrom(kinds).Draw(t, "kind"),
		}
		if in.Kind == engagement.RatingGiven {
			in.Rating = engagement.Satisfied(rapid.IntRange(1, 5).Draw(t, "rating"))
		}
		events = append(events, in)
	}
	ps, err := engagement.Fold(context.Background(), slices.Values(events), asOf)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}
