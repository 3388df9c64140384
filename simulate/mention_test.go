package simulate

import (
	"slices"
	"testing"

	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/listening/sentiment"
)

// TestPhrasesScoreAsWritten checks every text the generator can write: the
// default analyser gives it the intended sign, and the topic rules file it
// under its own topic only.
func TestPhrasesScoreAsWritten(t *testing.T) {
	a := sentiment.NewRuleAnalyzer(sentiment.RuleConfig{})
	m, err := listening.NewTopicMatcher(TopicRules()...)
	if err != nil {
		t.Fatal(err)
	}
	check := func(topic, text string, want Sentiment) {
		t.Helper()
		s := a.Analyze(text).Score
		var got Sentiment
		switch {
		case s <= listening.DefaultNegativeThreshold:
			got = Negative
		case s >= listening.DefaultPositiveThreshold:
			got = Positive
		}
		if got != want {
			t.Errorf("%q scores %.3f (%s), want %s", text, s, got, want)
		}
		if got := m.Match(text); !slices.Equal(got, []string{topic}) {
			t.Errorf("%q matches topics %q, want [%s]", text, got, topic)
		}
	}
	for _, tp := range topics {
		for _, p := range tp.negative {
			for _, c := range negativeClosings {
				check(tp.name, p+". "+c, Negative)
			}
		}
		for _, p := range tp.positive {
			for _, c := range positiveClosings {
				check(tp.name, p+". "+c, Positive)
			}
		}
		for _, p := range tp.neutral {
			check(tp.name, p, Neutral)
		}
	}
}

func TestApportion(t *testing.T) {
	for _, tc := range []struct {
		n      int
		shares []float64
		want   []int
	}{
		{10, []float64{0.5, 0.5}, []int{5, 5}},
		{10, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, []int{4, 3, 3}},
		{7, []float64{0, 0.25, 0.75}, []int{0, 2, 5}},
		{1, []float64{0, 0, 1}, []int{0, 0, 1}},
		{0, []float64{0.2, 0.8}, []int{0, 0}},
	} {
		if got := apportion(tc.n, tc.shares); !slices.Equal(got, tc.want) {
			t.Errorf("apportion(%d, %v) = %v, want %v", tc.n, tc.shares, got, tc.want)
		}
	}
}
