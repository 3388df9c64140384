package stages_test

import (
	"math"
	"testing"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
	"pgregory.net/rapid"
)

func genCounts(t *rapid.T) stages.Counts {
	var c stages.Counts
	for range rapid.IntRange(0, 60).Draw(t, "moves") {
		from := stages.Stage(rapid.IntRange(1, stages.NumStages).Draw(t, "from"))
		to := stages.Stage(rapid.IntRange(1, stages.NumStages).Draw(t, "to"))
		c.Add(from, to)
	}
	return c
}

func genVector(t *rapid.T) stages.Vector {
	var v stages.Vector
	for s := stages.Prospect; s <= stages.Former; s++ {
		v[s] = float64(rapid.IntRange(0, 1000).Draw(t, "count"))
	}
	return v
}

func TestMatrixRowsSumToOne(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := genCounts(t).Matrix()
		for from, row := range m {
			sum := 0.0
			for _, p := range row {
				if p < 0 {
					t.Fatalf("negative probability in row %d", from)
				}
				sum += p
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Fatalf("row %v sums to %v", stages.Stage(from), sum)
			}
		}
	})
}

func TestProjectionConservesCustomers(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := genCounts(t).Matrix()
		v := genVector(t)
		k := rapid.IntRange(0, 50).Draw(t, "periods")
		for name, got := range map[string]stages.Vector{"project": m.Project(v, k), "long run": m.LongRun(v)} {
			if math.Abs(got.Total()-v.Total()) > 1e-9*max(1, v.Total()) {
				t.Fatalf("%s: total %v, want %v", name, got.Total(), v.Total())
			}
		}
	})
}

// The long run is a fixed point: one more period changes nothing.
func TestLongRunIsStationary(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := genCounts(t).Matrix()
		lr := m.LongRun(genVector(t))
		next := m.Step(lr)
		for s := range lr {
			if math.Abs(next[s]-lr[s]) > 1e-6*max(1, lr.Total()) {
				t.Fatalf("stage %v: %v after a step from the long run %v", stages.Stage(s), next[s], lr[s])
			}
		}
	})
}

func TestTransitionsFromSnapshots(t *testing.T) {
	before := map[engagement.CustomerID]stages.Stage{"a": stages.Transactional, "b": stages.Returning, "c": stages.Advocate}
	after := map[engagement.CustomerID]stages.Stage{"a": stages.Returning, "b": stages.Returning, "d": stages.Transactional}
	c := stages.Transitions(before, after)
	want := map[[2]stages.Stage]int{
		{stages.Transactional, stages.Returning}: 1,
		{stages.Returning, stages.Returning}:     1,
		{stages.Advocate, stages.Former}:         1,
		{stages.Prospect, stages.Transactional}:  1,
	}
	total := 0
	for from := range c {
		for to, n := range c[from] {
			total += n
			if w := want[[2]stages.Stage{stages.Stage(from), stages.Stage(to)}]; n != w {
				t.Errorf("%v -> %v: %d moves, want %d", stages.Stage(from), stages.Stage(to), n, w)
			}
		}
	}
	if total != 4 {
		t.Fatalf("%d moves, want 4", total)
	}
}
