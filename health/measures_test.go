package health_test

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/health"
	"github.com/engagekit/engage/stages"
)

var asOf = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)

// profile folds interactions of kinds (at asOf, so goodwill has not
// decayed) with an optional rating on the last.
func profile(t testing.TB, rating engagement.Rating, kinds ...engagement.Kind) *engagement.Profile {
	t.Helper()
	p, err := engagement.NewProfile("ann", asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range kinds {
		in := engagement.Interaction{ID: fmt.Sprint(i), Customer: "ann", Kind: k, Time: asOf}
		if i == len(kinds)-1 {
			in.Rating = rating
		}
		if err := p.Add(in); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

type measureCase struct {
	name  string
	m     health.Measure
	f     health.Facts
	want  float64
	value bool
}

func runMeasures(t *testing.T, cases []measureCase) {
	t.Helper()
	for _, c := range cases {
		got, ok := c.m.Score(&c.f)
		if ok != c.value || math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: %s = %v, %t; want %v, %t", c.name, c.m.Name(), got, ok, c.want, c.value)
		}
	}
}

func TestGoodwillMeasure(t *testing.T) {
	none := engagement.Rating{}
	runMeasures(t, []measureCase{
		{"no profile", health.Goodwill{}, health.Facts{}, 0, false},
		{"neutral", health.Goodwill{}, health.Facts{Profile: profile(t, none)}, 50, true},
		{"one complaint", health.Goodwill{}, health.Facts{Profile: profile(t, none, engagement.Complaint)}, 100 / (1 + math.E), true},
		{"a referral", health.Goodwill{}, health.Facts{Profile: profile(t, none, engagement.Referral)}, 100 / (1 + math.Exp(-5.0/3)), true},
		{"midpoint moved", health.Goodwill{Midpoint: 5}, health.Facts{Profile: profile(t, none, engagement.Referral)}, 50, true},
		{"scale 1", health.Goodwill{Scale: 1}, health.Facts{Profile: profile(t, none, engagement.Purchase)}, 100 / (1 + math.Exp(-1)), true},
	})
	g := health.Goodwill{}
	if a, b := g.Map(1e9), g.Map(-1e9); a != 100 || b != 0 {
		t.Errorf("extreme balances map to %v and %v, want 100 and 0", a, b)
	}
}

func TestStageMeasure(t *testing.T) {
	at := func(s stages.Stage) health.Facts { return health.Facts{Stage: stages.Result{Stage: s}} }
	runMeasures(t, []measureCase{
		{"unclassified", health.Stage{}, at(stages.Unclassified), 0, false},
		{"prospect", health.Stage{}, at(stages.Prospect), 25, true},
		{"transactional", health.Stage{}, at(stages.Transactional), 40, true},
		{"returning", health.Stage{}, at(stages.Returning), 70, true},
		{"advocate", health.Stage{}, at(stages.Advocate), 100, true},
		{"former", health.Stage{}, at(stages.Former), 0, true},
		{"override", health.Stage{Scores: map[stages.Stage]float64{stages.Prospect: 60}}, at(stages.Prospect), 60, true},
		{"override keeps others", health.Stage{Scores: map[stages.Stage]float64{stages.Prospect: 60}}, at(stages.Advocate), 100, true},
	})
	for s, v := range health.DefaultStageScores() {
		if got, _ := (health.Stage{}).Score(&health.Facts{Stage: stages.Result{Stage: s}}); got != v {
			t.Errorf("DefaultStageScores[%s] = %v, measure gives %v", s, v, got)
		}
	}
	if err := (health.Stage{Scores: map[stages.Stage]float64{stages.Returning: 120}}).Validate(); !errors.Is(err, health.ErrInvalid) {
		t.Errorf("score 120: got %v, want ErrInvalid", err)
	}
	if err := (health.Stage{Scores: map[stages.Stage]float64{stages.Unclassified: 10}}).Validate(); !errors.Is(err, health.ErrInvalid) {
		t.Errorf("unclassified: got %v, want ErrInvalid", err)
	}
}

func TestAliveMeasure(t *testing.T) {
	runMeasures(t, []measureCase{
		{"unknown", health.Alive{}, health.Facts{}, 0, false},
		{"certain", health.Alive{}, health.Facts{Alive: ptr(1.0)}, 100, true},
		{"gone", health.Alive{}, health.Facts{Alive: ptr(0.0)}, 0, true},
		{"likely", health.Alive{}, health.Facts{Alive: ptr(0.83)}, 83, true},
	})
}

func TestNPSMeasure(t *testing.T) {
	rated := func(v int) health.Facts {
		return health.Facts{Profile: profile(t, engagement.Recommends(v), engagement.RatingGiven)}
	}
	runMeasures(t, []measureCase{
		{"no profile", health.NPS{}, health.Facts{}, 0, false},
		{"no answer", health.NPS{}, health.Facts{Profile: profile(t, engagement.Rating{}, engagement.Purchase)}, 0, false},
		{"promoter", health.NPS{}, rated(10), 100, true},
		{"passive", health.NPS{}, rated(7), 50, true},
		{"detractor", health.NPS{}, rated(6), 0, true},
		{"override", health.NPS{Scores: map[engagement.NPSClass]float64{engagement.Passive: 65}}, rated(8), 65, true},
		{"none scored", health.NPS{Scores: map[engagement.NPSClass]float64{engagement.NoNPSClass: 40}}, health.Facts{}, 40, true},
	})
	if err := (health.NPS{Scores: map[engagement.NPSClass]float64{engagement.Promoter: -1}}).Validate(); !errors.Is(err, health.ErrInvalid) {
		t.Errorf("score -1: got %v, want ErrInvalid", err)
	}
}

func TestSentimentMeasure(t *testing.T) {
	said := func(mean float64, n int) health.Facts {
		return health.Facts{Mentions: health.Mentions{Mean: mean, Count: n}}
	}
	runMeasures(t, []measureCase{
		{"no mentions", health.Sentiment{}, said(0, 0), 0, false},
		{"neutral", health.Sentiment{}, said(0, 3), 50, true},
		{"hostile", health.Sentiment{}, said(-1, 1), 0, true},
		{"glowing", health.Sentiment{}, said(1, 1), 100, true},
		{"mild", health.Sentiment{}, said(0.4, 2), 70, true},
		{"too few", health.Sentiment{MinMentions: 3}, said(0.4, 2), 0, false},
		{"enough", health.Sentiment{MinMentions: 3}, said(0.4, 3), 70, true},
	})
}

func TestComplaintsMeasure(t *testing.T) {
	none := engagement.Rating{}
	c, r := engagement.Complaint, engagement.ComplaintResolved
	runMeasures(t, []measureCase{
		{"no profile", health.Complaints{}, health.Facts{}, 0, false},
		{"none", health.Complaints{}, health.Facts{Profile: profile(t, none, engagement.Purchase)}, 100, true},
		{"one open", health.Complaints{}, health.Facts{Profile: profile(t, none, c)}, 70, true},
		{"one resolved", health.Complaints{}, health.Facts{Profile: profile(t, none, c, r)}, 90, true},
		{"open and resolved", health.Complaints{}, health.Facts{Profile: profile(t, none, c, c, r)}, 60, true},
		{"floor", health.Complaints{}, health.Facts{Profile: profile(t, none, c, c, c, c, c)}, 0, true},
		{"no penalty for resolved", health.Complaints{Penalties: &health.ComplaintPenalties{Open: 50}},
			health.Facts{Profile: profile(t, none, c, c, r)}, 50, true},
	})
	if err := (health.Complaints{Penalties: &health.ComplaintPenalties{Open: 200}}).Validate(); !errors.Is(err, health.ErrInvalid) {
		t.Errorf("penalty 200: got %v, want ErrInvalid", err)
	}
}
