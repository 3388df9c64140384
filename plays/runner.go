package plays

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/segment"
	"github.com/engagekit/engage/stages"
)

// Runner advances customers through plays, keeping each customer's place
// in a play ([State]) in a checkpoint store and sending through an
// Outreach. See the package documentation for why a step is never sent
// twice.
//
// Runner needs Store and Outreach. Runs of the same customers may overlap,
// in this process or another sharing the store: of two runs advancing the
// same customer in the same play, the second to save loses with
// [engagement.ErrConflict], stops for that customer and reports it.
type Runner struct {
	// Plays are the plays the runner advances customers through; names
	// must be distinct.
	Plays []*Play

	// Store keeps the customers' places. Required.
	Store engagement.CheckpointStore

	// Outreach sends the plays' actions. Required; its Playbook must hold
	// every action the plays send.
	Outreach *outreach.Sender
}

// Status is where one customer stands in one play after a run.
type Status uint8

const (
	// Idle: nothing to do: the customer is not in the play and no event
	// started it, or finished it before this run.
	Idle Status = iota
	// Waiting: at a Wait that is not over (Progress.Until says when).
	Waiting
	// Held: a send was held back for now (the frequency cap, a temporary
	// delivery failure); a later run tries again.
	Held
	// Finished: the play ended in this run (Progress.Reason says how).
	Finished
	// Refused: an event would have started the play, but the customer is
	// not one it is for.
	Refused
	// Conflict: another run saved the customer's place first; this run
	// stopped for the customer.
	Conflict
)

var statusNames = [...]string{"idle", "waiting", "held", "finished", "refused", "conflict"}

// String returns "idle", "waiting", "held", "finished", "refused" or
// "conflict".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// Progress is what one run did with one customer in one play.
type Progress struct {
	Customer engagement.CustomerID
	Play     string
	Started  bool // the run started the play for the customer
	From, To int  // the step before and after the run
	Sent     []Sent
	Status   Status
	Until    time.Time // when Waiting, the end of the wait
	Reason   string    // why, when Held, Finished, Refused or Conflict
}

// Advanced reports whether the run moved the customer on.
func (p Progress) Advanced() bool { return p.Started || p.To != p.From }

// Run advances every customer of base through every play of the runner,
// as of asOf: a customer with an event that starts a play (Event.Play)
// starts it, if they are one it is for and are not in it already; a
// customer already in a play goes on from their place. base must hold
// every customer who may be in a play (the store cannot list them), with
// facts as of asOf. Customers go in ascending order of ID, plays in the
// runner's order.
//
// Run checks its setup first and fails, having done nothing, with a
// *[FieldError]: a nil Store or Outreach, an invalid or duplicate play,
// a zero asOf, a customer without an ID, or an event naming a play the
// runner does not have. A conflict with another run is reported and the
// run goes on; a store or outreach error stops it, returning the report
// so far and the error: the next run resumes where it stopped.
func (r *Runner) Run(ctx context.Context, base []segment.Facts, events []Event, asOf time.Time) (Report, error) {
	rep := Report{AsOf: asOf}
	if err := r.check(asOf); err != nil {
		return rep, err
	}
	plays := make(map[string]bool, len(r.Plays))
	for _, p := range r.Plays {
		plays[p.Name] = true
	}
	starts := make(map[engagement.CustomerID]map[string]bool)
	for i, e := range events {
		if e.Play == "" {
			continue
		}
		if !plays[e.Play] {
			return rep, fieldError("events["+strconv.Itoa(i)+"].Play", e.Play, "not a play of the runner")
		}
		if starts[e.Customer] == nil {
			starts[e.Customer] = make(map[string]bool)
		}
		starts[e.Customer][e.Play] = true
	}
	order := make([]int, len(base))
	inBase := make(map[engagement.CustomerID]bool, len(base))
	for i := range base {
		if base[i].Customer.ID == "" {
			return rep, fieldError("base["+strconv.Itoa(i)+"].Customer.ID", "", "customer id is empty")
		}
		order[i] = i
		inBase[base[i].Customer.ID] = true
	}
	sortByID(order, base)
	for _, i := range order {
		f := &base[i]
		for _, p := range r.Plays {
			pr, err := r.advance(ctx, p, f, asOf, starts[f.Customer.ID][p.Name])
			rep.add(pr)
			if err != nil {
				return rep, err
			}
		}
	}
	for _, id := range sortedKeys(starts) {
		if !inBase[id] {
			for _, p := range r.Plays {
				if starts[id][p.Name] {
					rep.add(Progress{Customer: id, Play: p.Name, Status: Refused, Reason: "customer not in the base"})
				}
			}
		}
	}
	return rep, nil
}

