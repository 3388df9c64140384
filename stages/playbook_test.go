package stages_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/engagekit/engage/stages"
	"pgregory.net/rapid"
)

// appropriateOracle is the rule of Appropriate restated: an action of the
// stages of engagement fits those stages from its minimum up; a group
// action (MinStage Prospect or Former) fits that group only; nothing else
// fits anyone.
func appropriateOracle(a stages.Action, s stages.Stage) bool {
	switch {
	case a.MinStage.IsEngagement():
		return s.IsEngagement() && s >= a.MinStage
	case a.MinStage == stages.Prospect || a.MinStage == stages.Former:
		return s == a.MinStage
	}
	return false
}

func TestAppropriateNeverAboveTheStage(t *testing.T) {
	pb, err := stages.NewPlaybook()
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.SampledFrom(pb.Actions()).Draw(t, "action")
		if rapid.Bool().Draw(t, "any_min_stage") {
			// Actions built by hand, outside a playbook, with any MinStage
			// at all (Unclassified and out of range too).
			a.MinStage = stages.Stage(rapid.IntRange(0, 255).Draw(t, "min_stage"))
		}
		s := genStage().Draw(t, "stage")
		v := stages.Appropriate(a, s)
		if ok := appropriateOracle(a, s); v.Allowed != ok {
			t.Fatalf("Appropriate(%s needing %v, %v) = %v, want %v", a.Name, a.MinStage, s, v.Allowed, ok)
		}
		if v.Allowed && s.IsEngagement() && a.MinStage.IsEngagement() && a.MinStage > s {
			t.Fatalf("Appropriate allows %s (%v) above stage %v", a.Name, a.MinStage, s)
		}
		if v.Allowed && !s.IsEngagement() && a.MinStage != s {
			t.Fatalf("Appropriate allows %s (%v) for %v, outside its group", a.Name, a.MinStage, s)
		}
		if v.Reason == "" || !strings.HasPrefix(v.Reason, a.Name) && !v.Allowed {
			t.Fatalf("verdict %+v without a reason naming the action", v)
		}
		var want []string
		for _, b := range pb.Actions() {
			if stages.Appropriate(b, s).Allowed {
				want = append(want, b.Name)
			}
		}
		var got []string
		for _, fit := range pb.For(s) {
			got = append(got, fit.Name)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("For(%v) = %v, want the actions Appropriate allows: %v", s, got, want)
		}
	})
}

func TestGroupActions(t *testing.T) {
	pb, _ := stages.NewPlaybook()
	welcome, ok1 := pb.Action(stages.Welcome)
	winBack, ok2 := pb.Action(stages.WinBack)
	vote, ok3 := pb.Action(stages.Vote)
	if !ok1 || !ok2 || !ok3 {
		t.Fatal("welcome, win_back or vote missing from the default playbook")
	}
	for _, tc := range []struct {
		a       stages.Action
		s       stages.Stage
		allowed bool
		reason  []string
	}{
		{welcome, stages.Prospect, true, []string{"welcome is meant for prospects"}},
		{winBack, stages.Former, true, []string{"win_back is meant for former customers"}},
		{winBack, stages.Returning, false, []string{"win_back is only for former customers", "a returning customer has not left"}},
		{winBack, stages.Advocate, false, []string{"only for former customers"}},
		{winBack, stages.Prospect, false, []string{"only for former customers", "has not bought yet"}},
		{welcome, stages.Former, false, []string{"welcome is only for prospects", "win them back"}},
		{welcome, stages.Transactional, false, []string{"only for prospects", "has bought already"}},
		{welcome, stages.Unclassified, false, []string{"only for prospects", "not been classified"}},
		{vote, stages.Prospect, false, []string{"vote needs a returning customer", "a prospect has not bought yet", "no goodwill", "welcome"}},
		{vote, stages.Former, false, []string{"vote needs a returning customer", "a former customer has left", "win_back"}},
	} {
		v := stages.Appropriate(tc.a, tc.s)
		if v.Allowed != tc.allowed {
			t.Errorf("Appropriate(%s, %v) = %+v, want allowed %v", tc.a.Name, tc.s, v, tc.allowed)
		}
		for _, want := range tc.reason {
			if !strings.Contains(v.Reason, want) {
				t.Errorf("Appropriate(%s, %v) reason %q lacks %q", tc.a.Name, tc.s, v.Reason, want)
			}
		}
	}
	for s, want := range map[stages.Stage][]string{
		stages.Prospect:     {stages.Welcome},
		stages.Former:       {stages.WinBack},
		stages.Unclassified: nil,
	} {
		var got []string
		for _, a := range pb.For(s) {
			got = append(got, a.Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("For(%v) = %v, want %v", s, got, want)
		}
	}
	acts := pb.Actions()
	if acts[0].Name != stages.Welcome || acts[len(acts)-1].Name != stages.WinBack {
		t.Errorf("Actions() begins with %s and ends with %s, want welcome first and win_back last", acts[0].Name, acts[len(acts)-1].Name)
	}
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
		{Name: stages.WinBack, MinStage: stages.Former},
		{Name: "no_stage", MinStage: stages.Unclassified},
		{Name: "bad_stage", MinStage: stages.Stage(42)},
	} {
		err := pb.Add(bad)
		if !errors.Is(err, stages.ErrInvalid) {
			t.Errorf("Add(%+v) = %v, want ErrInvalid", bad, err)
		}
		var ie *stages.InvalidError
		if bad.Name == "no_stage" && (!errors.As(err, &ie) || ie.Field != "Action.MinStage") {
			t.Errorf("Add(%+v) = %v, want an error naming Action.MinStage", bad, err)
		}
	}
	for _, good := range []stages.Action{
		{Name: "newsletter_signup", MinStage: stages.Prospect, Description: "invite the prospect to the newsletter"},
		{Name: "we_miss_you", MinStage: stages.Former, Description: "tell the former customer they are missed"},
	} {
		if err := pb.Add(good); err != nil {
			t.Errorf("Add(%+v) = %v, want nil", good, err)
		}
		n++
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
