package main

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
)

// writeHealth writes section 7: health bands, the customers who fell a
// band, and the plays the triggers would start.
func writeHealth(d *doc, f *findings) {
	h := f.Health
	if h == nil {
		return
	}
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
