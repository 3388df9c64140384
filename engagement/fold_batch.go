package engagement

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/shopspring/decimal"
)

// Batch holds interactions in the compact form [Folder.FoldBatch] folds
// fastest: each customer ID and kind is kept once and the events refer to
// them by number, amounts are kept as exact integers where they fit, and
// the events are grouped by ranges of customers as they are added, so that
// a fold works on one cache-sized group of profiles at a time. A Batch
// keeps what a [Profile] needs of each interaction: not its ID,
// touchpoint or properties.
//
// The zero Batch is empty and ready to use. A Batch is not safe for
// concurrent use; a fold only reads it, so several folds may read one
// Batch at once.
type Batch struct {
	idBytes []byte            // the customer IDs with their numbers, in order of first appearance (see customer)
	idOff   []uint64          // where each customer's entry starts in idBytes
	hashes  []uint64          // each ID's hash with seed
	slots   []uint64          // open addressing: top bits of the hash above the entry's offset plus one; 0 is empty
	seed    maphash.Seed      // set with the first customer
	kinds   []Kind            // by kind number: the built-in kinds first
	kindNo  map[Kind]uint16   // kind number of a user-defined kind
	groups  []eventBlocks     // events by customer group (customer number >> groupBits)
	slow    []decimal.Decimal // amounts that are not exact int64 10^-4 units
	slab    []event           // room for new blocks (see block)
	blocks  int               // blocks taken
	n       int               // events held
}

// event is one interaction in a Batch: 24 bytes.
type event struct {
	at    int64  // Unix nanoseconds
	units int64  // the amount in 10^-4 units, or its index in Batch.slow when scale has slowAmount set
	cust  uint32 // customer number
	kind  uint16 // kind number
	scale Scale  // the rating's scale, with slowAmount set when the amount is in Batch.slow
	value int8   // the rating's value
}

// eventBlocks holds the events of one group in blocks of blockSize, so
// that growing never copies an event.
type eventBlocks struct {
	blocks [][]event
	n      int // events held
}

// blockSize is the number of events in a block: 24 KiB.
const blockSize = 1024

// add appends e, taking a new block from b when the last is full.
func (g *eventBlocks) add(e event, b *Batch) {
	if g.n%blockSize == 0 {
		g.blocks = append(g.blocks, b.block())
	}
	last := &g.blocks[len(g.blocks)-1]
	*last = append(*last, e)
	g.n++
}

// block returns an empty block of events, cut from the batch's slab. A
// new slab has room for a quarter as many blocks as the batch has taken,
// from one to maxSlabBlocks, so that at most a fifth of the room is
// unused, and a large batch takes its memory in few large arrays whose
// huge pages can be advised (see adviseHuge).
func (b *Batch) block() []event {
	if len(b.slab) < blockSize {
		n := min(max(b.blocks/4, 1), maxSlabBlocks)
		b.slab = makeHuge[event](n * blockSize)
	}
	blk := b.slab[:0:blockSize]
	b.slab = b.slab[blockSize:]
	b.blocks++
	return blk
}

// maxSlabBlocks is the most blocks in one slab: 24 MiB.
const maxSlabBlocks = 1024

// slowAmount marks an event whose amount is in Batch.slow.
const slowAmount Scale = 0x80

// groupBits sets the customers of one group: 2,048 profiles, about 360 KiB,
// which fit one core's L2 cache with room for the events streaming past.
const groupBits = 11

// Limits of a Batch, from the widths of an event's fields.
const (
	maxBatchCustomers = math.MaxUint32 - 1
	maxBatchKinds     = math.MaxUint16
)

// ErrBatchFull is returned by [Batch.Add] when a batch would hold more
// distinct customers or kinds than it can number (about 4 billion and
// 65,535).
var ErrBatchFull = errors.New("engagement: batch full")

// Add appends one interaction. It fails on an invalid interaction (an
// error matching [ErrInvalid]), changing nothing, or on a full batch
// ([ErrBatchFull]), adding no event.
func (b *Batch) Add(in Interaction) error {
	if err := in.Validate(); err != nil {
		return err
	}
	return b.add(&in)
}

