package listening

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// Defaults for [Series] and [CentreConfig].
const (
	// DefaultWindow is the width of a window: one hour, short enough to
	// catch a crisis on the day ("time is critical and you have very
	// little", seed 003), long enough to hold a few mentions.
	DefaultWindow = time.Hour
	// DefaultKeep is how many windows a series keeps: 168, a week of
	// hours.
	DefaultKeep = 168
)

// Tally counts the mentions heard in one window. The zero Tally is an
// empty window. Tallies merge by adding, so tallies of the parts of a
// stream add up to the tally of the whole.
type Tally struct {
	Count    int     `json:"count"`              // mentions heard
	Negative int     `json:"negative"`           // of which negative
	Positive int     `json:"positive,omitempty"` // of which positive, when counted with AddPolarity
	ScoreSum float64 `json:"score_sum"`          // sum of their sentiment scores
}

// Add counts one mention with the given sentiment score.
func (t *Tally) Add(score float64, negative bool) {
	t.Count++
	if negative {
		t.Negative++
	}
	t.ScoreSum += score
}

// AddPolarity counts one mention with the given sentiment score, negative
// or positive (or neither, when neutral). Unlike [Tally.Add] it also counts
// positive mentions, which positive-volume spikes ([Positives]) need.
func (t *Tally) AddPolarity(score float64, negative, positive bool) {
	t.Add(score, negative)
	if positive && !negative {
		t.Positive++
	}
}

// Merge adds u's counts into t.
func (t *Tally) Merge(u Tally) {
	t.Count += u.Count
	t.Negative += u.Negative
	t.Positive += u.Positive
	t.ScoreSum += u.ScoreSum
}

// MeanScore returns the mean sentiment score, or 0 for an empty tally.
func (t Tally) MeanScore() float64 {
	if t.Count == 0 {
		return 0
	}
	return t.ScoreSum / float64(t.Count)
}

// NegativeShare returns the share of mentions that were negative, from 0
// to 1, or 0 for an empty tally.
func (t Tally) NegativeShare() float64 {
	if t.Count == 0 {
		return 0
	}
	return float64(t.Negative) / float64(t.Count)
}

// Window is the tally of one window with the window's start.
type Window struct {
	Start time.Time `json:"start"`
	Tally
}

// Series is the rolling volume and sentiment of a stream of mentions (one
// topic, or all of them) over fixed windows: a [Tally] per window, keyed by
// the window's start. Windows are aligned to the Unix epoch, so an hourly
// window starts on the hour and a daily one at midnight UTC. Only the
// latest Keep windows, counted back from the latest window that holds a
// mention, are kept; older ones are dropped.
//
// Series are mergeable: a stream split in any way, each part added to its
// own Series, merges into the Series of the whole stream (up to
// floating-point rounding in ScoreSum), which lets shards or goroutines
// count apart.
//
// A Series is not safe for concurrent use.
type Series struct {
	width   time.Duration
	keep    int
	last    int64 // index of the latest window held; valid when buckets is non-empty
	buckets map[int64]Tally
}

// NewSeries returns an empty series of windows width wide keeping keep
// windows; zero or negative values mean DefaultWindow and DefaultKeep.
func NewSeries(width time.Duration, keep int) *Series {
	if width <= 0 {
		width = DefaultWindow
	}
	if keep <= 0 {
		keep = DefaultKeep
	}
	return &Series{width: width, keep: keep, buckets: make(map[int64]Tally)}
}

// Width returns the width of the series' windows.
func (s *Series) Width() time.Duration { return s.width }

// Keep returns how many windows the series keeps.
func (s *Series) Keep() int { return s.keep }

// index returns the index of the window holding t.
func (s *Series) index(t time.Time) int64 { return windowIndex(t, s.width) }

// windowIndex returns the index of the window of the given width holding
// t: windows are counted from the Unix epoch.
func windowIndex(t time.Time, width time.Duration) int64 {
	n, w := t.UnixNano(), int64(width)
	i := n / w
	if n%w < 0 {
		i--
	}
	return i
}

// start returns the start of window i.
func (s *Series) start(i int64) time.Time { return time.Unix(0, i*int64(s.width)).UTC() }

// WindowStart returns the start of the window that holds t.
func (s *Series) WindowStart(t time.Time) time.Time { return s.start(s.index(t)) }

// Add counts a mention said at t with the given sentiment score.
func (s *Series) Add(t time.Time, score float64, negative bool) {
	i := s.index(t)
	b := s.buckets[i]
	b.Add(score, negative)
	s.put(i, b)
}

// AddPolarity counts a mention said at t with the given sentiment score,
// negative or positive, as [Tally.AddPolarity] does.
func (s *Series) AddPolarity(t time.Time, score float64, negative, positive bool) {
	i := s.index(t)
	b := s.buckets[i]
	b.AddPolarity(score, negative, positive)
	s.put(i, b)
}

// put stores a tally and drops windows that fell out of the kept range.
func (s *Series) put(i int64, b Tally) {
	if len(s.buckets) > 0 && i <= s.last-int64(s.keep) {
		return
	}
	moved := len(s.buckets) == 0 || i > s.last
	if moved {
		s.last = i
	}
	s.buckets[i] = b
	if moved {
		maps.DeleteFunc(s.buckets, func(j int64, _ Tally) bool { return j <= s.last-int64(s.keep) })
	}
}

// At returns the tally of the window that holds t: zero when the window is
// empty or no longer kept.
func (s *Series) At(t time.Time) Tally { return s.buckets[s.index(t)] }

// tallyAt returns the tally of window i.
func (s *Series) tallyAt(i int64) Tally { return s.buckets[i] }

// Windows returns the non-empty windows kept, oldest first.
func (s *Series) Windows() []Window {
	idx := slices.Sorted(maps.Keys(s.buckets))
	out := make([]Window, len(idx))
	for k, i := range idx {
		out[k] = Window{Start: s.start(i), Tally: s.buckets[i]}
	}
	return out
}

// Total returns the tally of all the windows kept.
func (s *Series) Total() Tally {
	var t Tally
	for _, b := range s.buckets {
		t.Merge(b)
	}
	return t
}

// Merge adds o's windows into s. Both must have the same width and keep;
// otherwise Merge returns an error matching [ErrMismatch] and changes
// nothing. o is not changed.
func (s *Series) Merge(o *Series) error {
	if s.width != o.width || s.keep != o.keep {
		return fmt.Errorf("listening: merging series of %v x %d windows into %v x %d: %w", o.width, o.keep, s.width, s.keep, ErrMismatch)
	}
	for i, b := range o.buckets {
		c := s.buckets[i]
		c.Merge(b)
		s.put(i, c)
	}
	return nil
}

// Clone returns a copy of s that shares no memory with it.
func (s *Series) Clone() *Series {
	c := *s
	c.buckets = maps.Clone(s.buckets)
	return &c
}
