package engagement

import (
	"fmt"
	"maps"
	"strings"
)

// CustomerID identifies a customer. Any non-empty string will do; the
// library never parses it.
type CustomerID string

// Group is a customer's relationship with the business, as the business
// records it: one of the four groups of people out there. It is not the
// stage of engagement, which package stages derives from behaviour.
type Group uint8

// The relationship groups. The zero Group is unspecified.
const (
	GroupUnspecified Group = iota
	GroupProspect          // knows of the business, has not bought yet
	GroupCustomer          // buys from the business
	GroupAdvocate          // a customer who speaks for the business
	GroupFormer            // has left
)

var groupNames = [...]string{"", "prospect", "customer", "advocate", "former"}

// String returns the group's text form: "prospect", "customer", "advocate",
// "former", or "" when unspecified.
func (g Group) String() string {
	if int(g) < len(groupNames) {
		return groupNames[g]
	}
	return fmt.Sprintf("Group(%d)", uint8(g))
}

// MarshalText implements [encoding.TextMarshaler].
func (g Group) MarshalText() ([]byte, error) {
	if int(g) >= len(groupNames) {
		return nil, fieldError("group", g.String(), "unknown relationship group")
	}
	return []byte(groupNames[g]), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts the text
// forms in any case; the empty text is GroupUnspecified.
func (g *Group) UnmarshalText(text []byte) error {
	s := strings.ToLower(strings.TrimSpace(string(text)))
	for i, name := range groupNames {
		if s == name {
			*g = Group(i)
			return nil
		}
	}
	return fieldError("group", string(text), "want prospect, customer, advocate or former")
}

// Consent records whether a customer agreed to be contacted. The zero value
// is ConsentUnknown, which does not allow contact.
type Consent uint8

// The consent states.
const (
	ConsentUnknown Consent = iota // never asked, or not recorded
	ConsentGiven                  // agreed to be contacted
	ConsentRefused                // refused or withdrew consent
)

var consentNames = [...]string{"unknown", "given", "refused"}

// String returns "unknown", "given" or "refused".
func (c Consent) String() string {
	if int(c) < len(consentNames) {
		return consentNames[c]
	}
	return fmt.Sprintf("Consent(%d)", uint8(c))
}

// MayContact reports whether the customer may be contacted: only with
// consent given.
func (c Consent) MayContact() bool { return c == ConsentGiven }

// MarshalText implements [encoding.TextMarshaler].
func (c Consent) MarshalText() ([]byte, error) {
	if int(c) >= len(consentNames) {
		return nil, fieldError("consent", c.String(), "unknown consent state")
	}
	return []byte(consentNames[c]), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. Besides the text
// forms it accepts the common yes/no spellings (yes, no, true, false, y, n,
// 1, 0) in any case; the empty text is ConsentUnknown.
func (c *Consent) UnmarshalText(text []byte) error {
	switch strings.ToLower(strings.TrimSpace(string(text))) {
	case "", "unknown":
		*c = ConsentUnknown
	case "given", "yes", "y", "true", "1":
		*c = ConsentGiven
	case "refused", "no", "n", "false", "0":
		*c = ConsentRefused
	default:
		return fieldError("consent", string(text), "want given, refused or unknown")
	}
	return nil
}

// Customer is a person or organisation the business has a relationship
// with. Only ID is required.
type Customer struct {
	ID         CustomerID        `json:"id"`
	Name       string            `json:"name,omitempty"`
	Group      Group             `json:"group,omitzero"`
	Consent    Consent           `json:"consent,omitzero"`
	Attributes map[string]string `json:"attributes,omitempty"` // free-form facts: segment, region, ...
}

// Validate reports the first problem with c as a *[FieldError], or nil.
func (c Customer) Validate() error {
	if c.ID == "" {
		return fieldError("id", "", "customer id is empty")
	}
	if int(c.Group) >= len(groupNames) {
		return fieldError("group", c.Group.String(), "unknown relationship group")
	}
	if int(c.Consent) >= len(consentNames) {
		return fieldError("consent", c.Consent.String(), "unknown consent state")
	}
	return nil
}

// Clone returns a copy of c that shares no memory with it.
func (c Customer) Clone() Customer {
	c.Attributes = maps.Clone(c.Attributes)
	return c
}

// Equal reports whether c and d hold the same facts. A nil and an empty
// Attributes map are equal.
func (c Customer) Equal(d Customer) bool {
	return c.ID == d.ID && c.Name == d.Name && c.Group == d.Group &&
		c.Consent == d.Consent && maps.Equal(c.Attributes, d.Attributes)
}
