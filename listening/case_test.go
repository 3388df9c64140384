package listening_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/listening/sentiment"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

func lcNegative(score float64) listening.Scored {
	return listening.Scored{
		Mention:   listening.Mention{ID: "m1", Time: lcT0, Text: "bad"},
		Sentiment: sentiment.Sentiment{Score: score, Negative: 1},
		Negative:  true,
	}
}

// TestCaseNeverSkipsAStep tries random transitions at random times and
// checks that the path a case takes is always the plan's steps in order,
// possibly ending with a walk away from an allowed step, with times that
// never go backwards, and that every refused move left the case as it was.
func TestCaseNeverSkipsAStep(t *testing.T) {
	plan := listening.ResponsePlan()
	rapid.Check(t, func(t *rapid.T) {
		c, err := listening.OpenCase(lcNegative(-0.5), lcT0, listening.CasePolicy{})
		if err != nil {
			t.Fatal(err)
		}
		now := lcT0
		for range rapid.IntRange(0, 40).Draw(t, "attempts") {
			to := listening.Step(rapid.IntRange(0, 9).Draw(t, "to"))
			at := now.Add(time.Duration(rapid.IntRange(-30, 120).Draw(t, "minutes")) * time.Minute)
			before := slices.Clone(c.Path)
			from := c.Step()
			err := c.Advance(to, at, "")
			if err != nil {
				var te *listening.TransitionError
				if !errors.As(err, &te) || te.From != from || te.To != to || !errors.Is(err, listening.ErrTransition) {
					t.Fatalf("Advance(%v) error %v does not name from %v and to %v", to, err, from, to)
				}
				if diff := cmp.Diff(before, c.Path); diff != "" {
					t.Fatalf("refused Advance changed the path (-want +got):\n%s", diff)
				}
				continue
			}
			now = at
		}
		steps := make([]listening.Step, len(c.Path))
		for i, r := range c.Path {
			steps[i] = r.Step
			if i > 0 && r.At.Before(c.Path[i-1].At) {
				t.Fatalf("step %v at %v is before the previous step at %v", r.Step, r.At, c.Path[i-1].At)
			}
		}
		walked := len(steps) > 1 && steps[len(steps)-1] == listening.StepWalkAway
		if walked {
			steps = steps[:len(steps)-1]
			if !listening.Allowed(steps[len(steps)-1], listening.StepWalkAway) {
				t.Fatalf("walked away from %v", steps[len(steps)-1])
			}
		}
		if diff := cmp.Diff(plan[:len(steps)], steps); diff != "" {
			t.Fatalf("path is not a prefix of the plan (-want +got):\n%s", diff)
		}
		if c.Closed() != (walked || len(steps) == len(plan)) {
			t.Fatalf("Closed() = %v for path %v", c.Closed(), c.Path)
		}
	})
}

func TestCaseAdvanceErrors(t *testing.T) {
	c, err := listening.OpenCase(lcNegative(-0.8), lcT0, listening.CasePolicy{})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Advance(listening.StepFix, lcT0, "")
	if err == nil || !strings.Contains(err.Error(), "from listen to fix: skips respond") {
		t.Errorf("Advance(listen -> fix) = %v, want it refused as skipping respond", err)
	}
	if err := c.Advance(listening.StepWalkAway, lcT0, ""); !errors.Is(err, listening.ErrTransition) {
		t.Errorf("walking away before responding = %v, want ErrTransition", err)
	}
	if err := c.Advance(listening.StepRespond, lcT0.Add(-time.Minute), ""); !errors.Is(err, listening.ErrTransition) {
		t.Errorf("responding before opening = %v, want ErrTransition", err)
	}
	for _, s := range []listening.Step{listening.StepRespond, listening.StepExplain, listening.StepWalkAway} {
		if err := c.Advance(s, lcT0.Add(30*time.Minute), "lose-lose"); err != nil {
			t.Fatal(err)
		}
	}
	if !c.Monitoring() || !c.Closed() {
		t.Errorf("after walking away: Monitoring %v, Closed %v; want both", c.Monitoring(), c.Closed())
	}
	if err := c.Advance(listening.StepFix, lcT0.Add(time.Hour), ""); !errors.Is(err, listening.ErrTransition) {
		t.Errorf("advancing a closed case = %v, want ErrTransition", err)
	}
}

