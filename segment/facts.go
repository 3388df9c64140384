package segment

import (
	"cmp"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

// Facts are what a segment reads about one customer.
//
// Missing facts make a condition false, never a panic: a customer with no
// Profile has no purchase times, satisfaction or likelihood to recommend
// (their counts, monetary value and goodwill read as zero), a trait that
// is not set or is of another type than the value it is compared with
// holds no condition, not even !=. Use not for "anything but": not
// account = "acme" matches a customer with no account.
type Facts struct {
	Customer engagement.Customer
	// Profile is the customer's folded interactions; nil when they have
	// none.
	Profile *engagement.Profile
	// Stage is the customer's classification; the level is
	// [stages.LevelOf] it. The zero Result is Unclassified.
	Stage stages.Result
	// Consent is the customer's consent records, read by consent(...)
	// through [engagement.ConsentAt]; only needed when
	// [Segment.NeedsConsent].
	Consent []engagement.ConsentRecord
	// Interactions is the customer's interactions, read by event(...);
	// only needed when [Segment.NeedsInteractions]. Those after the as-of
	// time are ignored.
	Interactions []engagement.Interaction
}

// env is what evaluation reads: the facts, the as-of time, and inside
// event(...) the event at hand.
type env struct {
	f    *Facts
	asOf time.Time
	ev   *engagement.Interaction
}

// outcome is what one condition found.
type outcome uint8

const (
	failed     outcome = iota // the fact is known and the condition does not hold
	held                      // it holds
	missing                   // the fact is not known (or has no order)
	mismatched                // the fact is of another type than the value
)

// Matches reports whether the customer f describes is in s as of asOf. It
// is [Segment.Match] without the explanation, for testing many customers:
// it stops at the first part that decides, and allocates nothing for
// most segments. A nil f is a customer of whom nothing is known.
func (s *Segment) Matches(f *Facts, asOf time.Time) bool {
	if s == nil || s.root == nil {
		return false
	}
	if f == nil {
		f = new(Facts)
	}
	e := env{f: f, asOf: asOf}
	return s.root.eval(&e)
}

func (n *node) eval(e *env) bool {
	switch n.kind {
	case nAnd:
		for _, k := range n.kids {
			if !k.eval(e) {
				return false
			}
		}
		return true
	case nOr:
		for _, k := range n.kids {
			if k.eval(e) {
				return true
			}
		}
		return false
	case nNot:
		return !n.kids[0].eval(e)
	case nConsent:
		return engagement.ConsentAt(e.f.Consent, n.purpose, n.channel, e.asOf).MayContact()
	case nEvent:
		return n.countOp.holds(cmp.Compare(n.countEvents(e), n.count))
	case nCond:
		return n.test(e) == held
	}
	return false
}

// countEvents counts the customer's events that n selects.
func (n *node) countEvents(e *env) int64 {
	var c int64
	outer := e.ev
	for i := range e.f.Interactions {
		in := &e.f.Interactions[i]
		if in.Time.After(e.asOf) || n.within > 0 && e.asOf.Sub(in.Time) > n.within {
			continue
		}
		e.ev = in
		if n.where == nil || n.where.eval(e) {
			c++
		}
	}
	e.ev = outer
	return c
}

// test evaluates a condition.
func (n *node) test(e *env) outcome {
	fi := &fields[n.field]
	switch fi.typ {
	case tEnum:
		i, ok := n.enumOf(e)
		if !ok || i >= len(fi.names) {
			return missing
		}
		switch n.op {
		case opEq, opIn:
			return verdict(n.mask&(1<<i) != 0)
		case opNe:
			return verdict(n.mask&(1<<i) == 0)
		}
		if !orderable(fi, i) {
			return missing
		}
		return verdict(n.op.holds(cmp.Compare(i, n.ord)))
	case tNumber:
		switch n.field {
		case fMonetary, fAmount:
			d, ok := n.decimalOf(e)
			if !ok {
				return missing
			}
			return verdict(n.compare(func(v engagement.Value) int { w, _ := v.Num(); return d.Cmp(w) }))
		case fSatisfaction, fGoodwill:
			f, ok := n.floatOf(e)
			if !ok {
				return missing
			}
			return verdict(n.compareFloats(f))
		}
		i, ok := n.intOf(e)
		if !ok {
			return missing
		}
		if n.intOK {
			return verdict(n.compareInts(i))
		}
		d := decimal.NewFromInt(i)
		return verdict(n.compare(func(v engagement.Value) int { w, _ := v.Num(); return d.Cmp(w) }))
	case tString:
		s, ok := n.stringOf(e)
		if !ok {
			return missing
		}
		return verdict(n.compare(func(v engagement.Value) int { w, _ := v.Str(); return strings.Compare(s, w) }))
	case tTime:
		t, ok := n.timeOf(e)
		if !ok {
			return missing
		}
		switch n.op {
		case opWithin:
			age := e.asOf.Sub(t)
			return verdict(age >= 0 && age <= n.dur)
		case opBefore:
			return verdict(e.asOf.Sub(t) > n.dur)
		}
		return verdict(n.compare(func(v engagement.Value) int { w, _ := v.Instant(); return t.Compare(w) }))
	}
	v, ok := n.valueOf(e)
	if !ok {
		return missing
	}
	if n.op == opIn {
		out := mismatched
		for _, w := range n.vals {
			if c, ok := v.Compare(w); ok {
				if c == 0 {
					return held
				}
				out = failed
			}
		}
		return out
	}
	c, ok := v.Compare(n.vals[0])
	if !ok {
		return mismatched
	}
	return verdict(n.op.holds(c))
}

func verdict(ok bool) outcome {
	if ok {
		return held
	}
	return failed
}

// compare applies n's operator, order giving the actual value against
// each wanted one.
func (n *node) compare(order func(engagement.Value) int) bool {
	if n.op == opIn {
		for _, v := range n.vals {
			if order(v) == 0 {
				return true
			}
		}
		return false
	}
	return n.op.holds(order(n.vals[0]))
}

func (n *node) compareInts(i int64) bool {
	if n.op == opIn {
		for _, w := range n.ints {
			if i == w {
				return true
			}
		}
		return false
	}
	return n.op.holds(cmp.Compare(i, n.ints[0]))
}

func (n *node) compareFloats(f float64) bool {
	if n.op == opIn {
		for _, w := range n.floats {
			if f == w {
				return true
			}
		}
		return false
	}
	return n.op.holds(cmp.Compare(f, n.floats[0]))
}

// The readers of each type of field. ok is false when the fact is not
// known.

func (n *node) enumOf(e *env) (int, bool) {
	switch n.field {
	case fStage:
		return int(e.f.Stage.Stage), true
	case fLevel:
		return int(stages.LevelOf(e.f.Stage)), true
	case fNPS:
		if e.f.Profile == nil {
			return int(engagement.NoNPSClass), true
		}
		return int(e.f.Profile.NPSClass()), true
	case fGroup:
		return int(e.f.Customer.Group), true
	case fConsent:
		return int(e.f.Customer.Consent), true
	}
	return 0, false
}

func (n *node) intOf(e *env) (int64, bool) {
	p := e.f.Profile
	if p == nil {
		return 0, n.field != fRecommend
	}
	switch n.field {
	case fRecommend:
		r, _, ok := p.Recommend()
		return int64(r), ok
	case fInteractions:
		return int64(p.Interactions()), true
	case fPurchases:
		return int64(p.Purchases()), true
	case fPurchaseDays:
		return int64(p.PurchaseDays()), true
	case fReferrals:
		return int64(p.Referrals()), true
	case fComplaintsOpen:
		open, _ := p.Complaints()
		return int64(open), true
	case fComplaintsResolved:
		_, resolved := p.Complaints()
		return int64(resolved), true
	}
	return 0, false
}

func (n *node) floatOf(e *env) (float64, bool) {
	p := e.f.Profile
	switch n.field {
	case fSatisfaction:
		if p == nil {
			return 0, false
		}
		mean, answers := p.Satisfaction()
		return mean, answers > 0
	case fGoodwill:
		if p == nil {
			return 0, true
		}
		return p.Goodwill(), true
	}
	return 0, false
}

func (n *node) decimalOf(e *env) (decimal.Decimal, bool) {
	switch n.field {
	case fMonetary:
		if e.f.Profile == nil {
			return decimal.Zero, true
		}
		return e.f.Profile.Monetary(), true
	case fAmount:
		if e.ev == nil {
			return decimal.Zero, false
		}
		return e.ev.Amount, true
	}
	return decimal.Zero, false
}

func (n *node) stringOf(e *env) (string, bool) {
	c := &e.f.Customer
	switch n.field {
	case fID:
		return string(c.ID), c.ID != ""
	case fAccount:
		return string(c.Account), c.Account != ""
	case fAttr:
		s, ok := c.Attributes[n.key]
		return s, ok
	}
	if e.ev == nil {
		return "", false
	}
	switch n.field {
	case fKind:
		return string(e.ev.Kind), true
	case fTouchpoint:
		return e.ev.Touchpoint, e.ev.Touchpoint != ""
	}
	return "", false
}

func (n *node) timeOf(e *env) (time.Time, bool) {
	p := e.f.Profile
	if p == nil {
		return time.Time{}, false
	}
	switch n.field {
	case fFirstPurchase:
		return p.FirstPurchase()
	case fLastPurchase:
		return p.LastPurchase()
	case fLastSeen:
		return p.LastSeen()
	case fLastAdvocacy:
		return p.LastAdvocacy()
	}
	return time.Time{}, false
}

func (n *node) valueOf(e *env) (engagement.Value, bool) {
	var v engagement.Value
	switch n.field {
	case fTrait:
		v = e.f.Customer.Traits[n.key]
	case fProperty:
		if e.ev != nil {
			v = e.ev.Properties[n.key]
		}
	}
	return v, v.Kind() != engagement.ValueNone
}
