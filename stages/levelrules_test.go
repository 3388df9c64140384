package stages_test

import (
	"errors"
	"math"
	"testing"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// A zero LevelRules, and each of its zero fields, means the documented
// default.
func TestLevelRulesZeroIsDefault(t *testing.T) {
	r := stages.DefaultRules()
	rapid.Check(t, func(t *rapid.T) {
		res := r.ClassifySignals(genSignals().Draw(t, "signals"), genStage().Draw(t, "prev"))
		want := stages.DefaultLevelRules().Level(res)
		if got := stages.LevelOf(res); got != want {
			t.Fatalf("LevelOf = %v, DefaultLevelRules().Level = %v", got, want)
		}
		if got := (stages.LevelRules{}).Level(res); got != want {
			t.Fatalf("LevelRules{}.Level = %v, want %v", got, want)
		}
		// Zeroing one field of the defaults changes nothing.
		d := stages.DefaultLevelRules()
		switch rapid.IntRange(0, 3).Draw(t, "field") {
		case 0:
			d.OpenComplaints = 0
		case 1:
			d.Satisfaction = 0
		case 2:
			d.Recommend = 0
		case 3:
			d.Goodwill = 0
		}
		if got := d.Level(res); got != want {
			t.Fatalf("%+v.Level = %v, want %v", d, got, want)
		}
	})
}

// off turns every sign of hostility off.
var off = stages.LevelRules{OpenComplaints: -1, Satisfaction: -1, Recommend: -1, Goodwill: math.Inf(-1)}

// Each sign of hostility is enough on its own, at its documented default,
// and only past it.
func TestLevelRulesSigns(t *testing.T) {
	neutral := stages.Signals{PurchaseDays: 1, Seen: true, Answers: 2, Satisfaction: 3,
		NPS: engagement.Passive, Recommend: 7, Goodwill: 0.5}
	for _, tc := range []struct {
		name   string
		change func(*stages.Signals)
		only   stages.LevelRules // the defaults with every other sign off
		want   stages.Level
	}{
		{"neutral", func(*stages.Signals) {}, stages.LevelRules{}, stages.NotEngaged},
		{"open complaint", func(s *stages.Signals) { s.OpenComplaints = 1 },
			stages.LevelRules{Satisfaction: -1, Recommend: -1, Goodwill: math.Inf(-1)}, stages.ActivelyDisengaged},
		{"satisfaction 2.4", func(s *stages.Signals) { s.Satisfaction = 2.4 },
			stages.LevelRules{OpenComplaints: -1, Recommend: -1, Goodwill: math.Inf(-1)}, stages.ActivelyDisengaged},
		{"satisfaction 2.5", func(s *stages.Signals) { s.Satisfaction = 2.5 }, stages.LevelRules{}, stages.NotEngaged},
		{"satisfaction unanswered", func(s *stages.Signals) { s.Satisfaction, s.Answers = 0, 0 }, stages.LevelRules{}, stages.NotEngaged},
		{"detractor 6", func(s *stages.Signals) { s.NPS, s.Recommend = engagement.Detractor, 6 },
			stages.LevelRules{OpenComplaints: -1, Satisfaction: -1, Goodwill: math.Inf(-1)}, stages.ActivelyDisengaged},
		{"no answer to recommend", func(s *stages.Signals) { s.NPS, s.Recommend = engagement.NoNPSClass, 0 }, stages.LevelRules{}, stages.NotEngaged},
		{"goodwill -3.01", func(s *stages.Signals) { s.Goodwill = -3.01 },
			stages.LevelRules{OpenComplaints: -1, Satisfaction: -1, Recommend: -1}, stages.ActivelyDisengaged},
		{"goodwill -3", func(s *stages.Signals) { s.Goodwill = -3 }, stages.LevelRules{}, stages.NotEngaged},
		{"goodwill -1, the old rule", func(s *stages.Signals) { s.Goodwill = -1 }, stages.LevelRules{}, stages.NotEngaged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := neutral
			tc.change(&s)
			d := stages.DefaultRules()
			res := d.ClassifySignals(s, stages.Unclassified)
			if res.Stage != stages.Transactional {
				t.Fatalf("stage %v, want transactional", res.Stage)
			}
			if got := stages.LevelOf(res); got != tc.want {
				t.Errorf("LevelOf = %v, want %v", got, tc.want)
			}
			if got := tc.only.Level(res); got != tc.want {
				t.Errorf("with only this sign on: %v, want %v", got, tc.want)
			}
			if got := off.Level(res); got != stages.NotEngaged {
				t.Errorf("with every sign off: %v, want not_engaged", got)
			}
		})
	}
}