func TestCaseSeverityAndBreach(t *testing.T) {
	tests := []struct {
		score    float64
		severity listening.Severity
		target   time.Duration
	}{
		{-0.9, listening.SeverityHigh, time.Hour},
		{-0.6, listening.SeverityHigh, time.Hour},
		{-0.4, listening.SeverityMedium, 4 * time.Hour},
		{-0.05, listening.SeverityLow, 24 * time.Hour},
	}
	for _, tt := range tests {
		c, err := listening.OpenCase(lcNegative(tt.score), lcT0, listening.CasePolicy{})
		if err != nil {
			t.Fatal(err)
		}
		if c.Severity != tt.severity || !c.Due.Equal(lcT0.Add(tt.target)) {
			t.Errorf("score %v: severity %v due %v; want %v due %v", tt.score, c.Severity, c.Due, tt.severity, lcT0.Add(tt.target))
		}
	}
	if _, err := listening.OpenCase(lcNegative(0), lcT0, listening.CasePolicy{}); !errors.Is(err, listening.ErrNotNegative) {
		t.Errorf("OpenCase(neutral) = %v, want ErrNotNegative", err)
	}

	late, _ := listening.OpenCase(lcNegative(-0.9), lcT0, listening.CasePolicy{})
	late.ID = "late"
	onTime, _ := listening.OpenCase(lcNegative(-0.9), lcT0, listening.CasePolicy{})
	onTime.ID = "on-time"
	open, _ := listening.OpenCase(lcNegative(-0.4), lcT0, listening.CasePolicy{TargetMedium: 30 * time.Minute})
	open.ID = "open"
	if err := late.Advance(listening.StepRespond, lcT0.Add(90*time.Minute), ""); err != nil {
		t.Fatal(err)
	}
	if err := onTime.Advance(listening.StepRespond, lcT0.Add(time.Hour), ""); err != nil {
		t.Fatal(err)
	}
	asOf := lcT0.Add(3 * time.Hour)
	want := []listening.Breach{
		{Case: "open", Severity: listening.SeverityMedium, Due: lcT0.Add(30 * time.Minute), Late: 150 * time.Minute},
		{Case: "late", Severity: listening.SeverityHigh, Due: lcT0.Add(time.Hour), Responded: lcT0.Add(90 * time.Minute), Late: 30 * time.Minute},
	}
	if diff := cmp.Diff(want, listening.Breaches([]*listening.Case{late, onTime, open}, asOf)); diff != "" {
		t.Errorf("Breaches mismatch (-want +got):\n%s", diff)
	}
	if _, breached := open.Breach(lcT0.Add(10 * time.Minute)); breached {
		t.Error("a case still within its target is reported as breached")
	}
}

func TestRoute(t *testing.T) {
	staff := []listening.Staff{{Name: "ann"}, {Name: "bo", Spokesperson: true}, {Name: "cy", Spokesperson: true}}
	got, err := listening.Route(staff, true, map[string]int{"bo": 2, "cy": 1})
	if err != nil || got.Name != "cy" {
		t.Errorf("Route(negative) = %v, %v; want cy, the least loaded spokesperson", got, err)
	}
	got, err = listening.Route(staff, false, nil)
	if err != nil || got.Name != "ann" {
		t.Errorf("Route(neutral) = %v, %v; want ann", got, err)
	}
	if _, err := listening.Route(staff[:1], true, nil); !errors.Is(err, listening.ErrNoSpokesperson) {
		t.Errorf("Route(negative, no spokesperson) = %v, want ErrNoSpokesperson", err)
	}
	if _, err := listening.Route(nil, false, nil); !errors.Is(err, listening.ErrNoStaff) {
		t.Errorf("Route(no staff) = %v, want ErrNoStaff", err)
	}
	c, _ := listening.OpenCase(lcNegative(-0.5), lcT0, listening.CasePolicy{})
	if err := c.Assign(staff[0]); !errors.Is(err, listening.ErrNoSpokesperson) || c.Assignee != "" {
		t.Errorf("Assign(non-spokesperson) = %v, assignee %q; want ErrNoSpokesperson", err, c.Assignee)
	}
	if err := c.Assign(staff[1]); err != nil || c.Assignee != "bo" {
		t.Errorf("Assign(spokesperson) = %v, assignee %q", err, c.Assignee)
	}
}

func TestMentionInteraction(t *testing.T) {
	m := listening.Mention{ID: "42", Source: "forum", Time: lcT0, Text: "x", Customer: "c1"}
	tests := []struct {
		score float64
		kind  engagement.Kind
	}{{-0.5, engagement.Complaint}, {0, listening.MentionKind}, {0.7, engagement.Review}}
	for _, tt := range tests {
		in, ok := listening.MentionInteraction(m, sentiment.Sentiment{Score: tt.score})
		want := engagement.Interaction{ID: "mention:forum:42", Customer: "c1", Time: lcT0, Kind: tt.kind, Touchpoint: "forum"}
		if !ok || !in.Equal(want) {
			t.Errorf("MentionInteraction(score %v) = %+v, %v; want %+v", tt.score, in, ok, want)
		}
	}
	m.Customer = ""
	if _, ok := listening.MentionInteraction(m, sentiment.Sentiment{}); ok {
		t.Error("a mention by an unknown author became an interaction")
	}
}

func TestStepText(t *testing.T) {
	for _, s := range append(listening.ResponsePlan(), listening.StepWalkAway) {
		b, err := s.MarshalText()
		var back listening.Step
		if err != nil || back.UnmarshalText(b) != nil || back != s {
			t.Errorf("step %v does not round-trip through text: %q, %v", s, b, err)
		}
	}
	var s listening.Step
	if err := s.UnmarshalText([]byte("Walk away")); err != nil || s != listening.StepWalkAway {
		t.Errorf("UnmarshalText(Walk away) = %v, %v", s, err)
	}
}
