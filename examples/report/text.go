package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
)

// staleAfter is how long before the as-of date the data may end before
// the report says so: stages, goodwill and health all read recency.
const staleAfter = 30 * 24 * time.Hour

// writeText writes the report as text, section by section.
func writeText(w io.Writer, f *findings) { build(f).writeText(w) }

// build lays the findings out as the report's blocks, section by section.
func build(f *findings) *doc {
	d := &doc{}
	writeHeader(d, f)
	writeStages(d, f)
	writeGoodwill(d, f)
	writeWorth(d, f)
	writeForecast(d, f)
	writeChannels(d, f)
	writeListening(d, f)
	writeHealth(d, f)
	return d
}

func writeHeader(d *doc, f *findings) {
	d.section("ENGAGEMENT REPORT as of " + date(f.AsOf))
	var b strings.Builder
	fmt.Fprintf(&b, "%s interactions", count(f.Interactions))
	if f.Later > 0 {
		fmt.Fprintf(&b, " (%s later ones left out)", count(f.Later))
	}
	fmt.Fprintf(&b, "; %s current customers", count(f.Customers))
	if f.CustomerFile {
		fmt.Fprintf(&b, "; %s of the %s customers on file consent to contact", count(f.Consented), count(f.OnFile))
	}
	fmt.Fprintf(&b, "; %s mentions.", count(f.Mentions))
	d.line(0, "%s", b.String())
	switch {
	case f.Interactions == 0:
		d.line(0, "Note: no interaction is dated on or before %s: set -asof to a date the data covers.", date(f.AsOf))
	case f.AsOf.Sub(f.DataEnd) > staleAfter:
		hint := ""
		if !f.AsOfGiven {
			hint = fmt.Sprintf(" (as of today, since -asof was not set: -asof %s reports as of the data's end)", date(f.DataEnd.AddDate(0, 0, 1)))
		}
		d.line(0, "Note: the data ends on %s, %s days before the as-of date%s; customers read as long gone.",
			date(f.DataEnd), count(int(f.AsOf.Sub(f.DataEnd).Hours()/24)), hint)
	}
	if len(f.UnknownKinds) > 0 {
		var kinds []string
		n := 0
		for _, k := range slices.Sorted(maps.Keys(f.UnknownKinds)) {
			kinds = append(kinds, fmt.Sprintf("%s %s", k, count(f.UnknownKinds[k])))
			n += f.UnknownKinds[k]
		}
		d.line(0, "Warning: %s interactions have kinds the models do not know (%s): the default goodwill rules give them no effect and no stage reads them. Check the spelling against %s.",
			count(n), strings.Join(kinds, ", "), kindList())
	}
}

// kindList names the built-in kinds.
func kindList() string {
	var names []string
	for _, k := range engagement.BuiltinKinds() {
		names = append(names, k.String())
	}
	return strings.Join(names, ", ")
}

