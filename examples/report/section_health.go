package main

import (
	"cmp"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/health"
	"github.com/engagekit/engage/plays"
)

// healthSection is section 7: the band mix now and a quarter ago, the
// customers who fell the furthest, and the plays the triggers would start.
type healthSection struct {
	Bands    []string       // band names, worst first
	Now, Was map[string]int // customers per band
	Unscored int            // customers no measure had a value for
	Movers   []mover        // fell a band, largest fall in score first
	Fell     int            // customers who fell at least one band
	Events   map[string]int // trigger → customers it fires for
	Plays    map[string]int // play → customers it would start for
	Examples []plays.Event  // the first event of each trigger
}

// mover is a customer who fell a band over the quarter.
type mover struct {
	ID       engagement.CustomerID
	From, To string
	Was, Now float64
	Why      string // the measure that moved the score most
}

// reportTriggers are the triggers the report evaluates, each starting the
// play that fits it.
func reportTriggers() []plays.Trigger {
	return []plays.Trigger{
		plays.BandDropped{},
		plays.BecameDetractor{},
		plays.AdvocateLapsing{},
		plays.FormerFor{Play: plays.WinBackPlay},
	}
}

// newHealthSection scores every customer now and a quarter ago with the
// default scorecard and bands (the band now with hysteresis from the band
// then), and evaluates the triggers on the quarter-ago record as the
// previous one, as a store's history would give it.
func newHealthSection(r *record) (*healthSection, error) {
	set := &health.Set{}
	bands := health.DefaultBands()
	h := &healthSection{Now: map[string]int{}, Was: map[string]int{}, Events: map[string]int{}, Plays: map[string]int{}}
	for _, b := range bands.Bands {
		h.Bands = append(h.Bands, b.Name)
	}
	var facts []plays.Facts
	for _, c := range r.People {
		id := c.Profile.Customer()
		var prev *engagement.StateRecord
		var was health.Result
		if c.Then != nil {
			res, err := set.Score(&health.Facts{Profile: c.Then, Stage: c.Was}, "", r.QuarterAgo)
			if err != nil {
				return nil, err
			}
			was = res
			if was.Scored {
				h.Was[was.Band]++
				// A scored customer seen a quarter ago has a stage and a
				// customer ID, so the record is valid but for a fault.
				rec, err := was.StateRecord(r.QuarterAgo)
				if err != nil {
					return nil, fmt.Errorf("health of %s a quarter ago: %w", id, err)
				}
				prev = &rec
			}
		}
		res, err := set.Score(&health.Facts{Profile: c.Profile, Stage: c.Now}, was.Band, r.AsOf)
		if err != nil {
			return nil, err
		}
		if !res.Scored {
			h.Unscored++
		} else {
			h.Now[res.Band]++
			nowAt, ok := bands.Index(res.Band)
			if !ok {
				return nil, fmt.Errorf("health of %s: band %q is not among the bands", id, res.Band)
			}
			if wasAt, ok := bands.Index(was.Band); was.Scored && ok && nowAt < wasAt {
				h.Fell++
				why := ""
				if lines := res.Explain(&was); len(lines) > 1 {
					why = lines[1]
				}
				h.Movers = topMovers(h.Movers, mover{id, was.Band, res.Band, was.Score, res.Score, why})
			}
		}
		fs := plays.Facts{Customer: id, Previous: prev, Profile: c.Profile, Stage: c.Now, Band: res.Band, AsOf: r.AsOf}
		if prev != nil {
			fs.History = []engagement.StateRecord{*prev}
		}
		facts = append(facts, fs)
	}
	events, err := plays.EvaluateAll(reportTriggers(), facts)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		if h.Events[e.Trigger] == 0 {
			h.Examples = append(h.Examples, e)
		}
		h.Events[e.Trigger]++
		if e.Play != "" {
			h.Plays[e.Play]++
		}
	}
	slices.SortFunc(h.Examples, func(a, b plays.Event) int { return cmp.Compare(a.Trigger, b.Trigger) })
	return h, nil
}

// topMovers keeps the listLen customers whose score fell the most.
func topMovers(list []mover, m mover) []mover {
	list = append(list, m)
	slices.SortFunc(list, func(a, b mover) int {
		return cmp.Or(cmp.Compare(a.Now-a.Was, b.Now-b.Was), cmp.Compare(a.ID, b.ID))
	})
	return list[:min(len(list), listLen)]
}

func (h *healthSection) layout(d *doc) {
	d.section("7. Health and the plays that would fire")
	var now, was []string
	for _, b := range h.Bands {
		now = append(now, fmt.Sprintf("%s %s", b, count(h.Now[b])))
		was = append(was, fmt.Sprintf("%s %s", b, count(h.Was[b])))
	}
	d.line(1, "Health bands now: %s (%s not scored); a quarter ago: %s.", strings.Join(now, ", "), count(h.Unscored), strings.Join(was, ", "))
	d.line(1, "Scored by the default scorecard (goodwill, stage, NPS class, complaints) with bands red < 40 <= yellow < 70 <= green, 5 points of hysteresis.")
	d.line(1, "Fell a band over the quarter: %s. The furthest:", count(h.Fell))
	t := d.table(2, "customer", "band", "score", "what moved it most")
	for _, m := range h.Movers {
		t.row(string(m.ID), m.From+" → "+m.To, fmt.Sprintf("%.1f → %.1f", m.Was, m.Now), m.Why)
	}
	d.line(1, "Triggers (against the quarter-ago state as the previous record):")
	for _, e := range h.Examples {
		d.line(2, "%s: %s customers, e.g. %s: %s", e.Trigger, count(h.Events[e.Trigger]), e.Customer, e.Why)
	}
	if len(h.Examples) == 0 {
		d.line(2, "none fired")
	}
	for play, n := range sortedCounts(h.Plays) {
		d.line(1, "DO: play %s would start for %s customers (plays.Runner sends it through Outreach, with consent and the cap).", play, count(n))
	}

	bars := barChart{Title: "Customers by health band, a quarter ago and now", XTitle: "band", YTitle: "people", Keys: []string{"a quarter ago", "now"}}
	for _, b := range h.Bands {
		bars.Labels = append(bars.Labels, b, b)
		bars.Values = append(bars.Values, float64(h.Was[b]), float64(h.Now[b]))
	}
	d.figure(bars.write)
}

// sortedCounts yields counts in ascending order of key.
func sortedCounts(m map[string]int) iter.Seq2[string, int] {
	return func(yield func(string, int) bool) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if !yield(k, m[k]) {
				return
			}
		}
	}
}
