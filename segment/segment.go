package segment

import (
	"time"
)

// Segment is a declarative condition over a customer, such as "advocates
// who bought in the last 30 days and consent to marketing by email". Read
// one with [Parse] or from JSON; test a customer with [Segment.Match]; pick
// the matching customers of a store with [Select].
//
// A Segment is immutable and safe for concurrent use. The zero Segment
// holds no condition and matches no one.
type Segment struct {
	root *node
	// What evaluation needs, worked out once.
	events, consent bool
	window          time.Duration // events: how far back; 0 means all history
}

// newSegment returns the segment of the tree root, compiled.
func newSegment(root *node) *Segment {
	root.compile()
	s := &Segment{root: root}
	bounded := true
	root.walk(func(n *node) {
		switch n.kind {
		case nConsent:
			s.consent = true
		case nEvent:
			s.events = true
			if n.within == 0 {
				bounded = false
			}
			s.window = max(s.window, n.within)
		}
	})
	if !bounded {
		s.window = 0
	}
	return s
}

// String returns the segment in canonical text, which [Parse] reads back
// to an equal segment: and binds tighter than or, and parentheses are
// written only where needed.
func (s *Segment) String() string {
	if s == nil || s.root == nil {
		return ""
	}
	return s.root.String()
}

// Equal reports whether s and t hold the same conditions in the same
// order, values compared as values (1.5 equals 1.50, times as instants).
func (s *Segment) Equal(t *Segment) bool {
	if s == nil || t == nil {
		return s == t
	}
	return s.root.equal(t.root)
}

// NeedsInteractions reports whether s uses event(...), so that [Facts]
// must carry the customer's interactions; without it they may be left
// out, and are not read by [Select].
func (s *Segment) NeedsInteractions() bool { return s != nil && s.events }

// NeedsConsent reports whether s uses consent(...), so that [Facts] must
// carry the customer's consent records.
func (s *Segment) NeedsConsent() bool { return s != nil && s.consent }

// Window returns how far before the as-of time the events that s reads
// go, and false when s reads every event (an event(...) without within)
// or none.
func (s *Segment) Window() (time.Duration, bool) {
	return s.window, s != nil && s.events && s.window > 0
}

// MarshalText implements [encoding.TextMarshaler]: the canonical text. The
// zero Segment is an error.
func (s *Segment) MarshalText() ([]byte, error) {
	if s == nil || s.root == nil {
		return nil, textError("", 0, "", "segment is empty")
	}
	return []byte(s.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] with [Parse].
func (s *Segment) UnmarshalText(text []byte) error {
	t, err := Parse(string(text))
	if err != nil {
		return err
	}
	*s = *t
	return nil
}