func writeStages(d *doc, f *findings) {
	d.section("1. Stages of engagement")
	dist := f.Tally.Distribution
	t := d.table(1, "stage", "people", "share of customers", "next quarter (projected)")
	for s := stages.Prospect; s <= stages.Former; s++ {
		share := "-"
		if s.IsEngagement() {
			share = fmt.Sprintf("%.1f%%", 100*dist.Share(s))
		}
		t.row(s.String(), count(dist[s]), share, number(f.Next[s], 0))
	}
	if f.Rated {
		d.line(1, "Approval: %.0f%% of the %s customers who rated us are satisfied (4 or 5 of 5).", 100*f.Approval, count(f.Tally.Answered))
	} else {
		d.line(1, "Approval: unknown: no customer answered a satisfaction question, so no focus is picked.")
		if f.Customers > 0 {
			d.line(1, "DO: ask customers how satisfied they are (rating interactions on the satisfaction scale); the focus rests on it.")
		}
	}
	if f.Focus.Stage != stages.Unclassified {
		d.line(1, "FOCUS NOW: %s. %s.", strings.ToUpper(f.Focus.Stage.String()), f.Focus.Reason)
		for _, a := range f.Asks {
			who := fmt.Sprintf("fits %s customers who consent, of the %s it fits", count(a.Fits), count(a.All))
			if !f.CustomerFile {
				who = fmt.Sprintf("fits %s customers, none with consent on record: without a customers file consent is unknown, which allows no contact", count(a.All))
			}
			d.line(2, "- %s: %s (%s)", a.Action.Name, a.Action.Description, who)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Moves over the last quarter (since %s):", date(f.QuarterAgo))
	for _, mv := range []struct{ from, to stages.Stage }{
		{stages.Transactional, stages.Returning}, {stages.Returning, stages.Advocate},
		{stages.Advocate, stages.Returning}, {stages.Returning, stages.Transactional},
		{stages.Prospect, stages.Transactional}, {stages.Transactional, stages.Former},
	} {
		fmt.Fprintf(&b, " %s→%s %s;", mv.from, mv.to, count(f.Moves[mv.from][mv.to]))
	}
	d.line(1, "%s", strings.TrimSuffix(b.String(), ";")+".")
}

func writeGoodwill(d *doc, f *findings) {
	d.section("2. Goodwill")
	if n := len(f.Goodwill); n > 1 {
		d.line(1, "Goodwill of the whole base: %s points now, %s a year ago (half-life 90 days).",
			number(f.Goodwill[n-1].V, 0), number(f.Goodwill[0].V, 0))
	}
	d.line(1, "Leaders:")
	t := d.table(2, "customer", "stage", "goodwill", "spent")
	for _, p := range f.Leaders {
		t.row(string(p.ID), p.Stage.String(), number(p.Goodwill, 1), money(p.Spent))
	}
	d.line(1, "At risk: %s customers moved down a stage or left this quarter; %s more are held in their stage only by the rules' slack.",
		count(f.Dropped), count(f.Slipping))
	for _, p := range f.AtRisk {
		d.line(2, "%s  %s→%s, spent %s: %s", p.ID, p.Was, p.Stage, money(p.Spent), p.Why)
	}
}

func writeWorth(d *doc, f *findings) {
	d.section("3. What engagement is worth")
	if f.WorthErr != "" {
		d.line(1, "Not available: %s.", f.WorthErr)
	}
	if f.Revenue != nil {
		d.line(1, "Baseline: the average customer spent %s over the record (%s).", money(f.Baseline), f.period())
		if f.CalibNote != "" {
			d.line(1, "Note: %s.", f.CalibNote)
		}
		t := d.table(1, "Gallup level", "customers", "factor", "per customer", "revenue")
		for _, lr := range f.Revenue.Levels {
			t.row(lr.Level.String(), count(lr.Customers), fmt.Sprintf("%.3f", lr.Factor), money(lr.PerCustomer), money(lr.Revenue))
		}
		t.row("total", count(f.Mix.Total()), "", "", money(f.Revenue.Total))
		d.line(1, "(Fully engaged customers at Gallup's +23%% over the average customer, actively disengaged at -13%%, the two middle levels calibrated so the average customer earns the baseline.)")
	}
	if f.Observed != nil {
		d.line(1, "Observed here: engaged customers spend %.2fx the others (95%% interval %.2f to %.2f).",
			f.Observed.Ratio, f.Observed.Low, f.Observed.High)
		d.line(1, "Published: %.1fx is HumanSigma's figure for business units above the median on one of employee or customer engagement (3.4x on both), not a per-customer multiplier.", f.Observed.Published)
	}
	for _, s := range f.Scenarios {
		var b strings.Builder
		if s.Change.IsZero() {
			fmt.Fprintf(&b, "Scenario: %s: no change, since %s", s.Name, s.Why)
		} else {
			fmt.Fprintf(&b, "Scenario: %s: %s over a record like this one", s.Name, signed(s.Change))
		}
		if s.HasRange {
			fmt.Fprintf(&b, "; per-customer reading at the observed multiplier: %s to %s", signed(s.Low), signed(s.High))
		}
		d.line(1, "%s.", b.String())
	}
	if f.Community > 0 {
		d.line(1, "Community (90-9-1): for 30 heavy contributors, reach about %s people.", count(f.Community))
	}
}

// period names the span of the record: its first interaction to the as-of
// date.
func (f *findings) period() string {
	if f.DataStart.IsZero() {
		return "no interactions"
	}
	return date(f.DataStart) + " to " + date(f.AsOf)
}

func writeForecast(d *doc, f *findings) {
	d.section("4. Customer value forecast (BG/NBD and Gamma-Gamma)")
	if f.Forecast != nil {
		d.line(1, "Next 52 weeks: revenue %s from the %s customers who have bought (%s each); value discounted at 10%% a year %s.",
			money(f.Forecast.Revenue), count(len(f.Forecast.Customers)), money(f.Forecast.RevenuePerCustomer()), money(f.Forecast.Value))
		switch {
		case f.ZeroSpend == 1:
			d.line(1, "Note: 1 repeat buyer whose purchases were all worth nothing is left out of the spend model's fit (and still forecast).")
		case f.ZeroSpend > 1:
			d.line(1, "Note: %s repeat buyers whose purchases were all worth nothing are left out of the spend model's fit (and still forecast).", count(f.ZeroSpend))
		}
		if f.Ahead != nil {
			d.line(1, "At that revenue per customer, moving 10%% of returning customers to advocates is worth %s over the next 52 weeks.",
				signed(f.Ahead.Change))
		}
	} else {
		d.line(1, "Not available: %s.", f.ForecastErr)
	}
	writeForecastCheck(d, f.Diagnostics)
}

func writeChannels(d *doc, f *findings) {
	d.section("5. Touch points and channels")
	if f.Plan == nil {
		d.line(1, "No touch-point file (-touchpoints): the plan, the channels' returns and the attribution are left out.")
	}
	if f.Plan != nil {
		d.line(1, "%s touch points, spend %s; offline share of spend %.0f%%.",
			count(len(f.Plan.Touchpoints())), money(f.Plan.TotalCost()), 100*f.Plan.OfflineShare())
		for _, fd := range f.Plan.Findings() {
			d.line(1, "- %s", fd.Text)
		}
	}
	if len(f.Channels) > 0 {
		d.line(1, "Channels by return over the year %s to %s: the revenue credited to a channel by exact Markov attribution of that year's journeys, per unit of its spend (the touch-point file's cost, read as a year's):",
			date(f.YearAgo), date(f.AsOf))
		t := d.table(2, "rank", "channel", "spend", "revenue", "return")
		for _, r := range f.Channels {
			rate := fmt.Sprintf("%.2fx", r.Rate())
			if r.Infinite() {
				rate = "no spend"
			}
			t.row(fmt.Sprint(r.Rank), r.Name, money(r.Spend), money(r.Revenue), rate)
		}
	}
	if b := f.Budget; b != nil {
		var kept []string
		for _, a := range b.Kept {
			name := a.Name
			if a.Partial {
				name += " (in part)"
			}
			kept = append(kept, name)
		}
		d.line(1, "Engaging on %.0f%% of today's yearly spend (%s of %s): keep %s; revenue at risk %s of %s, assuming a dropped channel loses all the revenue credited to it and a channel kept in part loses revenue in proportion to the spend cut.",
			100*b.Fraction, money(b.Budget), money(b.TotalSpend), strings.Join(kept, ", "), money(b.RevenueAtRisk), money(b.TotalRevenue))
	}
	if len(f.Attribution) > 0 {
		d.line(1, "Attribution of the year's %s journeys (revenue credited):", count(f.Journeys))
		t := d.table(2, "channel", "Markov", "last touch", "first touch", "linear")
		for _, c := range f.Attribution {
			t.row(c.Channel, whole(c.Markov), whole(c.Last), whole(c.First), whole(c.Lin))
		}
	}
	if f.UnknownTouches > 0 {
		d.line(1, "%s interactions name touch points not in the touch-point file; they are left out.", count(f.UnknownTouches))
	}
}

// writeListening writes section 6.
func writeListening(d *doc, f *findings) {
	d.section("6. Listening")
	if f.Mentions == 0 {
		d.line(1, "No mentions.")
		return
	}
	t := d.table(1, "topic", "mentions", "negative", "mean sentiment")
	for _, tp := range f.Topics {
		t.row(tp.Topic, count(tp.Count), fmt.Sprintf("%.0f%%", 100*tp.NegativeShare()), fmt.Sprintf("%+.2f", tp.MeanScore()))
	}
	d.line(1, "Alerts: %s.", count(len(f.Alerts)))
	for i, a := range f.Alerts {
		if i == listLen {
			d.line(2, "... and %s more", count(len(f.Alerts)-listLen))
			break
		}
		d.line(2, "%s: %d negative in the window from %s (baseline mean %.2f, sd %.2f, %s level %d)",
			cmp.Or(a.Topic, "all mentions"), a.Negative, dateTime(a.Window), a.Baseline.Mean, a.Baseline.SD, a.Baseline.Method, a.Baseline.Level)
	}
	d.line(1, "Response cases opened for negative mentions of the last %.0f days: %s; past their response-time target: %s.",
		f.CaseHorizon.Hours()/24, count(f.OpenCases), count(len(f.Late)))
	for i, b := range f.Late {
		if i == 3 {
			break
		}
		d.line(2, "mention %s (%s severity): response due %s, %.0f hours late", b.Case, b.Severity, dateTime(b.Due), b.Late.Hours())
	}
}
