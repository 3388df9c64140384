package segment

import (
	"cmp"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
)

// Explanation says why a segment matched a customer or not: for each
// condition, whether it held and what was found.
type Explanation struct {
	// Condition is the condition in canonical text: `stage = advocate`.
	Condition string
	// Held reports whether the condition held.
	Held bool
	// Detail says what was found, with the actual value: "stage is
	// advocate (wanted advocate)", "last purchase 12 days ago (wanted
	// within 30 days)", "no marketing consent on email on record". For
	// and, or and not it counts the parts that held.
	Detail string
	// Parts are the explanations of the parts of an and, or or not.
	Parts []Explanation
}

// String returns the explanation as indented lines, one a condition:
//
//	failed: all of: 2 of 3 held
//	  held: stage is advocate (wanted advocate)
//	  ...
func (x Explanation) String() string {
	var b strings.Builder
	x.write(&b, 0)
	return strings.TrimSuffix(b.String(), "\n")
}

func (x Explanation) write(b *strings.Builder, depth int) {
	b.WriteString(strings.Repeat("  ", depth))
	if x.Held {
		b.WriteString("held: ")
	} else {
		b.WriteString("failed: ")
	}
	b.WriteString(x.Detail)
	b.WriteByte('\n')
	for _, p := range x.Parts {
		p.write(b, depth+1)
	}
}

// Match reports whether the customer f describes is in s as of asOf, and
// explains why. Every part of an and or an or is explained, even when an
// earlier part decided. The zero Segment matches no one; a nil f is a
// customer of whom nothing is known.
func (s *Segment) Match(f *Facts, asOf time.Time) (bool, Explanation) {
	if s == nil || s.root == nil {
		return false, Explanation{Detail: "the segment is empty"}
	}
	if f == nil {
		f = new(Facts)
	}
	x := s.root.explain(&env{f: f, asOf: asOf})
	return x.Held, x
}

func (n *node) explain(e *env) Explanation {
	x := Explanation{Condition: n.String()}
	switch n.kind {
	case nAnd, nOr:
		count := 0
		for _, k := range n.kids {
			p := k.explain(e)
			if p.Held {
				count++
			}
			x.Parts = append(x.Parts, p)
		}
		word := "all of"
		x.Held = count == len(n.kids)
		if n.kind == nOr {
			word, x.Held = "any of", count > 0
		}
		x.Detail = fmt.Sprintf("%s: %d of %d held", word, count, len(n.kids))
	case nNot:
		p := n.kids[0].explain(e)
		x.Held, x.Detail, x.Parts = !p.Held, "not", []Explanation{p}
	case nConsent:
		d := engagement.ConsentAt(e.f.Consent, n.purpose, n.channel, e.asOf)
		x.Held = d.MayContact()
		if _, ok := d.Decided(); ok {
			x.Detail = d.String()
		} else {
			x.Detail = "no " + string(n.purpose) + " consent"
			if n.channel != "" {
				x.Detail += " on " + n.channel
			}
			x.Detail += " on record"
		}
	case nEvent:
		c := n.countEvents(e)
		x.Held = n.countOp.holds(cmp.Compare(c, n.count))
		x.Detail = plural(c, "matching event")
		if n.within != 0 {
			x.Detail += " in the last " + durationWords(n.within)
		}
		x.Detail += " (wanted " + opWords(n.countOp) + strconv.FormatInt(n.count, 10) + ")"
	case nCond:
		o := n.test(e)
		x.Held, x.Detail = o == held, n.describe(e, o)
	}
	return x
}

// label is how an explanation names n's field: "stage", "trait plan".
func (n *node) label() string {
	fi := &fields[n.field]
	if fi.keyed {
		return fi.label + " " + n.key
	}
	return fi.label
}

