package simulate

import (
	"testing"

	"github.com/engagekit/engage/stages"
	"github.com/google/go-cmp/cmp"
)

// TestWindowsFollowRules: the day counts that shape the behaviour come from
// the stage rules, at the values the package documentation gives for the
// defaults, and MinSpan is the purchase window of a returning customer.
func TestWindowsFollowRules(t *testing.T) {
	r := stages.DefaultRules()
	want := days{advocateLastBuy: 90, advocateSignals: 75, returningLastBuy: 120, returningOldSignals: 120,
		transactionalLast: 300, formerSilence: 410, formerFollowUp: 14, formerRecord: 775}
	if diff := cmp.Diff(want, windowsOf(r), cmp.AllowUnexported(days{})); diff != "" {
		t.Errorf("windowsOf(DefaultRules()) (-want +got):\n%s", diff)
	}
	if MinSpan != r.ReturningWithin.Enter {
		t.Errorf("MinSpan = %v, want DefaultRules().ReturningWithin.Enter, %v", MinSpan, r.ReturningWithin.Enter)
	}
	// Every window keeps its margin inside the rule it shows.
	w := windowsOf(r)
	day := func(n int) float64 { return float64(n) }
	for _, c := range []struct {
		name        string
		got, within float64
	}{
		{"returningLastBuy", day(w.returningLastBuy), r.ReturningWithin.Enter.Hours() / 24},
		{"advocateLastBuy", day(w.advocateLastBuy), r.ReturningWithin.Enter.Hours() / 24},
		{"advocateSignals", day(w.advocateSignals), r.AdvocacyWithin.Enter.Hours() / 24},
		{"transactionalLast", day(w.transactionalLast), r.FormerAfter.Hours() / 24},
	} {
		if !(c.got < c.within) {
			t.Errorf("%s = %v days, want fewer than the rule's %v", c.name, c.got, c.within)
		}
	}
	if float64(w.formerSilence) <= r.FormerAfter.Hours()/24 || float64(w.returningOldSignals) < r.AdvocacyWithin.Enter.Hours()/24 {
		t.Errorf("formerSilence %d or returningOldSignals %d inside the rule they must lie outside", w.formerSilence, w.returningOldSignals)
	}
}
