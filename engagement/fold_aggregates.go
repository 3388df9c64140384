package engagement

import (
	"context"
	"encoding/binary"
	"hash/maphash"
	"iter"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"
)

// Aggregates are the core aggregates of every customer of a [Batch] as of
// one time, as [Folder.FoldAggregates] returns them, in under 90 bytes a
// customer: half of a [Profile]. They leave out the set of purchase days
// (its size is kept) and the sums behind the satisfaction trend;
// [Aggregate.Profile] recomputes the whole profile of one customer from
// the batch when asked.
//
// Aggregates keep a view of the batch they were folded from (its events
// and IDs), so the batch's memory stays in use while they do. Interactions
// added to the batch later are not part of them; adding must not happen
// while the aggregates are being read. Aggregates are safe for concurrent
// reads.
type Aggregates struct {
	basis   *basis
	src     Batch // a view of the batch as folded
	rules   []kindRule
	aggs    []aggregate                // by customer number
	rec     []int8                     // the latest likelihood-to-recommend answer, by customer number
	seen    []uint64                   // a bit per customer number: set when the customer has an aggregate
	money   map[uint32]decimal.Decimal // totals that are not an int64 of 10^-4 units
	satSum  map[uint32]int64           // satisfaction sums that outgrow a uint32
	n       int
	skipped int
	mu      sync.Mutex // guards money and satSum while folding
}

// aggregate is one customer's core aggregates: 88 bytes.
type aggregate struct {
	units    int64 // what the customer spent in 10^-4 units, unless in Aggregates.money
	goodwill int64 // in millionths of a point
	firstBuy int64 // Unix nanoseconds, or noTime
	lastBuy  int64
	lastSeen int64
	lastAdv  int64
	recAt    int64
	events   uint32
	buys     uint32
	days     uint32 // distinct UTC days with a purchase
	refs     uint32
	compl    uint32
	resolved uint32
	satN     uint32
	satSum   uint32 // unless in Aggregates.satSum
}

