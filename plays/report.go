package plays

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/segment"
)

// Report says what one [Runner.Run] did: each list in ascending order of
// customer ID, then in the runner's order of plays. A customer and play
// the run touched appear in Advanced when they moved on, and in at most
// one of Waiting, Finished, Refused (with Held) and Conflicts.
type Report struct {
	AsOf time.Time

	// Advanced lists the customers and plays the run moved on (started,
	// or from one step to another).
	Advanced []Progress

	// Sent lists the sends Outreach confirmed in this run.
	Sent []Delivery

	// Waiting lists the customers at a Wait that is not over.
	Waiting []Progress

	// Finished lists the customers whose play ended in this run, with how.
	Finished []Progress

	// Refused lists the customers a play was refused to (not one it is
	// for, or not in the base) or whose send was held back for now, with
	// the reason; Status tells which (Refused or Held).
	Refused []Progress

	// Conflicts lists the customers another run advanced first.
	Conflicts []Progress
}

// Delivery is a send of a run.
type Delivery struct {
	Customer engagement.CustomerID
	Play     string
	Sent
}

// add files a customer's progress.
func (r *Report) add(p Progress) {
	if p.Advanced() {
		r.Advanced = append(r.Advanced, p)
	}
	for _, s := range p.Sent {
		r.Sent = append(r.Sent, Delivery{Customer: p.Customer, Play: p.Play, Sent: s})
	}
	switch p.Status {
	case Waiting:
		r.Waiting = append(r.Waiting, p)
	case Finished:
		r.Finished = append(r.Finished, p)
	case Refused, Held:
		r.Refused = append(r.Refused, p)
	case Conflict:
		r.Conflicts = append(r.Conflicts, p)
	}
}

// String summarises the report, a line per list that has entries and an
// indented line per entry.
func (r Report) String() string {
	var b strings.Builder
	b.WriteString("plays at " + r.AsOf.UTC().Format(time.RFC3339))
	list := func(label string, ps []Progress) {
		if len(ps) == 0 {
			return
		}
		b.WriteString("\n" + label + ":")
		for _, p := range ps {
			b.WriteString("\n  " + p.String())
		}
	}
	list("advanced", r.Advanced)
	if len(r.Sent) > 0 {
		b.WriteString("\nsent:")
		for _, d := range r.Sent {
			b.WriteString("\n  " + string(d.Customer) + " " + d.Play + " step " + itoa(d.Step) + ": " + d.Action)
			if d.Already {
				b.WriteString(" (already sent)")
			}
		}
	}
	list("waiting", r.Waiting)
	list("finished", r.Finished)
	list("refused", r.Refused)
	list("conflicts", r.Conflicts)
	return b.String()
}

// sortByID orders the indexes of base by customer ID.
func sortByID(order []int, base []segment.Facts) {
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(base[i].Customer.ID, base[j].Customer.ID) })
}

func sortedKeys[V any](m map[engagement.CustomerID]V) []engagement.CustomerID {
	return slices.Sorted(maps.Keys(m))
}

func itoa(i int) string { return strconv.Itoa(i) }
