package simulate

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/listening"
)

// The defaults of [MentionConfig] and [Crisis].
const (
	// DefaultMentionsPerMonth is the volume of ordinary mentions: 600 a
	// month, about 20 a day.
	DefaultMentionsPerMonth = 600
	// DefaultNegativeShare is the share of ordinary mentions that are
	// negative: 0.2.
	DefaultNegativeShare = 0.2
	// DefaultNeutralShare is the share of ordinary mentions that are
	// neutral questions: 0.15. The rest are positive.
	DefaultNeutralShare = 0.15
	// DefaultCustomerShare is the share of mentions whose author is a
	// known customer: 0.05.
	DefaultCustomerShare = 0.05
	// DefaultCrisisTopic is the topic of the crisis: "delivery".
	DefaultCrisisTopic = "delivery"
	// DefaultCrisisLead is how long before End the crisis starts when
	// Crisis.Start is zero: six weeks, at 09:00 UTC.
	DefaultCrisisLead = 42 * 24 * time.Hour
	// DefaultCrisisDuration is how long the crisis lasts: a week.
	DefaultCrisisDuration = 7 * 24 * time.Hour
	// DefaultCrisisMentions is how many negative mentions the crisis adds:
	// 200, most of them in its first days. With the default volume its
	// first hours carry about six negative mentions an hour against a
	// baseline of about 0.25, which the listening centre's default alert
	// rule flags on the crisis topic on its first day.
	DefaultCrisisMentions = 200
)

// MentionConfig says what the public says about the business: a steady
// volume of ordinary mentions on the topics of [Topics], some negative,
// plus one crisis. The zero MentionConfig means the defaults.
type MentionConfig struct {
	// PerMonth is the volume of ordinary mentions per month (30.44 days)
	// of the record; zero means DefaultMentionsPerMonth, negative none.
	PerMonth int
	// NegativeShare is the share of ordinary mentions that are negative;
	// zero means DefaultNegativeShare, negative none.
	NegativeShare float64
	// NeutralShare is the share that are neutral; zero means
	// DefaultNeutralShare, negative none. NegativeShare + NeutralShare
	// must not exceed 1; the rest are positive.
	NeutralShare float64
	// CustomerShare is the share of mentions written by known customers
	// (Mention.Customer set): positive ones by advocates, negative ones by
	// actively disengaged customers when there are any. Zero means
	// DefaultCustomerShare, negative none.
	CustomerShare float64
	// Crisis is a burst of negative mentions about one topic.
	Crisis Crisis
}

// Crisis is a burst of negative mentions about one topic, so that a
// listening centre's alerts have something to find: its mentions arrive
// most densely at Start and thin out exponentially (a fifth of Duration is
// the mean delay) until Start + Duration.
type Crisis struct {
	// Topic is one of [Topics]; empty means DefaultCrisisTopic.
	Topic string
	// Start is when it breaks; zero means DefaultCrisisLead before End, at
	// 09:00 UTC. The crisis must lie within the record.
	Start time.Time
	// Duration is how long it lasts; zero means DefaultCrisisDuration.
	Duration time.Duration
	// Mentions is how many negative mentions it adds; zero means
	// DefaultCrisisMentions, negative means no crisis.
	Mentions int
}

type mentionSettings struct {
	count         int // ordinary mentions
	negative      float64
	neutral       float64
	customerShare float64
	crisisTopic   int
	crisisStart   time.Time
	crisisLength  time.Duration
	crisisCount   int
}

func (c MentionConfig) settings(start, end time.Time) (mentionSettings, error) {
	var s mentionSettings
	perMonth := c.PerMonth
	if perMonth == 0 {
		perMonth = DefaultMentionsPerMonth
	}
	if perMonth > 1_000_000 {
		return s, configError("Mentions.PerMonth", strconv.Itoa(perMonth), "want at most 1,000,000 a month")
	}
	if perMonth > 0 {
		s.count = int(math.Round(float64(perMonth) * end.Sub(start).Hours() / 24 / 30.4375))
	}
	var err error
	if s.negative, err = share("Mentions.NegativeShare", c.NegativeShare, DefaultNegativeShare); err != nil {
		return s, err
	}
	if s.neutral, err = share("Mentions.NeutralShare", c.NeutralShare, DefaultNeutralShare); err != nil {
		return s, err
	}
	if s.negative+s.neutral > 1 {
		return s, configError("Mentions.NeutralShare", ftoa(s.neutral), "negative and neutral shares sum to more than 1")
	}
	if s.customerShare, err = share("Mentions.CustomerShare", c.CustomerShare, DefaultCustomerShare); err != nil {
		return s, err
	}

	cr := c.Crisis
	topic := cmp.Or(cr.Topic, DefaultCrisisTopic)
	s.crisisTopic = slices.IndexFunc(topics, func(t topicText) bool { return t.name == topic })
	if s.crisisTopic < 0 {
		return s, configError("Mentions.Crisis.Topic", topic, "want one of "+strings.Join(Topics(), ", "))
	}
	s.crisisCount = cr.Mentions
	switch {
	case s.crisisCount == 0:
		s.crisisCount = DefaultCrisisMentions
	case s.crisisCount < 0:
		s.crisisCount = 0
	case s.crisisCount > 10_000_000:
		return s, configError("Mentions.Crisis.Mentions", strconv.Itoa(s.crisisCount), "want at most 10,000,000")
	}
	s.crisisLength = cmp.Or(cr.Duration, DefaultCrisisDuration)
	if s.crisisLength < time.Hour {
		return s, configError("Mentions.Crisis.Duration", s.crisisLength.String(), "a crisis lasts at least an hour")
	}
	s.crisisStart = cr.Start
	if s.crisisStart.IsZero() {
		d := end.Add(-DefaultCrisisLead).UTC()
		s.crisisStart = time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, time.UTC)
	}
	if s.crisisCount > 0 && (s.crisisStart.Before(start) || s.crisisStart.Add(s.crisisLength).After(end)) {
		return s, configError("Mentions.Crisis.Start", s.crisisStart.Format(time.RFC3339), "the crisis must lie within Start to End")
	}
	return s, nil
}

