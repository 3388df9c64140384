package segment

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
)

// Evaluator evaluates segments over the customers of a [engagement.Store]:
// it folds their interactions into profiles, classifies each into a stage,
// and reads consent records and interactions only when the segment needs
// them. The zero Evaluator folds with default goodwill rules on every core
// and classifies with [stages.DefaultRules].
type Evaluator struct {
	// Folder folds the store's interactions into profiles.
	Folder engagement.Folder
	// Rules classify profiles into stages; nil means
	// [stages.DefaultRules]. Customers are classified without an earlier
	// stage (Unclassified), so they must meet the thresholds for moving
	// up.
	Rules *stages.Rules
}

// Selection is the customers of a base that a segment matches.
type Selection struct {
	// IDs are the matching customers, in ascending order of ID.
	IDs []engagement.CustomerID
	// Customers is how many customers were tested: every stored customer
	// and every customer with interactions up to the as-of time.
	Customers int
}

// Select returns the customers of s that seg matches as of asOf, with a
// zero [Evaluator].
func Select(ctx context.Context, s engagement.Store, seg *Segment, asOf time.Time) (Selection, error) {
	return Evaluator{}.Select(ctx, s, seg, asOf)
}

func (ev Evaluator) rules() *stages.Rules {
	if ev.Rules != nil {
		return ev.Rules
	}
	r := stages.DefaultRules()
	return &r
}

// to is the Query bound that takes interactions up to asOf, inclusive.
func to(asOf time.Time) time.Time { return asOf.Add(time.Nanosecond) }

// from is the Query bound from which seg reads events.
func from(seg *Segment, asOf time.Time) time.Time {
	if w, ok := seg.Window(); ok {
		return asOf.Add(-w)
	}
	return time.Time{}
}

// Select returns the customers of s that seg matches as of asOf: the
// stored customers and those with interactions up to asOf, each with its
// profile and stage, its consent records when seg needs them and s is an
// [engagement.ConsentStore], and its interactions only when seg needs
// them. A customer with no profile is classified as one with no history
// (a prospect). Errors from the store are returned wrapped; rules that
// fail [stages.Rules.Validate] are an error.
func (ev Evaluator) Select(ctx context.Context, s engagement.Store, seg *Segment, asOf time.Time) (Selection, error) {
	var sel Selection
	if seg == nil || seg.root == nil {
		return sel, errors.New("segment: select: the segment is empty")
	}
	rules := ev.rules()
	if err := rules.Validate(); err != nil {
		return sel, fmt.Errorf("segment: select: %w", err)
	}
	ps, err := ev.Folder.FoldStore(ctx, s, engagement.Query{To: to(asOf)}, asOf)
	if err != nil {
		return sel, fmt.Errorf("segment: select: %w", err)
	}
	consents, _ := s.(engagement.ConsentStore)
	if !seg.NeedsConsent() {
		consents = nil
	}
	var events *eventReader
	if seg.NeedsInteractions() {
		next, stop := iter.Pull2(s.Interactions(ctx, engagement.Query{From: from(seg, asOf), To: to(asOf)}))
		defer stop()
		events = &eventReader{next: next}
	}
	var f Facts
	test := func(c engagement.Customer) error {
		if sel.Customers%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		sel.Customers++
		f = Facts{Customer: c}
		if p, ok := ps.Get(c.ID); ok {
			f.Profile, f.Stage = p, rules.Classify(p, stages.Unclassified)
		} else {
			f.Stage = rules.ClassifySignals(stages.Signals{}, stages.Unclassified)
		}
		if consents != nil {
			rs, err := collect(consents.ConsentRecords(ctx, c.ID))
			if err != nil {
				return err
			}
			f.Consent = rs
		}
		if events != nil {
			ins, err := events.of(c.ID)
			if err != nil {
				return err
			}
			f.Interactions = ins
		}
		if seg.Matches(&f, asOf) {
			sel.IDs = append(sel.IDs, c.ID)
		}
		return nil
	}
	profiled := make([]engagement.CustomerID, 0, ps.Len())
	for p := range ps.Unordered() {
		profiled = append(profiled, p.Customer())
	}
	slices.Sort(profiled)
	i := 0
	for c, err := range s.Customers(ctx) {
		if err != nil {
			return Selection{}, fmt.Errorf("segment: select: %w", err)
		}
		for ; i < len(profiled) && profiled[i] < c.ID; i++ {
			if err := test(engagement.Customer{ID: profiled[i]}); err != nil {
				return Selection{}, fmt.Errorf("segment: select: %w", err)
			}
		}
		if i < len(profiled) && profiled[i] == c.ID {
			i++
		}
		if err := test(c); err != nil {
			return Selection{}, fmt.Errorf("segment: select: %w", err)
		}
	}
	for ; i < len(profiled); i++ {
		if err := test(engagement.Customer{ID: profiled[i]}); err != nil {
			return Selection{}, fmt.Errorf("segment: select: %w", err)
		}
	}
	return sel, nil
}

