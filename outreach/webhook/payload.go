package webhook

import (
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/outreach"
)

// Payload is the JSON body of a webhook request: an [outreach.Message]
// with its time in UTC. A receiver decodes the body into one after
// [Verify] has passed.
type Payload struct {
	ID       string                `json:"id"`
	Customer engagement.CustomerID `json:"customer"`
	Action   string                `json:"action,omitempty"`
	Subject  string                `json:"subject,omitempty"`
	Body     string                `json:"body,omitempty"`
	Time     time.Time             `json:"time"`
}

// NewPayload returns the payload that carries m.
func NewPayload(m outreach.Message) Payload {
	return Payload{
		ID:       m.ID,
		Customer: m.Customer,
		Action:   m.Action,
		Subject:  m.Subject,
		Body:     m.Body,
		Time:     m.Time.UTC(),
	}
}

// Message returns the message p carries.
func (p Payload) Message() outreach.Message {
	return outreach.Message{
		ID:       p.ID,
		Customer: p.Customer,
		Action:   p.Action,
		Subject:  p.Subject,
		Body:     p.Body,
		Time:     p.Time,
	}
}
