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

// Customer is a person or organisation the business has a relationship
// with. Only ID is required.
type Customer struct {
	ID    CustomerID `json:"id"`
	Name  string     `json:"name,omitempty"`
	Group Group      `json:"group,omitzero"`
	// Consent is the customer's consent to be contacted at all, as one
	// flag. Consent per purpose and channel, with dates and an audit
	// trail, is kept as [ConsentRecord]s by a [ConsentStore].
	Consent Consent `json:"consent,omitzero"`
	// Account is the organisation the customer belongs to, for B2B
	// roll-ups ([Profiles.ByAccount]); empty when none.
	Account AccountID `json:"account,omitempty"`
	// Attributes are free-form text facts: segment, region, ...
	Attributes map[string]string `json:"attributes,omitempty"`
	// Traits are typed facts from identify calls: plan, seats,
	// signed_up_at.
	Traits Properties `json:"traits,omitempty"`
}

// Validate reports the first problem with c as a *[FieldError], or nil.
func (c Customer) Validate() error {
	if c.ID == "" {
		return fieldError("id", "", "customer id is empty")
	}
	if err := checkKey("id", string(c.ID), 0); err != nil {
		return err
	}
	if c.Account != "" {
		if err := checkKey("account", string(c.Account), 0); err != nil {
			return err
		}
	}
	if int(c.Group) >= len(groupNames) {
		return fieldError("group", c.Group.String(), "unknown relationship group")
	}
	if int(c.Consent) >= len(consentNames) {
		return fieldError("consent", c.Consent.String(), "unknown consent state")
	}
	return c.Traits.Validate("traits")
}

// Clone returns a copy of c that shares no memory with it.
func (c Customer) Clone() Customer {
	c.Attributes = maps.Clone(c.Attributes)
	c.Traits = c.Traits.Clone()
	return c
}

// Equal reports whether c and d hold the same facts. A nil and an empty
// Attributes or Traits map are equal.
func (c Customer) Equal(d Customer) bool {
	return c.ID == d.ID && c.Name == d.Name && c.Group == d.Group &&
		c.Consent == d.Consent && c.Account == d.Account &&
		maps.Equal(c.Attributes, d.Attributes) && c.Traits.Equal(d.Traits)
}
