package main

import (
	"cmp"
	"slices"
	"strings"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

// goodwillSection is section 2: the goodwill of the base over the year,
// the customers with the most, and those at risk.
type goodwillSection struct {
	Goodwill []point // the whole base, month by month
	Leaders  []person
	AtRisk   []person
	Dropped  int // moved down a stage, or left, over the quarter
	Slipping int // held in their stage only by hysteresis
}

type person struct {
	ID       engagement.CustomerID
	Stage    stages.Stage
	Was      stages.Stage
	Goodwill float64
	Spent    decimal.Decimal
	Why      string
}

func newGoodwillSection(r *record) *goodwillSection {
	s := &goodwillSection{Goodwill: r.Goodwill}
	for _, c := range r.People {
		was, now, p := cameFrom(c), c.Now.Stage, c.Profile
		if was.IsEngagement() && (!now.IsEngagement() || now < was) {
			s.Dropped++
		}
		if !now.IsEngagement() {
			continue
		}
		s.Leaders = topN(s.Leaders, person{ID: p.Customer(), Stage: now, Goodwill: p.Goodwill(), Spent: p.Monetary()},
			func(a, b person) int { return cmp.Or(cmp.Compare(b.Goodwill, a.Goodwill), cmp.Compare(a.ID, b.ID)) })
		if now < was && was.IsEngagement() {
			s.AtRisk = topN(s.AtRisk, person{ID: p.Customer(), Stage: now, Was: was, Goodwill: p.Goodwill(),
				Spent: p.Monetary(), Why: reasons(c.Now)},
				func(a, b person) int { return cmp.Or(b.Spent.Cmp(a.Spent), cmp.Compare(a.ID, b.ID)) })
		} else if c.Held {
			s.Slipping++
		}
	}
	return s
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
	i, _ := slices.BinarySearchFunc(list, p, order) // where p goes, whether or not an equal is there
	if i >= listLen {
		return list
	}
	list = slices.Insert(list, i, p)
	return list[:min(len(list), listLen)]
}

func (s *goodwillSection) layout(d *doc) {
	d.section("2. Goodwill")
	if n := len(s.Goodwill); n > 1 {
		d.line(1, "Goodwill of the whole base: %s points now, %s a year ago (half-life 90 days).",
			number(s.Goodwill[n-1].V, 0), number(s.Goodwill[0].V, 0))
	}
	d.line(1, "Leaders:")
	t := d.table(2, "customer", "stage", "goodwill", "spent")
	for _, p := range s.Leaders {
		t.row(string(p.ID), p.Stage.String(), number(p.Goodwill, 1), money(p.Spent))
	}
	d.line(1, "At risk: %s customers moved down a stage or left this quarter; %s more are held in their stage only by the rules' slack.",
		count(s.Dropped), count(s.Slipping))
	for _, p := range s.AtRisk {
		d.line(2, "%s  %s→%s, spent %s: %s", p.ID, p.Was, p.Stage, money(p.Spent), p.Why)
	}
	if len(s.Goodwill) > 1 {
		d.figure(lineChart{Title: "Goodwill of the whole base, month by month", YTitle: "goodwill (points)",
			Series: []series{{Name: "goodwill", Points: s.Goodwill}}}.write)
	}
}