// add appends in, which is valid.
func (b *Batch) add(in *Interaction) error {
	e, err := b.event(in)
	if err != nil {
		return err
	}
	b.place(e)
	return nil
}

// event returns in, which is valid, as an event, numbering its kind and
// customer if they are new.
func (b *Batch) event(in *Interaction) (event, error) {
	if b.kinds == nil {
		b.kinds = BuiltinKinds() // numbered as builtinIndex numbers them
	}
	kind := builtinIndex(in.Kind)
	if kind < 0 {
		k, ok := b.kindNo[in.Kind]
		if !ok {
			if len(b.kinds) >= maxBatchKinds {
				return event{}, fmt.Errorf("engagement: batch has %d kinds, kind %q is one too many: %w", len(b.kinds), in.Kind, ErrBatchFull)
			}
			if b.kindNo == nil {
				b.kindNo = make(map[Kind]uint16)
			}
			k = uint16(len(b.kinds))
			b.kindNo[in.Kind] = k
			b.kinds = append(b.kinds, in.Kind)
		}
		kind = int(k)
	}
	cust, err := b.customer(string(in.Customer))
	if err != nil {
		return event{}, err
	}
	e := event{at: in.Time.UnixNano(), cust: cust, kind: uint16(kind),
		scale: in.Rating.Scale, value: in.Rating.Value}
	if u, ok := scaled(in.Amount); ok {
		e.units = u
	} else {
		e.units = int64(len(b.slow))
		e.scale |= slowAmount
		b.slow = append(b.slow, in.Amount)
	}
	return e, nil
}

// place appends e to its customer's group. Events are placed in the order
// their customers were numbered in, so a customer's first event comes
// when the customer's number is the next one.
func (b *Batch) place(e event) {
	if g := int(e.cust >> groupBits); g == len(b.groups) {
		b.groups = append(b.groups, eventBlocks{})
	}
	b.groups[e.cust>>groupBits].add(e, b)
	b.n++
}

// customer returns the number of id, numbering it if it is new. The IDs
// live in one pointer-free array, which the garbage collector need not
// scan, and id is copied in, so it may be a view of a buffer. Each entry
// of the array is the customer's number and the ID's length (four bytes
// each, little-endian) followed by the ID, and a table slot holds the top
// bits of the ID's hash and the entry's offset: a lookup reads the slot
// and then one entry, two cache misses at most for a short ID.
func (b *Batch) customer(id string) (uint32, error) {
	if b.slots == nil {
		b.initCustomers()
	}
	return b.customerHashed(id, maphash.String(b.seed, id))
}

// initCustomers makes the empty table of customers and its hash seed.
func (b *Batch) initCustomers() {
	b.seed = maphash.MakeSeed()
	b.slots = make([]uint64, 1024)
}

// customerHashed is customer for an ID whose hash with the batch's seed
// is h.
func (b *Batch) customerHashed(id string, h uint64) (uint32, error) {
	mask := uint64(len(b.slots) - 1)
	tag := h >> slotOffBits
	pos := h & mask
	for ; ; pos = (pos + 1) & mask {
		slot := b.slots[pos]
		if slot == 0 {
			break
		}
		if slot>>slotOffBits == tag {
			e := b.idBytes[slot&slotOffMask-1:]
			if n := binary.LittleEndian.Uint32(e[4:8]); int(n) == len(id) && view(e[8:8+n]) == id {
				return binary.LittleEndian.Uint32(e[:4]), nil
			}
		}
	}
	n := len(b.idOff)
	off := uint64(len(b.idBytes))
	if n >= maxBatchCustomers || len(id) > math.MaxUint32 || off+8+uint64(len(id)) >= slotOffMask {
		return 0, fmt.Errorf("engagement: batch has %d customers, customer %q is one too many: %w", n, id, ErrBatchFull)
	}
	if len(b.idOff) == cap(b.idOff) {
		b.growCustomers(len(id))
	}
	b.idBytes = binary.LittleEndian.AppendUint32(b.idBytes, uint32(n))
	b.idBytes = binary.LittleEndian.AppendUint32(b.idBytes, uint32(len(id)))
	b.idBytes = append(b.idBytes, id...)
	b.idOff = append(b.idOff, off)
	b.hashes = append(b.hashes, h)
	b.slots[pos] = tag<<slotOffBits | (off + 1)
	if 2*(n+1) > len(b.slots) {
		b.growSlots()
	}
	return uint32(n), nil
}