// Only a transactional customer's level depends on the signs of
// hostility, and stricter signs never make a customer less hostile.
func TestLevelRulesMonotone(t *testing.T) {
	r := stages.DefaultRules()
	genRules := rapid.Custom(func(t *rapid.T) stages.LevelRules {
		return stages.LevelRules{
			OpenComplaints: rapid.IntRange(-1, 3).Draw(t, "openComplaints"),
			Satisfaction:   float64(rapid.IntRange(-1, 50).Draw(t, "satisfactionTenths")) / 10,
			Recommend:      rapid.IntRange(-1, 10).Draw(t, "recommend"),
			Goodwill:       float64(rapid.IntRange(-60, 20).Draw(t, "goodwillTenths")) / 10,
		}
	})
	rapid.Check(t, func(t *rapid.T) {
		res := r.ClassifySignals(genSignals().Draw(t, "signals"), genStage().Draw(t, "prev"))
		lax := genRules.Draw(t, "rules")
		// Read zero fields as the defaults they mean, so that moving a
		// threshold up is stricter.
		d := stages.DefaultLevelRules()
		if lax.OpenComplaints == 0 {
			lax.OpenComplaints = d.OpenComplaints
		}
		if lax.Satisfaction == 0 {
			lax.Satisfaction = d.Satisfaction
		}
		if lax.Recommend == 0 {
			lax.Recommend = d.Recommend
		}
		if lax.Goodwill == 0 {
			lax.Goodwill = d.Goodwill
		}
		strict := lax
		strict.Satisfaction += float64(rapid.IntRange(0, 10).Draw(t, "moreSatisfaction")) / 10
		strict.Recommend += rapid.IntRange(0, 3).Draw(t, "moreRecommend")
		strict.Goodwill += float64(rapid.IntRange(0, 30).Draw(t, "moreGoodwill")) / 10
		if strict.Goodwill == 0 {
			strict.Goodwill = 1e-9 // not the default -3
		}
		if lax.OpenComplaints > 1 {
			strict.OpenComplaints = rapid.IntRange(1, lax.OpenComplaints).Draw(t, "fewerComplaints")
		}
		for _, lr := range []stages.LevelRules{lax, strict} {
			if res.Stage != stages.Transactional && lr.Level(res) != stages.LevelOf(res) {
				t.Fatalf("%v: %+v gives %v, LevelOf %v", res.Stage, lr, lr.Level(res), stages.LevelOf(res))
			}
		}
		if lax.Level(res) == stages.ActivelyDisengaged && strict.Level(res) != stages.ActivelyDisengaged {
			t.Fatalf("%+v finds hostility in %+v, stricter %+v does not", lax, res.Signals, strict)
		}
	})
}

func TestLevelRulesValidate(t *testing.T) {
	for _, tc := range []struct {
		r     stages.LevelRules
		field string
	}{
		{stages.LevelRules{}, ""},
		{stages.DefaultLevelRules(), ""},
		{off, ""},
		{stages.LevelRules{Satisfaction: math.NaN()}, "LevelRules.Satisfaction"},
		{stages.LevelRules{Satisfaction: 5.5}, "LevelRules.Satisfaction"},
		{stages.LevelRules{Recommend: 11}, "LevelRules.Recommend"},
		{stages.LevelRules{Goodwill: math.NaN()}, "LevelRules.Goodwill"},
	} {
		err := tc.r.Validate()
		var ie *stages.InvalidError
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%+v: %v, want valid", tc.r, err)
		case tc.field != "" && (!errors.As(err, &ie) || !errors.Is(err, stages.ErrInvalid)):
			t.Errorf("%+v: %v, want an *InvalidError matching ErrInvalid", tc.r, err)
		case tc.field != "" && ie.Field != tc.field:
			t.Errorf("%+v: field %q, want %q", tc.r, ie.Field, tc.field)
		}
	}
}

// A zero Rules classifies exactly as DefaultRules, and is valid.
func TestZeroRulesMeansDefault(t *testing.T) {
	var zero stages.Rules
	if err := zero.Validate(); err != nil {
		t.Fatalf("Rules{}.Validate: %v", err)
	}
	d := stages.DefaultRules()
	rapid.Check(t, func(t *rapid.T) {
		s, prev := genSignals().Draw(t, "signals"), genStage().Draw(t, "prev")
		got, want := zero.ClassifySignals(s, prev), d.ClassifySignals(s, prev)
		if got.Stage != want.Stage || got.Why != want.Why {
			t.Fatalf("Rules{}: %v %v, DefaultRules: %v %v", got.Stage, got.Why, want.Stage, want.Why)
		}
		if diff := cmp.Diff(want.Explain(), got.Explain()); diff != "" {
			t.Fatalf("Explain (-want +got):\n%s", diff)
		}
		var nilRules *stages.Rules
		if got := nilRules.ClassifySignals(s, prev); got.Stage != want.Stage || got.Why != want.Why {
			t.Fatalf("nil *Rules: %v %v, DefaultRules: %v %v", got.Stage, got.Why, want.Stage, want.Why)
		}
	})
}

// LevelFunc with zero rules is ProfileLevel, and with other rules it
// classifies and levels with them.
func TestLevelFunc(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ps := genProfiles(t)
		strict := stages.DefaultRules()
		strict.RepeatPurchaseDays = 3
		lr := stages.LevelRules{Goodwill: 0.5}
		def, custom := stages.LevelFunc(stages.Rules{}, stages.LevelRules{}), stages.LevelFunc(strict, lr)
		for p := range ps.Unordered() {
			if got, want := def(p), stages.ProfileLevel(p); got != want {
				t.Fatalf("%s: LevelFunc(zero) = %v, ProfileLevel = %v", p.Customer(), got, want)
			}
			if got, want := custom(p), lr.Level(strict.Classify(p, stages.Unclassified)); got != want {
				t.Fatalf("%s: LevelFunc(custom) = %v, want %v", p.Customer(), got, want)
			}
		}
	})
}

// Signals built with a Net Promoter class and no answer read the answer as
// 0: hostile for a detractor, and for no other class.
func TestLevelRulesClassWithoutAnswer(t *testing.T) {
	d := stages.DefaultRules()
	for nps, want := range map[engagement.NPSClass]stages.Level{
		engagement.Detractor: stages.ActivelyDisengaged,
		engagement.Passive:   stages.NotEngaged,
		engagement.Promoter:  stages.NotEngaged,
	} {
		res := d.ClassifySignals(stages.Signals{PurchaseDays: 1, Seen: true, NPS: nps}, stages.Unclassified)
		if got := stages.LevelOf(res); got != want {
			t.Errorf("%v with no answer: %v, want %v", nps, got, want)
		}
	}
}
