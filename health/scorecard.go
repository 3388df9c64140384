package health

import (
	"math"
	"strconv"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
)

// Weighted is a measure and its weight in a scorecard.
type Weighted struct {
	Measure Measure
	Weight  float64 // > 0; only the ratios between weights matter
}

// Scorecard is a weighted health score, as customer-success tools define
// one:
//
//	score = sum(w_i · m_i) / sum(w_i)
//
// over the measures m_i (each 0 to 100) that have a value for the
// customer. A measure without one is left out of both sums, so the others
// share its weight, and the result names it in Missing; when no measure
// has a value there is no score (Result.Scored is false). The score is a
// weighted mean, so it lies between the lowest and highest measure score.
type Scorecard struct {
	Name     string // names the scorecard in results; required
	Measures []Weighted
}

// DefaultScorecardName is the name of [DefaultScorecard].
const DefaultScorecardName = "default"

// The weights of [DefaultScorecard]. No published default weights exist:
// customer-success tools leave them to each business. These are a
// starting point to be tuned against your own churn and expansion:
// goodwill, the library's running record of every experience, weighs
// most; the stage and P(alive), which say whether the relationship is
// alive and how deep, next; the customer's own answer (NPS) after them;
// public sentiment and complaints, sparser signals, least.
const (
	DefaultGoodwillWeight   = 25.0
	DefaultStageWeight      = 20.0
	DefaultAliveWeight      = 20.0
	DefaultNPSWeight        = 15.0
	DefaultSentimentWeight  = 10.0
	DefaultComplaintsWeight = 10.0
)

// DefaultScorecard returns the scorecard "default": the six built-in
// measures at their default mappings and the Default...Weight weights.
func DefaultScorecard() *Scorecard {
	return &Scorecard{Name: DefaultScorecardName, Measures: []Weighted{
		{Goodwill{}, DefaultGoodwillWeight},
		{Stage{}, DefaultStageWeight},
		{Alive{}, DefaultAliveWeight},
		{NPS{}, DefaultNPSWeight},
		{Sentiment{}, DefaultSentimentWeight},
		{Complaints{}, DefaultComplaintsWeight},
	}}
}

// Validate reports, as an *[InvalidError], an empty name, no measures, a
// nil or unnamed measure, two measures of one name, a weight that is not
// a positive finite number, or a measure whose own settings are wrong.
func (c *Scorecard) Validate() error {
	if c == nil {
		return invalid("Scorecard", "", "is nil")
	}
	if c.Name == "" {
		return invalid("Scorecard.Name", "", "is empty")
	}
	if len(c.Measures) == 0 {
		return invalid("Scorecard.Measures", c.Name, "a scorecard needs at least one measure")
	}
	for i, w := range c.Measures {
		field := "Scorecard.Measures[" + strconv.Itoa(i) + "]"
		if w.Measure == nil {
			return invalid(field+".Measure", "", "is nil")
		}
		name := w.Measure.Name()
		if name == "" {
			return invalid(field+".Measure", "", "has no name")
		}
		for _, v := range c.Measures[:i] {
			if v.Measure != nil && v.Measure.Name() == name {
				return invalid(field+".Measure", name, "another measure has this name")
			}
		}
		if math.IsNaN(w.Weight) || math.IsInf(w.Weight, 0) || w.Weight <= 0 {
			return invalid(field+".Weight", ftoa(w.Weight), "must be a positive finite number")
		}
		if v, ok := w.Measure.(validator); ok {
			if err := v.Validate(); err != nil {
				return err
			}
		}
	}
	return nil
}

// Result is a customer's health: the score, the band it falls in, and
// what made it.
type Result struct {
	Customer engagement.CustomerID // from the facts: the Customer's ID, else the profile's
	Stage    stages.Stage          // the facts' stage, for the history record
	// Scorecard names the scorecard that scored the customer.
	Scorecard string
	// Scored is false when no measure had a value: then Score is 0 and
	// Band empty.
	Scored bool
	Score  float64 // 0 to 100
	// Band is the health band, after hysteresis; empty when not scored
	// or when scored by a scorecard alone ([Scorecard.Score]).
	Band string
	// PreviousBand is the band the customer was in before, as given;
	// empty when not known.
	PreviousBand string
	// Parts are the measures that had a value, in the scorecard's order.
	// Their Points add up to Score.
	Parts []Part
	// Missing names the measures that had no value, left out of both
	// sums.
	Missing []string
}

// Part is one measure's share in a score.
type Part struct {
	Measure string  // the measure's name
	Value   float64 // its score, 0 to 100
	Weight  float64 // its weight as configured
	Share   float64 // its weight over the weights of the measures with a value: 0 to 1
	Points  float64 // Share · Value: what it adds to the score
}

// Part returns the part of the named measure, and false when it had no
// value.
func (r *Result) Part(measure string) (Part, bool) {
	for _, p := range r.Parts {
		if p.Measure == measure {
			return p, true
		}
	}
	return Part{}, false
}

// Score scores the customer f describes. It fails, as an *[InvalidError],
// when the scorecard or the facts are invalid or a measure returns a
// score outside 0 to 100. The result has no band: [Set.Score] gives one.
func (c *Scorecard) Score(f *Facts) (Result, error) {
	if err := c.Validate(); err != nil {
		return Result{}, err
	}
	if f == nil {
		f = new(Facts)
	}
	if err := f.Validate(); err != nil {
		return Result{}, err
	}
	return c.score(f)
}

// score is Score on a valid scorecard and facts.
func (c *Scorecard) score(f *Facts) (Result, error) {
	r := Result{Customer: f.customerID(), Stage: f.Stage.Stage, Scorecard: c.Name,
		Parts: make([]Part, 0, len(c.Measures))}
	var sumW, sumWM float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, w := range c.Measures {
		name := w.Measure.Name()
		v, ok := w.Measure.Score(f)
		if !ok {
			r.Missing = append(r.Missing, name)
			continue
		}
		if math.IsNaN(v) || v < 0 || v > 100 {
			return Result{}, invalid("measure "+name, ftoa(v), "a measure score must lie between 0 and 100")
		}
		r.Parts = append(r.Parts, Part{Measure: name, Value: v, Weight: w.Weight})
		sumW += w.Weight
		sumWM += w.Weight * v
		lo, hi = min(lo, v), max(hi, v)
	}
	if len(r.Parts) == 0 {
		r.Parts = nil
		return r, nil
	}
	r.Scored = true
	// A weighted mean lies within its values; rounding must not take it
	// out.
	r.Score = min(max(sumWM/sumW, lo), hi)
	for i := range r.Parts {
		p := &r.Parts[i]
		p.Share = p.Weight / sumW
		p.Points = p.Share * p.Value
	}
	return r, nil
}
