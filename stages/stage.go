package stages

import (
	"fmt"
	"strings"
)

// Stage is where a person stands with the business: one of the three
// stages of engagement, or one of the two relationship states around them
// (not yet a customer, no longer one). Stages are ordered: Transactional <
// Returning < Advocate. The zero Stage is Unclassified.
type Stage uint8

// The stages and the relationship states around them.
const (
	Unclassified Stage = iota // no classification yet (no history)

	// Prospect: known to the business, has not bought yet. A relationship
	// state, not a stage of engagement.
	Prospect

	// Transactional: "First, do what I pay you for." A cold exchange of
	// product for money; contact is mostly service requests and complaints.
	// Not necessarily dissatisfied.
	Transactional

	// Returning: "I can count on you, so I will return." Satisfaction has
	// become loyalty and the business holds goodwill: the customer cuts it
	// some slack for an honest mistake and lends a hand when asked.
	Returning

	// Advocate: "I will tell others about you." The customer recommends the
	// business. This stage decays fastest when neglected.
	Advocate

	// Former: has left (no interaction for a long time). A relationship
	// state, not a stage of engagement.
	Former
)

// NumStages is the number of Stage values that Classify returns (Prospect
// to Former); arrays indexed by Stage have this length plus one so that
// Unclassified has a slot.
const NumStages = 5

var stageNames = [...]string{"", "prospect", "transactional", "returning", "advocate", "former"}

// String returns the stage's text form: "prospect", "transactional",
// "returning", "advocate", "former", or "" when unclassified.
func (s Stage) String() string {
	if int(s) < len(stageNames) {
		return stageNames[s]
	}
	return fmt.Sprintf("Stage(%d)", uint8(s))
}

// IsEngagement reports whether s is one of the three stages of engagement
// (Transactional, Returning, Advocate) rather than a relationship state.
func (s Stage) IsEngagement() bool { return s >= Transactional && s <= Advocate }

// Valid reports whether s is a known stage or state other than
// Unclassified.
func (s Stage) Valid() bool { return s >= Prospect && s <= Former }

// AtLeast reports whether s is a stage of engagement at or above min.
// Prospects, former customers and Unclassified are at least nothing but
// themselves.
func (s Stage) AtLeast(min Stage) bool {
	if !min.IsEngagement() {
		return s == min
	}
	return s.IsEngagement() && s >= min
}

// MarshalText implements [encoding.TextMarshaler].
func (s Stage) MarshalText() ([]byte, error) {
	if int(s) >= len(stageNames) {
		return nil, &InvalidError{Field: "stage", Value: s.String(), Reason: "unknown stage"}
	}
	return []byte(stageNames[s]), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts the text
// forms in any case; the empty text is Unclassified.
func (s *Stage) UnmarshalText(text []byte) error {
	v := strings.ToLower(strings.TrimSpace(string(text)))
	for i, name := range stageNames {
		if v == name {
			*s = Stage(i)
			return nil
		}
	}
	return &InvalidError{Field: "stage", Value: string(text),
		Reason: "want prospect, transactional, returning, advocate or former"}
}
