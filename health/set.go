package health

import (
	"strconv"
	"time"

	"github.com/engagekit/engage/segment"
)

// SegmentScorecard scores the customers of a segment with a scorecard of
// their own.
type SegmentScorecard struct {
	Segment   *segment.Segment
	Scorecard *Scorecard
}

// Set scores each customer with the scorecard of the first segment they
// are in, or with Default, and bands the score: B2B accounts and
// consumers, say, scored with different weights on one scale. The zero
// Set scores everyone with [DefaultScorecard] into [DefaultBands].
type Set struct {
	// Segments are tried in order; the first the customer matches
	// ([segment.Segment.Matches] on [Facts.SegmentFacts]) picks the
	// scorecard.
	Segments []SegmentScorecard
	// Default scores customers in none of the segments; nil means
	// DefaultScorecard().
	Default *Scorecard
	// Bands band the scores; nil means DefaultBands().
	Bands *Bands
}

// Validate reports, as an *[InvalidError], a nil segment, an invalid
// scorecard or invalid bands.
func (s *Set) Validate() error {
	for i, sc := range s.Segments {
		if sc.Segment == nil {
			return invalid("Set.Segments["+strconv.Itoa(i)+"].Segment", "", "is nil")
		}
		if err := sc.Scorecard.Validate(); err != nil {
			return err
		}
	}
	if s.Default != nil {
		if err := s.Default.Validate(); err != nil {
			return err
		}
	}
	return s.bands().Validate()
}

func (s *Set) bands() *Bands {
	if s.Bands == nil {
		return defaultBands
	}
	return s.Bands
}

// defaultBands and defaultCard are never handed out, so they stay as
// built.
var (
	defaultBands = DefaultBands()
	defaultCard  = DefaultScorecard()
)

// Scorecard returns the scorecard for the customer f describes as of
// asOf: that of the first segment they match, else the default (a new
// DefaultScorecard() when Default is nil).
func (s *Set) Scorecard(f *Facts, asOf time.Time) *Scorecard {
	c := s.pick(f, asOf)
	if c == defaultCard {
		return DefaultScorecard()
	}
	return c
}

func (s *Set) pick(f *Facts, asOf time.Time) *Scorecard {
	if len(s.Segments) > 0 {
		sf := f.SegmentFacts()
		for _, sc := range s.Segments {
			if sc.Segment.Matches(&sf, asOf) {
				return sc.Scorecard
			}
		}
	}
	if s.Default == nil {
		return defaultCard
	}
	return s.Default
}

// Score scores the customer f describes as of asOf with the scorecard
// their segment picks, and bands the score with hysteresis from
// previousBand (such as the Band of the customer's latest
// engagement.StateRecord; empty when there is none). It fails, as an
// *[InvalidError], when the set or the facts are invalid, a measure
// returns a score outside 0 to 100, or previousBand names no band. A
// customer no measure has a value for gets a Result with Scored false
// and no band.
func (s *Set) Score(f *Facts, previousBand string, asOf time.Time) (Result, error) {
	if err := s.Validate(); err != nil {
		return Result{}, err
	}
	if f == nil {
		f = new(Facts)
	}
	if err := f.Validate(); err != nil {
		return Result{}, err
	}
	b := s.bands()
	prev := -1
	if previousBand != "" {
		i, ok := b.Index(previousBand)
		if !ok {
			return Result{}, invalid("previous band", previousBand, "names none of the bands")
		}
		prev = i
	}
	r, err := s.pick(f, asOf).score(f)
	if err != nil {
		return Result{}, err
	}
	r.PreviousBand = previousBand
	if r.Scored {
		r.Band = b.Bands[b.assign(r.Score, prev)].Name
	}
	return r, nil
}
