package listening_test

import (
	"testing"
	"time"

	"github.com/engagekit/engage/listening"
	"pgregory.net/rapid"
)

var measures = []listening.Measure{listening.Negatives, listening.Positives, listening.Volume}

// fill adds c mentions of the measure's kind to window w of s.
func fill(s *listening.Series, m listening.Measure, w, c int) {
	at := lcT0.Add(time.Duration(w) * time.Hour)
	for range c {
		switch m {
		case listening.Negatives:
			s.AddPolarity(at, -0.5, true, false)
		case listening.Positives:
			s.AddPolarity(at, 0.5, false, true)
		default:
			s.AddPolarity(at, 0, false, false)
		}
	}
}

func TestSpikesConstantNeverAlerts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := rapid.SampledFrom(measures).Draw(t, "measure")
		c := rapid.IntRange(0, 500).Draw(t, "c")
		n := rapid.IntRange(1, 120).Draw(t, "windows")
		s := listening.NewSeries(time.Hour, 200)
		for w := range n {
			fill(s, m, w, c)
		}
		got, err := listening.Spikes(s, m, listening.AlertRule{})
		if err != nil || len(got) != 0 {
			t.Fatalf("Spikes(constant %d) = %v, %v; want none", c, got, err)
		}
	})
}

func TestSpikesKSigmaAlerts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := rapid.SampledFrom(measures).Draw(t, "measure")
		k := rapid.Float64Range(1, 6).Draw(t, "k")
		base := rapid.SliceOfN(rapid.IntRange(1, 60), 24, 24).Draw(t, "baseline")
		rule := listening.AlertRule{K: k}
		level := rule.Level(base)
		s := listening.NewSeries(time.Hour, 200)
		for w, c := range base {
			fill(s, m, w, c)
		}
		jump := level.Level + rapid.IntRange(0, 20).Draw(t, "over")
		fill(s, m, len(base), jump)
		got, err := listening.Spikes(s, m, rule)
		if err != nil || len(got) != 1 {
			t.Fatalf("Spikes = %v, %v; want one spike at window %d", got, err, len(base))
		}
		sp := got[0]
		if sp.Count != jump || sp.Measure != m || !sp.Window.Equal(lcT0.Add(24*time.Hour)) || sp.Baseline != level {
			t.Fatalf("spike %v; want %d %v against %+v", sp, jump, m, level)
		}
		if float64(sp.Count) <= sp.Baseline.Mean+k*sp.Baseline.SD {
			t.Fatalf("spike %v is not %.2f sd above its baseline", sp, k)
		}
	})
}

func TestSpikesMeasuresOnlyCountTheirKind(t *testing.T) {
	s := listening.NewSeries(time.Hour, 200)
	for w := range 24 {
		fill(s, listening.Positives, w, 2)
	}
	fill(s, listening.Positives, 24, 40)
	for _, tc := range []struct {
		m    listening.Measure
		want int
	}{{listening.Positives, 1}, {listening.Volume, 1}, {listening.Negatives, 0}} {
		got, err := listening.Spikes(s, tc.m, listening.AlertRule{})
		if err != nil || len(got) != tc.want {
			t.Errorf("Spikes(%v) = %v, %v; want %d", tc.m, got, err, tc.want)
		}
	}
	if _, err := listening.Spikes(s, listening.Measure(9), listening.AlertRule{}); err == nil {
		t.Error("Spikes(Measure(9)) = nil error")
	}
	if _, err := listening.Spikes(s, listening.Volume, listening.AlertRule{Baseline: -1}); err == nil {
		t.Error("Spikes(baseline -1) = nil error")
	}
}

func TestComparePeriodsConservesMentions(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := listening.NewSeries(time.Hour, 24*14)
		type add struct{ h, kind int }
		adds := rapid.SliceOf(rapid.Custom(func(t *rapid.T) add {
			return add{rapid.IntRange(0, 24*14-1).Draw(t, "h"), rapid.IntRange(0, 2).Draw(t, "kind")}
		})).Draw(t, "adds")
		var total, neg, pos int
		for _, a := range adds {
			fill(s, measures[a.kind], a.h, 1)
			total++
			if a.kind == 0 {
				neg++
			} else if a.kind == 1 {
				pos++
			}
		}
		p, err := listening.ComparePeriods(s, lcT0.Add(listening.Week), listening.Week)
		if err != nil {
			t.Fatal(err)
		}
		sum := p.Current
		sum.Merge(p.Previous)
		if sum.Count != total || sum.Negative != neg || sum.Positive != pos || !p.Complete {
			t.Fatalf("two weeks hold %+v (complete %v); want %d mentions, %d negative, %d positive", sum, p.Complete, total, neg, pos)
		}
		d, _ := listening.ComparePeriods(s, lcT0.Add(listening.Week), listening.Day)
		if delta, _, _ := d.Change(listening.Volume); delta != d.Current.Count-d.Previous.Count {
			t.Fatalf("Change = %d, want %d", delta, d.Current.Count-d.Previous.Count)
		}
	})
}

func TestComparePeriodsErrors(t *testing.T) {
	s := listening.NewSeries(time.Hour, 24)
	for _, l := range []time.Duration{0, -time.Hour, 90 * time.Minute} {
		if _, err := listening.ComparePeriods(s, lcT0, l); err == nil {
			t.Errorf("ComparePeriods(length %v) = nil error", l)
		}
	}
	fill(s, listening.Volume, 40, 1)
	if p, _ := listening.ComparePeriods(s, lcT0.Add(40*time.Hour), listening.Day); p.Complete {
		t.Error("a day before the kept range reported complete")
	}
}

func TestCompareDay(t *testing.T) {
	c, err := listening.NewCentre(listening.CentreConfig{
		Analyzer: lcWordAnalyzer, Keep: 24 * 14,
		Topics: []listening.TopicRule{{Name: "refund", Keywords: []string{"refund"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	day := lcT0.Add(listening.Week)
	ingest := func(at time.Time, text string, n int) {
		for i := range n {
			if _, _, err := c.Ingest(listening.Mention{ID: at.String() + text + string(rune('a'+i)), Time: at, Text: text}); err != nil {
				t.Fatal(err)
			}
		}
	}
	ingest(day.Add(3*time.Hour), "bad refund", 6)
	ingest(day.Add(-20*time.Hour), "bad refund", 2)
	ingest(day.Add(-listening.Week-time.Hour), "good", 4)
	rows, err := listening.CompareDay(c, day.Add(15*time.Hour))
	if err != nil || len(rows) != 2 || rows[0].Topic != "" || rows[1].Topic != "refund" {
		t.Fatalf("CompareDay = %v, %v", rows, err)
	}
	r := rows[1]
	if r.Day.Current.Negative != 6 || r.Day.Previous.Negative != 2 || r.Week.Current.Negative != 8 || r.Week.Previous.Negative != 0 {
		t.Errorf("refund row %+v", r)
	}
	if got, want := r.Day.Format(listening.Negatives), "negative 6 (previous 2, +4, +200.0%)"; got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
	if rows[0].Week.Previous.Count != 4 {
		t.Errorf("all mentions previous week %+v, want 4", rows[0].Week.Previous)
	}
	// The Centre counts positive mentions as it ingests them.
	if rows[0].Week.Previous.Positive != 4 || rows[0].Day.Current.Positive != 0 {
		t.Errorf("positive counts: previous week %+v, this day %+v; want 4 and 0", rows[0].Week.Previous, rows[0].Day.Current)
	}
}
