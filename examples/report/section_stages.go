package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/engagekit/engage/stages"
)

// stagesSection is section 1: how many people are at each stage, the
// approval rating, the stage to focus on and what to ask of it, and the
// moves between stages over the quarter.
type stagesSection struct {
	QuarterAgo   time.Time
	Tally        stages.Tally
	Customers    int     // in a stage of engagement now
	Approval     float64 // when Rated
	Rated        bool    // some customer answered a satisfaction question
	Focus        stages.Focus
	Asks         []ask
	CustomerFile bool
	Moves        stages.Counts
	Next         stages.Vector // the distribution a quarter ahead
}

type ask struct {
	Action stages.Action
	Fits   int // customers the action fits who consented
	All    int // customers the action fits
}

func newStagesSection(r *record) (*stagesSection, error) {
	pb, err := stages.NewPlaybook()
	if err != nil {
		return nil, err
	}
	s := &stagesSection{QuarterAgo: r.QuarterAgo, Customers: r.Current, CustomerFile: r.Consent != nil}
	fits, fitsAll := make(map[string]int), make(map[string]int)
	for _, c := range r.People {
		s.Tally.Add(c.Now)
		s.Moves.Add(cameFrom(c), c.Now.Stage)
		for _, a := range pb.For(c.Now.Stage) {
			fitsAll[a.Name]++
			if r.Consent[c.Profile.Customer()] { // unknown consent (no file, or not on it) allows no contact
				fits[a.Name]++
			}
		}
	}
	// Without a satisfaction answer the approval rating is unknown, and
	// the focus, which rests on it, is not picked.
	s.Approval, s.Rated = s.Tally.Approval()
	if s.Rated {
		// A rating comes from a current customer, so there is someone to
		// focus on and an error here is a fault, not a finding.
		focus, err := stages.PickFocus(s.Tally.Distribution, s.Approval)
		if err != nil {
			return nil, err
		}
		s.Focus = focus
		for _, a := range pb.Actions() {
			if a.MinStage == focus.Stage || a.MinStage == stages.Transactional && focus.Stage == stages.Transactional {
				s.Asks = append(s.Asks, ask{a, fits[a.Name], fitsAll[a.Name]})
			}
		}
	}
	m := s.Moves.Matrix()
	s.Next = m.Project(s.Tally.Distribution.Vector(), 1)
	return s, nil
}

// cameFrom is the stage c moved from over the quarter: a prospect when not
// seen a quarter ago.
func cameFrom(c customer) stages.Stage {
	if c.Was.Stage == stages.Unclassified {
		return stages.Prospect
	}
	return c.Was.Stage
}

func (s *stagesSection) layout(d *doc) {
	d.section("1. Stages of engagement")
	dist := s.Tally.Distribution
	t := d.table(1, "stage", "people", "share of customers", "next quarter (projected)")
	for st := stages.Prospect; st <= stages.Former; st++ {
		share := "-"
		if st.IsEngagement() {
			share = fmt.Sprintf("%.1f%%", 100*dist.Share(st))
		}
		t.row(st.String(), count(dist[st]), share, number(s.Next[st], 0))
	}
	if s.Rated {
		d.line(1, "Approval: %.0f%% of the %s customers who rated us are satisfied (4 or 5 of 5).", 100*s.Approval, count(s.Tally.Answered))
	} else {
		d.line(1, "Approval: unknown: no customer answered a satisfaction question, so no focus is picked.")
		if s.Customers > 0 {
			d.line(1, "DO: ask customers how satisfied they are (rating interactions on the satisfaction scale); the focus rests on it.")
		}
	}
	if s.Focus.Stage != stages.Unclassified {
		d.line(1, "FOCUS NOW: %s. %s.", strings.ToUpper(s.Focus.Stage.String()), s.Focus.Reason)
		for _, a := range s.Asks {
			who := fmt.Sprintf("fits %s customers who consent, of the %s it fits", count(a.Fits), count(a.All))
			if !s.CustomerFile {
				who = fmt.Sprintf("fits %s customers, none with consent on record: without a customers file consent is unknown, which allows no contact", count(a.All))
			}
			d.line(2, "- %s: %s (%s)", a.Action.Name, a.Action.Description, who)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Moves over the last quarter (since %s):", date(s.QuarterAgo))
	for _, mv := range []struct{ from, to stages.Stage }{
		{stages.Transactional, stages.Returning}, {stages.Returning, stages.Advocate},
		{stages.Advocate, stages.Returning}, {stages.Returning, stages.Transactional},
		{stages.Prospect, stages.Transactional}, {stages.Transactional, stages.Former},
	} {
		fmt.Fprintf(&b, " %s→%s %s;", mv.from, mv.to, count(s.Moves[mv.from][mv.to]))
	}
	d.line(1, "%s", strings.TrimSuffix(b.String(), ";")+".")

	bar := barChart{Title: "Customers by stage of engagement", XTitle: "stage", YTitle: "people"}
	for st := stages.Prospect; st <= stages.Former; st++ {
		bar.Labels = append(bar.Labels, st.String())
		bar.Values = append(bar.Values, float64(dist[st]))
	}
	d.figure(bar.write)
}
