package engagement

import (
	"cmp"
	"context"
	"fmt"
	"hash/maphash"
	"iter"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Folder folds the interactions of many customers into their profiles, on
// all cores. The zero Folder is ready to use: default goodwill rules and one
// worker per CPU.
type Folder struct {
	// Rules reckon goodwill; nil means the defaults.
	Rules *GoodwillRules
	// Workers is how many goroutines fold; zero means runtime.GOMAXPROCS(0).
	Workers int
	// Progress, when not nil, is called with the number of interactions
	// read so far, after about every ProgressEvery of them (a fold counts
	// in runs of up to a few thousand), and once at the end of a fold that
	// succeeds. Calls never overlap, may come from any goroutine, and
	// should return quickly.
	Progress func(n int)
	// ProgressEvery is the interval between Progress calls; zero or less
	// means [DefaultProgressEvery].
	ProgressEvery int
}

// Fold folds interactions into profiles as of asOf with a zero [Folder]:
// default rules, all cores.
func Fold(ctx context.Context, interactions iter.Seq[Interaction], asOf time.Time) (*Profiles, error) {
	return Folder{}.Fold(ctx, interactions, asOf)
}

// FoldStore folds the interactions of s that q selects, as Fold does. An
// error reading the store stops the fold and is returned. It holds only
// the profiles; when the selected interactions fit in memory, adding them
// to a [Batch] and folding it with [Folder.FoldBatch] (or
// [Folder.FoldAggregates], for half the memory a customer) is many times
// faster at a million customers, at the cost of holding the batch.
func (f Folder) FoldStore(ctx context.Context, s Store, q Query, asOf time.Time) (*Profiles, error) {
	var readErr error
	// Fold ranges over the sequence in the calling goroutine, so readErr
	// needs no lock.
	read := s.Interactions
	if m, ok := s.(*MemoryStore); ok {
		read = m.sharedInteractions // the fold changes no Properties
	}
	seq := func(yield func(Interaction) bool) {
		for in, err := range read(ctx, q) {
			if err != nil {
				readErr = err
				return
			}
			if !yield(in) {
				return
			}
		}
	}
	ps, err := f.Fold(ctx, seq, asOf)
	if readErr != nil {
		return nil, readErr
	}
	return ps, err
}

// batchSize is how many interactions travel to a worker at once: enough to
// make the hand-over cheap, few enough to keep every worker busy.
const batchSize = 1024

// Fold reads interactions once and returns every customer's profile as of
// asOf. It streams: it holds the profiles, not the interactions. To fold
// data that fits in memory several times faster, add it to a [Batch] and
// use [Folder.FoldBatch], or [Folder.FoldAggregates] for compact results. Interactions after asOf are skipped and counted
// ([Profiles.Skipped]). Fold does not remove duplicate IDs; read from a
// [Store] for that.
//
// The first invalid interaction in the sequence stops the fold with its
// error (matching ErrInvalid), naming its position in the sequence and its
// ID; so does ctx being done, with ctx's error. The result does not depend
// on the number of workers or on the order of the interactions.
func (f Folder) Fold(ctx context.Context, interactions iter.Seq[Interaction], asOf time.Time) (*Profiles, error) {
	b, err := newBasis(asOf, f.Rules)
	if err != nil {
		return nil, err
	}
	workers := f.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ps := &Profiles{basis: b, seed: maphash.MakeSeed(), shards: make([]shard, workers)}
	for i := range ps.shards {
		ps.shards[i].basis, ps.shards[i].seed = b, ps.seed
	}
	prog := newProgress(f.Progress, f.ProgressEvery)
	if workers == 1 {
		err = ps.foldSerial(ctx, interactions, prog)
	} else {
		err = ps.foldParallel(ctx, interactions, prog)
	}
	if err != nil {
		return nil, err
	}
	prog.done()
	return ps, nil
}

// foldSerial folds in the calling goroutine: the one-worker case.
func (ps *Profiles) foldSerial(ctx context.Context, interactions iter.Seq[Interaction], prog *progress) error {
	sh := &ps.shards[0]
	var seq int64
	for in := range interactions {
		if seq%batchSize == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			prog.add(int(min(seq, batchSize)))
		}
		if err := sh.add(&in, maphash.String(ps.seed, string(in.Customer)), seq); err != nil {
			return err
		}
		seq++
	}
	ps.skipped = sh.skipped
	if err := ctx.Err(); err != nil {
		return err
	}
	prog.add(int(seq - (seq-1)/batchSize*batchSize))
	return nil
}

// batch is a run of interactions bound for one worker, with their
// customers' hashes and their positions in the input.
type batch struct {
	ins    []Interaction
	hashes []uint64
	seqs   []int64
}

