package engagement

import (
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// memoryAddOrder agrees with the naive way: append, then sort.
func TestMemoryAddOrderMatchesSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ids := rapid.SliceOfDistinct(rapid.StringMatching(`[a-e]{1,3}`), rapid.ID[string]).Draw(t, "ids")
		split := rapid.IntRange(0, len(ids)).Draw(t, "split")
		order := make([]CustomerID, split)
		for i, id := range ids[:split] {
			order[i] = CustomerID(id)
		}
		slices.Sort(order)
		fresh := make([]CustomerID, 0, len(ids)-split)
		for _, id := range ids[split:] {
			fresh = append(fresh, CustomerID(id))
		}
		want := slices.Sorted(slices.Values(slices.Concat(order, fresh)))
		if got := memoryAddOrder(order, fresh); !slices.Equal(got, want) {
			t.Fatalf("memoryAddOrder(%q, %q) = %q, want %q", order, fresh, got, want)
		}
	})
}

// memoryMergeSorted agrees with appending and sorting stably.
func TestMemoryMergeSortedMatchesSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.SliceOf(rapid.IntRange(0, 20)).Draw(t, "a")
		b := rapid.SliceOf(rapid.IntRange(0, 20)).Draw(t, "b")
		slices.Sort(a)
		slices.Sort(b)
		want := slices.Sorted(slices.Values(slices.Concat(a, b)))
		extra := rapid.IntRange(0, 3).Draw(t, "spare_capacity")
		got := memoryMergeSorted(slices.Grow(slices.Clone(a), extra), b, func(x, y int) int { return x - y })
		if !slices.Equal(got, want) {
			t.Fatalf("memoryMergeSorted(%v, %v) = %v, want %v", a, b, got, want)
		}
	})
}
