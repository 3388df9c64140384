package main

import (
	"cmp"
	"slices"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/health"
	"github.com/engagekit/engage/plays"
	"github.com/engagekit/engage/stages"
)

// healthFindings are what the health section shows: the band mix now and a
// quarter ago, the customers who fell the furthest, and the plays the
// triggers would start.
type healthFindings struct {
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

// health scores every customer now and a quarter ago with the default
// scorecard and bands (the band now with hysteresis from the band then),
// and evaluates the triggers on the quarter-ago record as the previous
// one, as a store's history would give it.
func (f *findings) health(then, now *engagement.Profiles, before map[engagement.CustomerID]stages.Stage) error {
	set := &health.Set{}
	bands := health.DefaultBands()
	h := &healthFindings{Now: map[string]int{}, Was: map[string]int{}, Events: map[string]int{}, Plays: map[string]int{}}
	for _, b := range bands.Bands {
		h.Bands = append(h.Bands, b.Name)
	}
	var facts []plays.Facts
	for p := range now.Unordered() {
		id := p.Customer()
		var prev *engagement.StateRecord
		var was health.Result
		if q, ok := then.Get(id); ok {
			res := stages.Classify(q, stages.Unclassified)
			r, err := set.Score(&health.Facts{Profile: q, Stage: res}, "", f.QuarterAgo)
			if err != nil {
				return err
			}
			was = r
			if r.Scored {
				h.Was[r.Band]++
				if rec, err := r.StateRecord(f.QuarterAgo); err == nil {
					prev = &rec
				}
			}
		}
		res := stages.Classify(p, before[id])
		r, err := set.Score(&health.Facts{Profile: p, Stage: res}, was.Band, f.AsOf)
		if err != nil {
			return err
		}
		if !r.Scored {
			h.Unscored++
		} else {
			h.Now[r.Band]++
			nowAt, _ := bands.Index(r.Band)
			wasAt, ok := bands.Index(was.Band)
			if was.Scored && ok && nowAt < wasAt {
				h.Fell++
				why := ""
				if lines := r.Explain(&was); len(lines) > 1 {
					why = lines[1]
				}
				h.Movers = topMovers(h.Movers, mover{id, was.Band, r.Band, was.Score, r.Score, why})
			}
		}
		fs := plays.Facts{Customer: id, Previous: prev, Profile: p, Stage: res, Band: r.Band, AsOf: f.AsOf}
		if prev != nil {
			fs.History = []engagement.StateRecord{*prev}
		}
		facts = append(facts, fs)
	}
	events, err := plays.EvaluateAll(reportTriggers(), facts)
	if err != nil {
		return err
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
	f.Health = h
	return nil
}

// topMovers keeps the listLen customers whose score fell the most.
func topMovers(list []mover, m mover) []mover {
	list = append(list, m)
	slices.SortFunc(list, func(a, b mover) int {
		return cmp.Or(cmp.Compare(a.Now-a.Was, b.Now-b.Was), cmp.Compare(a.ID, b.ID))
	})
	return list[:min(len(list), listLen)]
}
