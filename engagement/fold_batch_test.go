package engagement

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// genWideHistory draws a history as genHistory does, with some of its
// interactions turned into contacts the business initiated or into one of
// several user-defined kinds.
func genWideHistory(customers, max int) *rapid.Generator[[]Interaction] {
	return rapid.Custom(func(t *rapid.T) []Interaction {
		ins := genHistory(customers, max).Draw(t, "history")
		extra := []Kind{Outreach, OutreachAttempt, "webinar", "event_a", "event_b", "x9"}
		for i := range ins {
			if rapid.IntRange(0, 4).Draw(t, "recast") == 0 {
				ins[i].Kind = rapid.SampledFrom(extra).Draw(t, "extra_kind")
			}
			if rapid.IntRange(0, 9).Draw(t, "near_overflow") == 0 {
				// Exact in 10^-4 units, but two of them overflow an int64.
				ins[i].Amount = decimal.New(922337203685477, 0)
			}
		}
		return ins
	})
}

// genRules draws nil (the defaults) or rules naming some built-in and
// user-defined kinds.
func genRules() *rapid.Generator[*GoodwillRules] {
	return rapid.Custom(func(t *rapid.T) *GoodwillRules {
		if rapid.Bool().Draw(t, "default_rules") {
			return nil
		}
		return &GoodwillRules{
			HalfLife: time.Duration(rapid.Int64Range(1, 400).Draw(t, "half_life_days")) * 24 * time.Hour,
			Effects: map[Kind]float64{"webinar": 3, "event_a": -2.5, Outreach: 7,
				Purchase: rapid.Float64Range(-10, 10).Draw(t, "purchase_effect")},
			Ratings: &RatingEffects{PerSatisfactionPoint: 0.5, Promoter: 2, Passive: 0.25, Detractor: -3},
		}
	})
}

// foldBoth folds ins with Fold and with FoldBatch and fails t if the two
// differ in any profile, the customers they hold or the skipped count.
func foldBoth(t rapid.TB, f Folder, ins []Interaction, asOf time.Time) *Profiles {
	want, err := f.Fold(context.Background(), slices.Values(ins), asOf)
	if err != nil {
		t.Fatalf("Fold: %v", err)
	}
	var b Batch
	for _, in := range ins {
		if err := b.Add(in); err != nil {
			t.Fatalf("Batch.Add(%+v): %v", in, err)
		}
	}
	got, err := f.FoldBatch(context.Background(), &b, asOf)
	if err != nil {
		t.Fatalf("FoldBatch: %v", err)
	}
	profilesEqual(t, want, got)
	return got
}

// profilesEqual fails t unless want and got hold the same customers with
// the same profiles and the same skipped count.
func profilesEqual(t rapid.TB, want, got *Profiles) {
	if want.Len() != got.Len() || want.Skipped() != got.Skipped() {
		t.Fatalf("got %d profiles, %d skipped; want %d, %d", got.Len(), got.Skipped(), want.Len(), want.Skipped())
	}
	for id, w := range want.All() {
		g, ok := got.Get(id)
		if !ok {
			t.Fatalf("no profile of %q", id)
		}
		if d := profileDiff(w, g); d != "" {
			t.Fatalf("profile of %q differs (-want +got):\n%s", id, d)
		}
	}
}

func TestFoldBatchEqualsFold(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ins := genWideHistory(rapid.IntRange(1, 8).Draw(t, "customers"), 80).Draw(t, "history")
		ins = rapid.Permutation(ins).Draw(t, "order")
		f := Folder{Rules: genRules().Draw(t, "rules"), Workers: rapid.IntRange(0, 4).Draw(t, "workers")}
		foldBoth(t, f, ins, genAsOf)
	})
}

// TestFoldBatchManyGroups folds enough customers to fill several groups
// and chunks, the last of them partly.
func TestFoldBatchManyGroups(t *testing.T) {
	ins := benchInteractions(20_000, 3*(1<<groupBits)+517)
	asOf := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC) // some interactions later
	for _, workers := range []int{1, 2, 3} {
		got := foldBoth(t, Folder{Workers: workers}, ins, asOf)
		if got.Skipped() == 0 {
			t.Fatalf("workers=%d: nothing skipped; the test wants interactions after the as-of time", workers)
		}
	}
}

func TestFoldBatchRefusesInvalid(t *testing.T) {
	var b Batch
	bad := Interaction{ID: "1", Customer: "c", Time: genEpoch, Kind: Purchase, Amount: decimal.New(-1, 0)}
	if err := b.Add(bad); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Add(negative amount) = %v, want ErrInvalid", err)
	}
	if b.Len() != 0 || b.Customers() != 0 {
		t.Fatalf("after a refused Add: Len %d, Customers %d; want 0, 0", b.Len(), b.Customers())
	}
}

func TestFoldBatchEmpty(t *testing.T) {
	ps, err := Folder{}.FoldBatch(context.Background(), new(Batch), genAsOf)
	if err != nil {
		t.Fatal(err)
	}
	if ps.Len() != 0 {
		t.Fatalf("Len = %d, want 0", ps.Len())
	}
	if _, ok := ps.Get("c"); ok {
		t.Fatal("Get on empty profiles found a profile")
	}
}

func TestFoldBatchCancelled(t *testing.T) {
	var b Batch
	for _, in := range benchInteractions(100, 10) {
		if err := b.Add(in); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (Folder{}).FoldBatch(ctx, &b, genAsOf); !errors.Is(err, context.Canceled) {
		t.Fatalf("FoldBatch with a cancelled context = %v, want context.Canceled", err)
	}
}
