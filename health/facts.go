package health

import (
	"math"
	"strconv"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/segment"
	"github.com/engagekit/engage/stages"
)

// Facts are what the measures read about one customer. It is a plain
// struct: fill in what you have, and a measure whose input is missing has
// no value for the customer and is left out of the score.
type Facts struct {
	// Customer is the customer's record, read by segments (traits,
	// account, group); optional.
	Customer engagement.Customer
	// Profile is the customer's folded interactions; nil when they have
	// none. Goodwill, NPS class and complaints read it.
	Profile *engagement.Profile
	// Stage is the customer's classification ([stages.Classify]); the
	// zero Result is Unclassified, which the stage measure does not score.
	Stage stages.Result
	// Alive is the probability, 0 to 1, that the customer is still
	// active, such as clv.BGNBD.ProbabilityAlive gives; nil when not
	// known.
	Alive *float64
	// Mentions sums up the sentiment of what the customer said in public,
	// such as the listening package measures; the zero value is no
	// mentions.
	Mentions Mentions
	// Consent and Interactions are passed on to segments that need them
	// ([segment.Segment.NeedsConsent], [segment.Segment.NeedsInteractions]);
	// the measures do not read them.
	Consent      []engagement.ConsentRecord
	Interactions []engagement.Interaction
}

// Mentions is the mean sentiment of a customer's mentions and how many
// there were. Mean is a compound score in -1 (most negative) to 1 (most
// positive), as VADER-style analysers give.
type Mentions struct {
	Mean  float64
	Count int
}

// Validate reports the first fact out of range as an *[InvalidError]: a
// P(alive) outside 0 to 1, a mean sentiment outside -1 to 1 or a negative
// mention count.
func (f *Facts) Validate() error {
	if f.Alive != nil {
		if p := *f.Alive; math.IsNaN(p) || p < 0 || p > 1 {
			return invalid("Facts.Alive", ftoa(p), "a probability must lie between 0 and 1")
		}
	}
	if m := f.Mentions; math.IsNaN(m.Mean) || m.Mean < -1 || m.Mean > 1 {
		return invalid("Facts.Mentions.Mean", ftoa(m.Mean), "a compound sentiment must lie between -1 and 1")
	}
	if f.Mentions.Count < 0 {
		return invalid("Facts.Mentions.Count", strconv.Itoa(f.Mentions.Count), "must not be negative")
	}
	return nil
}

// SegmentFacts returns what a segment reads about the customer: the
// customer, profile, stage, consent and interactions of f.
func (f *Facts) SegmentFacts() segment.Facts {
	return segment.Facts{Customer: f.Customer, Profile: f.Profile, Stage: f.Stage,
		Consent: f.Consent, Interactions: f.Interactions}
}

// customerID is the customer the facts are about: the Customer's ID, or
// the profile's when that is empty.
func (f *Facts) customerID() engagement.CustomerID {
	if f.Customer.ID != "" || f.Profile == nil {
		return f.Customer.ID
	}
	return f.Profile.Customer()
}
