package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/engagekit/engage/listening"
)

// caseHorizon is how far back the report opens response cases: negative
// mentions of the last week still await a response.
const caseHorizon = 7 * 24 * time.Hour

// listeningSection is section 6: what the public says, by topic, the
// alerts on it, and the response cases past their target.
type listeningSection struct {
	Mentions    int
	Topics      []topicSentiment
	Alerts      []listening.Alert
	Daily       []dayTally
	OpenCases   int
	Late        []listening.Breach
	CaseHorizon time.Duration
}

type topicSentiment struct {
	Topic string
	listening.Tally
}

type dayTally struct {
	Day time.Time
	listening.Tally
}

// newListeningSection hears the mentions up to the as-of date: sentiment by
// topic, alerts, volume by day, and the response cases past their target.
func newListeningSection(r *record) (*listeningSection, error) {
	s := &listeningSection{}
	src := r.Mentions
	if !src.given() {
		return s, nil
	}
	centre, err := listening.NewCentre(listening.CentreConfig{})
	if err != nil {
		return nil, err
	}
	f, err := src.open()
	if err != nil {
		return nil, err
	}
	// The file is only read: a read error surfaces from ReadJSONL, and
	// closing it can lose nothing.
	defer f.Close()
	topics := make(map[string]*listening.Tally)
	days := make(map[time.Time]*listening.Tally)
	var cases []*listening.Case
	s.CaseHorizon = caseHorizon
	for m, err := range listening.ReadJSONL(f) {
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src.name, err)
		}
		if m.Time.After(r.AsOf) {
			continue
		}
		scored, alerts, err := centre.Ingest(m)
		if err != nil {
			return nil, fmt.Errorf("%s: mention %q: %w", src.name, m.ID, err)
		}
		s.Mentions++
		s.Alerts = append(s.Alerts, alerts...)
		for _, t := range scored.Mention.Topics {
			if topics[t] == nil {
				topics[t] = &listening.Tally{}
			}
			topics[t].Add(scored.Sentiment.Score, scored.Negative)
		}
		day := m.Time.UTC().Truncate(24 * time.Hour)
		if days[day] == nil {
			days[day] = &listening.Tally{}
		}
		days[day].Add(scored.Sentiment.Score, scored.Negative)
		if scored.Negative && r.AsOf.Sub(m.Time) <= caseHorizon {
			c, err := listening.OpenCase(scored, m.Time, listening.CasePolicy{})
			if err != nil {
				return nil, err
			}
			cases = append(cases, c)
		}
	}
	for _, t := range slices.Sorted(maps.Keys(topics)) {
		s.Topics = append(s.Topics, topicSentiment{t, *topics[t]})
	}
	slices.SortFunc(s.Topics, func(a, b topicSentiment) int {
		return cmp.Or(cmp.Compare(a.MeanScore(), b.MeanScore()), cmp.Compare(a.Topic, b.Topic))
	})
	for d, t := range days {
		s.Daily = append(s.Daily, dayTally{d, *t})
	}
	slices.SortFunc(s.Daily, func(a, b dayTally) int { return a.Day.Compare(b.Day) })
	s.OpenCases = len(cases)
	s.Late = listening.Breaches(cases, r.AsOf)
	return s, nil
}

func (s *listeningSection) layout(d *doc) {
	d.section("6. Listening")
	if s.Mentions == 0 {
		d.line(1, "No mentions.")
		return
	}
	t := d.table(1, "topic", "mentions", "negative", "mean sentiment")
	for _, tp := range s.Topics {
		t.row(tp.Topic, count(tp.Count), fmt.Sprintf("%.0f%%", 100*tp.NegativeShare()), fmt.Sprintf("%+.2f", tp.MeanScore()))
	}
	d.line(1, "Alerts: %s.", count(len(s.Alerts)))
	for i, a := range s.Alerts {
		if i == listLen {
			d.line(2, "... and %s more", count(len(s.Alerts)-listLen))
			break
		}
		d.line(2, "%s: %d negative in the window from %s (baseline mean %.2f, sd %.2f, %s level %d)",
			cmp.Or(a.Topic, "all mentions"), a.Negative, dateTime(a.Window), a.Baseline.Mean, a.Baseline.SD, a.Baseline.Method, a.Baseline.Level)
	}
	d.line(1, "Response cases opened for negative mentions of the last %.0f days: %s; past their response-time target: %s.",
		s.CaseHorizon.Hours()/24, count(s.OpenCases), count(len(s.Late)))
	for i, b := range s.Late {
		if i == 3 {
			break
		}
		d.line(2, "mention %s (%s severity): response due %s, %.0f hours late", b.Case, b.Severity, dateTime(b.Due), b.Late.Hours())
	}

	if len(s.Daily) > 0 {
		volume := series{Name: "mentions per day"}
		negative := series{Name: "negative per day"}
		for _, day := range s.Daily {
			volume.Points = append(volume.Points, point{day.Day, float64(day.Count)})
			negative.Points = append(negative.Points, point{day.Day, float64(day.Negative)})
		}
		d.figure(lineChart{Title: "Mentions per day, with alerts marked", YTitle: "mentions per day",
			Series: []series{volume, negative}, Marks: alertMarks(s.Alerts)}.write)
		d.figure(lineChart{Title: "Mean sentiment of mentions per week", YTitle: "mean sentiment (-1 to +1)",
			Series: []series{weekly(s.Daily)}, Marks: alertMarks(s.Alerts)}.write)
	}
}

// alertMarks marks each day with alerts, naming the topics that broke
// ("all" for all mentions together).
func alertMarks(alerts []listening.Alert) []mark {
	var marks []mark
	for _, a := range alerts {
		day := a.Window.UTC().Truncate(24 * time.Hour)
		topic := cmp.Or(a.Topic, "all")
		if n := len(marks); n > 0 && marks[n-1].T.Equal(day) {
			if !strings.Contains(marks[n-1].Label, topic) {
				marks[n-1].Label += ", " + topic
			}
			continue
		}
		marks = append(marks, mark{day, "alert: " + topic})
	}
	return marks
}

// weekly turns daily tallies into the mean sentiment of each week.
func weekly(days []dayTally) series {
	s := series{Name: "mean sentiment"}
	var sum float64
	var n int
	var start time.Time
	for i, d := range days {
		if i == 0 || d.Day.Sub(start) >= 7*24*time.Hour {
			if n > 0 {
				s.Points = append(s.Points, point{start, sum / float64(n)})
			}
			start, sum, n = d.Day, 0, 0
		}
		sum += d.ScoreSum
		n += d.Count
	}
	if n > 0 {
		s.Points = append(s.Points, point{start, sum / float64(n)})
	}
	return s
}
