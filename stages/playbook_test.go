package stages_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/engagekit/engage/stages"
	"pgregory.net/rapid"
)

func TestAppropriateNeverAboveTheStage(t *testing.T) {
	pb, err := stages.NewPlaybook()
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.SampledFrom(pb.Actions()).Draw(t, "action")
		s := genStage().Draw(t, "stage")
		v := stages.Appropriate(a, s)
		ok := s.IsEngagement() && s >= a.MinStage
		if v.Allowed != ok {
			t.Fatalf("Appropriate(%s needing %v, %v) = %v, want %v", a.Name, a.MinStage, s, v.Allowed, ok)
		}
		if v.Reason == "" {
			t.Fatal("verdict without a reason")
		}
		for _, fit := range pb.For(s) {
			if !stages.Appropriate(fit, s).Allowed {
				t.Fatalf("For(%v) offers %s, which Appropriate refuses", s, fit.Name)
			}
		}
	})
}

func TestBrainstormRefusedForTransactional(t *testing.T) {
	pb, _ := stages.NewPlaybook()
	a, ok := pb.Action(stages.Brainstorm)
	if !ok {
		t.Fatal("no brainstorm action")
	}
	v := stages.Appropriate(a, stages.Transactional)
	if v.Allowed || !strings.Contains(v.Reason, "do what they pay you for") || !strings.Contains(v.Reason, "upset") {
		t.Fatalf("got %+v, want a refusal with the seed's reason", v)
	}
}

func TestPlaybookAdd(t *testing.T) {
	pb, err := stages.NewPlaybook(stages.Action{Name: "loyalty_card", MinStage: stages.Returning, Description: "offer a loyalty card"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := pb.Action("loyalty_card"); !ok {
		t.Fatal("added action missing")
	}
	n := len(pb.Actions())
	for _, bad := range []stages.Action{
		{Name: "", MinStage: stages.Returning},
		{Name: "Has Space", MinStage: stages.Returning},
		{Name: stages.Vote, MinStage: stages.Returning},
		{Name: "win_back", MinStage: stages.Former},
	} {
		if err := pb.Add(bad); !errors.Is(err, stages.ErrInvalid) {
			t.Errorf("Add(%+v) = %v, want ErrInvalid", bad, err)
		}
	}
	if len(pb.Actions()) != n {
		t.Fatalf("failed adds changed the playbook: %d actions, want %d", len(pb.Actions()), n)
	}
	acts := pb.Actions()
	for i := 1; i < len(acts); i++ {
		if acts[i-1].MinStage > acts[i].MinStage {
			t.Fatalf("actions not ordered by stage: %v before %v", acts[i-1], acts[i])
		}
	}
}
