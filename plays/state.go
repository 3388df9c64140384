package plays

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
)

// State is a customer's place in a play, as a [Runner] keeps it in the
// checkpoint "play/<name>" of an [engagement.CheckpointStore], encoded as
// JSON. Steps are counted in the play's steps with the Then lists of If
// steps inlined in place: Send(a), Wait(d), If(c, Send(b)) has the steps
// 0 send a, 1 wait d, 2 if c, 3 send b.
type State struct {
	Play    string    `json:"play"`
	Started time.Time `json:"started"`

	// Step is the next step to run; the play's length once all have run.
	Step int `json:"step"`

	// WaitUntil is when the Wait at Step is over; zero when Step is not a
	// Wait or has not been reached.
	WaitUntil time.Time `json:"wait_until,omitzero"`

	// Pending is the send the runner was about to make, or had made
	// without seeing it confirmed: saved before calling Outreach and
	// cleared, with the send added to Sent, after. A run that finds it set
	// sends it again with the same action and time, so with the same
	// idempotency key.
	Pending *Pending `json:"pending,omitempty"`

	// Sent lists the sends confirmed, in order.
	Sent []Sent `json:"sent,omitempty"`

	// Finished is when the play ended for the customer; zero while it
	// runs. Outcome says how: "completed", or why it stopped.
	Finished time.Time `json:"finished,omitzero"`
	Outcome  string    `json:"outcome,omitempty"`
}

// Pending is a send about to be made, or made and not yet confirmed.
type Pending struct {
	Step   int       `json:"step"`
	Action string    `json:"action"`
	At     time.Time `json:"at"` // the time the send is made as of, and whose cap window keys it
	// Attempts counts the calls to Outreach for this send, the next one
	// included once saved.
	Attempts int `json:"attempts"`
}

// Sent is a send that Outreach confirmed.
type Sent struct {
	Step    int       `json:"step"`
	Action  string    `json:"action"`
	At      time.Time `json:"at"`
	Receipt string    `json:"receipt,omitempty"` // the channel's reference
	// Already is set when nothing went out in this send because the
	// message had gone out before: Outreach found the action already sent
	// to the customer in this cap window, or the channel answered the
	// message's key as a duplicate (an earlier try, whose confirmation
	// was lost, had delivered it).
	Already bool `json:"already,omitempty"`
}

// decodeState reads a checkpoint's value.
func decodeState(c engagement.Checkpoint) (State, error) {
	var st State
	if err := json.Unmarshal(c.Value, &st); err != nil {
		return st, fmt.Errorf("plays: checkpoint %q of %q, version %d: %w", c.Name, c.Customer, c.Version,
			fieldError("Checkpoint.Value", string(c.Value), "not a play state: "+err.Error()))
	}
	return st, nil
}
