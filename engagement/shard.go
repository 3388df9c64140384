package engagement

import (
	"hash/maphash"
	"unsafe"
)

// shard holds the profiles of the customers one fold worker owns. Customers
// are keyed densely: an open-addressing table of slots maps a customer's
// hash to the profile's number, and the profiles sit in fixed-size chunks,
// so growing never copies a profile and never leaves half a slice unused.
//
// Each slot holds the top 32 bits of the customer's hash and the profile's
// number plus one; zero is an empty slot. The hash is computed once per
// interaction by the reader and handed to the worker with it.
type shard struct {
	basis   *basis
	seed    maphash.Seed // the seed the hashes come from
	slots   []uint64
	chunks  [][]Profile
	n       int // profiles held
	skipped int // interactions after the as-of time
	sink    uintptr
}

// chunkBits sets the chunk size: 1,024 profiles, about 180 KiB.
const chunkBits = 10

func (sh *shard) at(i int) *Profile {
	return &sh.chunks[i>>chunkBits][i&(1<<chunkBits-1)]
}

// find returns the profile of id, whose hash is h, or nil.
func (sh *shard) find(id CustomerID, h uint64) *Profile {
	if len(sh.slots) == 0 {
		return nil
	}
	mask := uint64(len(sh.slots) - 1)
	tag := h >> 32
	for pos := h & mask; ; pos = (pos + 1) & mask {
		slot := sh.slots[pos]
		if slot == 0 {
			return nil
		}
		if slot>>32 == tag {
			if p := sh.at(int(uint32(slot)) - 1); sameID(p.customer, id) {
				return p
			}
		}
	}
}

// sameID compares two IDs, without reading their bytes when they share
// them, as IDs handed around one program mostly do.
func sameID(a, b CustomerID) bool {
	return len(a) == len(b) && (unsafe.StringData(string(a)) == unsafe.StringData(string(b)) || a == b)
}

// profile returns the profile of id, whose hash is h, making it if need be.
func (sh *shard) profile(id CustomerID, h uint64) *Profile {
	if 2*(sh.n+1) > len(sh.slots) {
		sh.grow()
	}
	mask := uint64(len(sh.slots) - 1)
	tag := h >> 32
	pos := h & mask
	for ; ; pos = (pos + 1) & mask {
		slot := sh.slots[pos]
		if slot == 0 {
			break
		}
		if slot>>32 == tag {
			if p := sh.at(int(uint32(slot)) - 1); sameID(p.customer, id) {
				return p
			}
		}
	}
	i := sh.n
	if i>>chunkBits == len(sh.chunks) {
		sh.chunks = append(sh.chunks, make([]Profile, 1<<chunkBits))
	}
	sh.n++
	sh.slots[pos] = tag<<32 | uint64(i+1)
	p := sh.at(i)
	*p = newProfile(id, sh.basis)
	return p
}

// grow doubles the table, rehashing every customer with the seed the
// hashes came from.
func (sh *shard) grow() {
	size := max(2*len(sh.slots), 1024)
	slots := make([]uint64, size)
	mask := uint64(size - 1)
	for _, slot := range sh.slots {
		if slot == 0 {
			continue
		}
		h := maphash.String(sh.seed, string(sh.at(int(uint32(slot))-1).customer))
		pos := h & mask
		for slots[pos] != 0 {
			pos = (pos + 1) & mask
		}
		slots[pos] = slot
	}
	sh.slots = slots
}

// add folds one interaction whose customer hashes to h; seq is its position
// in the input, for errors.
func (sh *shard) add(in *Interaction, h uint64, seq int64) error {
	if err := in.Validate(); err != nil {
		return &FoldError{Index: seq, ID: in.ID, Err: err}
	}
	if in.Time.After(sh.basis.asOf) {
		sh.skipped++
		return nil
	}
	sh.profile(in.Customer, h).add(in)
	return nil
}

// warm touches the table slots and profiles a batch will use before the
// batch is folded. Looking up one customer at a time waits on two cache
// misses in a row (the slot, then the profile); issuing all the batch's
// independent loads first lets the processor overlap them, so the fold
// that follows finds them in cache.
func (sh *shard) warm(hashes []uint64) {
	if len(sh.slots) == 0 {
		return
	}
	mask := uint64(len(sh.slots) - 1)
	var found [batchSize]uint32
	n := 0
	for _, h := range hashes {
		slot := sh.slots[h&mask]
		if slot != 0 && slot>>32 == h>>32 && n < len(found) {
			found[n] = uint32(slot)
			n++
		}
	}
	var sink uintptr
	for _, i := range found[:n] {
		sink += uintptr(len(sh.at(int(i) - 1).customer))
	}
	sh.sink = sink // keeps the loads from being optimised away
}
