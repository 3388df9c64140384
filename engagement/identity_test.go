package engagement

import (
	"context"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// After a merge, folding the store gives the merged customer the profile
// of the union of both histories, and the other customers' profiles do
// not change.
func TestFoldAfterMergeEqualsFoldOfUnion(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		ins := genHistory(4, 60).Draw(t, "history")
		from := CustomerID(rapid.SampledFrom([]string{"c0", "c1", "c2", "c3"}).Draw(t, "from"))
		into := CustomerID(rapid.SampledFrom([]string{"c0", "c1", "c2", "c3"}).Filter(func(s string) bool { return CustomerID(s) != from }).Draw(t, "into"))
		before := rapid.IntRange(0, len(ins)).Draw(t, "appended_before_merge")

		s := NewMemoryStore()
		if err := s.Append(ctx, ins[:before]...); err != nil {
			t.Fatalf("Append: %v", err)
		}
		if err := s.Merge(ctx, Merge{From: from, Into: into, Time: genEpoch, Reason: "login"}); err != nil {
			t.Fatalf("Merge: %v", err)
		}
		// What arrives after the merge under the alias lands on into too.
		if err := s.Append(ctx, ins[before:]...); err != nil {
			t.Fatalf("Append after merge: %v", err)
		}
		got, err := Folder{}.FoldStore(ctx, s, Query{}, genAsOf)
		if err != nil {
			t.Fatalf("FoldStore: %v", err)
		}
		if _, ok := got.Get(from); ok {
			t.Fatalf("the alias %q still has a profile of its own", from)
		}
		union := relabel(ins, map[CustomerID]bool{from: true, into: true}, into)
		want := foldOne(t, into, genAsOf, union)
		if p, ok := got.Get(into); ok != (want.Interactions() > 0 || slices.ContainsFunc(union, func(in Interaction) bool { return !in.Time.After(genAsOf) })) {
			t.Fatalf("Get(%q) ok = %v", into, ok)
		} else if ok {
			if d := profileDiff(want, p); d != "" {
				t.Fatalf("merged profile (-fold of the union +fold of the store):\n%s", d)
			}
		}
		for id, p := range got.All() {
			if id == into {
				continue
			}
			if d := profileDiff(foldOne(t, id, genAsOf, ins), p); d != "" {
				t.Fatalf("profile of %q, not merged, changed (-want +got):\n%s", id, d)
			}
		}
		var merges []Merge
		for m, err := range s.Merges(ctx, from) {
			if err != nil {
				t.Fatalf("Merges: %v", err)
			}
			merges = append(merges, m)
		}
		if len(merges) != 1 || merges[0].From != from || merges[0].Into != into {
			t.Fatalf("Merges(%q) = %v; want the one merge", from, merges)
		}
	})
}
