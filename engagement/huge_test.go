package engagement

import (
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// TestGrowHugeKeepsElements checks that growHuge gives room for the
// elements asked for and keeps the ones held, on arrays small and large
// (those past two huge pages are advised), and that advising a slice
// that starts and ends off a page changes none of its elements.
func TestGrowHugeKeepsElements(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.SampledFrom([]int{0, 1, 100, 1 << 20}).Draw(t, "len")
		s := make([]uint64, n)
		for i := range s {
			s[i] = uint64(i)*2654435761 + 1
		}
		want := slices.Clone(s)
		more := rapid.SampledFrom([]int{0, 1, 1000, 3 << 20}).Draw(t, "more")
		got := growHuge(s, more)
		if cap(got)-len(got) < more {
			t.Fatalf("growHuge(len %d, %d): room for %d", n, more, cap(got)-len(got))
		}
		if !slices.Equal(got, want) {
			t.Fatalf("growHuge(len %d, %d) changed the elements", n, more)
		}
		cut := rapid.IntRange(0, len(got)).Draw(t, "cut")
		adviseHuge(got[cut:])
		if !slices.Equal(got, want) {
			t.Fatalf("adviseHuge(s[%d:]) changed the elements", cut)
		}
		z := makeHuge[event](rapid.SampledFrom([]int{0, 7, 1 << 20}).Draw(t, "make"))
		for i := range z {
			if z[i] != (event{}) {
				t.Fatalf("makeHuge: element %d is %+v, want zero", i, z[i])
			}
		}
	})
}

// TestBatchBlocksFromSlabs checks that the blocks cut from a batch's slabs
// never share room: every group's events stay its own however the groups
// interleave, across many slabs.
func TestBatchBlocksFromSlabs(t *testing.T) {
	var b Batch
	const groups, per = 3, 5 * blockSize
	for i := range groups * per {
		b.place(event{cust: uint32(i%groups) << groupBits, at: int64(i)})
	}
	if b.blocks < 2*groups {
		t.Fatalf("%d blocks taken, want at least %d", b.blocks, 2*groups)
	}
	for g := range groups {
		n := 0
		for _, blk := range b.groups[g].blocks {
			if cap(blk) != blockSize {
				t.Fatalf("group %d: a block has room for %d events, want %d", g, cap(blk), blockSize)
			}
			for _, e := range blk {
				if int(e.cust>>groupBits) != g || int(e.at)%groups != g || int(e.at) != n*groups+g {
					t.Fatalf("group %d: event %d is %+v, the wrong group's or out of order", g, n, e)
				}
				n++
			}
		}
		if n != per {
			t.Fatalf("group %d holds %d events, want %d", g, n, per)
		}
	}
}