// Advance advances one customer, whose facts as of asOf are f, through
// play p, starting it when start is set and the customer is not in it
// yet. It is [Runner.Run] for one customer and play; p need not be one of
// the runner's Plays.
func (r *Runner) Advance(ctx context.Context, p *Play, f segment.Facts, asOf time.Time, start bool) (Progress, error) {
	if err := r.check(asOf); err != nil {
		return Progress{}, err
	}
	if err := p.Validate(); err != nil {
		return Progress{}, err
	}
	if f.Customer.ID == "" {
		return Progress{}, fieldError("Facts.Customer.ID", "", "customer id is empty")
	}
	return r.advance(ctx, p, &f, asOf, start)
}

// State returns the customer's place in the named play, and false when
// they have never been in it.
func (r *Runner) State(ctx context.Context, play string, customer engagement.CustomerID) (State, bool, error) {
	if r.Store == nil {
		return State{}, false, fieldError("Runner.Store", "", "store is nil")
	}
	c, err := r.Store.LoadCheckpoint(ctx, customer, "play/"+play)
	if err != nil {
		return State{}, false, fmt.Errorf("plays: loading the place of %q in %s: %w", customer, play, err)
	}
	if c.Version == 0 {
		return State{}, false, nil
	}
	st, err := decodeState(c)
	return st, err == nil, err
}

// check validates the runner and the run's time.
func (r *Runner) check(asOf time.Time) error {
	switch {
	case r.Store == nil:
		return fieldError("Runner.Store", "", "store is nil")
	case r.Outreach == nil:
		return fieldError("Runner.Outreach", "", "outreach is nil")
	case asOf.IsZero():
		return fieldError("asOf", "", "time is missing")
	}
	seen := make(map[string]bool, len(r.Plays))
	for i, p := range r.Plays {
		if p == nil {
			return fieldError("Runner.Plays["+strconv.Itoa(i)+"]", "", "play is nil")
		}
		if err := p.Validate(); err != nil {
			return err
		}
		if seen[p.Name] {
			return fieldError("Runner.Plays["+strconv.Itoa(i)+"].Name", p.Name, "play given twice")
		}
		seen[p.Name] = true
	}
	return nil
}

// run is one customer's advance through one play.
type run struct {
	r     *Runner
	p     *Play
	steps flat
	f     *segment.Facts
	asOf  time.Time
	cp    engagement.Checkpoint
	st    State
	pr    Progress
}

// advance does the work of Advance on checked arguments.
func (r *Runner) advance(ctx context.Context, p *Play, f *segment.Facts, asOf time.Time, start bool) (Progress, error) {
	id := f.Customer.ID
	x := &run{r: r, p: p, steps: flatten(p.Steps), f: f, asOf: asOf, pr: Progress{Customer: id, Play: p.Name}}
	cp, err := r.Store.LoadCheckpoint(ctx, id, p.checkpointName())
	if err != nil {
		return x.pr, fmt.Errorf("plays: %s: loading the place of %q: %w", p.Name, id, err)
	}
	x.cp = cp
	if cp.Version == 0 {
		if !start {
			return x.pr, nil
		}
		if ok, why := p.fits(f, asOf); !ok {
			x.pr.Status, x.pr.Reason = Refused, why
			return x.pr, nil
		}
		x.st = State{Play: p.Name, Started: asOf}
		x.pr.Started = true
		if done, err := x.save(ctx); done || err != nil {
			return x.pr, err
		}
	} else {
		if x.st, err = decodeState(cp); err != nil {
			return x.pr, err
		}
		x.pr.From, x.pr.To = x.st.Step, x.st.Step
		if !x.st.Finished.IsZero() {
			return x.pr, nil
		}
	}
	return x.pr, x.walk(ctx)
}

