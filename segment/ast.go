package segment

import (
	"slices"
	"time"

	"github.com/engagekit/engage/engagement"
)

// op is the operator of a condition.
type op uint8

const (
	opNone op = iota
	opEq
	opNe
	opLt
	opLe
	opGt
	opGe
	opIn
	opWithin // a time at most so long before the as-of time
	opBefore // a time more than so long before the as-of time
)

var opText = [...]string{"", "=", "!=", "<", "<=", ">", ">=", "in", "within", "before"}

// ordering reports whether o compares by order: one of = != < <= > >=.
func (o op) ordering() bool { return o >= opEq && o <= opGe }

// holds reports whether order (negative, zero, positive: actual against
// wanted) satisfies o, one of = != < <= > >=.
func (o op) holds(order int) bool {
	switch o {
	case opEq:
		return order == 0
	case opNe:
		return order != 0
	case opLt:
		return order < 0
	case opLe:
		return order <= 0
	case opGt:
		return order > 0
	case opGe:
		return order >= 0
	}
	return false
}

// nodeKind is the kind of a node of a segment's tree.
type nodeKind uint8

const (
	nAnd     nodeKind = iota + 1 // every kid holds
	nOr                          // some kid holds
	nNot                         // the one kid does not hold
	nCond                        // a field compared with values
	nConsent                     // consent(purpose[, channel])
	nEvent                       // event(where, within, count)
)

// node is one node of a segment's tree. Trees are built only by
// andOf/orOf/notOf and the parsers, so they are normal: an and holds no
// and, an or no or, and both hold two or more kids.
type node struct {
	kind nodeKind
	kids []*node // and, or: two or more; not: one

	// nCond
	field fieldID
	key   string             // attr, trait, property: the name
	op    op                 // not opNone
	vals  []engagement.Value // one, or the list of in; enums as their names
	dur   time.Duration      // within, before

	// nConsent
	purpose engagement.Purpose
	channel string // "" for every channel

	// nEvent
	where   *node         // nil: any event
	within  time.Duration // 0: every event up to the as-of time
	countOp op
	count   int64

	// Compiled from the above by compile, for evaluation.
	mask   uint64    // tEnum =, !=, in: a bit per value named
	ord    int       // tEnum ordering: the value compared with
	ints   []int64   // whole-number fields: vals as integers, when intOK
	intOK  bool      // every value is a whole number in int64
	floats []float64 // satisfaction, goodwill: vals as floats
}

// defaultCount is the count of an event(...) that names none: at least one.
const (
	defaultCountOp = opGe
	defaultCount   = 1
)

// andOf returns the conjunction of kids, flattened; a lone kid itself.
func andOf(kids ...*node) *node { return joined(nAnd, kids) }

// orOf returns the disjunction of kids, flattened; a lone kid itself.
func orOf(kids ...*node) *node { return joined(nOr, kids) }

func joined(kind nodeKind, kids []*node) *node {
	if len(kids) == 1 {
		return kids[0]
	}
	n := &node{kind: kind}
	for _, k := range kids {
		if k.kind == kind {
			n.kids = append(n.kids, k.kids...)
		} else {
			n.kids = append(n.kids, k)
		}
	}
	return n
}

func notOf(kid *node) *node { return &node{kind: nNot, kids: []*node{kid}} }

// equal reports whether n and m are the same tree; values compare by
// [engagement.Value.Equal], so 1.5 equals 1.50.
func (n *node) equal(m *node) bool {
	if n == nil || m == nil {
		return n == m
	}
	if n.kind != m.kind || !slices.EqualFunc(n.kids, m.kids, (*node).equal) {
		return false
	}
	switch n.kind {
	case nCond:
		return n.field == m.field && n.key == m.key && n.op == m.op && n.dur == m.dur &&
			slices.EqualFunc(n.vals, m.vals, engagement.Value.Equal)
	case nConsent:
		return n.purpose == m.purpose && n.channel == m.channel
	case nEvent:
		return n.where.equal(m.where) && n.within == m.within && n.countOp == m.countOp && n.count == m.count
	}
	return true
}

// depth returns how deeply n nests: 0 for a condition, one more for each
// and, or, not and event around it.
func (n *node) depth() int {
	d := 0
	for _, k := range n.kids {
		d = max(d, k.depth())
	}
	if n.where != nil {
		d = max(d, n.where.depth())
	}
	if n.kind == nCond || n.kind == nConsent {
		return 0
	}
	return d + 1
}

// maxDepth bounds how deeply a segment nests, in either form.
const maxDepth = 64

// walk calls fn on n and every node below it, the where of events
// included.
func (n *node) walk(fn func(*node)) {
	fn(n)
	for _, k := range n.kids {
		k.walk(fn)
	}
	if n.where != nil {
		n.where.walk(fn)
	}
}

// compile fills in the compiled fields of every node below n.
func (n *node) compile() {
	n.walk(func(n *node) {
		if n.kind != nCond {
			return
		}
		fi := &fields[n.field]
		switch fi.typ {
		case tEnum:
			n.mask = 0
			for _, v := range n.vals {
				s, _ := v.Str()
				i, _ := enumIndex(fi.names, s)
				n.mask |= 1 << i
				n.ord = i
			}
		case tNumber:
			n.intOK, n.ints, n.floats = true, nil, nil
			for _, v := range n.vals {
				d, _ := v.Num()
				f, _ := d.Float64()
				n.floats = append(n.floats, f)
				if !d.IsInteger() || !d.BigInt().IsInt64() {
					n.intOK = false
					continue
				}
				n.ints = append(n.ints, d.IntPart())
			}
		}
	})
}
