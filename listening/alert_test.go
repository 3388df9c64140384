package listening_test

import (
	"slices"
	"testing"

	"github.com/engagekit/engage/listening"
)

func TestAlertLevel(t *testing.T) {
	var r listening.AlertRule
	tests := []struct {
		name    string
		history []int
		method  string
		level   int
	}{
		// All zeros: Poisson with the floor rate 0.5; P(X >= 5) = 0.00017.
		{"quiet", make([]int, 24), "poisson", 5},
		// Mean 1, sd 0: 1 + 3·max(0, 1) = 4, so 5 (also MinCount).
		{"one a window", slices.Repeat([]int{1}, 24), "sigma", 5},
		// Mean 10, sd 0: 10 + 3·√10 = 19.49, so 20.
		{"ten a window", slices.Repeat([]int{10}, 24), "sigma", 20},
		// Mean 10, sd 10: 10 + 3·10 = 40, so 41.
		{"bursty", slices.Repeat([]int{0, 20}, 12), "sigma", 41},
		// Mean 0.5: Poisson(0.5).
		{"half", slices.Repeat([]int{0, 1}, 12), "poisson", 5},
		{"no history", nil, "poisson", 5},
	}
	for _, tt := range tests {
		b := r.Level(tt.history)
		if b.Method != tt.method || b.Level != tt.level {
			t.Errorf("%s: Level = %+v, want %s level %d", tt.name, b, tt.method, tt.level)
		}
	}
	// A stricter tail probability and lower MinCount.
	b := listening.AlertRule{MinCount: 1, TailProb: 1e-9, PoissonFloor: 0.1}.Level([]int{0, 0})
	if b.Level != 7 { // P(X >= 7 | 0.1) = 1.8e-11, P(X >= 6 | 0.1) = 1.3e-9
		t.Errorf("strict Level = %+v, want 7", b)
	}
}
