package plays

import (
	"cmp"
	"slices"
	"time"

	"github.com/engagekit/engage/engagement"
)

// Trigger is a rule that fires on a customer's [Facts] with an
// explanation: "band fell from green to red since 2026-02-01". The
// built-in triggers are [BandDropped], [BecameDetractor],
// [AdvocateLapsing] and [FormerFor]; each is a struct whose zero fields
// mean documented defaults.
type Trigger interface {
	// Name identifies the trigger in events: "band_dropped".
	Name() string

	// Starts names the play an event of this trigger starts, or "" for
	// none.
	Starts() string

	// Check reports whether the trigger fires on f, and why in words
	// that name the facts it read. It returns an error wrapping
	// [ErrInvalid] when the trigger's parameters make no sense; f has
	// been validated by [Evaluate].
	Check(f *Facts) (why string, fired bool, err error)
}

// Event is a trigger that fired for a customer.
type Event struct {
	Customer engagement.CustomerID
	Trigger  string    // the trigger's Name
	Time     time.Time // the facts' AsOf
	Why      string    // the explanation, naming the facts read
	Play     string    // the play the event starts; "" for none
}

// String returns "customer trigger: why", with " -> play" when the event
// starts one.
func (e Event) String() string {
	s := string(e.Customer) + " " + e.Trigger + ": " + e.Why
	if e.Play != "" {
		s += " -> " + e.Play
	}
	return s
}

// Evaluate checks every trigger on f and returns the events of those that
// fire, in the order of triggers. It fails, returning no events, on facts
// without a customer or time, or on a trigger with bad parameters.
func Evaluate(triggers []Trigger, f Facts) ([]Event, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	var out []Event
	for _, t := range triggers {
		why, fired, err := t.Check(&f)
		if err != nil {
			return nil, err
		}
		if fired {
			out = append(out, Event{Customer: f.Customer, Trigger: t.Name(), Time: f.AsOf, Why: why, Play: t.Starts()})
		}
	}
	return out, nil
}

// EvaluateAll is [Evaluate] over many customers' facts: the events in
// ascending order of customer ID, then in the order of triggers. It fails,
// returning no events, on the first bad facts or trigger.
func EvaluateAll(triggers []Trigger, facts []Facts) ([]Event, error) {
	var out []Event
	for _, f := range facts {
		evs, err := Evaluate(triggers, f)
		if err != nil {
			return nil, err
		}
		out = append(out, evs...)
	}
	slices.SortStableFunc(out, func(a, b Event) int { return cmp.Compare(a.Customer, b.Customer) })
	return out, nil
}
