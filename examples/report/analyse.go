package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/clv"
	"github.com/engagekit/engage/estimate"
	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/stages"
	"github.com/engagekit/engage/touchpoints"
	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/shopspring/decimal"
)

// inputs are the files the report reads.
type inputs struct {
	interactions, customers, touchpoints, mentions source
	asOf                                           time.Time
	asOfGiven                                      bool // -asof was set, rather than defaulted
	progress                                       io.Writer
}

// quarter is how far back the report looks for moves between stages.
const quarter = 91 * 24 * time.Hour

// listLen is how many customers the leader and risk lists show.
const listLen = 5

// findings is everything the report shows.
type findings struct {
	AsOf, QuarterAgo time.Time
	YearAgo          time.Time // the start of the year whose journeys are credited to channels
	AsOfGiven        bool
	Interactions     int                     // at or before AsOf
	Later            int                     // after AsOf, left out
	DataStart        time.Time               // the first interaction; zero when none
	DataEnd          time.Time               // the last interaction at or before AsOf; zero when none
	UnknownKinds     map[engagement.Kind]int // kinds the models do not know, with their counts
	Customers        int                     // classified: customers with interactions
	OnFile           int                     // customers in the customers file
	Consented        int                     // of the customers file, those who may be contacted
	CustomerFile     bool

	Tally       stages.Tally
	Approval    float64 // when Rated
	Rated       bool    // some customer answered a satisfaction question
	Focus       stages.Focus
	Moves       stages.Counts
	Next        stages.Vector // the distribution a quarter ahead
	Leaders     []person
	AtRisk      []person
	Dropped     int // moved down a stage, or left, over the quarter
	Slipping    int // held in their stage only by hysteresis
	Goodwill    []point
	Asks        []ask
	Mix         estimate.Mix
	Baseline    decimal.Decimal
	Revenue     *estimate.Revenue
	CalibNote   string
	WorthErr    string // why there are no estimates, when there are none
	Scenarios   []scenario
	Observed    *estimate.Observed
	Community   int
	Forecast    *clv.BaseForecast
	ForecastErr string
	ZeroSpend   int               // repeat buyers left out of the spend model: all their purchases were worth nothing
	Ahead       *estimate.Outcome // the first scenario at the forecast's baseline
	Health      *healthFindings
	Diagnostics *diagnostics

	calibrateOn estimate.Mix // the mix the customer model is calibrated on; zero for the base

	Plan           *touchpoints.Plan
	Channels       []touchpoints.Ranked
	Budget         *touchpoints.Scenario
	Attribution    []channelCredit
	Journeys       int
	UnknownTouches int

	Mentions    int
	Topics      []topicSentiment
	Alerts      []listening.Alert
	Daily       []dayTally
	OpenCases   int
	Late        []listening.Breach
	CaseHorizon time.Duration
}

type person struct {
	ID       engagement.CustomerID
	Stage    stages.Stage
	Was      stages.Stage
	Goodwill float64
	Spent    decimal.Decimal
	Why      string
}

type ask struct {
	Action stages.Action
	Fits   int // customers the action fits who consented
	All    int // customers the action fits
}

type scenario struct {
	Name      string
	Change    decimal.Decimal
	Low, High decimal.Decimal // for a range; zero when none
	HasRange  bool
	Before    decimal.Decimal
	Why       string // when Change is zero, the reason
}

type channelCredit struct {
	Channel                  string
	Markov, Last, First, Lin decimal.Decimal
}

type topicSentiment struct {
	Topic string
	listening.Tally
}

type dayTally struct {
	Day time.Time
	listening.Tally
}