// topicText holds the phrases mentions of one topic are built from. Each
// phrase names the topic by one of its keywords, and the default
// [github.com/engagekit/engage/listening/sentiment.RuleAnalyzer] scores every negative phrase with any negative
// closing below -0.05, every positive phrase with any positive closing
// above 0.05, and every neutral question in between.
type topicText struct {
	name     string
	weight   float64 // share of ordinary mentions
	keywords []string
	negative []string
	positive []string
	neutral  []string
}

var topics = []topicText{
	{
		name: "delivery", weight: 0.30, keywords: []string{"delivery", "deliveries", "parcel"},
		negative: []string{
			"My delivery is late again",
			"The delivery went missing",
			"Delivery delayed for the third time",
			"Still waiting for my delivery",
			"The parcel came damaged after a slow delivery",
			"Another parcel lost in delivery",
		},
		positive: []string{
			"Fast delivery and the parcel arrived early",
			"Quick delivery, everything as described",
			"The delivery was on time",
			"Super speedy delivery",
		},
		neutral: []string{
			"Does delivery run on Sundays?",
			"What time does the delivery van come round?",
			"Can I change the delivery address after ordering?",
		},
	},
	{
		name: "price", weight: 0.25, keywords: []string{"price", "prices"},
		negative: []string{
			"The price went up again, totally overpriced",
			"Hidden fees on top of the price",
			"What a rip off at that price",
			"The new price is ridiculous",
		},
		positive: []string{
			"Great price for what you get",
			"Affordable price and good value",
			"Real bargain at this price",
			"The price is fair and worth it",
		},
		neutral: []string{
			"Is the price the same in every store?",
			"Will the price change next month?",
			"Does the price include tax?",
		},
	},
	{
		name: "service", weight: 0.25, keywords: []string{"service", "staff"},
		negative: []string{
			"The service was rude and unhelpful",
			"Customer service hung up on me",
			"Service staff ignored me for twenty minutes",
			"Worst service I have had in years",
		},
		positive: []string{
			"The service was friendly and helpful",
			"Excellent service from the team",
			"Service staff went above and beyond",
			"Great service, sorted in minutes",
		},
		neutral: []string{
			"What are the service desk opening hours?",
			"Is there a service desk at the airport store?",
			"Which number do I call for service?",
		},
	},
	{
		name: "quality", weight: 0.20, keywords: []string{"quality"},
		negative: []string{
			"The quality is poor, it broke after a week",
			"Quality has gone downhill, so flimsy",
			"Awful quality, arrived faulty",
			"Shoddy quality for a premium brand",
		},
		positive: []string{
			"Excellent quality, works perfectly",
			"The quality is superb",
			"Great quality and built to last",
			"Impressive quality for the money",
		},
		neutral: []string{
			"Has the quality of the cotton changed this year?",
			"Where is the quality label on the box?",
			"Is the quality the same in the outlet?",
		},
	},
}

// Closings follow a negative or positive phrase.
var (
	negativeClosings = []string{
		"Really disappointed.",
		"Absolutely terrible.",
		"So frustrating.",
		"Very unhappy.",
		"Awful experience.",
		"Fed up with this.",
	}
	positiveClosings = []string{
		"Thank you!",
		"Really happy.",
		"Love it.",
		"Highly recommended.",
		"Brilliant.",
		"Well done team.",
	}
)

// Topics returns the names of the topics mentions are about: "delivery",
// "price", "service" and "quality". The slice is new on each call.
func Topics() []string {
	names := make([]string, len(topics))
	for i, t := range topics {
		names[i] = t.name
	}
	return names
}

// TopicRules returns a [listening.TopicRule] for each of [Topics], with the
// keywords generated texts use, so that a [listening.Centre] built with
// them files every generated mention under its topic and no other. The
// slice is new on each call.
func TopicRules() []listening.TopicRule {
	rules := make([]listening.TopicRule, len(topics))
	for i, t := range topics {
		rules[i] = listening.TopicRule{Name: t.name, Keywords: slices.Clone(t.keywords)}
	}
	return rules
}