// foldParallel reads the sequence in the calling goroutine and hands each
// interaction to the worker that owns its customer's shard, so no two
// workers ever touch one profile.
func (ps *Profiles) foldParallel(ctx context.Context, interactions iter.Seq[Interaction], prog *progress) error {
	n := len(ps.shards)
	queues := make([]chan *batch, n)
	free := make(chan *batch, 4*n)
	errs := make([]error, n)
	var failed atomic.Bool
	var wg sync.WaitGroup
	for w := range n {
		queues[w] = make(chan *batch, 4)
		wg.Add(1)
		go func() {
			defer wg.Done()
			sh := &ps.shards[w]
			for bt := range queues[w] {
				if errs[w] == nil {
					sh.warm(bt.hashes)
					for i := range bt.ins {
						if err := sh.add(&bt.ins[i], bt.hashes[i], bt.seqs[i]); err != nil {
							errs[w] = err
							failed.Store(true)
							break
						}
					}
				}
				clear(bt.ins) // let the collector have what they point to
				bt.ins, bt.hashes, bt.seqs = bt.ins[:0], bt.hashes[:0], bt.seqs[:0]
				select {
				case free <- bt:
				default:
				}
			}
		}()
	}
	newBatch := func() *batch {
		select {
		case bt := <-free:
			return bt
		default:
			return &batch{ins: make([]Interaction, 0, batchSize),
				hashes: make([]uint64, 0, batchSize), seqs: make([]int64, 0, batchSize)}
		}
	}
	pending := make([]*batch, n)
	for i := range pending {
		pending[i] = newBatch()
	}
	var seq int64
	var ctxErr error
	for in := range interactions {
		if seq%batchSize == 0 {
			if ctxErr = ctx.Err(); ctxErr != nil || failed.Load() {
				break
			}
			prog.add(int(min(seq, batchSize)))
		}
		h := maphash.String(ps.seed, string(in.Customer))
		w := shardOf(h, n)
		bt := pending[w]
		bt.ins = append(bt.ins, in)
		bt.hashes = append(bt.hashes, h)
		bt.seqs = append(bt.seqs, seq)
		seq++
		if len(bt.ins) == batchSize {
			queues[w] <- bt
			pending[w] = newBatch()
		}
	}
	for w, bt := range pending {
		if len(bt.ins) > 0 {
			queues[w] <- bt
		}
		close(queues[w])
	}
	wg.Wait()
	if ctxErr != nil {
		return ctxErr
	}
	// Each worker stops at its first bad interaction; the earliest of those
	// is the first bad one in the input, whatever the interleaving.
	var first *FoldError
	for w, err := range errs {
		if fe, ok := err.(*FoldError); ok && (first == nil || fe.Index < first.Index) {
			first = fe
		}
		ps.skipped += ps.shards[w].skipped
	}
	if first != nil {
		return first
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	prog.add(int(seq - (seq-1)/batchSize*batchSize))
	return nil
}

// FoldError reports the interaction that stopped a fold. It unwraps to the
// interaction's validation error, so errors.Is(err, ErrInvalid) holds.
type FoldError struct {
	Index int64  // the interaction's 0-based position in the input
	ID    string // the interaction's ID
	Err   error  // why it was refused
}

func (e *FoldError) Error() string {
	return fmt.Sprintf("engagement: fold: interaction %d (id %q): %v", e.Index, e.ID, e.Err)
}

// Unwrap returns the reason.
func (e *FoldError) Unwrap() error { return e.Err }

// shardOf picks the shard of a customer hash: from its top bits, which the
// shard's table does not use for its slots.
func shardOf(h uint64, shards int) int {
	return int((h >> 32) * uint64(shards) >> 32)
}

// Profiles are the profiles of many customers as of one time, as [Fold]
// returns them. The profiles belong to Profiles: adding to one changes it
// here too. Profiles is safe for concurrent reads.
type Profiles struct {
	basis   *basis
	seed    maphash.Seed
	shards  []shard
	skipped int
}

// AsOf returns the time the profiles describe.
func (ps *Profiles) AsOf() time.Time { return ps.basis.asOf }

// Len returns the number of customers.
func (ps *Profiles) Len() int {
	n := 0
	for i := range ps.shards {
		n += ps.shards[i].n
	}
	return n
}

// Skipped returns how many interactions were later than the as-of time and
// so left out.
func (ps *Profiles) Skipped() int { return ps.skipped }

// Get returns the profile of a customer, or false when the customer had no
// interactions.
func (ps *Profiles) Get(id CustomerID) (*Profile, bool) {
	h := maphash.String(ps.seed, string(id))
	p := ps.shards[shardOf(h, len(ps.shards))].find(id, h)
	return p, p != nil
}

// Unordered yields every profile in the order they are stored, which is
// no particular order but the fastest to walk: use it when the order does
// not matter, such as to classify or count every profile. It allocates
// nothing.
func (ps *Profiles) Unordered() iter.Seq[*Profile] {
	return func(yield func(*Profile) bool) {
		for s := range ps.shards {
			sh := &ps.shards[s]
			for i := range sh.n {
				if !yield(sh.at(i)) {
					return
				}
			}
		}
	}
}

// Part yields part i of n of the profiles, in stored order: the parts for
// i = 0 to n-1 hold every profile once between them and differ in size by
// at most one, so n goroutines can each walk one. It panics if n < 1 or i
// is outside 0 to n-1, which is a programming error.
func (ps *Profiles) Part(i, n int) iter.Seq[*Profile] {
	if n < 1 || i < 0 || i >= n {
		panic("engagement: Profiles.Part: part " + strconv.Itoa(i) + " of " + strconv.Itoa(n))
	}
	total := ps.Len()
	lo, hi := i*total/n, (i+1)*total/n
	return func(yield func(*Profile) bool) {
		base := 0
		for s := range ps.shards {
			sh := &ps.shards[s]
			for j := max(lo-base, 0); j < min(hi-base, sh.n); j++ {
				if !yield(sh.at(j)) {
					return
				}
			}
			base += sh.n
		}
	}
}

// All yields every profile in ascending order of customer ID.
func (ps *Profiles) All() iter.Seq2[CustomerID, *Profile] {
	return func(yield func(CustomerID, *Profile) bool) {
		all := make([]*Profile, 0, ps.Len())
		for s := range ps.shards {
			sh := &ps.shards[s]
			for i := range sh.n {
				all = append(all, sh.at(i))
			}
		}
		slices.SortFunc(all, func(a, b *Profile) int { return cmp.Compare(a.customer, b.customer) })
		for _, p := range all {
			if !yield(p.customer, p) {
				return
			}
		}
	}
}
