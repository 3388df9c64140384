package listening_test

import (
	"errors"
	"testing"
	"time"

	"github.com/engagekit/engage/listening"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

type lcEvent struct {
	At       time.Time
	Score    float64
	Negative bool
}

func lcEventGen() *rapid.Generator[lcEvent] {
	return rapid.Custom(func(t *rapid.T) lcEvent {
		score := float64(rapid.IntRange(-100, 100).Draw(t, "score")) / 100
		return lcEvent{
			At:       lcT0.Add(time.Duration(rapid.IntRange(-3*24*60, 10*24*60).Draw(t, "minute")) * time.Minute),
			Score:    score,
			Negative: score <= listening.DefaultNegativeThreshold,
		}
	})
}

// TestSeriesMerge checks that a stream split in two, each part counted
// apart and merged, gives the series of the whole stream.
func TestSeriesMerge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		width := rapid.SampledFrom([]time.Duration{15 * time.Minute, time.Hour, 24 * time.Hour}).Draw(t, "width")
		keep := rapid.IntRange(1, 300).Draw(t, "keep")
		events := rapid.SliceOf(lcEventGen()).Draw(t, "events")
		split := rapid.IntRange(0, len(events)).Draw(t, "split")
		whole, a, b := listening.NewSeries(width, keep), listening.NewSeries(width, keep), listening.NewSeries(width, keep)
		for i, e := range events {
			whole.Add(e.At, e.Score, e.Negative)
			part := a
			if i >= split {
				part = b
			}
			part.Add(e.At, e.Score, e.Negative)
		}
		if err := a.Merge(b); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(whole.Windows(), a.Windows(), cmpopts.EquateApprox(0, 1e-9), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("merged series differ from the whole (-want +got):\n%s", diff)
		}
		if n := len(whole.Windows()); n > keep {
			t.Fatalf("series keeps %d windows, more than %d", n, keep)
		}
	})
}

func TestSeries(t *testing.T) {
	s := listening.NewSeries(0, 0)
	if s.Width() != listening.DefaultWindow || s.Keep() != listening.DefaultKeep {
		t.Fatalf("NewSeries(0, 0) = %v x %d, want the defaults", s.Width(), s.Keep())
	}
	s.Add(lcT0.Add(10*time.Minute), -1, true)
	s.Add(lcT0.Add(50*time.Minute), 0.5, false)
	s.Add(lcT0.Add(-time.Minute), 0.5, false)
	want := []listening.Window{
		{Start: lcT0.Add(-time.Hour), Tally: listening.Tally{Count: 1, ScoreSum: 0.5}},
		{Start: lcT0, Tally: listening.Tally{Count: 2, Negative: 1, ScoreSum: -0.5}},
	}
	if diff := cmp.Diff(want, s.Windows()); diff != "" {
		t.Errorf("Windows mismatch (-want +got):\n%s", diff)
	}
	if got := s.At(lcT0.Add(59 * time.Minute)); got.MeanScore() != -0.25 || got.NegativeShare() != 0.5 {
		t.Errorf("At = %+v, want mean -0.25, negative share 0.5", got)
	}
	if err := s.Merge(listening.NewSeries(time.Minute, 0)); !errors.Is(err, listening.ErrMismatch) {
		t.Errorf("Merge of another width = %v, want ErrMismatch", err)
	}
	// Keeping 2 windows: a mention 3 hours on drops the older ones.
	k := listening.NewSeries(time.Hour, 2)
	k.Add(lcT0, 0, false)
	k.Add(lcT0.Add(3*time.Hour), 0, false)
	k.Add(lcT0.Add(time.Hour), 0, false) // too old to keep
	if got := len(k.Windows()); got != 1 {
		t.Errorf("series keeping 2 windows holds %d, want 1", got)
	}
}
