package listening_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/listening/sentiment"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

var lcTopics = []listening.TopicRule{{Name: "refunds", Keywords: []string{"refund"}}}

// lcWindow returns the mentions of one hourly window w (counted from lcT0):
// neg negative ones about refunds and pos positive ones, at times spread
// through the window in an order drawn by t.
func lcWindow(t *rapid.T, w, neg, pos int) []listening.Mention {
	var ms []listening.Mention
	for i := range neg + pos {
		text := "bad refund"
		if i >= neg {
			text = "good refund"
		}
		ms = append(ms, listening.Mention{ID: fmt.Sprintf("w%d-%d", w, i), Text: text})
	}
	ms = rapid.Permutation(ms).Draw(t, fmt.Sprintf("order%d", w))
	for i := range ms {
		min := rapid.IntRange(0, 59).Draw(t, "minute")
		ms[i].Time = lcT0.Add(time.Duration(w)*time.Hour + time.Duration(min)*time.Minute)
	}
	return ms
}

func lcRuleGen() *rapid.Generator[listening.AlertRule] {
	return rapid.Custom(func(t *rapid.T) listening.AlertRule {
		return listening.AlertRule{
			Baseline:     rapid.IntRange(1, 30).Draw(t, "baseline"),
			K:            rapid.SampledFrom([]float64{1, 2, 3, 4}).Draw(t, "k"),
			MinCount:     rapid.IntRange(1, 10).Draw(t, "minCount"),
			PoissonBelow: rapid.SampledFrom([]float64{0.5, 1, 2, 5}).Draw(t, "poissonBelow"),
			PoissonFloor: rapid.SampledFrom([]float64{0.1, 0.5, 1}).Draw(t, "poissonFloor"),
			TailProb:     rapid.SampledFrom([]float64{0.01, 0.001, 1e-6}).Draw(t, "tailProb"),
			Cooldown:     rapid.IntRange(-1, 10).Draw(t, "cooldown"),
		}
	})
}

func lcIngest(t *rapid.T, c *listening.Centre, ms []listening.Mention) []listening.Alert {
	var out []listening.Alert
	for _, m := range ms {
		_, alerts, err := c.Ingest(m)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, alerts...)
	}
	return out
}

// TestCentreSteadyNeverAlerts: a stream with the same number of negative
// (and positive) mentions in every window never alerts, whatever the rule.
func TestCentreSteadyNeverAlerts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rule := lcRuleGen().Draw(t, "rule")
		c, err := listening.NewCentre(listening.CentreConfig{Analyzer: lcWordAnalyzer, Topics: lcTopics, Alert: rule})
		if err != nil {
			t.Fatal(err)
		}
		neg := rapid.IntRange(0, 40).Draw(t, "negative")
		pos := rapid.IntRange(0, 5).Draw(t, "positive")
		windows := rapid.IntRange(1, 60).Draw(t, "windows")
		for w := range windows {
			if alerts := lcIngest(t, c, lcWindow(t, w, neg, pos)); len(alerts) > 0 {
				t.Fatalf("steady stream of %d negatives per window alerted in window %d: %v", neg, w, alerts)
			}
		}
	})
}

// TestCentreStepAlerts: with the default rule, a step from a steady c >= 1
// negative mentions per window to 5c or more alerts, overall and for the
// topic, within the first window of the step (the bound documented on
// AlertRule), once Baseline windows of history have been heard.
func TestCentreStepAlerts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, err := listening.NewCentre(listening.CentreConfig{Analyzer: lcWordAnalyzer, Topics: lcTopics})
		if err != nil {
			t.Fatal(err)
		}
		base := rapid.IntRange(1, 30).Draw(t, "base")
		factor := rapid.IntRange(5, 8).Draw(t, "factor")
		step := rapid.IntRange(listening.DefaultBaseline, listening.DefaultBaseline+20).Draw(t, "stepWindow")
		for w := range step {
			if alerts := lcIngest(t, c, lcWindow(t, w, base, 0)); len(alerts) > 0 {
				t.Fatalf("alert before the step, in window %d: %v", w, alerts)
			}
		}
		alerts := lcIngest(t, c, lcWindow(t, step, base*factor, 0))
		var got []string
		for _, a := range alerts {
			if !a.Window.Equal(lcT0.Add(time.Duration(step) * time.Hour)) {
				t.Fatalf("alert for window %v, want the step window", a.Window)
			}
			got = append(got, a.Topic)
		}
		if diff := cmp.Diff([]string{"", "refunds"}, got); diff != "" {
			t.Fatalf("step from %d to %d: alerts by topic mismatch (-want +got):\n%s", base, base*factor, diff)
		}
	})
}

