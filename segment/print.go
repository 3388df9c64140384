package segment

import (
	"strconv"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
)

// String returns n in canonical text.
func (n *node) String() string {
	var b strings.Builder
	n.write(&b, 0)
	return b.String()
}

// write writes n; prec is how tightly the context binds: 0 anywhere, 1 as
// a part of an and or or, 2 as what not negates.
func (n *node) write(b *strings.Builder, prec int) {
	switch n.kind {
	case nAnd, nOr:
		word, need := " and ", 1
		if n.kind == nOr {
			word, need = " or ", 0
		}
		if prec > need {
			b.WriteByte('(')
		}
		for i, k := range n.kids {
			if i > 0 {
				b.WriteString(word)
			}
			k.write(b, 1)
		}
		if prec > need {
			b.WriteByte(')')
		}
	case nNot:
		b.WriteString("not ")
		n.kids[0].write(b, 2)
	case nConsent:
		b.WriteString("consent(")
		b.WriteString(nameText(string(n.purpose)))
		if n.channel != "" {
			b.WriteString(", ")
			b.WriteString(nameText(n.channel))
		}
		b.WriteByte(')')
	case nEvent:
		b.WriteString("event(")
		sep := ""
		if n.where != nil {
			n.where.write(b, 0)
			sep = ", "
		}
		if n.within != 0 {
			b.WriteString(sep + "within " + durationText(n.within))
			sep = ", "
		}
		if n.countOp != defaultCountOp || n.count != defaultCount {
			b.WriteString(sep + "count " + opText[n.countOp] + " " + strconv.FormatInt(n.count, 10))
		}
		b.WriteByte(')')
	case nCond:
		n.writeCond(b)
	}
}

func (n *node) writeCond(b *strings.Builder) {
	fi := &fields[n.field]
	b.WriteString(fi.name)
	if fi.keyed {
		b.WriteByte('.')
		b.WriteString(nameText(n.key))
	}
	b.WriteByte(' ')
	b.WriteString(opText[n.op])
	b.WriteByte(' ')
	switch n.op {
	case opWithin, opBefore:
		b.WriteString(durationText(n.dur))
	case opIn:
		b.WriteByte('(')
		for i, v := range n.vals {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(valueText(fi, v))
		}
		b.WriteByte(')')
	default:
		b.WriteString(valueText(fi, n.vals[0]))
	}
}

// nameText writes a purpose, channel or key bare when it is an identifier,
// quoted otherwise.
func nameText(s string) string {
	if isIdent(s) {
		return s
	}
	return strconv.Quote(s)
}

// valueText writes v as a value of fi.
func valueText(fi *fieldInfo, v engagement.Value) string {
	switch v.Kind() {
	case engagement.ValueString:
		s, _ := v.Str()
		if fi.typ == tEnum || fi.idents && isIdent(s) {
			return s
		}
		return strconv.Quote(s)
	case engagement.ValueTime:
		t, _ := v.Instant()
		q := strconv.Quote(t.Format(time.RFC3339Nano))
		if fi.typ == tTime {
			return q
		}
		return "time(" + q + ")"
	}
	return v.String()
}

// durationText writes d in the largest unit that divides it: 2w, 30d, 12h.
func durationText(d time.Duration) string {
	for _, u := range durationUnits {
		if d%u.d == 0 {
			return strconv.FormatInt(int64(d/u.d), 10) + u.unit
		}
	}
	return strconv.FormatInt(int64(d/time.Second), 10) + "s"
}
