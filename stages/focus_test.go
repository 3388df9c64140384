package stages_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
	"pgregory.net/rapid"
)

func TestFocus(t *testing.T) {
	var d stages.Distribution
	d[stages.Transactional], d[stages.Returning], d[stages.Advocate] = 40, 45, 15
	for _, c := range []struct {
		approval float64
		want     stages.Stage
		why      string // what the reason must say
	}{
		{0.5, stages.Transactional, "approval 50% is below 70%"},
		{0.69, stages.Transactional, "approval 69% is below 70%"},
		{0.70, stages.Returning, "below the 85% advocacy asks for"},
		{0.84, stages.Returning, "below the 85% advocacy asks for"},
		{0.9, stages.Advocate, "60% of customers loyal"},
	} {
		f, err := stages.PickFocus(d, c.approval)
		if err != nil || f.Stage != c.want || !strings.Contains(f.Reason, c.why) {
			t.Errorf("approval %v: got %v %q %v, want %v saying %q", c.approval, f.Stage, f.Reason, err, c.want, c.why)
		}
	}
	var few stages.Distribution
	few[stages.Transactional], few[stages.Returning] = 80, 20
	if f, _ := stages.PickFocus(few, 0.95); f.Stage != stages.Returning || !strings.Contains(f.Reason, "only 20% of customers are loyal, below 50%") {
		t.Errorf("high approval but few loyal customers: focus %v %q, want returning, saying why", f.Stage, f.Reason)
	}
	if _, err := stages.PickFocus(stages.Distribution{}, 0.9); !errors.Is(err, stages.ErrNoCustomers) {
		t.Errorf("empty base: %v", err)
	}
	if _, err := stages.PickFocus(d, 1.5); !errors.Is(err, stages.ErrInvalid) {
		t.Errorf("approval 1.5: %v", err)
	}
}

// A higher approval rating never moves the focus down.
func TestFocusMonotoneInApproval(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var d stages.Distribution
		for s := stages.Prospect; s <= stages.Former; s++ {
			d[s] = rapid.IntRange(0, 100).Draw(t, "count")
		}
		d[stages.Transactional]++
		a := rapid.Float64Range(0, 1).Draw(t, "approval")
		b := rapid.Float64Range(a, 1).Draw(t, "higher")
		fa, err1 := stages.PickFocus(d, a)
		fb, err2 := stages.PickFocus(d, b)
		if err1 != nil || err2 != nil || fb.Stage < fa.Stage {
			t.Fatalf("approval %v -> %v, %v -> %v (%v %v)", a, fa.Stage, b, fb.Stage, err1, err2)
		}
	})
}

// Tally on any number of goroutines counts what classifying each profile
// in turn counts.
func TestTallyMatchesOneByOne(t *testing.T) {
	rules := stages.DefaultRules()
	rapid.Check(t, func(t *rapid.T) {
		ps := genProfiles(t)
		var want stages.Tally
		for p := range ps.Unordered() {
			want.Add(rules.Classify(p, stages.Returning))
		}
		got := rules.Tally(ps, func(engagement.CustomerID) stages.Stage { return stages.Returning }, rapid.IntRange(0, 4).Draw(t, "workers"))
		if got != want {
			t.Fatalf("Tally = %+v, want %+v", got, want)
		}
	})
}
