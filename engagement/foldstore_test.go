package engagement_test

import (
	"context"
	"errors"
	"iter"
	"slices"
	"testing"

	"github.com/engagekit/engage/engagement"
	"github.com/google/go-cmp/cmp"
)

// failingStore yields its interactions, then an error.
type failingStore struct {
	engagement.Store
	err error
}

func (s failingStore) Interactions(ctx context.Context, q engagement.Query) iter.Seq2[engagement.Interaction, error] {
	return func(yield func(engagement.Interaction, error) bool) {
		for in, err := range s.Store.Interactions(ctx, q) {
			if !yield(in, err) {
				return
			}
		}
		yield(engagement.Interaction{}, s.err)
	}
}

func TestFoldStore(t *testing.T) {
	ctx := context.Background()
	store := engagement.NewMemoryStore()
	if err := store.Append(ctx, history...); err != nil {
		t.Fatal(err)
	}
	fromStore, err := engagement.Folder{}.FoldStore(ctx, store, engagement.Query{Customer: "ana"}, asOf)
	if err != nil {
		t.Fatalf("FoldStore: %v", err)
	}
	direct, err := engagement.Fold(ctx, slices.Values(history[:5]), asOf)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := fromStore.Get("ana")
	want, _ := direct.Get("ana")
	if fromStore.Len() != 1 {
		t.Errorf("FoldStore of one customer's query gave %d profiles", fromStore.Len())
	}
	if d := cmp.Diff(want.Snapshot(), got.Snapshot()); d != "" {
		t.Errorf("FoldStore of ana (-want +got):\n%s", d)
	}

	boom := errors.New("disk on fire")
	for _, workers := range []int{1, 2} {
		_, err := engagement.Folder{Workers: workers}.FoldStore(ctx, failingStore{store, boom}, engagement.Query{}, asOf)
		if !errors.Is(err, boom) {
			t.Errorf("workers=%d: FoldStore over a failing store = %v; want its error", workers, err)
		}
	}
}
