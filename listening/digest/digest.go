package digest

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/engagekit/engage/listening"
)

// Spike is a [listening.Spike] of one topic's series; the empty topic
// stands for all mentions, as in a [listening.Alert].
type Spike struct {
	Topic string `json:"topic"`
	listening.Spike
}

// Breach is a [listening.Breach] of a case about one topic; the empty
// topic stands for a case whose mention has none.
type Breach struct {
	Topic string `json:"topic"`
	listening.Breach
}

// CaseBreaches returns the breaches among cases as of asOf, as
// [listening.Breaches] does, each under the first topic of its case's
// mention (empty when it has none). Nil cases are skipped.
func CaseBreaches(cases []*listening.Case, asOf time.Time) []Breach {
	var out []Breach
	for _, c := range cases {
		if c == nil {
			continue
		}
		b, ok := c.Breach(asOf)
		if !ok {
			continue
		}
		topic := ""
		if len(c.Mention.Topics) > 0 {
			topic = c.Mention.Topics[0]
		}
		out = append(out, Breach{Topic: topic, Breach: b})
	}
	return out
}

// Topic holds one topic's items of a [Digest], each list worst first.
type Topic struct {
	Name     string             `json:"name"`     // the topic; empty for all mentions
	Alerts   []listening.Alert  `json:"alerts"`   // most negative mentions first
	Spikes   []listening.Spike  `json:"spikes"`   // highest count first
	Breaches []listening.Breach `json:"breaches"` // latest first
}

// Label returns the topic's name, or "all mentions" for the empty topic.
func (t Topic) Label() string {
	if t.Name == "" {
		return "all mentions"
	}
	return t.Name
}

// Counts is how many items of each kind a digest holds.
type Counts struct {
	Alerts   int `json:"alerts"`
	Spikes   int `json:"spikes"`
	Breaches int `json:"breaches"`
}

// Total returns the number of items of every kind.
func (c Counts) Total() int { return c.Alerts + c.Spikes + c.Breaches }

// Digest is what happened in one period: the alerts, spikes and late
// cases that fall in it, grouped by topic. Topics come in order of name,
// the empty topic (all mentions) first. Build one with [Build].
type Digest struct {
	Period Period  `json:"period"`
	Topics []Topic `json:"topics"`
}

// Build gathers the items that fall in p: alerts raised in it (by
// [listening.Alert.At]), spikes whose window starts in it (by
// [listening.Spike.Window]) and breaches whose response was due in it
// (by [listening.Breach.Due]), so that consecutive periods report each
// breach once. Items outside p are left out; none is dropped as a repeat.
// The digest depends only on which items fall in p, not on their order.
// A bad period gives a *[listening.FieldError].
func Build(p Period, alerts []listening.Alert, spikes []Spike, breaches []Breach) (Digest, error) {
	if err := p.Validate(); err != nil {
		return Digest{}, err
	}
	byName := make(map[string]*Topic)
	topic := func(name string) *Topic {
		t, ok := byName[name]
		if !ok {
			t = &Topic{Name: name}
			byName[name] = t
		}
		return t
	}
	for _, a := range alerts {
		if p.Contains(a.At) {
			t := topic(a.Topic)
			t.Alerts = append(t.Alerts, a)
		}
	}
	for _, s := range spikes {
		if p.Contains(s.Window) {
			t := topic(s.Topic)
			t.Spikes = append(t.Spikes, s.Spike)
		}
	}
	for _, b := range breaches {
		if p.Contains(b.Due) {
			t := topic(b.Topic)
			t.Breaches = append(t.Breaches, b.Breach)
		}
	}
	d := Digest{Period: p}
	for _, name := range sortedKeys(byName) {
		t := byName[name]
		slices.SortFunc(t.Alerts, compareAlerts)
		slices.SortFunc(t.Spikes, compareSpikes)
		slices.SortFunc(t.Breaches, compareBreaches)
		d.Topics = append(d.Topics, *t)
	}
	return d, nil
}

// Counts returns how many items of each kind d holds.
func (d Digest) Counts() Counts {
	var c Counts
	for _, t := range d.Topics {
		c.Alerts += len(t.Alerts)
		c.Spikes += len(t.Spikes)
		c.Breaches += len(t.Breaches)
	}
	return c
}

// Empty reports whether d holds nothing: there is nothing to send.
func (d Digest) Empty() bool { return d.Counts().Total() == 0 }

func sortedKeys(m map[string]*Topic) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// compareAlerts orders alerts worst first: most negative mentions, then
// furthest over the level, then earliest; the remaining fields break ties
// so that the order is total.
func compareAlerts(a, b listening.Alert) int {
	return cmp.Or(
		cmp.Compare(b.Negative, a.Negative),
		cmp.Compare(b.Negative-b.Baseline.Level, a.Negative-a.Baseline.Level),
		a.At.Compare(b.At),
		a.Window.Compare(b.Window),
		strings.Compare(a.Mention, b.Mention),
		compareBaselines(a.Baseline, b.Baseline),
	)
}

// compareSpikes orders spikes worst first: highest count, then furthest
// over the level, then earliest window, then measure.
func compareSpikes(a, b listening.Spike) int {
	return cmp.Or(
		cmp.Compare(b.Count, a.Count),
		cmp.Compare(b.Count-b.Baseline.Level, a.Count-a.Baseline.Level),
		a.Window.Compare(b.Window),
		cmp.Compare(a.Measure, b.Measure),
		compareBaselines(a.Baseline, b.Baseline),
	)
}

// compareBreaches orders breaches worst first: latest, then most severe,
// then earliest due, then by case ID.
func compareBreaches(a, b listening.Breach) int {
	return cmp.Or(
		cmp.Compare(b.Late, a.Late),
		cmp.Compare(b.Severity, a.Severity),
		a.Due.Compare(b.Due),
		strings.Compare(a.Case, b.Case),
		a.Responded.Compare(b.Responded),
	)
}

func compareBaselines(a, b listening.Baseline) int {
	return cmp.Or(
		cmp.Compare(a.Level, b.Level),
		cmp.Compare(a.Mean, b.Mean),
		cmp.Compare(a.SD, b.SD),
		strings.Compare(a.Method, b.Method),
	)
}
