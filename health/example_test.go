package health_test

import (
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/health"
	"github.com/engagekit/engage/segment"
	"github.com/engagekit/engage/stages"
)

func ExampleScorecard_Score() {
	// A measure of your own beside two built-in ones.
	support := health.MeasureFunc{Label: "support", Func: func(*health.Facts) (float64, bool) { return 21, true }}
	c := &health.Scorecard{Name: "consumer", Measures: []health.Weighted{
		{Measure: health.Alive{}, Weight: 20},
		{Measure: health.Sentiment{}, Weight: 15},
		{Measure: support, Weight: 22},
	}}
	alive := 0.47
	r, _ := c.Score(&health.Facts{Alive: &alive, Mentions: health.Mentions{Mean: 0.18, Count: 4}})
	fmt.Printf("%s: %.3f\n", r.Scorecard, r.Score)
	for _, p := range r.Parts {
		fmt.Printf("%-9s %5.1f x %4.1f%% = %4.1f points\n", p.Measure, p.Value, p.Share*100, p.Points)
	}
	// Without mentions, sentiment is left out and the others share its weight.
	r, _ = c.Score(&health.Facts{Alive: &alive})
	fmt.Printf("%.3f, left out: %v\n", r.Score, r.Missing)
	// Output:
	// consumer: 40.123
	// alive      47.0 x 35.1% = 16.5 points
	// sentiment  59.0 x 26.3% = 15.5 points
	// support    21.0 x 38.6% =  8.1 points
	// 33.381, left out: [sentiment]
}

func ExampleBands_Assign() {
	b := health.DefaultBands()
	for _, c := range []struct {
		score float64
		prev  string
	}{{68, ""}, {68, "green"}, {64, "green"}, {72, "yellow"}, {76, "yellow"}} {
		band, _ := b.Assign(c.score, c.prev)
		fmt.Printf("%v from %q: %s\n", c.score, c.prev, band)
	}
	// Output:
	// 68 from "": yellow
	// 68 from "green": green
	// 64 from "green": yellow
	// 72 from "yellow": yellow
	// 76 from "yellow": green
}

func ExampleResult_Explain() {
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	p, _ := engagement.NewProfile("ann", asOf, nil)
	for i, k := range []engagement.Kind{engagement.Purchase, engagement.Referral} {
		p.Add(engagement.Interaction{ID: fmt.Sprint(i), Customer: "ann", Kind: k, Time: asOf.AddDate(0, -1, 0)})
	}
	var set health.Set // the default scorecard and bands
	f := health.Facts{Profile: p, Stage: stages.Result{Stage: stages.Advocate}}
	before, _ := set.Score(&f, "", asOf)
	for _, s := range before.Explain(nil) {
		fmt.Println(s)
	}

	// A month later: two complaints, and the classifier has her returning.
	later := asOf.AddDate(0, 1, 0)
	q, _ := engagement.NewProfile("ann", later, nil)
	for i, k := range []engagement.Kind{engagement.Purchase, engagement.Referral, engagement.Complaint, engagement.Complaint} {
		q.Add(engagement.Interaction{ID: fmt.Sprint(i), Customer: "ann", Kind: k, Time: asOf.AddDate(0, -1+i/2, 0)})
	}
	f = health.Facts{Profile: q, Stage: stages.Result{Stage: stages.Returning}}
	after, _ := set.Score(&f, before.Band, later)
	for _, s := range after.Explain(&before) {
		fmt.Println(s)
	}
	rec, _ := after.StateRecord(later)
	fmt.Println(rec.Stage, rec.Band)
	// Output:
	// score 92.2 (green) by scorecard default
	// goodwill contributed most: 37.7 of 92.2 points (score 82.9, weight 45.5%)
	// complaints contributed least: 18.2 points (score 100, weight 18.2%)
	// left out for want of a value: alive, nps, sentiment
	// score fell from 92.2 to 51.7: band yellow, was green
	// goodwill fell from 82.9 to 41.7: -18.7 points
	// stage fell from 100 to 70: -10.9 points
	// complaints fell from 100 to 40: -10.9 points
	// returning yellow
}

func ExampleSet() {
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	accounts := &health.Scorecard{Name: "accounts", Measures: []health.Weighted{
		{Measure: health.Complaints{}, Weight: 3},
		{Measure: health.Stage{}, Weight: 1},
	}}
	set := health.Set{Segments: []health.SegmentScorecard{
		{Segment: segment.MustParse(`account = "acme"`), Scorecard: accounts},
	}}
	for _, c := range []engagement.Customer{{ID: "bo", Account: "acme"}, {ID: "cy"}} {
		// Each bought once and complained once today.
		p, _ := engagement.NewProfile(c.ID, asOf, nil)
		for i, k := range []engagement.Kind{engagement.Purchase, engagement.Complaint} {
			p.Add(engagement.Interaction{ID: fmt.Sprint(i), Customer: c.ID, Kind: k, Time: asOf})
		}
		f := health.Facts{Customer: c, Profile: p, Stage: stages.Result{Stage: stages.Transactional}}
		r, _ := set.Score(&f, "", asOf)
		fmt.Printf("%s: %s %.1f %s\n", c.ID, r.Scorecard, r.Score, r.Band)
	}
	// Output:
	// bo: accounts 62.5 yellow
	// cy: default 42.7 yellow
}