// analyse runs the whole pipeline.
func analyse(ctx context.Context, in inputs) (*findings, error) {
	f := &findings{AsOf: in.asOf, AsOfGiven: in.asOfGiven, QuarterAgo: in.asOf.Add(-quarter), YearAgo: in.asOf.AddDate(-1, 0, 0)}

	tps, err := readTouchpoints(in.touchpoints)
	if err != nil {
		return nil, err
	}
	consent, err := readConsent(in.customers)
	if err != nil {
		return nil, err
	}
	f.CustomerFile = consent != nil

	prog := newProgress(in.progress, "interactions")
	store, err := load(ctx, in.interactions, prog)
	if err != nil {
		return nil, err
	}
	prog.report(" in all")

	// Pass 1: where everyone stood a quarter ago.
	var readErr error
	var later int
	then, err := engagement.Fold(ctx, upTo(ctx, store, f.QuarterAgo, &later, &readErr), f.QuarterAgo)
	if err := cmp.Or(readErr, err); err != nil {
		return nil, err
	}
	before := make(map[engagement.CustomerID]stages.Stage, then.Len())
	for p := range then.Unordered() {
		before[p.Customer()] = stages.Classify(p, stages.Unclassified).Stage
	}

	// Pass 2: the profiles now, with the journeys, the goodwill of the
	// base month by month and the purchase summaries alongside. Only what
	// happened by asOf counts.
	var months []time.Time
	for m := 12; m >= 0; m-- {
		months = append(months, in.asOf.AddDate(0, -m, 0))
	}
	timeline := (*engagement.GoodwillRules)(nil).Timeline(months...)
	journeys, err := touchpoints.NewJourneys(tps, touchpoints.JourneyOptions{})
	if err != nil {
		return nil, err
	}
	summ := clv.NewSummarizer(in.asOf, clv.SummaryOptions{})
	var sideErr error
	var txs []clv.Transaction
	f.UnknownKinds = make(map[engagement.Kind]int)
	tee := func(yield func(engagement.Interaction) bool) {
		for it := range upTo(ctx, store, in.asOf, &f.Later, &readErr) {
			f.Interactions++
			if it.Time.After(f.DataEnd) {
				f.DataEnd = it.Time
			}
			if f.DataStart.IsZero() || it.Time.Before(f.DataStart) {
				f.DataStart = it.Time
			}
			if !it.Kind.Builtin() && !it.Kind.Initiated() {
				f.UnknownKinds[it.Kind]++
			}
			timeline.Add(it)
			// Returns compare a year's revenue with a year's spend: only
			// the year's journeys are credited.
			if it.Time.After(f.YearAgo) && !journeys.Add(it) && it.Touchpoint != "" {
				f.UnknownTouches++
			}
			if err := summ.AddInteraction(it); err != nil && sideErr == nil {
				sideErr = err
			}
			if tx, ok := purchaseOf(it); ok {
				txs = append(txs, tx)
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

	for i, t := range timeline.Times() {
		f.Goodwill = append(f.Goodwill, point{t, timeline.Balances()[i]})
	}

	f.classify(now, before, consent)
	if err := f.health(then, now, before); err != nil {
		return nil, err
	}
	then = nil
	if err := f.estimates(now, before); err != nil {
		return nil, err
	}
	f.forecast(summ)
	f.checkForecast(txs)
	if err := f.touchpoints(tps, journeys); err != nil {
		return nil, err
	}
	if err := f.listen(in.mentions); err != nil {
		return nil, err
	}
	return f, nil
}

// classify places every customer now, counts the moves of the quarter,
// and picks the goodwill leaders, the customers at risk, and what to ask.
func (f *findings) classify(now *engagement.Profiles, before map[engagement.CustomerID]stages.Stage, consent map[engagement.CustomerID]bool) {
	pb, _ := stages.NewPlaybook()
	fits, fitsAll := make(map[string]int), make(map[string]int)
	for p := range now.Unordered() {
		was := before[p.Customer()]
		res := stages.Classify(p, was)
		f.Tally.Add(res)
		if was == stages.Unclassified {
			was = stages.Prospect
		}
		f.Moves.Add(was, res.Stage)
		if was.IsEngagement() && (!res.Stage.IsEngagement() || res.Stage < was) {
			f.Dropped++
		}
		if !res.Stage.IsEngagement() {
			continue
		}
		f.Customers++
		f.Leaders = topN(f.Leaders, person{ID: p.Customer(), Stage: res.Stage, Goodwill: p.Goodwill(), Spent: p.Monetary()},
			func(a, b person) int { return cmp.Or(cmp.Compare(b.Goodwill, a.Goodwill), cmp.Compare(a.ID, b.ID)) })
		fresh := stages.Classify(p, stages.Unclassified)
		if res.Stage < was && was.IsEngagement() {
			f.AtRisk = topN(f.AtRisk, person{ID: p.Customer(), Stage: res.Stage, Was: was, Goodwill: p.Goodwill(),
				Spent: p.Monetary(), Why: reasons(res)},
				func(a, b person) int { return cmp.Or(b.Spent.Cmp(a.Spent), cmp.Compare(a.ID, b.ID)) })
		} else if fresh.Stage < res.Stage {
			f.Slipping++
		}
		for _, a := range pb.For(res.Stage) {
			fitsAll[a.Name]++
			if consent[p.Customer()] { // unknown consent (no file, or not on it) allows no contact
				fits[a.Name]++
			}
		}
	}
	// Without a satisfaction answer the approval rating is unknown, and
	// the focus, which rests on it, is not picked.
	f.Approval, f.Rated = f.Tally.Approval()
	focus, err := stages.PickFocus(f.Tally.Distribution, f.Approval)
	if err == nil && f.Rated {
		f.Focus = focus
		for _, a := range pb.Actions() {
			if a.MinStage == focus.Stage || a.MinStage == stages.Transactional && focus.Stage == stages.Transactional {
				f.Asks = append(f.Asks, ask{a, fits[a.Name], fitsAll[a.Name]})
			}
		}
	}
	m := f.Moves.Matrix()
	f.Next = m.Project(f.Tally.Distribution.Vector(), 1)
	f.OnFile = len(consent)
	for _, v := range consent {
		if v {
			f.Consented++
		}
	}
}

// reasons puts the reasons of a classification on one line. stages
// writes a figure that rounds to its threshold with the digits that tell
// them apart ("goodwill 0.9996 is below the 1.00").
func reasons(res stages.Result) string {
	var parts []string
	for _, e := range res.Explain() {
		if e.Reason == stages.Loyal || e.Reason == stages.Advocacy {
			continue
		}
		parts = append(parts, e.Text)
	}
	return strings.Join(parts, "; ")
}

// topN keeps the best listLen of list plus p, in order.
func topN(list []person, p person, order func(a, b person) int) []person {
	i, _ := slices.BinarySearchFunc(list, p, order)
	if i >= listLen {
		return list
	}
	list = slices.Insert(list, i, p)
	return list[:min(len(list), listLen)]
}

// estimates computes the revenue of the base from its mix, the observed
// multiplier, scenarios and the community size.
func (f *findings) estimates(now *engagement.Profiles, before map[engagement.CustomerID]stages.Stage) error {
	level := func(p *engagement.Profile) stages.Level {
		return stages.LevelOf(stages.Classify(p, before[p.Customer()]))
	}
	samples := estimate.SamplesOf(now.Unordered(), level) // each customer classified once
	base := estimate.BaseFrom(slices.Values(samples))
	f.Mix = base.Mix
	baseline, err := base.Baseline()
	if err != nil {
		f.WorthErr = err.Error()
		if f.Customers == 0 {
			f.WorthErr = "no current customers"
		}
		return nil
	}
	f.Baseline = baseline
	model := estimate.CustomerModel{Baseline: baseline}
	rev, err := model.Revenue(f.Mix)
	if errors.Is(err, estimate.ErrUncalibrated) {
		model.CalibrateOn = estimate.DefaultFigures().AverageOrganisation.Mix()
		f.calibrateOn = model.CalibrateOn
		f.CalibNote = "this base is too engaged to calibrate on itself; calibrated on Gallup's average organisation instead"
		rev, err = model.Revenue(f.Mix)
	}
	if err != nil {
		return err
	}
	f.Revenue = &rev

	obs, err := estimate.ObserveMultiplier(samples, estimate.ObserveOptions{Seed: 1})
	if err == nil {
		f.Observed = &obs
	}
	for _, s := range []struct {
		name string
		move estimate.Move
	}{
		{"move 10% of returning customers to advocates", aheadMove()},
		{"move 10% of not-engaged transactional customers to returning", estimate.Move{From: stages.NotEngaged, To: stages.Engaged, Fraction: 0.10}},
		{"win back 10% of the actively disengaged (to not engaged)", estimate.Move{From: stages.ActivelyDisengaged, To: stages.NotEngaged, Fraction: 0.10}},
	} {
		out, err := model.Scenario(f.Mix, s.move)
		if err != nil {
			return fmt.Errorf("scenario %q: %w", s.name, err)
		}
		sc := scenario{Name: s.name, Change: out.Change, Before: out.Before}
		if out.Change.IsZero() {
			sc.Why = noChange(out, s.move, rev)
		}
		if f.Observed != nil && s.move.From < stages.Engaged && s.move.To >= stages.Engaged {
			// The same move under the per-customer reading, at the ends of
			// the multiplier observed in this base.
			lo, hi, ok := perCustomer(baseline, f.Mix, s.move, f.Observed)
			sc.Low, sc.High, sc.HasRange = lo, hi, ok
		}
		f.Scenarios = append(f.Scenarios, sc)
	}
	n, err := estimate.DefaultParticipation().PopulationFor(30, estimate.Creators)
	if err != nil {
		return err
	}
	f.Community = n
	return nil
}

// noChange says why a scenario changes nothing: nobody to move, nothing
// spent, or two levels that the figures value alike.
func noChange(out estimate.Outcome, mv estimate.Move, rev estimate.Revenue) string {
	moved := 0
	for _, n := range out.Moved {
		moved += n
	}
	var from, to float64
	var atFrom int
	for _, lr := range rev.Levels {
		switch lr.Level {
		case mv.From:
			from, atFrom = lr.Factor, lr.Customers
		case mv.To:
			to = lr.Factor
		}
	}
	switch {
	case moved == 0:
		return fmt.Sprintf("no customer moves: %.0f%% of the %d %s customers rounds to none", 100*mv.Fraction, atFrom, mv.From)
	case out.Before.IsZero():
		return "the average customer spent nothing over the record"
	case from == to:
		return fmt.Sprintf("Gallup's customer figures give %s and %s customers one factor (%.3f here), so moving between them is worth nothing under them", mv.From, mv.To, from)
	}
	return "the change rounds to less than a cent"
}

// perCustomer runs a move under the per-customer reading of a multiplier,
// at the low and high ends of the observed interval.
func perCustomer(baseline decimal.Decimal, mix estimate.Mix, mv estimate.Move, obs *estimate.Observed) (lo, hi decimal.Decimal, ok bool) {
	var out [2]decimal.Decimal
	for i, m := range []float64{obs.Low, obs.High} {
		if !(m > 1) || m > 100 {
			return lo, hi, false
		}
		model := estimate.CustomerModel{Baseline: baseline, Assume: &estimate.PerCustomerAssumption{Multiplier: m}}
		o, err := model.Scenario(mix, mv)
		if err != nil {
			return lo, hi, false
		}
		out[i] = o.Change
	}
	return out[0], out[1], true
}

// weeklyDiscount discounts the forecast at about 10% a year.
const weeklyDiscount = 0.0018

// forecast fits BG/NBD and Gamma-Gamma to the purchases and forecasts the
// next year's revenue.
func (f *findings) forecast(summ *clv.Summarizer) {
	ss := summ.Summaries()
	bg, err := clv.FitBGNBD(ss)
	if err != nil {
		f.ForecastErr = err.Error()
		return
	}
	// A repeat buyer whose purchases were all worth nothing would stop the
	// spend model; they are left out of its fit, counted, and still
	// forecast.
	gg, err := clv.FitGammaGammaWith(ss, clv.FitOptions{SkipZeroSpend: true})
	if err != nil {
		f.ForecastErr = err.Error()
		return
	}
	f.ZeroSpend = gg.Skipped
	base, err := clv.Model{Purchases: bg.Model, Spend: gg.Model}.ForecastBase(ss, clv.Horizon{Periods: 52, DiscountRate: weeklyDiscount})
	if err != nil {
		f.ForecastErr = err.Error()
		return
	}
	f.Forecast = &base
	if f.Revenue == nil {
		return
	}
	// The estimates look back at what customers spent; the same move at
	// the forecast's revenue per customer looks ahead.
	model := estimate.CustomerModel{Baseline: base.RevenuePerCustomer(), CalibrateOn: f.calibrateOn}
	if out, err := model.Scenario(f.Mix, aheadMove()); err == nil {
		f.Ahead = &out
	}
}

// aheadMove returns the scenario the forecast prices: 10% of returning
// customers (engaged) become advocates (fully engaged).
func aheadMove() estimate.Move {
	return estimate.Move{From: stages.Engaged, To: stages.FullyEngaged, Fraction: 0.10}
}

// touchpoints assesses the plan, attributes revenue to channels and ranks
// them by return.
func (f *findings) touchpoints(tps []touchpoints.Touchpoint, js *touchpoints.Journeys) error {
	if len(tps) == 0 {
		return nil // no touch-point file: no plan, no channels
	}
	plan, err := touchpoints.NewPlan(tps, touchpoints.PlanOptions{})
	if err != nil {
		return err
	}
	f.Plan = plan
	paths := js.Paths()
	for _, p := range paths {
		f.Journeys += int(p.Conversions + p.Nulls)
	}
	if len(paths) == 0 {
		return nil
	}
	credits := make(map[string]*channelCredit)
	for i, model := range []attribution.Model{attribution.Markov{}, attribution.LastTouch{}, attribution.FirstTouch{}, attribution.Linear{}} {
		cs, err := model.Attribute(paths)
		if err != nil {
			return fmt.Errorf("attribution: %w", err)
		}
		for ch, c := range cs.All() {
			cc := credits[ch]
			if cc == nil {
				cc = &channelCredit{Channel: ch}
				credits[ch] = cc
			}
			switch i {
			case 0:
				cc.Markov = c.Value
			case 1:
				cc.Last = c.Value
			case 2:
				cc.First = c.Value
			default:
				cc.Lin = c.Value
			}
		}
	}
	revenue := make(map[string]decimal.Decimal)
	for ch, c := range credits {
		f.Attribution = append(f.Attribution, *c)
		revenue[ch] = c.Markov
	}
	slices.SortFunc(f.Attribution, func(a, b channelCredit) int {
		return cmp.Or(b.Markov.Cmp(a.Markov), cmp.Compare(a.Channel, b.Channel))
	})
	returns, err := touchpoints.ChannelReturns(tps, revenue)
	if err != nil {
		return err
	}
	if f.Channels, err = touchpoints.RankChannels(returns); err != nil {
		return err
	}
	budget, err := touchpoints.BudgetScenario(returns, touchpoints.DefaultBudgetFraction)
	if err != nil {
		return err
	}
	f.Budget = &budget
	return nil
}
