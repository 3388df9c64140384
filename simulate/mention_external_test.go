package simulate_test

import (
	"bytes"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/listening/sentiment"
	"github.com/engagekit/engage/simulate"
	"github.com/engagekit/engage/stages"
	"github.com/google/go-cmp/cmp"
)

func TestMentionsAsConfigured(t *testing.T) {
	b, err := simulate.Generate(simulate.Config{Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.MentionTruth) != len(b.Mentions) {
		t.Fatalf("%d truths for %d mentions", len(b.MentionTruth), len(b.Mentions))
	}
	a := sentiment.NewRuleAnalyzer(sentiment.RuleConfig{})
	var ordinary, negative, neutral, crisis, byCustomer int
	for i, m := range b.Mentions {
		tr := b.MentionTruth[i]
		if !slices.Equal(m.Topics, []string{tr.Topic}) {
			t.Fatalf("mention %s has topics %q, want [%s]", m.ID, m.Topics, tr.Topic)
		}
		s := a.Analyze(m.Text).Score
		if tr.Sentiment == simulate.Negative && s > listening.DefaultNegativeThreshold ||
			tr.Sentiment == simulate.Positive && s < listening.DefaultPositiveThreshold {
			t.Fatalf("mention %s %q scores %.3f, written %s", m.ID, m.Text, s, tr.Sentiment)
		}
		if m.Customer != "" {
			byCustomer++
			lvl := b.Truth[m.Customer].Level
			if tr.Sentiment == simulate.Positive && lvl != stages.FullyEngaged ||
				tr.Sentiment == simulate.Negative && lvl != stages.ActivelyDisengaged {
				t.Errorf("mention %s (%s) written by %s, a %s customer", m.ID, tr.Sentiment, m.Customer, lvl)
			}
		}
		if tr.Crisis {
			crisis++
			if tr.Topic != simulate.DefaultCrisisTopic || tr.Sentiment != simulate.Negative {
				t.Errorf("crisis mention %s is %s about %s", m.ID, tr.Sentiment, tr.Topic)
			}
			continue
		}
		ordinary++
		switch tr.Sentiment {
		case simulate.Negative:
			negative++
		case simulate.Neutral:
			neutral++
		}
	}
	wantOrdinary := simulate.DefaultMentionsPerMonth * 365 / 30.4375
	if math.Abs(float64(ordinary)-wantOrdinary) > 1 {
		t.Errorf("%d ordinary mentions, want %.0f", ordinary, wantOrdinary)
	}
	if crisis != simulate.DefaultCrisisMentions {
		t.Errorf("%d crisis mentions, want %d", crisis, simulate.DefaultCrisisMentions)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"negative", float64(negative) / float64(ordinary), simulate.DefaultNegativeShare},
		{"neutral", float64(neutral) / float64(ordinary), simulate.DefaultNeutralShare},
		{"by customers", float64(byCustomer) / float64(len(b.Mentions)), simulate.DefaultCustomerShare},
	} {
		if math.Abs(c.got-c.want) > 0.02 {
			t.Errorf("%s share %.3f, want %.3f", c.name, c.got, c.want)
		}
	}
}

// TestCrisisRaisesAlerts feeds the mentions to a listening centre with the
// default alert rule: the crisis is flagged on its topic within its first
// day, and nothing else in the year is.
func TestCrisisRaisesAlerts(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		b, err := simulate.Generate(simulate.Config{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		c, err := listening.NewCentre(listening.CentreConfig{Topics: simulate.TopicRules()})
		if err != nil {
			t.Fatal(err)
		}
		start := b.Mentions[slices.IndexFunc(b.MentionTruth, func(tr simulate.MentionTruth) bool { return tr.Crisis })].Time
		var onTopic int
		for _, m := range b.Mentions {
			_, alerts, err := c.Ingest(m)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range alerts {
				if a.At.Before(start) || a.At.After(start.Add(simulate.DefaultCrisisDuration)) {
					t.Errorf("seed %d: alert outside the crisis: %s", seed, a)
				}
				if a.Topic == simulate.DefaultCrisisTopic && a.At.Sub(start) < 24*time.Hour {
					onTopic++
				}
			}
		}
		if onTopic == 0 {
			t.Errorf("seed %d: no alert on %s in the first day of the crisis", seed, simulate.DefaultCrisisTopic)
		}
	}
}

func TestWriteMentionsJSONLRoundTrip(t *testing.T) {
	b, err := simulate.Generate(simulate.Config{Seed: 9, Customers: 200})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := simulate.WriteMentionsJSONL(&buf, slices.Values(b.Mentions)); err != nil {
		t.Fatal(err)
	}
	var got []listening.Mention
	for m, err := range listening.ReadJSONL(&buf) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, m)
	}
	if diff := cmp.Diff(b.Mentions, got); diff != "" {
		t.Errorf("mentions read back differ (-want +got):\n%s", diff)
	}
}

func TestWriteMentionsJSONLRefusesInvalid(t *testing.T) {
	var buf bytes.Buffer
	ms := []listening.Mention{{ID: "m1", Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Text: "ok"}, {ID: "m2"}}
	if err := simulate.WriteMentionsJSONL(&buf, slices.Values(ms)); err == nil {
		t.Fatal("wrote a mention without time or text")
	}
	if n := bytes.Count(buf.Bytes(), []byte("\n")); n != 1 {
		t.Errorf("wrote %d lines before the bad mention, want 1", n)
	}
}