// describe says what a condition found.
func (n *node) describe(e *env, o outcome) string {
	fi := &fields[n.field]
	want := " (wanted " + n.wanted() + ")"
	if o == missing {
		if i, ok := n.enumOf(e); ok && i < len(fi.names) {
			return fmt.Sprintf("%s is %s, which has no order%s", n.label(), fi.names[i], want)
		}
		return n.missingText() + want
	}
	if fi.typ == tTime {
		t, _ := n.timeOf(e)
		if n.op == opWithin || n.op == opBefore {
			return n.label() + " " + ageText(e.asOf.Sub(t)) + want
		}
		return n.label() + " at " + t.Format(time.RFC3339Nano) + want
	}
	actual := n.actualText(e)
	if o == mismatched {
		v, _ := n.valueOf(e)
		return fmt.Sprintf("%s is %s, a %s: the type differs%s", n.label(), actual, v.Kind(), want)
	}
	return n.label() + " is " + actual + want
}

// actualText writes the value of n's field, which is known.
func (n *node) actualText(e *env) string {
	fi := &fields[n.field]
	switch fi.typ {
	case tEnum:
		i, _ := n.enumOf(e)
		return fi.names[i]
	case tString:
		s, _ := n.stringOf(e)
		if fi.idents {
			return s
		}
		return strconv.Quote(s)
	case tValue:
		v, _ := n.valueOf(e)
		return valueText(fi, v)
	}
	switch n.field {
	case fMonetary, fAmount:
		d, _ := n.decimalOf(e)
		return engagement.NumberValue(d).String()
	case fSatisfaction, fGoodwill:
		f, _ := n.floatOf(e)
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	i, _ := n.intOf(e)
	return strconv.FormatInt(i, 10)
}

// missingText says which fact is missing.
func (n *node) missingText() string {
	switch n.field {
	case fRecommend:
		return "no likelihood-to-recommend answer on record"
	case fSatisfaction:
		return "no satisfaction answer on record"
	case fFirstPurchase, fLastPurchase:
		return "no purchase on record"
	case fLastSeen:
		return "no interaction on record"
	case fLastAdvocacy:
		return "no sign of advocacy on record"
	case fAccount:
		return "no account"
	case fTouchpoint:
		return "touch point unknown"
	}
	return n.label() + " is not set"
}

// wanted says what n wants: "advocate", "at least 100.00", "within 30
// days".
func (n *node) wanted() string {
	fi := &fields[n.field]
	switch n.op {
	case opWithin:
		return "within " + durationWords(n.dur)
	case opBefore:
		return "more than " + durationWords(n.dur) + " ago"
	case opIn:
		vs := make([]string, len(n.vals))
		for i, v := range n.vals {
			vs[i] = valueText(fi, v)
		}
		return "one of " + strings.Join(vs, ", ")
	}
	if t, ok := n.vals[0].Instant(); ok && fi.typ == tTime {
		return timeWords(n.op) + t.Format(time.RFC3339Nano)
	}
	return opWords(n.op) + valueText(fi, n.vals[0])
}

// opWords is how an explanation reads an operator before a value.
func opWords(o op) string {
	switch o {
	case opNe:
		return "not "
	case opLt:
		return "below "
	case opLe:
		return "at most "
	case opGt:
		return "above "
	case opGe:
		return "at least "
	}
	return ""
}

// timeWords is how an explanation reads an operator before a time.
func timeWords(o op) string {
	switch o {
	case opNe:
		return "not at "
	case opLt:
		return "before "
	case opLe:
		return "at or before "
	case opGt:
		return "after "
	case opGe:
		return "at or after "
	}
	return "at "
}

// unitWords names the units of durationUnits.
var unitWords = map[string]string{"w": "week", "d": "day", "h": "hour", "m": "minute", "s": "second"}

// durationWords writes d in words in its largest whole unit: "30 days".
func durationWords(d time.Duration) string {
	for _, u := range durationUnits {
		if d%u.d == 0 {
			return plural(int64(d/u.d), unitWords[u.unit])
		}
	}
	return plural(int64(d/time.Second), "second")
}

func plural(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.FormatInt(n, 10) + " " + unit + "s"
}

// ageText says how long ago an age is: "12 days ago", "3.5 hours ago".
func ageText(age time.Duration) string {
	if age < 0 {
		return "after the as-of time"
	}
	unit, size := "day", 24*time.Hour
	if age < size {
		unit, size = "hour", time.Hour
	}
	v := math.Round(float64(age)/float64(size)*10) / 10
	s := strconv.FormatFloat(v, 'f', -1, 64) + " " + unit
	if v != 1 {
		s += "s"
	}
	return s + " ago"
}