// walk runs steps until the play waits, is held, finishes or fails.
func (x *run) walk(ctx context.Context) error {
	for {
		if x.st.Pending != nil {
			if stop, err := x.send(ctx); stop || err != nil {
				return err
			}
			continue
		}
		if x.st.Step >= len(x.steps) {
			_, err := x.finish(ctx, "completed")
			return err
		}
		s := x.steps[x.st.Step]
		switch s.kind {
		case stepSend:
			x.st.Pending = &Pending{Step: x.st.Step, Action: s.action, At: x.asOf}
		case stepWait:
			reached := x.st.WaitUntil.IsZero()
			if reached {
				x.st.WaitUntil = x.asOf.Add(s.wait)
			}
			if x.asOf.Before(x.st.WaitUntil) {
				if reached {
					if stop, err := x.save(ctx); stop || err != nil {
						return err
					}
				}
				x.pr.Status, x.pr.Until = Waiting, x.st.WaitUntil
				return nil
			}
			x.st.WaitUntil = time.Time{}
			x.st.Step++
			if stop, err := x.save(ctx); stop || err != nil {
				return err
			}
		case stepIf:
			if !s.cond.holds(x.f, x.asOf) {
				_, err := x.finish(ctx, "stopped: condition not met: "+s.cond.String())
				return err
			}
			x.st.Step++
			if stop, err := x.save(ctx); stop || err != nil {
				return err
			}
		}
	}
}

// send makes the pending send: it saves the attempt first, so that a
// crash or a rival run after this point finds it pending, then calls
// Outreach as of the pending time, whose cap window keys the message.
// It reports stop when the customer's advance must end here.
func (x *run) send(ctx context.Context) (stop bool, err error) {
	pd := x.st.Pending
	pd.Attempts++
	if stop, err := x.save(ctx); stop || err != nil {
		return true, err
	}
	id := x.f.Customer.ID
	rep, err := x.r.Outreach.Send(ctx, pd.Action, map[engagement.CustomerID]stages.Stage{id: x.f.Stage.Stage}, pd.At)
	if err != nil {
		// The attempt stays pending: the next run sends it again with the
		// same key.
		return true, fmt.Errorf("plays: %s: step %d (send %s) to %q: %w", x.p.Name, pd.Step, pd.Action, id, err)
	}
	first := pd.Attempts == 1 // no earlier call can have delivered it
	switch {
	case len(rep.Sent) == 1:
		rc := rep.Sent[0].Receipt
		return x.sent(ctx, Sent{Step: pd.Step, Action: pd.Action, At: pd.At, Receipt: rc.Ref, Already: rc.Duplicate})
	case len(rep.AlreadySent) == 1:
		return x.sent(ctx, Sent{Step: pd.Step, Action: pd.Action, At: pd.At, Already: true})
	case len(rep.NotAppropriate) == 1:
		return x.finish(ctx, "stopped: "+pd.Action+" not appropriate: "+rep.NotAppropriate[0].Reason+unconfirmed(first))
	case len(rep.NoConsent) == 1:
		return x.finish(ctx, "stopped: no consent for "+pd.Action+": "+rep.NoConsentReasons[0].Reason+unconfirmed(first))
	case len(rep.Capped) == 1:
		if first {
			x.st.Pending = nil // Outreach delivered nothing: the step starts afresh later
		}
		return x.hold(ctx, pd.Action+" held by the frequency cap; a later run tries again")
	case len(rep.Failed) == 1:
		ferr := rep.Failed[0].Err
		if errors.Is(ferr, outreach.ErrPermanent) {
			return x.finish(ctx, "stopped: "+pd.Action+" failed for good: "+ferr.Error())
		}
		return x.hold(ctx, pd.Action+" failed for now ("+ferr.Error()+"); a later run sends it again with the same key")
	}
	return true, fmt.Errorf("plays: %s: step %d (send %s) to %q: outreach reported nothing for the customer", x.p.Name, pd.Step, pd.Action, id)
}

