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
	progress                                       io.Writer
}

// quarter is how far back the report looks for moves between stages.
const quarter = 91 * 24 * time.Hour

// listLen is how many customers the leader and risk lists show.
const listLen = 5

// findings is everything the report shows.
type findings struct {
	AsOf, QuarterAgo time.Time
	Interactions     int
	Customers        int // classified: customers with interactions
	OnFile           int // customers in the customers file
	Consented        int // of the customers file, those who may be contacted
	CustomerFile     bool

	Tally       stages.Tally
	Approval    float64
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
	Scenarios   []scenario
	Observed    *estimate.Observed
	Community   int
	Forecast    *clv.BaseForecast
	ForecastErr string
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
}

type scenario struct {
	Name         string
	Change       decimal.Decimal
	Low, High    decimal.Decimal // for a range; zero when none
	HasRange     bool
	Before       decimal.Decimal
	Rangecomment string
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
	f := &findings{AsOf: in.asOf, QuarterAgo: in.asOf.Add(-quarter)}

	tps, err := readTouchpoints(in.touchpoints)
	if err != nil {
		return nil, err
	}
	consent, err := readConsent(in.customers)
	if err != nil {
		return nil, err
	}
	f.CustomerFile = consent != nil

	// Pass 1: where everyone stood a quarter ago.
	var readErr error
	then, err := engagement.Fold(ctx, interactions(in.interactions, nil, &readErr), f.QuarterAgo)
	if err := cmp.Or(readErr, err); err != nil {
		return nil, err
	}
	before := make(map[engagement.CustomerID]stages.Stage, then.Len())
	for p := range then.Unordered() {
		before[p.Customer()] = stages.Classify(p, stages.Unclassified).Stage
	}

	// Pass 2: the profiles now, with the journeys, the goodwill of the
	// base month by month and the purchase summaries alongside.
	channelOf := make(map[string]string, len(tps))
	for _, tp := range tps {
		channelOf[tp.ID] = tp.Channel
	}
	var months []time.Time
	for m := 12; m >= 0; m-- {
		months = append(months, in.asOf.AddDate(0, -m, 0))
	}
	timeline := (*engagement.GoodwillRules)(nil).Timeline(months...)
	journeys := newJourneys()
	summ := clv.NewSummarizer(in.asOf, clv.SummaryOptions{})
	prog := newProgress(in.progress, "interactions")
	var sideErr error
	var txs []clv.Transaction
	tee := func(yield func(engagement.Interaction) bool) {
		for it := range interactions(in.interactions, prog, &readErr) {
			timeline.Add(it)
			if ch, ok := channelOf[it.Touchpoint]; ok {
				journeys.add(it, ch)
			} else if it.Touchpoint != "" {
				f.UnknownTouches++
			}
			if !it.Time.After(in.asOf) {
				if err := summ.AddInteraction(it); err != nil && sideErr == nil {
					sideErr = err
				}
				if tx, ok := purchaseOf(it); ok {
					txs = append(txs, tx)
				}
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
	prog.report(" in all")
	f.Interactions = prog.rows

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
	fits := make(map[string]int)
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
		if consent == nil || consent[p.Customer()] {
			for _, a := range pb.For(res.Stage) {
				fits[a.Name]++
			}
		}
	}
	f.Approval, _ = f.Tally.Approval()
	focus, err := stages.PickFocus(f.Tally.Distribution, f.Approval)
	if err == nil {
		f.Focus = focus
		for _, a := range pb.Actions() {
			if a.MinStage == focus.Stage || a.MinStage == stages.Transactional && focus.Stage == stages.Transactional {
				f.Asks = append(f.Asks, ask{a, fits[a.Name]})
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

// reasons puts the reasons of a classification on one line.
func reasons(res stages.Result) string {
	var parts []string
	for _, e := range res.Explain() {
		if e.Reason != stages.Loyal && e.Reason != stages.Advocacy {
			parts = append(parts, e.Text)
		}
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
	base := estimate.BaseOf(now.Unordered(), level)
	f.Mix = base.Mix
	baseline, err := base.Baseline()
	if err != nil {
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

	obs, err := estimate.ObserveMultiplier(estimate.SamplesOf(now.Unordered(), level), estimate.ObserveOptions{Seed: 1})
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
	gg, err := clv.FitGammaGamma(ss)
	if err != nil {
		f.ForecastErr = err.Error()
		return
	}
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
func (f *findings) touchpoints(tps []touchpoints.Touchpoint, js *journeys) error {
	plan, err := touchpoints.NewPlan(tps, touchpoints.PlanOptions{})
	if err != nil {
		return err
	}
	f.Plan = plan
	paths := js.paths()
	f.Journeys = js.count
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
