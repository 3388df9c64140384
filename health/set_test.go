package health_test

import (
	"errors"
	"math"
	"testing"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/health"
	"github.com/engagekit/engage/segment"
	"github.com/engagekit/engage/stages"
	"pgregory.net/rapid"
)

func b2bSet() *health.Set {
	b2b := &health.Scorecard{Name: "b2b", Measures: []health.Weighted{
		{health.Stage{}, 1}, {health.Complaints{}, 3},
	}}
	return &health.Set{Segments: []health.SegmentScorecard{
		{Segment: segment.MustParse(`trait.type = "business"`), Scorecard: b2b},
	}}
}

func TestSetPicksBySegment(t *testing.T) {
	s := b2bSet()
	business := engagement.Customer{ID: "acme", Traits: engagement.Properties{"type": engagement.StringValue("business")}}
	f := health.Facts{Customer: business, Profile: profile(t, engagement.Rating{}, engagement.Complaint),
		Stage: stages.Result{Stage: stages.Returning}}
	r, err := s.Score(&f, "", asOf)
	if err != nil {
		t.Fatal(err)
	}
	// (1·70 + 3·70) / 4 = 70: green.
	if r.Scorecard != "b2b" || r.Score != 70 || r.Band != health.Green || r.Customer != "acme" {
		t.Errorf("business: got %s %v %s %s, want b2b 70 green acme", r.Scorecard, r.Score, r.Band, r.Customer)
	}
	f.Customer = engagement.Customer{ID: "ann"}
	r, err = s.Score(&f, health.Green, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if r.Scorecard != health.DefaultScorecardName || len(r.Missing) != 3 || r.PreviousBand != health.Green {
		t.Errorf("consumer: got scorecard %s, missing %q, previous %q", r.Scorecard, r.Missing, r.PreviousBand)
	}
	if c := s.Scorecard(&f, asOf); c.Name != health.DefaultScorecardName {
		t.Errorf("Scorecard = %s, want the default", c.Name)
	}
}

func TestSetInvalid(t *testing.T) {
	for name, s := range map[string]*health.Set{
		"nil segment":   {Segments: []health.SegmentScorecard{{Scorecard: health.DefaultScorecard()}}},
		"nil scorecard": {Segments: []health.SegmentScorecard{{Segment: segment.MustParse("stage = advocate")}}},
		"bad default":   {Default: &health.Scorecard{Name: "x"}},
		"bad bands":     {Bands: &health.Bands{}},
	} {
		if _, err := s.Score(nil, "", asOf); !errors.Is(err, health.ErrInvalid) {
			t.Errorf("%s: got %v, want ErrInvalid", name, err)
		}
	}
	var s health.Set
	if _, err := s.Score(nil, "amber", asOf); !errors.Is(err, health.ErrInvalid) {
		t.Errorf("unknown previous band: got %v, want ErrInvalid", err)
	}
	r, err := s.Score(nil, "", asOf)
	if err != nil || r.Scored || r.Band != "" {
		t.Errorf("no facts: got %+v, %v; want unscored, no band", r, err)
	}
}

// TestSetAgreesWithParts: the set's score is its scorecard's, and its band
// the bands' assignment of that score.
func TestSetAgreesWithParts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCard(t, false)
		b := genBands(t)
		prev := ""
		if rapid.Bool().Draw(t, "has_previous") {
			prev = rapid.SampledFrom(b.Bands).Draw(t, "previous").Name
		}
		s := health.Set{Default: c, Bands: b}
		r, err := s.Score(nil, prev, asOf)
		if err != nil {
			t.Fatal(err)
		}
		alone, _ := c.Score(nil)
		band, _ := b.Assign(alone.Score, prev)
		if math.Abs(r.Score-alone.Score) > 0 || r.Band != band {
			t.Fatalf("set: %v %s; scorecard and bands: %v %s", r.Score, r.Band, alone.Score, band)
		}
	})
}
