package stages_test

import (
	"context"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
	"pgregory.net/rapid"
)

func TestStageOfReadsRecord(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genStage().Draw(t, "stage")
		rec := stages.Result{Stage: s}.Record("c", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		got, err := stages.StageOf(rec)
		if err != nil || got != s {
			t.Fatalf("StageOf(%+v) = %v, %v; want %v", rec, got, err, s)
		}
	})
	if _, err := stages.StageOf(engagement.StateRecord{Customer: "c", Stage: "champion"}); err == nil {
		t.Error("StageOf of an unknown stage succeeded")
	}
}

// PreviousStages gives, for each customer, the stage of the latest record
// strictly before the as-of time.
func TestPreviousStagesIsLatestBefore(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		store := engagement.NewMemoryStore()
		type rec struct {
			at    int
			stage stages.Stage
		}
		recorded := map[engagement.CustomerID]map[int]stages.Stage{}
		for i := range rapid.IntRange(0, 30).Draw(t, "records") {
			id := engagement.CustomerID(rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "customer"))
			r := rec{rapid.IntRange(0, 9).Draw(t, "day"), genStage().Filter(func(s stages.Stage) bool { return s != stages.Unclassified }).Draw(t, "stage")}
			if err := store.RecordStates(ctx, stages.Result{Stage: r.stage}.Record(id, day.AddDate(0, 0, r.at))); err != nil {
				t.Fatalf("record %d: %v", i, err)
			}
			if recorded[id] == nil {
				recorded[id] = map[int]stages.Stage{}
			}
			recorded[id][r.at] = r.stage // a record at the same time replaces
		}
		asOf := rapid.IntRange(0, 10).Draw(t, "as_of")
		got, err := stages.PreviousStages(ctx, store, day.AddDate(0, 0, asOf))
		if err != nil {
			t.Fatal(err)
		}
		want := map[engagement.CustomerID]stages.Stage{}
		for id, byDay := range recorded {
			latest := -1
			for d := range byDay {
				if d < asOf && d > latest {
					latest = d
				}
			}
			if latest >= 0 {
				want[id] = byDay[latest]
			}
		}
		if len(got) != len(want) {
			t.Fatalf("PreviousStages = %v; want %v", got, want)
		}
		for id, s := range want {
			if got[id] != s {
				t.Fatalf("PreviousStages[%q] = %v; want %v (all: %v)", id, got[id], s, got)
			}
		}
	})
}
