package listening

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// Measure selects what is counted in a window when looking for spikes: the
// negative mentions (as the [Centre]'s alerts do), the positive ones, or
// all of them. The zero Measure is Negatives.
type Measure uint8

// The measures.
const (
	// Negatives counts negative mentions ([Tally.Negative]).
	Negatives Measure = iota
	// Positives counts positive mentions ([Tally.Positive]), which a
	// series holds only when mentions were added with
	// [Series.AddPolarity].
	Positives
	// Volume counts every mention ([Tally.Count]).
	Volume
)

// Of returns the count of t that m selects.
func (m Measure) Of(t Tally) int {
	switch m {
	case Positives:
		return t.Positive
	case Volume:
		return t.Count
	}
	return t.Negative
}

// String returns "negative", "positive" or "volume".
func (m Measure) String() string {
	switch m {
	case Negatives:
		return "negative"
	case Positives:
		return "positive"
	case Volume:
		return "volume"
	}
	return fmt.Sprintf("Measure(%d)", uint8(m))
}

// valid reports whether m is one of the measures.
func (m Measure) valid() bool { return m <= Volume }

// Spike is a window whose count, by a [Measure], broke from its baseline.
type Spike struct {
	Measure  Measure   `json:"measure"`  // what was counted
	Window   time.Time `json:"window"`   // start of the window
	Count    int       `json:"count"`    // the window's count by Measure
	Baseline Baseline  `json:"baseline"` // what the count was judged against
}

// String describes the spike in one line.
func (s Spike) String() string {
	return fmt.Sprintf("%s spike: %d in window %s (baseline mean %.2f, sd %.2f, %s level %d)",
		s.Measure, s.Count, s.Window.Format(time.RFC3339), s.Baseline.Mean, s.Baseline.SD, s.Baseline.Method, s.Baseline.Level)
}

// Spikes returns the windows of s, oldest first, whose count by m breaks
// from its baseline by the method of [AlertRule]: the same baseline, level,
// minimum count and cooldown the [Centre] applies to negative volume, so
// that positive-volume and total-volume spikes are judged exactly as
// negative ones. Zero fields of r mean their defaults.
//
// Unlike the centre, which judges a window as each mention arrives,
// Spikes judges each kept window on its final count, and its warm-up
// counts from the earliest window s still keeps: no window within
// r.Baseline windows of it is judged. Empty windows count 0.
//
// A rule out of range gives a *[FieldError]; an unknown measure
// likewise.
func Spikes(s *Series, m Measure, r AlertRule) ([]Spike, error) {
	r = r.withDefaults()
	if err := r.validate(); err != nil {
		return nil, err
	}
	if !m.valid() {
		return nil, invalid("measure", m.String(), "want Negatives, Positives or Volume")
	}
	if s == nil || len(s.buckets) == 0 {
		return nil, nil
	}
	first := slices.Min(slices.Collect(maps.Keys(s.buckets)))
	var out []Spike
	var alerted bool
	var lastAlert int64
	history := make([]int, r.Baseline)
	for w := first + int64(r.Baseline); w <= s.last; w++ {
		if alerted && w <= lastAlert+int64(r.Cooldown) {
			continue
		}
		count := m.Of(s.tallyAt(w))
		if count < r.MinCount {
			continue
		}
		for i := range history {
			history[i] = m.Of(s.tallyAt(w - int64(r.Baseline) + int64(i)))
		}
		b := r.Level(history)
		if count < b.Level {
			continue
		}
		alerted, lastAlert = true, w
		out = append(out, Spike{Measure: m, Window: s.start(w), Count: count, Baseline: b})
	}
	return out, nil
}
