package engagement_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/engagekit/engage/engagement"
	"github.com/google/go-cmp/cmp"
)

func TestFoldReadEqualsFold(t *testing.T) {
	ctx := context.Background()
	var csv bytes.Buffer
	if err := engagement.WriteInteractionsCSV(&csv, slices.Values(history)); err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 2} {
		f := engagement.Folder{Workers: workers}
		got, err := f.FoldRead(ctx, engagement.ReadInteractionsCSV(bytes.NewReader(csv.Bytes())), asOf)
		if err != nil {
			t.Fatalf("workers=%d: FoldRead: %v", workers, err)
		}
		want, err := f.Fold(ctx, slices.Values(history), asOf)
		if err != nil {
			t.Fatal(err)
		}
		if got.Len() != want.Len() {
			t.Fatalf("workers=%d: FoldRead gave %d profiles, Fold %d", workers, got.Len(), want.Len())
		}
		for id, w := range want.All() {
			g, _ := got.Get(id)
			if d := cmp.Diff(w.Snapshot(), g.Snapshot()); d != "" {
				t.Errorf("workers=%d: profile of %s (-want +got):\n%s", workers, id, d)
			}
		}
	}
}

func TestFoldReadStopsAtFirstError(t *testing.T) {
	ctx := context.Background()
	const input = "id,customer,time,kind,amount\n" +
		"1,ana,2024-03-01,purchase,10\n" +
		"2,ana,2024-03-02,purchase,ten\n" + // line 3: a bad amount
		"3,bob,2024-03-03,purchase,5\n"
	for _, workers := range []int{1, 2} {
		_, err := engagement.Folder{Workers: workers}.FoldRead(ctx, engagement.ReadInteractionsCSV(strings.NewReader(input)), asOf)
		var fe *engagement.FoldError
		if !errors.As(err, &fe) || fe.Index != 1 {
			t.Fatalf("workers=%d: FoldRead = %v; want a *FoldError at index 1", workers, err)
		}
		var field *engagement.FieldError
		if !errors.As(err, &field) || field.Line != 3 || field.Field != "amount" {
			t.Fatalf("workers=%d: FoldRead = %v; want the reader's error at line 3, field amount", workers, err)
		}
		if !errors.Is(err, engagement.ErrInvalid) {
			t.Errorf("workers=%d: FoldRead = %v; want it to match ErrInvalid", workers, err)
		}
	}
}

func TestFoldReadReportsEarlierInvalidInteraction(t *testing.T) {
	ctx := context.Background()
	bad := history[0]
	bad.Customer = "" // invalid, before the read error
	boom := errors.New("disk on fire")
	seq := func(yield func(engagement.Interaction, error) bool) {
		_ = yield(history[1], nil) && yield(bad, nil) && yield(engagement.Interaction{}, boom)
	}
	for _, workers := range []int{1, 2} {
		_, err := engagement.Folder{Workers: workers}.FoldRead(ctx, seq, asOf)
		var fe *engagement.FoldError
		if !errors.As(err, &fe) || fe.Index != 1 || errors.Is(err, boom) {
			t.Fatalf("workers=%d: FoldRead = %v; want the invalid interaction at index 1", workers, err)
		}
	}
}
