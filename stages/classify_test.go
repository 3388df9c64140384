package stages_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
	"pgregory.net/rapid"
)

// improve returns s with one of the signals that should only ever help
// made better: more referrals, higher satisfaction, more goodwill, or a
// better likelihood-to-recommend class.
func improve(t *rapid.T, s stages.Signals) stages.Signals {
	switch rapid.IntRange(0, 3).Draw(t, "which") {
	case 0:
		s.Referrals += rapid.IntRange(1, 5).Draw(t, "moreReferrals")
	case 1:
		if s.Answers > 0 {
			s.Satisfaction = min(5, s.Satisfaction+float64(rapid.IntRange(1, 20).Draw(t, "moreSatTenths"))/10)
		}
	case 2:
		s.Goodwill += float64(rapid.IntRange(1, 50).Draw(t, "moreGoodwillTenths")) / 10
	case 3:
		if s.NPS != engagement.NoNPSClass && s.NPS < engagement.Promoter {
			s.NPS++
		}
	}
	return s
}

func TestMoreNeverLowersStage(t *testing.T) {
	rules := stages.DefaultRules()
	rapid.Check(t, func(t *rapid.T) {
		s := genSignals().Draw(t, "signals")
		prev := genStage().Draw(t, "prev")
		better := improve(t, s)
		before := rules.ClassifySignals(s, prev).Stage
		after := rules.ClassifySignals(better, prev).Stage
		if before.IsEngagement() != after.IsEngagement() || after < before {
			t.Fatalf("improving %+v to %+v moved %v to %v", s, better, before, after)
		}
	})
}

func TestEveryClassificationHasAReason(t *testing.T) {
	rules := stages.DefaultRules()
	rapid.Check(t, func(t *rapid.T) {
		s := genSignals().Draw(t, "signals")
		res := rules.ClassifySignals(s, genStage().Draw(t, "prev"))
		if !res.Stage.Valid() {
			t.Fatalf("stage %v is not a valid stage", res.Stage)
		}
		if res.Why.Len() == 0 {
			t.Fatalf("%v has no reason", res.Stage)
		}
		ex := res.Explain()
		if len(ex) != res.Why.Len() {
			t.Fatalf("%d explanations for %d reasons", len(ex), res.Why.Len())
		}
		for _, e := range ex {
			if e.Text == "" || e.Signal == "" || e.Value == "" {
				t.Fatalf("empty explanation %+v", e)
			}
		}
	})
}

// A customer whose figures wander between the Stay and Enter halves of a
// band keeps the stage they had, on both sides of each boundary.
func TestHysteresisHoldsTheStage(t *testing.T) {
	r := stages.DefaultRules()
	between := func(t *rapid.T, b stages.Band, label string) float64 {
		return b.Stay + (b.Enter-b.Stay)*rapid.Float64Range(0, 0.999).Draw(t, label)
	}
	within := func(t *rapid.T, w stages.Window, label string) time.Duration {
		return w.Enter + 1 + time.Duration(rapid.Int64Range(0, int64(w.Stay-w.Enter-1)).Draw(t, label))
	}
	t.Run("transactional/returning", rapid.MakeCheck(func(t *rapid.T) {
		stage := rapid.SampledFrom([]stages.Stage{stages.Transactional, stages.Returning}).Draw(t, "start")
		for i := range rapid.IntRange(1, 20).Draw(t, "periods") {
			_ = i
			s := stages.Signals{PurchaseDays: 4, SincePurchase: 10 * stages.Day, Seen: true,
				Goodwill: r.ReturningGoodwill.Enter + 1, Answers: 2, Satisfaction: 5}
			switch rapid.IntRange(0, 2).Draw(t, "wanders") {
			case 0:
				s.Goodwill = between(t, r.ReturningGoodwill, "goodwill")
			case 1:
				s.Satisfaction = between(t, r.ReturningSatisfaction, "satisfaction")
			case 2:
				s.SincePurchase = within(t, r.ReturningWithin, "sincePurchase")
			}
			if got := r.ClassifySignals(s, stage).Stage; got != stage {
				t.Fatalf("period %d: %v became %v with %+v", i, stage, got, s)
			}
		}
	}))
	t.Run("returning/advocate", rapid.MakeCheck(func(t *rapid.T) {
		stage := rapid.SampledFrom([]stages.Stage{stages.Returning, stages.Advocate}).Draw(t, "start")
		for i := range rapid.IntRange(1, 20).Draw(t, "periods") {
			s := stages.Signals{PurchaseDays: 4, SincePurchase: 10 * stages.Day, Seen: true,
				Goodwill: r.AdvocateGoodwill.Enter + 1, Referrals: 1, Advocated: true, SinceAdvocacy: 5 * stages.Day}
			switch rapid.IntRange(0, 1).Draw(t, "wanders") {
			case 0:
				s.Goodwill = max(between(t, r.AdvocateGoodwill, "goodwill"), r.ReturningGoodwill.Enter)
			case 1:
				s.SinceAdvocacy = within(t, r.AdvocacyWithin, "sinceAdvocacy")
			}
			if got := r.ClassifySignals(s, stage).Stage; got != stage {
				t.Fatalf("period %d: %v became %v with %+v", i, stage, got, s)
			}
		}
	}))
}