// FoldAggregates folds b as of asOf into compact [Aggregates], as
// [Folder.FoldBatch] folds it into profiles and at about its speed, for
// when a million customers' full profiles would not fit or are not all
// needed. It fails only on an invalid as-of time or rules, or when ctx is
// done.
func (f Folder) FoldAggregates(ctx context.Context, b *Batch, asOf time.Time) (*Aggregates, error) {
	bs, err := newBasis(asOf, f.Rules)
	if err != nil {
		return nil, err
	}
	n := len(b.idOff)
	a := &Aggregates{basis: bs, src: b.view(), aggs: makeHuge[aggregate](n), rec: make([]int8, n),
		seen: make([]uint64, (n+63)/64)}
	a.rules = make([]kindRule, len(b.kinds))
	for i, k := range b.kinds {
		a.rules[i] = kindRule{role: int8(builtinIndex(k)), initiated: k.Initiated(),
			effect: bs.goodwill.effect(&Interaction{Kind: k})}
	}
	workers := f.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	groups := a.src.groups
	workers = max(min(workers, len(groups)), 1)
	prog := newProgress(f.Progress, f.ProgressEvery)
	var next atomic.Int64
	skipped := make([]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			scratch := make([]Profile, 1<<groupBits)
			var gd groupDays
			var days []int32
			for {
				g := int(next.Add(1) - 1)
				if g >= len(groups) || ctx.Err() != nil {
					return
				}
				var s int
				s, days = a.foldGroup(g, scratch, &gd, days)
				skipped[w] += s
				prog.add(groups[g].n)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, s := range skipped {
		a.skipped += s
	}
	for _, w := range a.seen {
		a.n += bits.OnesCount64(w)
	}
	prog.done()
	return a, nil
}

// view returns a copy of b that reads what b holds now and is not changed
// by later additions to b.
func (b *Batch) view() Batch {
	v := Batch{idBytes: b.idBytes, idOff: b.idOff, slots: b.slots, seed: b.seed,
		kinds: slices.Clip(b.kinds), slow: slices.Clip(b.slow), n: b.n}
	v.groups = slices.Clone(b.groups)
	for i := range v.groups {
		v.groups[i].blocks = slices.Clip(v.groups[i].blocks)
	}
	return v
}

// foldGroup folds the customers of group g in scratch, with day room in
// days (grown as need be and returned), and keeps their aggregates. It
// returns how many events were after the as-of time.
func (a *Aggregates) foldGroup(g int, scratch []Profile, gd *groupDays, days []int32) (int, []int32) {
	lo := g << groupBits
	hi := min(lo+1<<groupBits, len(a.aggs))
	ps := scratch[:hi-lo]
	for i := range ps {
		ps[i] = newProfile("", a.basis)
	}
	b := &a.src
	asOf := a.basis.at
	skipped := 0
	for _, block := range b.groups[g].blocks {
		for i := range block {
			e := &block[i]
			if e.at > asOf {
				skipped++
				continue
			}
			a.seen[e.cust>>6] |= 1 << (e.cust & 63)
			if k := &a.rules[e.kind]; !k.initiated {
				ps[int(e.cust)-lo].addEvent(e, k, b)
				if k.role == 0 { // Purchase
					gd.add(int(e.cust)-lo, e.at)
				}
			}
		}
	}
	days = gd.give(len(ps), days, func(i int, s daySet) { ps[i].days = s })
	for i := range ps {
		a.keep(uint32(lo+i), &ps[i])
		ps[i].days = nil
	}
	return skipped, days
}

// keep stores the aggregates of profile p as those of customer c.
func (a *Aggregates) keep(c uint32, p *Profile) {
	x := &a.aggs[c]
	*x = aggregate{units: p.money.units, goodwill: p.goodwill, firstBuy: p.firstBuy, lastBuy: p.lastBuy,
		lastSeen: p.lastSeen, lastAdv: p.lastAdv, recAt: p.recAt, events: p.events, buys: p.buys,
		days: uint32(len(p.days)), refs: p.refs, compl: p.compl, resolved: p.resolved,
		satN: uint32(p.sat.n), satSum: uint32(p.sat.sy)}
	a.rec[c] = p.rec
	if p.money.slow == nil && p.sat.sy <= math.MaxUint32 {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if p.money.slow != nil {
		if a.money == nil {
			a.money = make(map[uint32]decimal.Decimal)
		}
		a.money[c] = p.money.total()
	}
	if p.sat.sy > math.MaxUint32 {
		if a.satSum == nil {
			a.satSum = make(map[uint32]int64)
		}
		a.satSum[c] = p.sat.sy
	}
}

// lookup returns the number of the customer with the given ID, or false.
func (b *Batch) lookup(id string) (uint32, bool) {
	if b.slots == nil {
		return 0, false
	}
	h := maphash.String(b.seed, id)
	mask := uint64(len(b.slots) - 1)
	tag := h >> slotOffBits
	for pos := h & mask; ; pos = (pos + 1) & mask {
		slot := b.slots[pos]
		if slot == 0 {
			return 0, false
		}
		// A slot may name a customer added to the batch after the view
		// was taken, whose entry lies past the view's IDs.
		if off := slot&slotOffMask - 1; slot>>slotOffBits == tag && off+8 <= uint64(len(b.idBytes)) {
			e := b.idBytes[off:]
			if n := binary.LittleEndian.Uint32(e[4:8]); int(n) == len(id) && 8+uint64(n) <= uint64(len(e)) && view(e[8:8+n]) == id {
				c := binary.LittleEndian.Uint32(e[:4])
				return c, int(c) < len(b.idOff)
			}
		}
	}
}

// AsOf returns the time the aggregates describe.
func (a *Aggregates) AsOf() time.Time { return a.basis.asOf }

// Len returns the number of customers.
func (a *Aggregates) Len() int { return a.n }

// Skipped returns how many interactions were later than the as-of time and
// so left out.
func (a *Aggregates) Skipped() int { return a.skipped }

// has reports whether customer c has aggregates.
func (a *Aggregates) has(c uint32) bool { return a.seen[c>>6]&(1<<(c&63)) != 0 }

// Get returns the aggregates of a customer, or false when the customer had
// no interactions by the as-of time.
func (a *Aggregates) Get(id CustomerID) (Aggregate, bool) {
	c, ok := a.src.lookup(string(id))
	if !ok || !a.has(c) {
		return Aggregate{}, false
	}
	return Aggregate{a: a, c: c}, true
}

// All yields the aggregates of every customer, in the order the customers
// first appear in the batch. It allocates nothing.
func (a *Aggregates) All() iter.Seq[Aggregate] {
	return func(yield func(Aggregate) bool) {
		for c := range a.aggs {
			if a.has(uint32(c)) && !yield(Aggregate{a: a, c: uint32(c)}) {
				return
			}
		}
	}
}

// Aggregate is one customer's core aggregates in [Aggregates]. Its methods
// give what the [Profile] methods of the same names give. The zero
// Aggregate is not valid.
type Aggregate struct {
	a *Aggregates
	c uint32
}

func (x Aggregate) agg() *aggregate { return &x.a.aggs[x.c] }

// Customer returns whose aggregates these are.
func (x Aggregate) Customer() CustomerID { return CustomerID(x.a.src.id(x.c)) }

// Interactions returns how many interactions were folded in, not counting
// contacts the business initiated.
func (x Aggregate) Interactions() int { return int(x.agg().events) }

// Purchases returns the number of purchases.
func (x Aggregate) Purchases() int { return int(x.agg().buys) }

// PurchaseDays returns the number of distinct UTC days with a purchase.
func (x Aggregate) PurchaseDays() int { return int(x.agg().days) }

// FirstPurchase returns the time of the first purchase, in UTC, and false
// when there is none.
func (x Aggregate) FirstPurchase() (time.Time, bool) { return unixTime(x.agg().firstBuy) }

// LastPurchase returns the time of the latest purchase, in UTC, and false
// when there is none.
func (x Aggregate) LastPurchase() (time.Time, bool) { return unixTime(x.agg().lastBuy) }

// Recency returns how long before the as-of time the latest purchase was,
// and false when there is none.
func (x Aggregate) Recency() (time.Duration, bool) { return x.since(x.agg().lastBuy) }

// LastSeen returns the time of the latest interaction of any kind, in UTC,
// and false when there is none.
func (x Aggregate) LastSeen() (time.Time, bool) { return unixTime(x.agg().lastSeen) }

// SinceSeen returns how long before the as-of time the latest interaction
// was, and false when there is none.
func (x Aggregate) SinceSeen() (time.Duration, bool) { return x.since(x.agg().lastSeen) }

func (x Aggregate) since(nanos int64) (time.Duration, bool) {
	if nanos == noTime {
		return 0, false
	}
	return time.Duration(x.a.basis.at - nanos), true
}

// Monetary returns what the customer spent, exactly: the amounts of
// purchases less the amounts of returns.
func (x Aggregate) Monetary() decimal.Decimal {
	if d, ok := x.a.money[x.c]; ok {
		return d
	}
	return decimal.New(x.agg().units, moneyExp)
}

// Satisfaction returns the mean satisfaction answer (1 to 5) and how many
// answers it is the mean of; the mean is 0 when there are none.
func (x Aggregate) Satisfaction() (mean float64, answers int) {
	s := x.agg()
	if s.satN == 0 {
		return 0, 0
	}
	sum, ok := x.a.satSum[x.c]
	if !ok {
		sum = int64(s.satSum)
	}
	return float64(sum) / float64(s.satN), int(s.satN)
}

// Recommend returns the latest likelihood-to-recommend answer (0 to 10),
// when it was given, and false when there is none.
func (x Aggregate) Recommend() (answer int, at time.Time, ok bool) {
	t, ok := unixTime(x.agg().recAt)
	if !ok {
		return 0, time.Time{}, false
	}
	return int(x.a.rec[x.c]), t, true
}

// NPSClass returns the Net Promoter class of the latest
// likelihood-to-recommend answer, or NoNPSClass.
func (x Aggregate) NPSClass() NPSClass {
	if x.agg().recAt == noTime {
		return NoNPSClass
	}
	return ClassifyNPS(int(x.a.rec[x.c]))
}

// LastAdvocacy returns the time of the latest sign of advocacy, and false
// when there is none.
func (x Aggregate) LastAdvocacy() (time.Time, bool) { return unixTime(x.agg().lastAdv) }

// Referrals returns the number of referrals.
func (x Aggregate) Referrals() int { return int(x.agg().refs) }

// Complaints returns the complaints still open and those resolved.
func (x Aggregate) Complaints() (open, resolved int) {
	s := x.agg()
	return max(int(s.compl)-int(s.resolved), 0), int(s.resolved)
}

// Goodwill returns the goodwill balance as of the as-of time, in points.
func (x Aggregate) Goodwill() float64 { return float64(x.agg().goodwill) / 1e6 }

// Profile returns the customer's whole [Profile], the purchase days and
// satisfaction trend included, folded again from the batch: it reads the
// events of the customer's group (about 2,048 customers), so call it for
// the few customers that need it, not for all.
func (x Aggregate) Profile() *Profile {
	b := &x.a.src
	p := newProfile(CustomerID(strings.Clone(b.id(x.c))), x.a.basis)
	asOf := x.a.basis.at
	for _, block := range b.groups[x.c>>groupBits].blocks {
		for i := range block {
			e := &block[i]
			if e.cust != x.c || e.at > asOf {
				continue
			}
			if k := &x.a.rules[e.kind]; !k.initiated {
				p.addEvent(e, k, b)
				if k.role == 0 { // Purchase
					p.days.add(dayOf(e.at))
				}
			}
		}
	}
	return &p
}

// SatisfactionTrend returns what [Profile.SatisfactionTrend] returns, from
// the customer's profile folded again (see [Aggregate.Profile]).
func (x Aggregate) SatisfactionTrend() (perMonth float64, ok bool) {
	if x.agg().satN < 2 {
		return 0, false
	}
	return x.Profile().SatisfactionTrend()
}
