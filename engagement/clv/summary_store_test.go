package clv_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/clv"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

var storeDay0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// storeInteractions draws interactions of a few customers over three
// months, purchases and others, at any time of day.
func storeInteractions(t *rapid.T) []engagement.Interaction {
	kinds := []engagement.Kind{engagement.Purchase, engagement.Purchase, engagement.Return, engagement.Visit}
	n := rapid.IntRange(0, 80).Draw(t, "n")
	ins := make([]engagement.Interaction, n)
	for i := range ins {
		ins[i] = engagement.Interaction{
			ID:       fmt.Sprintf("i%03d", i),
			Customer: engagement.CustomerID(rapid.SampledFrom([]string{"a", "b", "c", "d", "e"}).Draw(t, "customer")),
			Time: storeDay0.AddDate(0, 0, rapid.IntRange(0, 90).Draw(t, "day")).
				Add(time.Duration(rapid.Int64Range(0, int64(24*time.Hour)-1).Draw(t, "time of day"))),
			Kind: rapid.SampledFrom(kinds).Draw(t, "kind"),
			Amount: decimal.New(rapid.Int64Range(0, 1_000_000).Draw(t, "coefficient"),
				int32(rapid.IntRange(-4, 0).Draw(t, "exponent"))),
		}
	}
	return ins
}

// TestSummarizeStoreEqualsInteractions checks that summarising a store
// gives what summarising the same interactions does.
func TestSummarizeStoreEqualsInteractions(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ins := storeInteractions(t)
		store := engagement.NewMemoryStore()
		if err := store.Append(context.Background(), ins...); err != nil {
			t.Fatal(err)
		}
		calEnd := storeDay0.AddDate(0, 0, rapid.IntRange(0, 90).Draw(t, "calibration end day")).
			Add(time.Duration(rapid.IntRange(0, 23).Draw(t, "hour")) * time.Hour)
		opts := clv.SummaryOptions{Unit: rapid.SampledFrom([]time.Duration{0, 24 * time.Hour}).Draw(t, "unit")}
		if rapid.Bool().Draw(t, "holdout") {
			opts.HoldoutEnd = calEnd.AddDate(0, 0, rapid.IntRange(0, 40).Draw(t, "holdout days"))
		}
		want, err1 := clv.SummarizeInteractions(ins, calEnd, opts)
		got, err2 := clv.SummarizeStore(context.Background(), store, calEnd, opts)
		if err := errors.Join(err1, err2); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("(-SummarizeInteractions +SummarizeStore):\n%s", diff)
		}
	})
}

// failingStore yields an error after the first interaction.
type failingStore struct {
	engagement.Store
	err error
}

func (s failingStore) Interactions(ctx context.Context, q engagement.Query) iter.Seq2[engagement.Interaction, error] {
	return func(yield func(engagement.Interaction, error) bool) {
		for in, err := range s.Store.Interactions(ctx, q) {
			if !yield(in, err) || err != nil {
				return
			}
			yield(engagement.Interaction{}, s.err)
			return
		}
	}
}

func TestSummarizeStoreErrors(t *testing.T) {
	ctx := context.Background()
	store := engagement.NewMemoryStore()
	err := store.Append(ctx,
		engagement.Interaction{ID: "1", Customer: "a", Time: storeDay0, Kind: engagement.Purchase, Amount: decimal.New(5, 0)},
		engagement.Interaction{ID: "2", Customer: "b", Time: storeDay0, Kind: engagement.Purchase, Amount: decimal.New(7, 0)},
	)
	if err != nil {
		t.Fatal(err)
	}
	broken := errors.New("connection lost")
	if _, err := clv.SummarizeStore(ctx, failingStore{store, broken}, storeDay0, clv.SummaryOptions{}); !errors.Is(err, broken) {
		t.Errorf("failing store: %v, want an error wrapping %v", err, broken)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := clv.SummarizeStore(done, store, storeDay0, clv.SummaryOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
	// Calibration ends far outside the times an interaction may carry.
	for _, end := range []time.Time{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)} {
		var ins []engagement.Interaction
		for in, err := range store.Interactions(ctx, engagement.Query{}) {
			if err != nil {
				t.Fatal(err)
			}
			ins = append(ins, in)
		}
		want, err1 := clv.SummarizeInteractions(ins, end, clv.SummaryOptions{})
		got, err2 := clv.SummarizeStore(ctx, store, end, clv.SummaryOptions{})
		if err := errors.Join(err1, err2); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("calibration end %v (-want +got):\n%s", end, diff)
		}
	}
}
