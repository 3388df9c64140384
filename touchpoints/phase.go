package touchpoints

import (
	"fmt"
	"strings"
)

// Phase is a step of the customer-experience journey, where a touch point
// sits: awareness, discovery, attraction, interaction, purchase, use,
// cultivation, advocacy. Every step is a chance to build or lose the bond.
// Phases are ordered as the journey runs. The zero Phase is
// PhaseUnspecified, which no touch point may have.
type Phase uint8

// The phases of the journey, in order.
const (
	PhaseUnspecified Phase = iota

	Awareness   // the public learns the business exists
	Discovery   // a prospect looks into what it offers
	Attraction  // the offer draws the prospect in
	Interaction // the prospect deals with the business: asks, tries, compares
	Purchase    // the prospect buys and becomes a customer
	Use         // the customer uses the product or service
	Cultivation // the business tends the relationship: service, loyalty, dialogue
	Advocacy    // the customer tells others about the business
)

// NumPhases is the number of phases of the journey (Awareness to
// Advocacy).
const NumPhases = 8

var phaseNames = [...]string{"", "awareness", "discovery", "attraction", "interaction",
	"purchase", "use", "cultivation", "advocacy"}

// Phases returns the phases of the journey in order, Awareness to Advocacy.
// The slice is new on every call.
func Phases() []Phase {
	ps := make([]Phase, NumPhases)
	for i := range ps {
		ps[i] = Awareness + Phase(i)
	}
	return ps
}

// Valid reports whether p is one of the eight phases (not
// PhaseUnspecified, not out of range).
func (p Phase) Valid() bool { return p >= Awareness && p <= Advocacy }

// String returns the phase's text form: "awareness", "discovery",
// "attraction", "interaction", "purchase", "use", "cultivation",
// "advocacy", or "" when unspecified.
func (p Phase) String() string {
	if int(p) < len(phaseNames) {
		return phaseNames[p]
	}
	return fmt.Sprintf("Phase(%d)", uint8(p))
}

// MarshalText implements [encoding.TextMarshaler].
func (p Phase) MarshalText() ([]byte, error) {
	if int(p) >= len(phaseNames) {
		return nil, fieldError("phase", p.String(), "unknown journey phase")
	}
	return []byte(phaseNames[p]), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts the text
// forms in any case, with surrounding white space; the empty text is
// PhaseUnspecified.
func (p *Phase) UnmarshalText(text []byte) error {
	s := strings.ToLower(strings.TrimSpace(string(text)))
	for i, name := range phaseNames {
		if s == name {
			*p = Phase(i)
			return nil
		}
	}
	return fieldError("phase", string(text),
		"want awareness, discovery, attraction, interaction, purchase, use, cultivation or advocacy")
}