// growCustomers makes room for four times as many customers as the batch
// holds, at least 1,024, in one step rather than two doublings: the
// arrays of a million customers are copied and faulted in half as often.
// idLen is the length of the ID about to be added, by which the ID bytes
// are sized.
func (b *Batch) growCustomers(idLen int) {
	n := max(4*len(b.idOff), 1024)
	b.idOff = growHuge(b.idOff, n-len(b.idOff))
	b.hashes = growHuge(b.hashes, n-len(b.hashes))
	per := 8 + idLen
	if len(b.idOff) > 0 {
		per = max(per, len(b.idBytes)/len(b.idOff)+1)
	}
	if need := n * per; need > cap(b.idBytes) {
		b.idBytes = growHuge(b.idBytes, need-len(b.idBytes))
	}
}

// A slot of the customer table holds the top 24 bits of a hash above the
// offset of an ID's entry plus one; zero is an empty slot.
const (
	slotOffBits = 40
	slotOffMask = 1<<slotOffBits - 1
)

// id returns the ID of customer c as a view of idBytes, valid until the
// next customer is added.
func (b *Batch) id(c uint32) string {
	e := b.idBytes[b.idOff[c]:]
	return view(e[8 : 8+binary.LittleEndian.Uint32(e[4:8])])
}

// growSlots doubles the table of customers.
func (b *Batch) growSlots() {
	slots := makeHuge[uint64](2 * len(b.slots))
	mask := uint64(len(slots) - 1)
	for c, h := range b.hashes {
		pos := h & mask
		for slots[pos] != 0 {
			pos = (pos + 1) & mask
		}
		slots[pos] = h>>slotOffBits<<slotOffBits | (b.idOff[c] + 1)
	}
	b.slots = slots
}

// ids returns every customer's ID, sharing one copy of their bytes.
func (b *Batch) ids() []CustomerID {
	size := len(b.idBytes) - 8*len(b.idOff)
	buf := makeHuge[byte](size)[:0]
	for c := range b.idOff {
		buf = append(buf, b.id(uint32(c))...)
	}
	all := unsafe.String(unsafe.SliceData(buf), len(buf)) // buf is not written again
	out := makeHuge[CustomerID](len(b.idOff))
	start := 0
	for c := range b.idOff {
		end := start + len(b.id(uint32(c)))
		out[c] = CustomerID(all[start:end])
		start = end
	}
	return out
}

// Len returns the number of interactions added.
func (b *Batch) Len() int { return b.n }

// Customers returns the number of distinct customers among them.
func (b *Batch) Customers() int { return len(b.idOff) }

// amount returns the amount of e.
func (b *Batch) amount(e *event) decimal.Decimal {
	if e.scale&slowAmount != 0 {
		return b.slow[e.units]
	}
	return decimal.New(e.units, moneyExp)
}

// kindRule is what one kind of a batch does in a fold.
type kindRule struct {
	role      int8    // builtinIndex of the kind; -1 for a user-defined one
	initiated bool    // a contact the business initiated, which profiles leave out
	effect    float64 // the kind's goodwill effect, before any rating's
}

