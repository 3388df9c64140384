package engagement

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

func TestProfilesMergeEqualsWholeFold(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ins := genWideHistory(rapid.IntRange(1, 8).Draw(t, "customers"), 80).Draw(t, "history")
		cut := rapid.IntRange(0, len(ins)).Draw(t, "cut")
		f := Folder{Rules: genRules().Draw(t, "rules"), Workers: rapid.IntRange(1, 3).Draw(t, "workers")}
		g := Folder{Rules: f.Rules, Workers: rapid.IntRange(1, 3).Draw(t, "other_workers")}
		ctx := context.Background()
		whole, err := f.Fold(ctx, slices.Values(ins), genAsOf)
		if err != nil {
			t.Fatal(err)
		}
		a, err := f.Fold(ctx, slices.Values(ins[:cut]), genAsOf)
		if err != nil {
			t.Fatal(err)
		}
		var bt Batch // the second part folded the fast way
		for _, in := range ins[cut:] {
			if err := bt.Add(in); err != nil {
				t.Fatal(err)
			}
		}
		b, err := g.FoldBatch(ctx, &bt, genAsOf)
		if err != nil {
			t.Fatal(err)
		}
		before := snapshots(b)
		if err := a.Merge(b); err != nil {
			t.Fatalf("Merge: %v", err)
		}
		profilesEqual(t, whole, a)
		if d := cmp.Diff(before, snapshots(b)); d != "" {
			t.Fatalf("Merge changed its argument (-before +after):\n%s", d)
		}
	})
}

func TestProfilesMergeRefusesOtherAsOf(t *testing.T) {
	ctx := context.Background()
	ins := benchInteractions(100, 10)
	a, err := Fold(ctx, slices.Values(ins), genAsOf)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Fold(ctx, slices.Values(ins), genAsOf.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Folder{Rules: &GoodwillRules{Effects: map[Kind]float64{Visit: 9}}}.Fold(ctx, slices.Values(ins), genAsOf)
	if err != nil {
		t.Fatal(err)
	}
	want := snapshots(a)
	for name, other := range map[string]*Profiles{"as of another day": b, "other rules": c} {
		if err := a.Merge(other); !errors.Is(err, ErrMismatch) {
			t.Errorf("Merge of profiles %s = %v, want ErrMismatch", name, err)
		}
	}
	if d := cmp.Diff(want, snapshots(a)); d != "" {
		t.Errorf("a refused Merge changed the profiles (-want +got):\n%s", d)
	}
}

// snapshots returns every profile's snapshot with its purchase days, by
// customer.
func snapshots(ps *Profiles) map[CustomerID]any {
	out := make(map[CustomerID]any)
	for id, p := range ps.All() {
		out[id] = []any{p.Snapshot(), []int32(p.days)}
	}
	out["(skipped)"] = ps.Skipped()
	return out
}