// TestCentreCooldown: under any stream, a series never alerts twice
// within Cooldown windows, nor during the warm-up.
func TestCentreCooldown(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rule := lcRuleGen().Draw(t, "rule")
		c, err := listening.NewCentre(listening.CentreConfig{Analyzer: lcWordAnalyzer, Topics: lcTopics, Alert: rule})
		if err != nil {
			t.Fatal(err)
		}
		counts := rapid.SliceOfN(rapid.IntRange(0, 40), 1, 80).Draw(t, "counts")
		cooldown := max(rule.Cooldown, 0)
		last := map[string]int{}
		for w, n := range counts {
			for _, a := range lcIngest(t, c, lcWindow(t, w, n, 1)) {
				aw := int(a.Window.Sub(lcT0) / time.Hour)
				if aw < rule.Baseline {
					t.Fatalf("alert in window %d, during the warm-up of %d windows", aw, rule.Baseline)
				}
				if prev, ok := last[a.Topic]; ok && aw <= prev+cooldown {
					t.Fatalf("topic %q alerted in window %d and again in %d, within a cooldown of %d", a.Topic, prev, aw, cooldown)
				}
				if a.Negative < a.Baseline.Level || a.Negative < rule.MinCount {
					t.Fatalf("alert %v below its level", a)
				}
				last[a.Topic] = aw
			}
		}
	})
}

func TestCentre(t *testing.T) {
	zero, err := listening.NewCentre(listening.CentreConfig{})
	if err != nil {
		t.Fatalf("NewCentre with the zero config = %v, want the default analyser", err)
	}
	if s := zero.Score(listening.Mention{Text: "Terrible service, I want a refund"}); s.Sentiment.Score >= 0 {
		t.Errorf("default analyser scored a complaint %v, want negative", s.Sentiment.Score)
	}
	if _, err := listening.NewCentre(listening.CentreConfig{Analyzer: lcWordAnalyzer, Alert: listening.AlertRule{K: -1}}); !errors.Is(err, listening.ErrInvalid) {
		t.Errorf("NewCentre with K -1 = %v, want listening.ErrInvalid", err)
	}
	c, err := listening.NewCentre(listening.CentreConfig{Analyzer: lcWordAnalyzer, Topics: lcTopics})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Ingest(listening.Mention{ID: "x"}); !errors.Is(err, listening.ErrInvalid) {
		t.Errorf("Ingest(invalid) = %v, want listening.ErrInvalid", err)
	}
	s, _, err := c.Ingest(listening.Mention{ID: "1", Time: lcT0, Text: "Bad refund!", Topics: []string{"web", "refunds"}})
	if err != nil {
		t.Fatal(err)
	}
	want := listening.Scored{
		Mention:   listening.Mention{ID: "1", Time: lcT0, Text: "Bad refund!", Topics: []string{"web", "refunds"}},
		Sentiment: sentiment.Sentiment{Score: -1, Negative: 1},
		Negative:  true,
	}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("Ingest mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"refunds", "web"}, c.Topics()); diff != "" {
		t.Errorf("Topics mismatch (-want +got):\n%s", diff)
	}
	if c.Series("none") != nil {
		t.Error("Series of an unheard topic is not nil")
	}
}

// TestCentreConcurrent ingests from many goroutines (run with -race).
func TestCentreConcurrent(t *testing.T) {
	c, err := listening.NewCentre(listening.CentreConfig{Analyzer: lcWordAnalyzer, Topics: lcTopics})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				m := listening.Mention{ID: fmt.Sprint(g, "-", i), Time: lcT0.Add(time.Duration(i) * time.Minute), Text: "bad refund"}
				if _, _, err := c.Ingest(m); err != nil {
					t.Error(err)
				}
				_ = c.Series("refunds")
			}
		}()
	}
	wg.Wait()
	if got := c.Series("").Total(); got.Count != 800 || got.Negative != 800 {
		t.Errorf("total = %+v, want 800 negative mentions", got)
	}
}
