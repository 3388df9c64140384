package listening

import (
	"fmt"
	"time"
)

// Day and Week are the period lengths [CompareDay] compares.
const (
	Day  = 24 * time.Hour
	Week = 7 * Day
)

// PeriodChange compares the tally of one period of a series with that of
// the period of the same length just before it: a day with the previous
// day, a week with the previous week.
type PeriodChange struct {
	Start    time.Time     `json:"start"`    // start of the current period
	Length   time.Duration `json:"length"`   // length of each period
	Current  Tally         `json:"current"`  // the period from Start to Start+Length
	Previous Tally         `json:"previous"` // the period from Start-Length to Start
	// Complete reports whether the series still kept every window of
	// both periods; when false, windows dropped for age counted zero.
	Complete bool `json:"complete"`
}

// Change returns the change in m's count from the previous period to the
// current one: the difference, and the relative change (0.5 for a rise of
// half). ok is false when the previous count is zero, so that the
// relative change is undefined.
func (p PeriodChange) Change(m Measure) (delta int, relative float64, ok bool) {
	cur, prev := m.Of(p.Current), m.Of(p.Previous)
	delta = cur - prev
	if prev == 0 {
		return delta, 0, false
	}
	return delta, float64(delta) / float64(prev), true
}

// Format describes the change in m's count in a few words, such as
// "negative 12 (previous 8, +4, +50.0%)" or, when the previous count is
// zero, "negative 3 (previous 0, +3)".
func (p PeriodChange) Format(m Measure) string {
	delta, rel, ok := p.Change(m)
	s := fmt.Sprintf("%s %d (previous %d, %+d", m, m.Of(p.Current), m.Of(p.Previous), delta)
	if ok {
		s += fmt.Sprintf(", %+.1f%%", 100*rel)
	}
	return s + ")"
}

// String describes the change in every measure in one line.
func (p PeriodChange) String() string {
	s := fmt.Sprintf("%s from %s: %s; %s; %s", p.Length, p.Start.Format(time.RFC3339),
		p.Format(Volume), p.Format(Negatives), p.Format(Positives))
	if !p.Complete {
		s += " (incomplete)"
	}
	return s
}

// ComparePeriods compares the period of s from start to start+length with
// the one before it. start is moved back to the start of its window, and
// length must be a positive whole number of the series' windows; otherwise
// ComparePeriods returns a *[FieldError].
func ComparePeriods(s *Series, start time.Time, length time.Duration) (PeriodChange, error) {
	if s == nil {
		return PeriodChange{}, invalid("series", "nil", "no series to compare")
	}
	if length <= 0 || length%s.width != 0 {
		return PeriodChange{}, invalid("period length", length.String(), fmt.Sprintf("want a positive multiple of the window width %s", s.width))
	}
	n := int64(length / s.width)
	from := s.index(start)
	p := PeriodChange{Start: s.start(from), Length: length, Complete: true}
	for i := range n {
		p.Current.Merge(s.tallyAt(from + i))
		p.Previous.Merge(s.tallyAt(from - n + i))
	}
	if len(s.buckets) > 0 && from-n <= s.last-int64(s.keep) {
		p.Complete = false
	}
	return p, nil
}

// TopicComparison is one row of a day's report: a topic's day against the
// previous day, and the week ending with that day against the week
// before.
type TopicComparison struct {
	Topic string       `json:"topic"` // the topic; empty for all mentions
	Day   PeriodChange `json:"day"`   // the day against the previous day
	Week  PeriodChange `json:"week"`  // the seven days ending with the day against the seven before
}

// String describes the row in two lines.
func (c TopicComparison) String() string {
	topic := c.Topic
	if topic == "" {
		topic = "all mentions"
	}
	return fmt.Sprintf("%s\n  day:  %s\n  week: %s", topic, c.Day, c.Week)
}

// CompareDay compares, for all mentions and then for each topic the
// centre heard (sorted), the UTC day holding day with the previous day,
// and the week ending with that day with the week before. The week
// comparison needs two weeks of windows: a centre keeping fewer (the
// default keeps one week of hours) reports it with Complete false. The
// centre's window width must divide a day; otherwise CompareDay returns a
// *[FieldError].
func CompareDay(c *Centre, day time.Time) ([]TopicComparison, error) {
	u := day.UTC()
	start := time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)
	var out []TopicComparison
	for _, topic := range append([]string{""}, c.Topics()...) {
		s := c.Series(topic)
		if s == nil {
			s = NewSeries(c.width, c.keep)
		}
		d, err := ComparePeriods(s, start, Day)
		if err != nil {
			return nil, err
		}
		w, err := ComparePeriods(s, start.Add(Day-Week), Week)
		if err != nil {
			return nil, err
		}
		out = append(out, TopicComparison{Topic: topic, Day: d, Week: w})
	}
	return out, nil
}
