package listening

import (
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/engagekit/engage/listening/sentiment"
)

// DefaultNegativeThreshold is the sentiment score at or below which a
// mention counts as negative: -0.05, the cut-off the VADER authors
// recommend for their compound score (Hutto & Gilbert 2014; scores between
// -0.05 and 0.05 are neutral).
const DefaultNegativeThreshold = -0.05

// DefaultPositiveThreshold is the score at or above which a mention counts
// as positive: 0.05, the same VADER convention.
const DefaultPositiveThreshold = 0.05

// Scored is a mention as the listening centre heard it: with its sentiment
// and the topics it falls under.
type Scored struct {
	// Mention is the mention; its Topics are those the source gave
	// followed by those the topic rules found, without repeats.
	Mention Mention `json:"mention"`
	// Sentiment is the analyser's reading of the mention's text.
	Sentiment sentiment.Sentiment `json:"sentiment"`
	// Negative reports whether the score is at or below the negative
	// threshold.
	Negative bool `json:"negative"`
}

// CentreConfig configures a [Centre]. Every zero field means its
// documented default, so the zero CentreConfig is a working centre.
type CentreConfig struct {
	// Analyzer scores each mention's text; nil means a
	// [sentiment.RuleAnalyzer] with the default lexicon.
	Analyzer sentiment.Analyzer
	// Topics are the rules that assign mentions to topics (see
	// [TopicRule]). Mentions are counted overall and under each topic.
	Topics []TopicRule
	// Window is the width of a window; zero means DefaultWindow.
	Window time.Duration
	// Keep is how many windows each series keeps; zero means DefaultKeep.
	// It is raised to Alert.Baseline+1 if lower, so a baseline is always
	// whole.
	Keep int
	// NegativeThreshold is the score at or below which a mention is
	// negative; zero means DefaultNegativeThreshold.
	NegativeThreshold float64
	// Alert says when negative volume breaks from its baseline.
	Alert AlertRule
}

// Centre is the listening centre: it hears mentions, scores them with a
// [sentiment.Analyzer], sorts them into topics, keeps the rolling volume and
// sentiment of each topic and of all mentions (a [Series] each), and raises
// an [Alert] when negative volume breaks from its baseline, by the method
// documented on [AlertRule].
//
// A Centre keeps no clock: a mention's own time places it in its window.
// Mentions may come in any order, but alerts are judged on the window of
// the mention just heard, so feeding mentions roughly in time order gives
// alerts as the crisis unfolds. The centre does not drop repeated
// mentions: sources do (see [Source]).
//
// A Centre is safe for concurrent use.
type Centre struct {
	analyzer sentiment.Analyzer
	matcher  *TopicMatcher
	negative float64
	width    time.Duration
	keep     int
	rule     AlertRule // defaults applied

	mu      sync.Mutex
	series  map[string]*centreSeries // "" is all mentions
	first   int64                    // earliest window heard
	started bool
}

type centreSeries struct {
	s         *Series
	alerted   bool
	lastAlert int64 // window of the last alert, when alerted
}

// NewCentre returns a centre configured by cfg, or an error: a
// *[FieldError] for a bad topic rule or an alert rule out of
// range.
func NewCentre(cfg CentreConfig) (*Centre, error) {
	if cfg.Analyzer == nil {
		cfg.Analyzer = sentiment.NewRuleAnalyzer(sentiment.RuleConfig{})
	}
	matcher, err := NewTopicMatcher(cfg.Topics...)
	if err != nil {
		return nil, err
	}
	rule := cfg.Alert.withDefaults()
	if err := rule.validate(); err != nil {
		return nil, err
	}
	c := &Centre{
		analyzer: cfg.Analyzer,
		matcher:  matcher,
		negative: cfg.NegativeThreshold,
		width:    cfg.Window,
		keep:     max(cfg.Keep, rule.Baseline+1),
		rule:     rule,
		series:   make(map[string]*centreSeries),
	}
	if c.negative == 0 {
		c.negative = DefaultNegativeThreshold
	}
	if c.width <= 0 {
		c.width = DefaultWindow
	}
	if cfg.Keep <= 0 {
		c.keep = max(DefaultKeep, rule.Baseline+1)
	}
	return c, nil
}

// Score reads m without hearing it: its sentiment and topics. It changes
// nothing in the centre.
func (c *Centre) Score(m Mention) Scored {
	s := c.analyzer.Analyze(m.Text)
	topics := slices.Clone(m.Topics)
	for _, t := range c.matcher.Match(m.Text) {
		if !slices.Contains(topics, t) {
			topics = append(topics, t)
		}
	}
	m.Topics = topics
	return Scored{Mention: m, Sentiment: s, Negative: s.Score <= c.negative}
}

// Ingest hears one mention: it scores it, counts it overall and under each
// of its topics, and returns it scored with any alerts it raised (overall
// first, then by topic in the mention's order). A mention that fails
// [Mention.Validate] is refused with that error and changes nothing.
func (c *Centre) Ingest(m Mention) (Scored, []Alert, error) {
	if err := m.Validate(); err != nil {
		return Scored{}, nil, fmt.Errorf("listening: mention %q: %w", m.ID, err)
	}
	s := c.Score(cloneMention(m))

	c.mu.Lock()
	defer c.mu.Unlock()
	w := windowIndex(m.Time, c.width)
	if !c.started || w < c.first {
		c.first, c.started = w, true
	}
	var alerts []Alert
	for _, topic := range append([]string{""}, s.Mention.Topics...) {
		cs := c.series[topic]
		if cs == nil {
			cs = &centreSeries{s: NewSeries(c.width, c.keep)}
			c.series[topic] = cs
		}
		cs.s.AddPolarity(m.Time, s.Sentiment.Score, s.Negative, s.Sentiment.Score >= DefaultPositiveThreshold)
		if a, ok := c.judge(cs, w); ok {
			a.Topic, a.Mention, a.At = topic, m.ID, m.Time
			alerts = append(alerts, a)
		}
	}
	return s, alerts, nil
}

// judge decides whether window w of a series alerts now.
func (c *Centre) judge(cs *centreSeries, w int64) (Alert, bool) {
	r := c.rule
	switch {
	case w-c.first < int64(r.Baseline): // still warming up
		return Alert{}, false
	case cs.alerted && w <= cs.lastAlert+int64(r.Cooldown):
		return Alert{}, false
	}
	count := cs.s.tallyAt(w).Negative
	if count < r.MinCount {
		return Alert{}, false
	}
	history := make([]int, r.Baseline)
	for i := range history {
		history[i] = cs.s.tallyAt(w - int64(r.Baseline) + int64(i)).Negative
	}
	b := r.Level(history)
	if count < b.Level {
		return Alert{}, false
	}
	cs.alerted, cs.lastAlert = true, w
	return Alert{Window: cs.s.start(w), Negative: count, Baseline: b}, true
}

// Series returns a copy of the series of a topic, or of all mentions for
// the empty topic; nil when nothing was heard under it.
func (c *Centre) Series(topic string) *Series {
	c.mu.Lock()
	defer c.mu.Unlock()
	cs := c.series[topic]
	if cs == nil {
		return nil
	}
	return cs.s.Clone()
}

// Topics returns the topics heard so far, sorted; all mentions (the empty
// topic) are not listed.
func (c *Centre) Topics() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	ts := slices.Sorted(maps.Keys(c.series))
	return slices.DeleteFunc(ts, func(t string) bool { return t == "" })
}