// FoldBatch folds the interactions of b into profiles as of asOf, as
// [Folder.Fold] would fold them in any order, but faster: each worker
// folds whole groups of customers, whose profiles stay in its cache, and
// nothing is hashed or allocated per interaction. b is only read; the
// profiles hold a copy of its customer IDs, so b may change or go after.
// It fails only on an invalid as-of time or rules, or when ctx is done.
func (f Folder) FoldBatch(ctx context.Context, b *Batch, asOf time.Time) (*Profiles, error) {
	bs, err := newBasis(asOf, f.Rules)
	if err != nil {
		return nil, err
	}
	workers := f.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(min(workers, len(b.groups)), 1)
	rules := make([]kindRule, len(b.kinds))
	for i, k := range b.kinds {
		rules[i] = kindRule{role: int8(builtinIndex(k)), initiated: k.Initiated(),
			effect: bs.goodwill.effect(&Interaction{Kind: k})}
	}
	// The profiles take the batch's seed, so its hashes index them.
	ps := &Profiles{basis: bs, seed: b.seed, shards: make([]shard, 1)}
	if b.slots == nil {
		ps.seed = maphash.MakeSeed()
	}
	ids := b.ids()
	sh := &ps.shards[0]
	sh.basis, sh.seed = bs, ps.seed
	sh.n = len(ids)
	sh.chunks = make([][]Profile, (sh.n+1<<chunkBits-1)>>chunkBits)
	seen := make([]bool, sh.n)
	prog := newProgress(f.Progress, f.ProgressEvery)

	var next atomic.Int64
	skipped := make([]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var gd groupDays
			for {
				run := int(next.Add(1) - 1)
				lo := run * slabGroups
				if lo >= len(b.groups) || ctx.Err() != nil {
					return
				}
				hi := min(lo+slabGroups, len(b.groups))
				sh.makeChunks(lo<<groupBits, min(hi<<groupBits, sh.n))
				for g := lo; g < hi; g++ {
					skipped[w] += b.foldGroup(sh, g, ids, rules, seen, &gd)
					prog.add(b.groups[g].n)
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, n := range skipped {
		ps.skipped += n
	}
	hashes := b.hashes
	if ps.skipped > 0 {
		hashes = sh.compact(seen, slices.Clone(hashes))
	}
	sh.index(hashes)
	prog.done()
	return ps, nil
}

// slabGroups is how many groups a worker of FoldBatch folds at once, in
// profiles it allocates together: 32,768 profiles, about 7 MiB, large
// enough for huge pages (see adviseHuge) and zeroed by the worker.
const slabGroups = 16

// makeChunks gives the customers lo to hi of sh, whose chunks start at lo
// and are not made yet, one array of profiles cut into chunks.
func (sh *shard) makeChunks(lo, hi int) {
	first, last := lo>>chunkBits, (hi+1<<chunkBits-1)>>chunkBits
	all := makeHuge[Profile]((last - first) << chunkBits)
	for c := first; c < last; c++ {
		i := (c - first) << chunkBits
		sh.chunks[c] = all[i : i+1<<chunkBits : i+1<<chunkBits]
	}
}

// foldGroup fills the profiles of group g in sh, whose chunks are made,
// and folds the group's events into them, with gd gathering the purchase
// days, marking the customers with an interaction not after the as-of
// time seen. It returns how many events were after the as-of time.
func (b *Batch) foldGroup(sh *shard, g int, ids []CustomerID, rules []kindRule, seen []bool, gd *groupDays) (skipped int) {
	lo := g << groupBits
	hi := min(lo+1<<groupBits, len(ids))
	for i := lo; i < hi; i++ {
		*sh.at(i) = newProfile(ids[i], sh.basis)
	}
	asOf := sh.basis.at
	for _, block := range b.groups[g].blocks {
		for i := range block {
			e := &block[i]
			if e.at > asOf {
				skipped++
				continue
			}
			seen[e.cust] = true
			if k := &rules[e.kind]; !k.initiated {
				sh.at(int(e.cust)).addEvent(e, k, b)
				if k.role == 0 { // Purchase
					gd.add(int(e.cust)-lo, e.at)
				}
			}
		}
	}
	// The profiles keep their days, so each group's go in a new array.
	gd.give(hi-lo, nil, func(i int, s daySet) { sh.at(lo + i).days = s })
	return skipped
}

// compact drops the profiles of customers not seen, whose interactions
// were all after the as-of time, as a fold never makes them, moving the
// others down in order with their hashes.
func (sh *shard) compact(seen []bool, hashes []uint64) []uint64 {
	n := 0
	for i, ok := range seen {
		if ok {
			if n != i {
				*sh.at(n) = *sh.at(i)
				hashes[n] = hashes[i]
			}
			n++
		}
	}
	sh.n = n
	chunks := (n + 1<<chunkBits - 1) >> chunkBits
	clear(sh.chunks[chunks:])
	sh.chunks = sh.chunks[:chunks]
	if n&(1<<chunkBits-1) != 0 {
		clear(sh.chunks[chunks-1][n&(1<<chunkBits-1):]) // drop the moved profiles' references
	}
	return hashes[:n]
}

// index fills the table of sh, whose profiles are in place, from the
// customers' hashes.
func (sh *shard) index(hashes []uint64) {
	size := 1024
	for size < 2*(sh.n+1) {
		size *= 2
	}
	sh.slots = makeHuge[uint64](size)
	mask := uint64(size - 1)
	for i, h := range hashes {
		pos := h & mask
		for sh.slots[pos] != 0 {
			pos = (pos + 1) & mask
		}
		sh.slots[pos] = h>>32<<32 | uint64(i+1)
	}
}

// addEvent folds e, not after the as-of time and of a kind the customer
// initiated, as add folds the interaction it came from, all but the day
// of a purchase, which the caller adds to the day set (see groupDays).
func (p *Profile) addEvent(e *event, k *kindRule, b *Batch) {
	t := e.at
	scale := e.scale &^ slowAmount
	p.events++
	p.lastSeen = max(p.lastSeen, t)
	switch k.role {
	case 0: // Purchase
		p.buys++
		if p.firstBuy == noTime || t < p.firstBuy {
			p.firstBuy = t
		}
		p.lastBuy = max(p.lastBuy, t)
		p.addAmount(e, b, false)
	case 1: // Return
		p.addAmount(e, b, true)
	case 3: // Complaint
		p.compl++
	case 4: // ComplaintResolved
		p.resolved++
	case 6: // Referral
		p.refs++
	}
	g := p.basis.goodwill
	eff := k.effect
	advocacy := k.role == 6 || k.role == 8 // Referral, CommunityPost
	switch scale {
	case Satisfaction:
		p.sat.add(int64(dayOf(t)), int64(e.value))
		eff += g.ratings.PerSatisfactionPoint * float64(int(e.value)-3)
		advocacy = advocacy || k.role == 7 && e.value >= 4
	case Recommend:
		if t > p.recAt || t == p.recAt && e.value > p.rec {
			p.recAt, p.rec = t, e.value
		}
		switch ClassifyNPS(int(e.value)) {
		case Promoter:
			eff += g.ratings.Promoter
		case Passive:
			eff += g.ratings.Passive
		case Detractor:
			eff += g.ratings.Detractor
		}
		advocacy = advocacy || e.value >= 9
	default:
		advocacy = advocacy || k.role == 7 // Review
	}
	if advocacy {
		p.lastAdv = max(p.lastAdv, t)
	}
	if eff != 0 {
		p.goodwill += micro(eff, g.remaining(p.basis.at-t))
	}
}

// addAmount adds the amount of e to the money total, or subtracts it.
func (p *Profile) addAmount(e *event, b *Batch, neg bool) {
	if e.scale&slowAmount != 0 {
		d := b.slow[e.units]
		if neg {
			d = d.Neg()
		}
		p.money.addSlow(d)
		return
	}
	u := e.units
	if neg {
		u = -u
	}
	if s, ok := addInt64(p.money.units, u); ok {
		p.money.units = s
		return
	}
	p.money.addSlow(decimal.New(u, moneyExp))
}
