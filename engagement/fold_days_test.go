package engagement

import (
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// TestGroupDaysGivesDaySets checks that the day sets groupDays gives are
// the ones daySet.add makes from the same purchases, each with room for
// all its customer's purchases, and that a reused groupDays and array
// give the same.
func TestGroupDaysGivesDaySets(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var gd groupDays
		var into []int32
		for round := range 2 {
			n := rapid.IntRange(1, 1<<groupBits).Draw(t, "customers")
			buys := rapid.IntRange(0, 300).Draw(t, "purchases")
			want := make([]daySet, n)
			count := make([]int, n)
			for range buys {
				i := rapid.IntRange(0, n-1).Draw(t, "customer")
				at := rapid.Int64Range(-5*nanosPerDay, 40*nanosPerDay).Draw(t, "at")
				gd.add(i, at)
				want[i].add(dayOf(at))
				count[i]++
			}
			got := make([]daySet, n)
			into = gd.give(n, into, func(i int, s daySet) {
				if got[i] != nil {
					t.Fatalf("round %d: customer %d given two sets", round, i)
				}
				got[i] = s
			})
			for i := range n {
				if !slices.Equal(got[i], want[i]) {
					t.Fatalf("round %d: customer %d: days %v, want %v", round, i, got[i], want[i])
				}
				if cap(got[i]) != count[i] {
					t.Fatalf("round %d: customer %d: room for %d days, want %d", round, i, cap(got[i]), count[i])
				}
			}
			if len(gd.who) != 0 || len(gd.days) != 0 {
				t.Fatalf("round %d: %d purchases left after give", round, len(gd.who))
			}
		}
	})
}
