package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/engagekit/engage/estimate"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

// worthSection is section 3: the revenue of the base by engagement level,
// the multiplier observed in it, scenarios of moving customers between
// levels, and the community a few contributors reach.
type worthSection struct {
	DataStart, AsOf time.Time
	Mix             estimate.Mix
	Baseline        decimal.Decimal
	Revenue         *estimate.Revenue
	CalibNote       string
	WorthErr        string // why there are no estimates, when there are none
	Observed        *estimate.Observed
	ObservedErr     string // why there is no observed multiplier, when there are estimates but none
	Scenarios       []scenario
	Community       int

	calibrateOn estimate.Mix // the mix the customer model is calibrated on; zero for the base
}

type scenario struct {
	Name      string
	Change    decimal.Decimal
	Low, High decimal.Decimal // for a range; zero when none
	HasRange  bool
	Before    decimal.Decimal
	Why       string // when Change is zero, the reason
}

// samples returns the level and spend of each customer in the base, from
// the classifications of the record.
func samples(r *record) []estimate.Sample {
	var out []estimate.Sample
	for _, c := range r.People {
		if l := stages.LevelOf(c.Now); l != stages.NoLevel {
			out = append(out, estimate.Sample{Level: l, Revenue: c.Profile.Monetary()})
		}
	}
	return out
}

func newWorthSection(r *record) (*worthSection, error) {
	s := &worthSection{DataStart: r.DataStart, AsOf: r.AsOf}
	ss := samples(r)
	base := estimate.BaseFrom(slices.Values(ss))
	s.Mix = base.Mix
	baseline, err := base.Baseline()
	if err != nil {
		// An empty base is a finding: the section says there is nothing to
		// estimate, and why.
		s.WorthErr = err.Error()
		if r.Current == 0 {
			s.WorthErr = "no current customers"
		}
		return s, nil
	}
	s.Baseline = baseline
	model := estimate.CustomerModel{Baseline: baseline}
	rev, err := model.Revenue(s.Mix)
	if errors.Is(err, estimate.ErrUncalibrated) {
		model.CalibrateOn = estimate.DefaultFigures().AverageOrganisation.Mix()
		s.calibrateOn = model.CalibrateOn
		s.CalibNote = "this base is too engaged to calibrate on itself; calibrated on Gallup's average organisation instead"
		rev, err = model.Revenue(s.Mix)
	}
	if err != nil {
		return nil, err
	}
	s.Revenue = &rev

	// Too few customers at a level, or others who spent nothing, leave
	// the multiplier unobserved: the section says so in place of it.
	obs, err := estimate.ObserveMultiplier(ss, estimate.ObserveOptions{Seed: 1})
	if err != nil {
		s.ObservedErr = err.Error()
	} else {
		s.Observed = &obs
	}
	for _, sc := range []struct {
		name string
		move estimate.Move
	}{
		{"move 10% of returning customers to advocates", aheadMove()},
		{"move 10% of not-engaged transactional customers to returning", estimate.Move{From: stages.NotEngaged, To: stages.Engaged, Fraction: 0.10}},
		{"win back 10% of the actively disengaged (to not engaged)", estimate.Move{From: stages.ActivelyDisengaged, To: stages.NotEngaged, Fraction: 0.10}},
	} {
		out, err := model.Scenario(s.Mix, sc.move)
		if err != nil {
			return nil, fmt.Errorf("scenario %q: %w", sc.name, err)
		}
		row := scenario{Name: sc.name, Change: out.Change, Before: out.Before}
		if out.Change.IsZero() {
			row.Why = noChange(out, sc.move, rev)
		}
		if s.Observed != nil && sc.move.From < stages.Engaged && sc.move.To >= stages.Engaged {
			// The same move under the per-customer reading, at the ends of
			// the multiplier observed in this base.
			lo, hi, ok, err := perCustomer(baseline, s.Mix, sc.move, s.Observed)
			if err != nil {
				return nil, fmt.Errorf("scenario %q, per customer: %w", sc.name, err)
			}
			row.Low, row.High, row.HasRange = lo, hi, ok
		}
		s.Scenarios = append(s.Scenarios, row)
	}
	n, err := estimate.DefaultParticipation().PopulationFor(30, estimate.Creators)
	if err != nil {
		return nil, err
	}
	s.Community = n
	return s, nil
}

