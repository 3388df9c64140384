package main

import (
	"cmp"
	"context"
	"io"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/clv"
	"github.com/engagekit/engage/stages"
	"github.com/engagekit/engage/touchpoints"
)

// inputs are the files the report reads.
type inputs struct {
	interactions, customers, touchpoints, mentions source
	asOf                                           time.Time
	asOfGiven                                      bool // -asof was set, rather than defaulted
	progress                                       io.Writer

	// classify places a customer in a stage; nil means stages.Classify.
	// Tests count the classifications through it.
	classify func(p *engagement.Profile, prev stages.Stage) stages.Result
}

// quarter is how far back the report looks for moves between stages.
const quarter = 91 * 24 * time.Hour

// listLen is how many customers the leader and risk lists show.
const listLen = 5

// record is what the sections share: the files read, the profiles now and
// a quarter ago, each customer classified once at each of the two times,
// and what one pass over the interactions gathered for the sections that
// read the stream (goodwill month by month, journeys, purchase summaries).
type record struct {
	AsOf, QuarterAgo time.Time
	YearAgo          time.Time // the start of the year whose journeys are credited to channels
	AsOfGiven        bool

	Interactions int                     // at or before AsOf
	Later        int                     // after AsOf, left out
	DataStart    time.Time               // the first interaction; zero when none
	DataEnd      time.Time               // the last interaction at or before AsOf; zero when none
	UnknownKinds map[engagement.Kind]int // kinds the models do not know, with their counts

	Store       *engagement.MemoryStore
	Then        *engagement.Profiles // a quarter ago
	Now         *engagement.Profiles
	People      []customer                     // everyone with an interaction by AsOf, classified
	Current     int                            // of People, those in a stage of engagement now
	Consent     map[engagement.CustomerID]bool // nil without a customers file
	Touchpoints []touchpoints.Touchpoint       // nil without a touch-point file
	Mentions    source                         // the mentions file, if any

	Goodwill     []point               // the goodwill of the whole base, month by month
	Journeys     *touchpoints.Journeys // the year's journeys
	UnknownTouch int                   // interactions of the year naming a touch point not on file
	Summaries    *clv.Summarizer       // purchase summaries as of AsOf
	Purchases    []clv.Transaction     // every purchase by AsOf
}

// customer is one person of the record with their classifications.
type customer struct {
	Profile *engagement.Profile // as of AsOf
	Now     stages.Result       // as of AsOf, from the stage a quarter ago
	Then    *engagement.Profile // as of QuarterAgo; nil when not seen by then
	Was     stages.Result       // as of QuarterAgo, with no earlier stage; Unclassified when not seen
	// Held is set when the customer keeps their stage now only by the
	// rules' hysteresis: read afresh, with no earlier stage, the same
	// signals place them lower.
	Held bool
}

// readRecord reads the files and folds the interactions as of a quarter
// ago and as of asOf, classifying each customer once at each time.
func readRecord(ctx context.Context, in inputs) (*record, error) {
	r := &record{AsOf: in.asOf, AsOfGiven: in.asOfGiven, QuarterAgo: in.asOf.Add(-quarter),
		YearAgo: in.asOf.AddDate(-1, 0, 0), Mentions: in.mentions}
	classify := in.classify
	if classify == nil {
		classify = stages.Classify
	}

	var err error
	if r.Touchpoints, err = readTouchpoints(in.touchpoints); err != nil {
		return nil, err
	}
	if r.Consent, err = readConsent(in.customers); err != nil {
		return nil, err
	}
	prog := newProgress(in.progress, "interactions")
	if r.Store, err = load(ctx, in.interactions, prog); err != nil {
		return nil, err
	}
	prog.report(" in all")

	// Where everyone stood a quarter ago.
	var readErr error
	var later int
	then, err := engagement.Fold(ctx, upTo(ctx, r.Store, r.QuarterAgo, &later, &readErr), r.QuarterAgo)
	if err := cmp.Or(readErr, err); err != nil {
		return nil, err
	}
	r.Then = then

	// The profiles now, with the goodwill of the base month by month, the
	// journeys and the purchase summaries alongside. Only what happened by
	// asOf counts.
	var months []time.Time
	for m := 12; m >= 0; m-- {
		months = append(months, in.asOf.AddDate(0, -m, 0))
	}
	timeline := (*engagement.GoodwillRules)(nil).Timeline(months...)
	if r.Journeys, err = touchpoints.NewJourneys(r.Touchpoints, touchpoints.JourneyOptions{}); err != nil {
		return nil, err
	}
	r.Summaries = clv.NewSummarizer(in.asOf, clv.SummaryOptions{})
	var sideErr error
	r.UnknownKinds = make(map[engagement.Kind]int)
	tee := func(yield func(engagement.Interaction) bool) {
		for it := range upTo(ctx, r.Store, in.asOf, &r.Later, &readErr) {
			r.Interactions++
			if it.Time.After(r.DataEnd) {
				r.DataEnd = it.Time
			}
			if r.DataStart.IsZero() || it.Time.Before(r.DataStart) {
				r.DataStart = it.Time
			}
			if !it.Kind.Builtin() && !it.Kind.Initiated() {
				r.UnknownKinds[it.Kind]++
			}
			timeline.Add(it)
			// Returns compare a year's revenue with a year's spend: only
			// the year's journeys are credited.
			if it.Time.After(r.YearAgo) && !r.Journeys.Add(it) && it.Touchpoint != "" {
				r.UnknownTouch++
			}
			if err := r.Summaries.AddInteraction(it); err != nil && sideErr == nil {
				sideErr = err
			}
			if tx, ok := purchaseOf(it); ok {
				r.Purchases = append(r.Purchases, tx)
			}
			if !yield(it) {
				return
			}
		}
	}
	now, err := engagement.Fold(ctx, tee, in.asOf)
	if err := cmp.Or(readErr, err, sideErr); err != nil {
		return nil, err
	}
	r.Now = now
	for i, t := range timeline.Times() {
		r.Goodwill = append(r.Goodwill, point{t, timeline.Balances()[i]})
	}

	var fresh stages.Rules // the default rules, for the hysteresis check
	r.People = make([]customer, 0, r.Now.Len())
	for p := range r.Now.Unordered() {
		c := customer{Profile: p}
		if q, ok := r.Then.Get(p.Customer()); ok {
			c.Then, c.Was = q, classify(q, stages.Unclassified)
		}
		c.Now = classify(p, c.Was.Stage)
		if c.Now.Stage.IsEngagement() {
			r.Current++
			c.Held = fresh.ClassifySignals(c.Now.Signals, stages.Unclassified).Stage < c.Now.Stage
		}
		r.People = append(r.People, c)
	}
	return r, nil
}