// Sentiment is the sign a mention was written with.
type Sentiment int8

// The sentiments.
const (
	Neutral  Sentiment = 0
	Negative Sentiment = -1
	Positive Sentiment = 1
)

// String returns "negative", "neutral" or "positive".
func (s Sentiment) String() string {
	switch s {
	case Negative:
		return "negative"
	case Positive:
		return "positive"
	}
	return "neutral"
}

// MentionTruth is what a generated mention was written to say.
type MentionTruth struct {
	Topic     string    // one of Topics
	Sentiment Sentiment // the sign it was written with
	Crisis    bool      // part of the crisis burst
}

// authors are the known customers who may write mentions, by what they
// would say.
type authors struct {
	positive, negative, any []engagement.CustomerID
}

func (a authors) pick(r *rand.Rand, s Sentiment) engagement.CustomerID {
	pool := a.any
	switch {
	case s == Positive && len(a.positive) > 0:
		pool = a.positive
	case s == Negative && len(a.negative) > 0:
		pool = a.negative
	}
	if len(pool) == 0 {
		return ""
	}
	return pool[r.IntN(len(pool))]
}

var mentionSources = []struct {
	name   string
	weight float64
}{{"social", 0.5}, {"reviews", 0.2}, {"forum", 0.2}, {"blog", 0.1}}

// generateMentions writes the ordinary mentions and the crisis, sorted by
// time with IDs in that order.
func generateMentions(s *settings, r *rand.Rand, who authors) ([]listening.Mention, []MentionTruth) {
	ms := s.mentions
	n := ms.count + ms.crisisCount
	type draft struct {
		m     listening.Mention
		truth MentionTruth
	}
	ds := make([]draft, 0, n)
	var topicCum []float64
	var sum float64
	for _, t := range topics {
		sum += t.weight
		topicCum = append(topicCum, sum)
	}
	write := func(at time.Time, topic int, sent Sentiment, crisis bool) {
		t := &topics[topic]
		var text string
		switch sent {
		case Negative:
			text = t.negative[r.IntN(len(t.negative))] + ". " + negativeClosings[r.IntN(len(negativeClosings))]
		case Positive:
			text = t.positive[r.IntN(len(t.positive))] + ". " + positiveClosings[r.IntN(len(positiveClosings))]
		default:
			text = t.neutral[r.IntN(len(t.neutral))]
		}
		src := mentionSources[0].name
		x := r.Float64()
		for _, ms := range mentionSources {
			if x < ms.weight {
				src = ms.name
				break
			}
			x -= ms.weight
		}
		m := listening.Mention{Source: src, Time: at, Text: text, Topics: []string{t.name}}
		if r.Float64() < ms.customerShare {
			m.Customer = who.pick(r, sent)
		}
		if m.Customer != "" {
			m.Author = "@" + string(m.Customer)
		} else {
			m.Author = fmt.Sprintf("@user%05d", r.IntN(100000))
		}
		ds = append(ds, draft{m, MentionTruth{Topic: t.name, Sentiment: sent, Crisis: crisis}})
	}

	startDay := dayStart(s.start)
	days := int(s.end.Sub(startDay).Hours()/24) + 1
	for range ms.count {
		// Uniform over the record, between 07:00 and 23:00 UTC.
		var at time.Time
		for {
			at = startDay.AddDate(0, 0, r.IntN(days)).Add(7*time.Hour + time.Duration(r.Int64N(16*3600))*time.Second)
			if !at.Before(s.start) && !at.After(s.end) {
				break
			}
		}
		topic, _ := slices.BinarySearch(topicCum, r.Float64()*sum)
		topic = min(topic, len(topics)-1)
		sent := Positive
		switch x := r.Float64(); {
		case x < ms.negative:
			sent = Negative
		case x < ms.negative+ms.neutral:
			sent = Neutral
		}
		write(at, topic, sent, false)
	}
	mean := ms.crisisLength.Seconds() / 5
	for range ms.crisisCount {
		var d float64
		for d = r.ExpFloat64() * mean; d >= ms.crisisLength.Seconds(); d = r.ExpFloat64() * mean {
		}
		write(ms.crisisStart.Add(time.Duration(d)*time.Second), ms.crisisTopic, Negative, true)
	}

	slices.SortStableFunc(ds, func(a, b draft) int { return a.m.Time.Compare(b.m.Time) })
	out := make([]listening.Mention, len(ds))
	truth := make([]MentionTruth, len(ds))
	width := len(strconv.Itoa(len(ds)))
	for i := range ds {
		m := ds[i].m
		m.ID = fmt.Sprintf("m%0*d", width, i+1)
		m.URL = "https://" + m.Source + ".example/" + m.ID
		out[i], truth[i] = m, ds[i].truth
	}
	return out, truth
}
