package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/engagekit/engage/listening"
)

// caseHorizon is how far back the report opens response cases: negative
// mentions of the last week still await a response.
const caseHorizon = 7 * 24 * time.Hour

// listen hears the mentions: sentiment by topic, alerts, volume by day,
// and the response cases past their target.
func (f *findings) listen(s source) error {
	if !s.given() {
		return nil
	}
	centre, err := listening.NewCentre(listening.CentreConfig{})
	if err != nil {
		return err
	}
	r, err := s.open()
	if err != nil {
		return err
	}
	defer r.Close()
	topics := make(map[string]*listening.Tally)
	days := make(map[time.Time]*listening.Tally)
	var cases []*listening.Case
	f.CaseHorizon = caseHorizon
	for m, err := range listening.ReadJSONL(r) {
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		if m.Time.After(f.AsOf) {
			continue
		}
		scored, alerts, err := centre.Ingest(m)
		if err != nil {
			return fmt.Errorf("%s: mention %q: %w", s.name, m.ID, err)
		}
		f.Mentions++
		f.Alerts = append(f.Alerts, alerts...)
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
		if scored.Negative && f.AsOf.Sub(m.Time) <= caseHorizon {
			c, err := listening.OpenCase(scored, m.Time, listening.CasePolicy{})
			if err != nil {
				return err
			}
			cases = append(cases, c)
		}
	}
	for _, t := range slices.Sorted(maps.Keys(topics)) {
		f.Topics = append(f.Topics, topicSentiment{t, *topics[t]})
	}
	slices.SortFunc(f.Topics, func(a, b topicSentiment) int {
		return cmp.Or(cmp.Compare(a.MeanScore(), b.MeanScore()), cmp.Compare(a.Topic, b.Topic))
	})
	for d, t := range days {
		f.Daily = append(f.Daily, dayTally{d, *t})
	}
	slices.SortFunc(f.Daily, func(a, b dayTally) int { return a.Day.Compare(b.Day) })
	f.OpenCases = len(cases)
	f.Late = listening.Breaches(cases, f.AsOf)
	return nil
}