// eventReader hands out the interactions of one customer after another
// from one pass over the store, which yields them ordered by customer.
type eventReader struct {
	next    func() (engagement.Interaction, error, bool)
	head    engagement.Interaction
	hasHead bool
	done    bool
	buf     []engagement.Interaction
}

// of returns the interactions of id, which must come after the customer
// asked for before. The slice is reused by the next call.
func (r *eventReader) of(id engagement.CustomerID) ([]engagement.Interaction, error) {
	r.buf = r.buf[:0]
	for !r.done {
		if !r.hasHead {
			in, err, ok := r.next()
			if !ok {
				r.done = true
				break
			}
			if err != nil {
				return nil, err
			}
			r.head, r.hasHead = in, true
		}
		if r.head.Customer > id {
			break
		}
		if r.head.Customer == id {
			r.buf = append(r.buf, r.head)
		}
		r.hasHead = false
	}
	return r.buf, nil
}

func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Customer tests one customer of s against seg as of asOf and explains
// the result, reading what [Evaluator.Select] reads for that customer
// alone. A customer that is neither stored nor has interactions up to
// asOf is an error matching [engagement.ErrNotFound].
func (ev Evaluator) Customer(ctx context.Context, s engagement.Store, seg *Segment, id engagement.CustomerID, asOf time.Time) (bool, Explanation, error) {
	f, err := ev.Facts(ctx, s, seg, id, asOf)
	if err != nil {
		return false, Explanation{}, err
	}
	ok, x := seg.Match(&f, asOf)
	return ok, x, nil
}

// Facts reads the facts about one customer that seg needs, as
// [Evaluator.Select] does; seg may be nil to read everything.
func (ev Evaluator) Facts(ctx context.Context, s engagement.Store, seg *Segment, id engagement.CustomerID, asOf time.Time) (Facts, error) {
	rules := ev.rules()
	if err := rules.Validate(); err != nil {
		return Facts{}, fmt.Errorf("segment: customer %q: %w", id, err)
	}
	c, err := s.Customer(ctx, id)
	stored := err == nil
	switch {
	case errors.Is(err, engagement.ErrNotFound):
		c = engagement.Customer{ID: id}
	case err != nil:
		return Facts{}, fmt.Errorf("segment: customer %q: %w", id, err)
	}
	ps, err := ev.Folder.FoldStore(ctx, s, engagement.Query{Customer: id, To: to(asOf)}, asOf)
	if err != nil {
		return Facts{}, fmt.Errorf("segment: customer %q: %w", id, err)
	}
	f := Facts{Customer: c}
	if p, ok := ps.Get(id); ok {
		f.Profile, f.Stage = p, rules.Classify(p, stages.Unclassified)
	} else if !stored {
		return Facts{}, fmt.Errorf("segment: customer %q: %w", id, engagement.ErrNotFound)
	} else {
		f.Stage = rules.ClassifySignals(stages.Signals{}, stages.Unclassified)
	}
	if cs, ok := s.(engagement.ConsentStore); ok && (seg == nil || seg.NeedsConsent()) {
		if f.Consent, err = collect(cs.ConsentRecords(ctx, id)); err != nil {
			return Facts{}, fmt.Errorf("segment: customer %q: %w", id, err)
		}
	}
	if seg == nil || seg.NeedsInteractions() {
		q := engagement.Query{Customer: id, To: to(asOf)}
		if seg != nil {
			q.From = from(seg, asOf)
		}
		if f.Interactions, err = collect(s.Interactions(ctx, q)); err != nil {
			return Facts{}, fmt.Errorf("segment: customer %q: %w", id, err)
		}
	}
	return f, nil
}

// Customer tests one customer with a zero [Evaluator]; see
// [Evaluator.Customer].
func Customer(ctx context.Context, s engagement.Store, seg *Segment, id engagement.CustomerID, asOf time.Time) (bool, Explanation, error) {
	return Evaluator{}.Customer(ctx, s, seg, id, asOf)
}
