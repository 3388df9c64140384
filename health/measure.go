package health

// Measure scores one aspect of a customer's health on 0 (worst) to 100
// (best). A measure with nothing to go on (no profile, no answer, no
// mentions) reports ok false, and the scorecard leaves it out.
//
// Measures must be safe for concurrent use and must not change the facts.
// A score outside 0 to 100, or NaN, makes [Scorecard.Score] fail naming
// the measure.
type Measure interface {
	// Name is the measure's name in results and explanations, such as
	// "goodwill"; unique within a scorecard.
	Name() string
	// Score returns the customer's score on the measure, or ok false when
	// the measure has no value for them.
	Score(f *Facts) (score float64, ok bool)
}

// MeasureFunc adapts a function to a [Measure] under a name, for measures
// of your own.
type MeasureFunc struct {
	Label string
	Func  func(f *Facts) (float64, bool)
}

// Name returns m.Label.
func (m MeasureFunc) Name() string { return m.Label }

// Score calls m.Func; a nil Func has no value.
func (m MeasureFunc) Score(f *Facts) (float64, bool) {
	if m.Func == nil {
		return 0, false
	}
	return m.Func(f)
}

// validator is implemented by measures whose settings can be wrong.
type validator interface{ Validate() error }
