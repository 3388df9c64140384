package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/engagekit/engage/touchpoints"
	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/shopspring/decimal"
)

// channelsSection is section 5: the touch-point plan, the channels ranked
// by return on the revenue attributed to them, the budget scenario, and
// the attribution under four models.
type channelsSection struct {
	YearAgo, AsOf  time.Time
	Plan           *touchpoints.Plan // nil without a touch-point file
	Channels       []touchpoints.Ranked
	Budget         *touchpoints.Scenario
	Attribution    []channelCredit
	Journeys       int
	UnknownTouches int
}

type channelCredit struct {
	Channel                  string
	Markov, Last, First, Lin decimal.Decimal
}

func newChannelsSection(r *record) (*channelsSection, error) {
	s := &channelsSection{YearAgo: r.YearAgo, AsOf: r.AsOf, UnknownTouches: r.UnknownTouch}
	if len(r.Touchpoints) == 0 {
		return s, nil // no touch-point file: no plan, no channels
	}
	plan, err := touchpoints.NewPlan(r.Touchpoints, touchpoints.PlanOptions{})
	if err != nil {
		return nil, err
	}
	s.Plan = plan
	paths := r.Journeys.Paths()
	for _, p := range paths {
		s.Journeys += int(p.Conversions + p.Nulls)
	}
	if len(paths) == 0 {
		return s, nil
	}
	credits := make(map[string]*channelCredit)
	for i, model := range []attribution.Model{attribution.Markov{}, attribution.LastTouch{}, attribution.FirstTouch{}, attribution.Linear{}} {
		cs, err := model.Attribute(paths)
		if err != nil {
			return nil, fmt.Errorf("attribution: %w", err)
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
		s.Attribution = append(s.Attribution, *c)
		revenue[ch] = c.Markov
	}
	slices.SortFunc(s.Attribution, func(a, b channelCredit) int {
		return cmp.Or(b.Markov.Cmp(a.Markov), cmp.Compare(a.Channel, b.Channel))
	})
	returns, err := touchpoints.ChannelReturns(r.Touchpoints, revenue)
	if err != nil {
		return nil, err
	}
	if s.Channels, err = touchpoints.RankChannels(returns); err != nil {
		return nil, err
	}
	budget, err := touchpoints.BudgetScenario(returns, touchpoints.DefaultBudgetFraction)
	if err != nil {
		return nil, err
	}
	s.Budget = &budget
	return s, nil
}

func (s *channelsSection) layout(d *doc) {
	d.section("5. Touch points and channels")
	if s.Plan == nil {
		d.line(1, "No touch-point file (-touchpoints): the plan, the channels' returns and the attribution are left out.")
	} else {
		d.line(1, "%s touch points, spend %s; offline share of spend %.0f%%.",
			count(len(s.Plan.Touchpoints())), money(s.Plan.TotalCost()), 100*s.Plan.OfflineShare())
		for _, fd := range s.Plan.Findings() {
			d.line(1, "- %s", fd.Text)
		}
	}
	if len(s.Channels) > 0 {
		d.line(1, "Channels by return over the year %s to %s: the revenue credited to a channel by exact Markov attribution of that year's journeys, per unit of its spend (the touch-point file's cost, read as a year's):",
			date(s.YearAgo), date(s.AsOf))
		t := d.table(2, "rank", "channel", "spend", "revenue", "return")
		for _, r := range s.Channels {
			rate := fmt.Sprintf("%.2fx", r.Rate())
			if r.Infinite() {
				rate = "no spend"
			}
			t.row(fmt.Sprint(r.Rank), r.Name, money(r.Spend), money(r.Revenue), rate)
		}
	}
	if b := s.Budget; b != nil {
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
	if len(s.Attribution) > 0 {
		d.line(1, "Attribution of the year's %s journeys (revenue credited):", count(s.Journeys))
		t := d.table(2, "channel", "Markov", "last touch", "first touch", "linear")
		for _, c := range s.Attribution {
			t.row(c.Channel, whole(c.Markov), whole(c.Last), whole(c.First), whole(c.Lin))
		}
	}
	if s.UnknownTouches > 0 {
		d.line(1, "%s interactions name touch points not in the touch-point file; they are left out.", count(s.UnknownTouches))
	}
	if len(s.Channels) > 0 {
		ret := barChart{Title: "Channels by rate of return (Markov-attributed revenue / spend)", XTitle: "channel", YTitle: "revenue per unit of spend"}
		for _, r := range s.Channels {
			if r.Infinite() {
				continue
			}
			ret.Labels = append(ret.Labels, r.Name)
			ret.Values = append(ret.Values, r.Rate())
		}
		d.figure(ret.write)
	}
}