// unconfirmed notes, on a play stopped at a send tried before, that the
// earlier try may have reached the customer.
func unconfirmed(first bool) string {
	if first {
		return ""
	}
	return " (an earlier unconfirmed try may have reached the customer)"
}

// sent records a confirmed send and moves on.
func (x *run) sent(ctx context.Context, s Sent) (bool, error) {
	x.st.Sent = append(x.st.Sent, s)
	x.st.Pending = nil
	x.st.Step++
	stop, err := x.save(ctx)
	if err == nil && !stop {
		x.pr.Sent = append(x.pr.Sent, s)
	}
	return stop, err
}

// hold saves the state and ends the advance for now.
func (x *run) hold(ctx context.Context, why string) (bool, error) {
	stop, err := x.save(ctx)
	if !stop && err == nil {
		x.pr.Status, x.pr.Reason = Held, why
	}
	return true, err
}

// finish ends the play for the customer.
func (x *run) finish(ctx context.Context, outcome string) (bool, error) {
	x.st.Pending, x.st.WaitUntil = nil, time.Time{}
	x.st.Finished, x.st.Outcome = x.asOf, outcome
	stop, err := x.save(ctx)
	if !stop && err == nil {
		x.pr.Status, x.pr.Reason = Finished, outcome
	}
	return true, err
}

// save stores the state as the next version of the checkpoint. It
// reports stop, with Conflict in the progress and no error, when another
// run saved first.
func (x *run) save(ctx context.Context) (stop bool, err error) {
	value, err := json.Marshal(x.st)
	if err != nil {
		return true, fmt.Errorf("plays: %s: encoding the place of %q: %w", x.p.Name, x.f.Customer.ID, err)
	}
	c := engagement.Checkpoint{Customer: x.f.Customer.ID, Name: x.p.checkpointName(), Value: value,
		Version: x.cp.Version, Saved: x.asOf}
	saved, err := x.r.Store.SaveCheckpoint(ctx, c)
	switch {
	case errors.Is(err, engagement.ErrConflict):
		x.pr.Status = Conflict
		x.pr.Reason = "another run advanced the customer first (checkpoint version " + strconv.FormatInt(x.cp.Version, 10) + " is stale)"
		return true, nil
	case err != nil:
		return true, fmt.Errorf("plays: %s: saving the place of %q: %w", x.p.Name, x.f.Customer.ID, err)
	}
	x.cp = saved
	x.pr.To = x.st.Step
	return false, nil
}

// String describes the progress on one line, such as "c1 win_back:
// waiting, step 0 -> 1, started, sent win_back, until 2026-03-15T00:00:00Z".
func (p Progress) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s, step %d -> %d", p.Customer, p.Play, p.Status, p.From, p.To)
	if p.Started {
		b.WriteString(", started")
	}
	for _, s := range p.Sent {
		b.WriteString(", sent " + s.Action)
		if s.Already {
			b.WriteString(" (already sent)")
		}
	}
	if !p.Until.IsZero() {
		b.WriteString(", until " + p.Until.UTC().Format(time.RFC3339))
	}
	if p.Reason != "" {
		b.WriteString(": " + p.Reason)
	}
	return b.String()
}
