package engagement

import (
	"slices"
	"time"
)

// GoodwillTimeline adds up the goodwill of a whole base at several times
// in one pass over the interactions: the balance of every customer
// together, as a [Profile] as of each time would give it, to the
// millionth of a point. It keeps one number per time, whatever the number
// of interactions or customers, so it suits a stream too large to fold
// once per time. The zero GoodwillTimeline has no times; make one with
// [GoodwillRules.Timeline].
type GoodwillTimeline struct {
	g     *goodwill
	at    []int64 // Unix nanoseconds, ascending
	total []int64 // millionths of a point
}

// Timeline returns a timeline of the base's goodwill at the given times
// under these rules (nil rules are the defaults). Times are sorted and
// repeats dropped. The rules must be valid (see Validate).
func (r *GoodwillRules) Timeline(times ...time.Time) *GoodwillTimeline {
	at := make([]int64, len(times))
	for i, t := range times {
		at[i] = t.UnixNano()
	}
	slices.Sort(at)
	at = slices.Compact(at)
	return &GoodwillTimeline{g: r.compile(), at: at, total: make([]int64, len(at))}
}

// Add counts one interaction at every time not before it. It does not
// validate the interaction.
func (t *GoodwillTimeline) Add(in Interaction) {
	e := t.g.effect(&in)
	if e == 0 {
		return
	}
	when := in.Time.UnixNano()
	i, _ := slices.BinarySearch(t.at, when)
	for ; i < len(t.at); i++ {
		t.total[i] += micro(e, t.g.remaining(t.at[i]-when))
	}
}

// Times returns the times of the timeline, ascending, in UTC.
func (t *GoodwillTimeline) Times() []time.Time {
	out := make([]time.Time, len(t.at))
	for i, at := range t.at {
		out[i] = time.Unix(0, at).UTC()
	}
	return out
}

// Balances returns the base's goodwill at each time, in points, in the
// order of Times.
func (t *GoodwillTimeline) Balances() []float64 {
	out := make([]float64, len(t.total))
	for i, m := range t.total {
		out[i] = float64(m) / 1e6
	}
	return out
}
