package main

import (
	"fmt"
	"io"
	"iter"
	"maps"
	"slices"
	"strings"
)

// writeHealth writes section 7: health bands, the customers who fell a
// band, and the plays the triggers would start.
func writeHealth(w io.Writer, f *findings) {
	h := f.Health
	if h == nil {
		return
	}
	section(w, "7. Health and the plays that would fire")
	var now, was []string
	for _, b := range h.Bands {
		now = append(now, fmt.Sprintf("%s %d", b, h.Now[b]))
		was = append(was, fmt.Sprintf("%s %d", b, h.Was[b]))
	}
	fmt.Fprintf(w, "  Health bands now: %s (%d not scored); a quarter ago: %s.\n", strings.Join(now, ", "), h.Unscored, strings.Join(was, ", "))
	fmt.Fprintln(w, "  Scored by the default scorecard (goodwill, stage, NPS class, complaints) with bands red < 40 <= yellow < 70 <= green, 5 points of hysteresis.")
	fmt.Fprintf(w, "  Fell a band over the quarter: %d. The furthest:\n", h.Fell)
	tw := table(w)
	fmt.Fprintln(tw, "    customer\tband\tscore\twhat moved it most\t")
	for _, m := range h.Movers {
		fmt.Fprintf(tw, "    %s\t%s → %s\t%.1f → %.1f\t%s\t\n", m.ID, m.From, m.To, m.Was, m.Now, m.Why)
	}
	tw.Flush()
	fmt.Fprintln(w, "  Triggers (against the quarter-ago state as the previous record):")
	for _, e := range h.Examples {
		fmt.Fprintf(w, "    %s: %d customers, e.g. %s: %s\n", e.Trigger, h.Events[e.Trigger], e.Customer, e.Why)
	}
	if len(h.Examples) == 0 {
		fmt.Fprintln(w, "    none fired")
	}
	for play, n := range sortedCounts(h.Plays) {
		fmt.Fprintf(w, "  DO: play %s would start for %d customers (plays.Runner sends it through Outreach, with consent and the cap).\n", play, n)
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