// aheadMove returns the scenario the forecast prices: 10% of returning
// customers (engaged) become advocates (fully engaged).
func aheadMove() estimate.Move {
	return estimate.Move{From: stages.Engaged, To: stages.FullyEngaged, Fraction: 0.10}
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
// at the low and high ends of the observed interval. It gives no range
// (ok false) when an end is not above 1 or is above 100: engaged
// customers who earn no more than the others, or an interval too wide to
// read, say nothing a per-customer range could.
func perCustomer(baseline decimal.Decimal, mix estimate.Mix, mv estimate.Move, obs *estimate.Observed) (lo, hi decimal.Decimal, ok bool, err error) {
	var out [2]decimal.Decimal
	for i, m := range []float64{obs.Low, obs.High} {
		if !(m > 1) || m > 100 {
			return lo, hi, false, nil
		}
		model := estimate.CustomerModel{Baseline: baseline, Assume: &estimate.PerCustomerAssumption{Multiplier: m}}
		o, err := model.Scenario(mix, mv)
		if err != nil {
			return lo, hi, false, err
		}
		out[i] = o.Change
	}
	return out[0], out[1], true, nil
}

func (s *worthSection) layout(d *doc) {
	d.section("3. What engagement is worth")
	if s.WorthErr != "" {
		d.line(1, "Not available: %s.", s.WorthErr)
	}
	if s.Revenue != nil {
		d.line(1, "Baseline: the average customer spent %s over the record (%s).", money(s.Baseline), s.period())
		if s.CalibNote != "" {
			d.line(1, "Note: %s.", s.CalibNote)
		}
		t := d.table(1, "Gallup level", "customers", "factor", "per customer", "revenue")
		for _, lr := range s.Revenue.Levels {
			t.row(lr.Level.String(), count(lr.Customers), fmt.Sprintf("%.3f", lr.Factor), money(lr.PerCustomer), money(lr.Revenue))
		}
		t.row("total", count(s.Mix.Total()), "", "", money(s.Revenue.Total))
		d.line(1, "(Fully engaged customers at Gallup's +23%% over the average customer, actively disengaged at -13%%, the two middle levels calibrated so the average customer earns the baseline.)")
	}
	if s.Observed != nil {
		d.line(1, "Observed here: engaged customers spend %.2fx the others (95%% interval %.2f to %.2f).",
			s.Observed.Ratio, s.Observed.Low, s.Observed.High)
		d.line(1, "Published: %.1fx is HumanSigma's figure for business units above the median on one of employee or customer engagement (3.4x on both), not a per-customer multiplier.", s.Observed.Published)
	} else if s.ObservedErr != "" {
		d.line(1, "Observed here: not available: %s.", s.ObservedErr)
	}
	for _, sc := range s.Scenarios {
		var b strings.Builder
		if sc.Change.IsZero() {
			fmt.Fprintf(&b, "Scenario: %s: no change, since %s", sc.Name, sc.Why)
		} else {
			fmt.Fprintf(&b, "Scenario: %s: %s over a record like this one", sc.Name, signed(sc.Change))
		}
		if sc.HasRange {
			fmt.Fprintf(&b, "; per-customer reading at the observed multiplier: %s to %s", signed(sc.Low), signed(sc.High))
		}
		d.line(1, "%s.", b.String())
	}
	if s.Community > 0 {
		d.line(1, "Community (90-9-1): for 30 heavy contributors, reach about %s people.", count(s.Community))
	}
}

// period names the span of the record: its first interaction to the as-of
// date.
func (s *worthSection) period() string {
	if s.DataStart.IsZero() {
		return "no interactions"
	}
	return date(s.DataStart) + " to " + date(s.AsOf)
}
