package plays

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/engagekit/engage/segment"
	"github.com/engagekit/engage/stages"
)

// Play is a stage-aware sequence of steps for one customer at a time:
// send an action of the playbook, wait, go on only if a condition holds.
// A [Runner] advances customers through plays and keeps their place in an
// [engagement.CheckpointStore].
type Play struct {
	// Name identifies the play: a lower-case token such as "win_back".
	// Its checkpoints are named "play/" and the name.
	Name string

	// For lists the stages the play is for: a customer starts it only at
	// one of them (former customers for a win-back, prospects for a
	// welcome). Empty means every stage.
	For []stages.Stage

	// Segment, when set, narrows who the play is for: a customer starts
	// it only when they match it as well.
	Segment *segment.Segment

	// Steps are what the play does, in order.
	Steps []Step
}

// stepKind is what a step does.
type stepKind uint8

const (
	stepSend stepKind = iota + 1
	stepWait
	stepIf
)

// Step is one step of a [Play]: make one with [Send], [Wait] or [If].
type Step struct {
	kind   stepKind
	action string
	wait   time.Duration
	cond   Condition
	then   []Step
}

// Send is the step that sends the named action of the playbook to the
// customer, through the Runner's [outreach.Sender] (with its stage,
// consent, frequency cap and idempotency checks).
func Send(action string) Step { return Step{kind: stepSend, action: action} }

// Wait is the step that waits d, a positive duration: the customer moves
// on only in a run as of d or more after the step was reached.
func Wait(d time.Duration) Step { return Step{kind: stepWait, wait: d} }

// If is the step that goes on with then, and the rest of the play after
// it, when c holds for the customer; when it does not, the play stops
// there.
func If(c Condition, then ...Step) Step { return Step{kind: stepIf, cond: c, then: then} }

// String describes the step: "send win_back", "wait 336h0m0s", "if stage
// = former".
func (s Step) String() string {
	switch s.kind {
	case stepSend:
		return "send " + s.action
	case stepWait:
		return "wait " + s.wait.String()
	case stepIf:
		return "if " + s.cond.String()
	}
	return "invalid step"
}

// Condition is what an [If] step tests: a segment the customer must match,
// or a function of the customer's facts. Set one of the two.
type Condition struct {
	// Segment the customer must match as of the run's time.
	Segment *segment.Segment

	// Func reports whether the condition holds for the customer's facts
	// as of the run's time, when Segment is nil.
	Func func(f *segment.Facts, asOf time.Time) bool

	// Name describes Func in reports ("has not bought"); a segment is
	// described by its text.
	Name string
}

// String describes the condition: the segment's text, or Name.
func (c Condition) String() string {
	if c.Segment != nil {
		return c.Segment.String()
	}
	if c.Name != "" {
		return c.Name
	}
	return "condition"
}

// holds evaluates the condition.
func (c Condition) holds(f *segment.Facts, asOf time.Time) bool {
	if c.Segment != nil {
		return c.Segment.Matches(f, asOf)
	}
	return c.Func(f, asOf)
}

// flat is a play's steps with the If steps' Then lists inlined: since an
// If that fails stops the play, If(c, a, b), d runs as check(c), a, b, d.
// A customer's place in a play is an index into this list.
type flat []Step

// flatten inlines the Then lists of If steps.
func flatten(steps []Step) flat {
	var out flat
	for _, s := range steps {
		if s.kind == stepIf {
			out = append(out, Step{kind: stepIf, cond: s.cond})
			out = append(out, flatten(s.then)...)
			continue
		}
		out = append(out, s)
	}
	return out
}

// Validate reports the first problem with p as a *[FieldError]: a name
// that is not a lower-case token, a stage that is not valid, no steps, a
// Send without an action, a Wait that is not positive, or an If with no
// condition or with both a segment and a function.
func (p *Play) Validate() error {
	if !isToken(p.Name) {
		return fieldError("Play.Name", p.Name, "want a lower-case token of letters, digits and underscores")
	}
	for i, s := range p.For {
		if !s.Valid() {
			return fieldError(fmt.Sprintf("%s.For[%d]", p.Name, i), s.String(), "not a stage")
		}
		if slices.Contains(p.For[:i], s) {
			return fieldError(fmt.Sprintf("%s.For[%d]", p.Name, i), s.String(), "stage given twice")
		}
	}
	if len(p.Steps) == 0 {
		return fieldError(p.Name+".Steps", "", "a play needs at least one step")
	}
	return validateSteps(p.Name+".Steps", p.Steps)
}

func validateSteps(path string, steps []Step) error {
	for i, s := range steps {
		at := path + "[" + strconv.Itoa(i) + "]"
		switch s.kind {
		case stepSend:
			if s.action == "" {
				return fieldError(at+".Send", "", "action name is empty")
			}
		case stepWait:
			if s.wait <= 0 {
				return fieldError(at+".Wait", s.wait.String(), "must be positive")
			}
		case stepIf:
			switch {
			case s.cond.Segment == nil && s.cond.Func == nil:
				return fieldError(at+".If", "", "condition has neither a segment nor a function")
			case s.cond.Segment != nil && s.cond.Func != nil:
				return fieldError(at+".If", s.cond.String(), "condition has both a segment and a function")
			}
			if err := validateSteps(at+".Then", s.then); err != nil {
				return err
			}
		default:
			return fieldError(at, "", "not a step made by Send, Wait or If")
		}
	}
	return nil
}

// fits reports whether a customer with facts f may start p as of asOf,
// and if not, why.
func (p *Play) fits(f *segment.Facts, asOf time.Time) (bool, string) {
	if len(p.For) > 0 && !slices.Contains(p.For, f.Stage.Stage) {
		names := make([]string, len(p.For))
		for i, s := range p.For {
			names[i] = s.String()
		}
		return false, "stage " + stageText(f.Stage.Stage) + " is not one the play is for (" + strings.Join(names, ", ") + ")"
	}
	if p.Segment != nil && !p.Segment.Matches(f, asOf) {
		return false, "not in the play's segment " + p.Segment.String()
	}
	return true, ""
}

// checkpointName is the name of a play's checkpoints.
func (p *Play) checkpointName() string { return "play/" + p.Name }

func isToken(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}