// Advocacy lapses before loyalty does: an advocate who stops speaking for
// the business falls back to returning while still buying.
func TestNeglectedAdvocateFallsBack(t *testing.T) {
	r := stages.DefaultRules()
	s := stages.Signals{PurchaseDays: 5, SincePurchase: 20 * stages.Day, Seen: true, SinceSeen: 20 * stages.Day,
		Goodwill: 8, Referrals: 2, Advocated: true, SinceAdvocacy: 30 * stages.Day}
	if got := r.ClassifySignals(s, stages.Advocate).Stage; got != stages.Advocate {
		t.Fatalf("active advocate classified %v", got)
	}
	s.SinceAdvocacy = r.AdvocacyWithin.Stay + stages.Day
	res := r.ClassifySignals(s, stages.Advocate)
	if res.Stage != stages.Returning || !res.Why.Has(stages.Neglected) {
		t.Fatalf("neglected advocate: got %v because %v, want returning because neglected", res.Stage, res.Why)
	}
	if r.AdvocacyWithin.Stay >= r.ReturningWithin.Stay {
		t.Fatalf("advocacy window %v should lapse before the returning window %v", r.AdvocacyWithin.Stay, r.ReturningWithin.Stay)
	}
}

func TestClassifyReadsTheProfile(t *testing.T) {
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	p, err := engagement.NewProfile("ann", asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	day := func(d int) time.Time { return asOf.AddDate(0, 0, -d) }
	for i, in := range []engagement.Interaction{
		{Kind: engagement.Purchase, Time: day(100)},
		{Kind: engagement.Purchase, Time: day(40)},
		{Kind: engagement.RatingGiven, Time: day(39), Rating: engagement.Satisfied(5)},
		{Kind: engagement.Referral, Time: day(10)},
	} {
		in.ID, in.Customer = string(rune('a'+i)), "ann"
		if err := p.Add(in); err != nil {
			t.Fatal(err)
		}
	}
	res := stages.Classify(p, stages.Unclassified)
	if res.Stage != stages.Advocate {
		t.Fatalf("got %v, want advocate: %v", res.Stage, res)
	}
	s := res.Signals
	if s.PurchaseDays != 2 || s.SincePurchase != 40*stages.Day || s.SinceAdvocacy != 10*stages.Day || s.Referrals != 1 {
		t.Fatalf("signals %+v do not match the profile", s)
	}
	if allocs := testing.AllocsPerRun(100, func() { stages.Classify(p, stages.Returning) }); allocs != 0 {
		t.Fatalf("Classify allocates %v times", allocs)
	}
}

func TestRulesValidate(t *testing.T) {
	r := stages.DefaultRules()
	if err := r.Validate(); err != nil {
		t.Fatalf("default rules: %v", err)
	}
	bad := []func(*stages.Rules){
		func(r *stages.Rules) { r.RepeatPurchaseDays = 0 },
		func(r *stages.Rules) { r.AdvocateReferrals = 0 },
		func(r *stages.Rules) { r.FormerAfter = 0 },
		func(r *stages.Rules) { r.ReturningGoodwill.Stay = r.ReturningGoodwill.Enter + 1 },
		func(r *stages.Rules) { r.AdvocacyWithin.Stay = r.AdvocacyWithin.Enter - 1 },
		func(r *stages.Rules) { r.ReturningWithin.Enter = -1 },
	}
	for i, change := range bad {
		r := stages.DefaultRules()
		change(&r)
		err := r.Validate()
		var ie *stages.InvalidError
		if !errors.As(err, &ie) || !errors.Is(err, stages.ErrInvalid) || !strings.HasPrefix(ie.Field, "Rules.") {
			t.Errorf("change %d: got %v, want an *InvalidError naming a Rules field", i, err)
		}
	}
}
