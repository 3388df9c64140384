package engagement

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// aggregateSnapshot is what an Aggregate gives, as a Snapshot, for
// comparing with a profile's.
func aggregateSnapshot(x Aggregate, asOf time.Time) Snapshot {
	s := Snapshot{Customer: x.Customer(), AsOf: asOf, Interactions: x.Interactions(),
		Purchases: x.Purchases(), PurchaseDays: x.PurchaseDays(), Monetary: x.Monetary(),
		Referrals: x.Referrals(), NPSClass: x.NPSClass(), Goodwill: x.Goodwill()}
	s.FirstPurchase, _ = x.FirstPurchase()
	s.LastPurchase, _ = x.LastPurchase()
	if r, ok := x.Recency(); ok {
		s.RecencyDays = r.Hours() / 24
	}
	s.Satisfaction, s.SatisfactionAnswers = x.Satisfaction()
	s.SatisfactionTrend, _ = x.SatisfactionTrend()
	s.Recommend, _, _ = x.Recommend()
	s.ComplaintsOpen, s.ComplaintsResolved = x.Complaints()
	s.LastAdvocacy, _ = x.LastAdvocacy()
	return s
}

// aggregatesEqual fails t unless got holds the customers of want, each
// with the aggregates, the times and the materialised profile of want's.
func aggregatesEqual(t rapid.TB, want *Profiles, got *Aggregates) {
	if want.Len() != got.Len() || want.Skipped() != got.Skipped() {
		t.Fatalf("got %d aggregates, %d skipped; want %d, %d", got.Len(), got.Skipped(), want.Len(), want.Skipped())
	}
	n := 0
	for x := range got.All() {
		n++
		w, ok := want.Get(x.Customer())
		if !ok {
			t.Fatalf("aggregates of %q, who has no profile", x.Customer())
		}
		if d := cmp.Diff(w.Snapshot(), aggregateSnapshot(x, got.AsOf())); d != "" {
			t.Fatalf("aggregates of %q differ (-want +got):\n%s", x.Customer(), d)
		}
		type times struct{ Seen, Rec time.Time }
		var wt, gt times
		wt.Seen, _ = w.LastSeen()
		gt.Seen, _ = x.LastSeen()
		_, wt.Rec, _ = w.Recommend()
		_, gt.Rec, _ = x.Recommend()
		if d := cmp.Diff(wt, gt); d != "" {
			t.Fatalf("times of %q differ (-want +got):\n%s", x.Customer(), d)
		}
		if d := profileDiff(w, x.Profile()); d != "" {
			t.Fatalf("profile of %q differs (-want +got):\n%s", x.Customer(), d)
		}
		if y, ok := got.Get(x.Customer()); !ok || y != x {
			t.Fatalf("Get(%q) = %v, %t; want %v", x.Customer(), y, ok, x)
		}
	}
	if n != want.Len() {
		t.Fatalf("All yielded %d aggregates, want %d", n, want.Len())
	}
}

func TestFoldAggregatesEqualsFold(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ins := genWideHistory(rapid.IntRange(1, 8).Draw(t, "customers"), 80).Draw(t, "history")
		ins = rapid.Permutation(ins).Draw(t, "order")
		f := Folder{Rules: genRules().Draw(t, "rules"), Workers: rapid.IntRange(0, 4).Draw(t, "workers")}
		want, err := f.Fold(context.Background(), slices.Values(ins), genAsOf)
		if err != nil {
			t.Fatalf("Fold: %v", err)
		}
		var b Batch
		for _, in := range ins {
			if err := b.Add(in); err != nil {
				t.Fatalf("Batch.Add(%+v): %v", in, err)
			}
		}
		got, err := f.FoldAggregates(context.Background(), &b, genAsOf)
		if err != nil {
			t.Fatalf("FoldAggregates: %v", err)
		}
		// Adding to the batch afterwards leaves the aggregates as they were.
		more := genWideHistory(rapid.IntRange(1, 12).Draw(t, "more_customers"), 20).Draw(t, "more")
		for _, in := range more {
			in.Customer += "-later"
			if err := b.Add(in); err != nil {
				t.Fatalf("Batch.Add(%+v): %v", in, err)
			}
		}
		aggregatesEqual(t, want, got)
		if _, ok := got.Get("nobody"); ok {
			t.Fatal(`Get("nobody") found aggregates`)
		}
	})
}

// TestFoldAggregatesManyGroups folds enough customers to fill several
// groups, the last of them partly, with interactions after the as-of time.
func TestFoldAggregatesManyGroups(t *testing.T) {
	ins := benchInteractions(20_000, 3*(1<<groupBits)+517)
	asOf := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	want, err := Fold(context.Background(), slices.Values(ins), asOf)
	if err != nil {
		t.Fatal(err)
	}
	var b Batch
	for _, in := range ins {
		if err := b.Add(in); err != nil {
			t.Fatal(err)
		}
	}
	for _, workers := range []int{1, 2, 3} {
		got, err := Folder{Workers: workers}.FoldAggregates(context.Background(), &b, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if got.Skipped() == 0 {
			t.Fatalf("workers=%d: nothing skipped; the test wants interactions after the as-of time", workers)
		}
		aggregatesEqual(t, want, got)
	}
}

func TestFoldAggregatesEmptyAndCancelled(t *testing.T) {
	a, err := Folder{}.FoldAggregates(context.Background(), new(Batch), genAsOf)
	if err != nil {
		t.Fatal(err)
	}
	if a.Len() != 0 {
		t.Fatalf("Len = %d, want 0", a.Len())
	}
	if _, ok := a.Get("c"); ok {
		t.Fatal("Get on empty aggregates found some")
	}
	var b Batch
	for _, in := range benchInteractions(100, 10) {
		if err := b.Add(in); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (Folder{}).FoldAggregates(ctx, &b, genAsOf); !errors.Is(err, context.Canceled) {
		t.Fatalf("FoldAggregates with a cancelled context = %v, want context.Canceled", err)
	}
	if _, err := (Folder{}).FoldAggregates(context.Background(), &b, time.Time{}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("FoldAggregates at the zero time = %v, want ErrInvalid", err)
	}
}
