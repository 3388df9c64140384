package segment

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/engagekit/engage/engagement"
	"github.com/shopspring/decimal"
)

// parser reads the text form; see the package documentation for the
// grammar.
type parser struct {
	lex     lexer
	tok     token
	depth   int
	inEvent bool
}

// Parse reads a segment from its text form, such as
//
//	stage = advocate and last_purchase within 30d and consent(marketing, email)
//
// An error is a *[ParseError] (matching [ErrInvalid]) naming the line,
// column and token at fault: bad syntax, an unknown field, a value of the
// wrong type for its field, an unknown stage or level.
func Parse(text string) (*Segment, error) {
	p := &parser{lex: lexer{src: text}}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tokEOF {
		return nil, p.errorf("segment is empty")
	}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokEOF {
		return nil, p.errorf("want and, or, or the end of the segment")
	}
	return newSegment(n), nil
}

// MustParse is [Parse] for segments written in the program: it panics if
// text does not parse.
func MustParse(text string) *Segment {
	s, err := Parse(text)
	if err != nil {
		panic(err)
	}
	return s
}

func (p *parser) advance() error {
	t, err := p.lex.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

// peek returns the token after the current one.
func (p *parser) peek() token {
	l := p.lex
	t, _ := l.next()
	return t
}

// errorf returns a *ParseError at the current token.
func (p *parser) errorf(format string, args ...any) error {
	return p.errorAt(p.tok, fmt.Sprintf(format, args...))
}

func (p *parser) errorAt(t token, reason string) error {
	return textError(p.lex.src, t.off, t.text, reason)
}

func (p *parser) is(text string) bool {
	return (p.tok.kind == tokPunct || p.tok.kind == tokIdent) && p.tok.text == text
}

func (p *parser) expect(text string) error {
	if !p.is(text) {
		return p.errorf("want %s", text)
	}
	return p.advance()
}

// enter counts one more level of nesting, refusing too many.
func (p *parser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return p.errorf("segment nests more than %d deep", maxDepth)
	}
	return nil
}

func (p *parser) or() (*node, error) {
	n, err := p.and()
	if err != nil {
		return nil, err
	}
	kids := []*node{n}
	for p.is("or") {
		if err := p.advance(); err != nil {
			return nil, err
		}
		n, err := p.and()
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
	return orOf(kids...), nil
}

func (p *parser) and() (*node, error) {
	n, err := p.unary()
	if err != nil {
		return nil, err
	}
	kids := []*node{n}
	for p.is("and") {
		if err := p.advance(); err != nil {
			return nil, err
		}
		n, err := p.unary()
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
	return andOf(kids...), nil
}

func (p *parser) unary() (*node, error) {
	if !p.is("not") {
		return p.primary()
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	n, err := p.unary()
	if err != nil {
		return nil, err
	}
	p.depth--
	return notOf(n), nil
}

func (p *parser) primary() (*node, error) {
	switch {
	case p.is("("):
		if err := p.enter(); err != nil {
			return nil, err
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		p.depth--
		return n, nil
	case p.tok.kind == tokIdent && p.tok.text == "consent" && p.peek().text == "(":
		return p.consent()
	case p.tok.kind == tokIdent && p.tok.text == "event" && p.peek().text == "(":
		return p.event()
	case p.tok.kind == tokIdent:
		return p.condition()
	case p.tok.kind == tokEOF:
		return nil, p.errorf("want a condition")
	}
	return nil, p.errorf("want a condition: a field, consent(...), event(...), not or (")
}

// name reads a purpose, channel or key: an identifier or a quoted string.
func (p *parser) name(what string) (string, error) {
	t := p.tok
	var s string
	switch t.kind {
	case tokIdent:
		s = t.text
	case tokString:
		s = t.str
	default:
		return "", p.errorf("want a %s: a name or a quoted string", what)
	}
	if reason := checkName(s); reason != "" {
		return "", p.errorAt(t, what+" "+reason)
	}
	return s, p.advance()
}

// checkName says what is wrong with a purpose, channel or key, or "".
func checkName(s string) string {
	switch {
	case s == "":
		return "is empty"
	case len(s) > engagement.MaxKeyBytes:
		return fmt.Sprintf("is longer than %d bytes", engagement.MaxKeyBytes)
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "holds a control character"
	}
	return ""
}

func (p *parser) consent() (*node, error) {
	if p.inEvent {
		return nil, p.errorf("consent(...) is about the customer, not an event")
	}
	if err := p.advance(); err != nil { // consent
		return nil, err
	}
	if err := p.advance(); err != nil { // (
		return nil, err
	}
	purpose, err := p.name("purpose")
	if err != nil {
		return nil, err
	}
	n := &node{kind: nConsent, purpose: engagement.Purpose(purpose)}
	if p.is(",") {
		if err := p.advance(); err != nil {
			return nil, err
		}
		if n.channel, err = p.name("channel"); err != nil {
			return nil, err
		}
	}
	return n, p.expect(")")
}

func (p *parser) event() (*node, error) {
	if p.inEvent {
		return nil, p.errorf("event(...) cannot hold another event(...)")
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	if err := p.advance(); err != nil { // event
		return nil, err
	}
	if err := p.advance(); err != nil { // (
		return nil, err
	}
	n := &node{kind: nEvent, countOp: defaultCountOp, count: defaultCount}
	clause := !(p.is(")") || p.is("within") || p.is("count"))
	if clause {
		p.inEvent = true
		w, err := p.or()
		p.inEvent = false
		if err != nil {
			return nil, err
		}
		n.where = w
	}
	var sawWithin, sawCount bool
	for !p.is(")") {
		if clause {
			if err := p.expect(","); err != nil {
				return nil, p.errorf("want , or ) in event(...)")
			}
		}
		clause = true
		switch {
		case p.is("within") && !sawWithin:
			sawWithin = true
			if err := p.advance(); err != nil {
				return nil, err
			}
			d, err := p.duration()
			if err != nil {
				return nil, err
			}
			n.within = d
		case p.is("count") && !sawCount:
			sawCount = true
			if err := p.advance(); err != nil {
				return nil, err
			}
			o, err := p.comparison()
			if err != nil {
				return nil, err
			}
			c, err := p.count()
			if err != nil {
				return nil, err
			}
			n.countOp, n.count = o, c
		case p.is("within") || p.is("count"):
			return nil, p.errorf("event(...) takes one %s", p.tok.text)
		default:
			return nil, p.errorf("want within or count in event(...)")
		}
	}
	p.depth--
	return n, p.advance()
}

// comparison reads one of = != < <= > >=.
func (p *parser) comparison() (op, error) {
	if p.tok.kind == tokPunct {
		for o := opEq; o <= opGe; o++ {
			if p.tok.text == opText[o] {
				return o, p.advance()
			}
		}
	}
	return opNone, p.errorf("want a comparison: = != < <= > >=")
}

// count reads the whole number of a count clause.
func (p *parser) count() (int64, error) {
	t := p.tok
	n, err := strconv.ParseInt(t.text, 10, 64)
	if t.kind != tokNumber || err != nil || n < 0 {
		return 0, p.errorf("want a count: a whole number, 0 or more")
	}
	return n, p.advance()
}

// duration reads a duration: a whole number and a unit.
func (p *parser) duration() (time.Duration, error) {
	t := p.tok
	if t.kind != tokDuration {
		return 0, p.errorf("want a duration such as 30d, 12h or 2w")
	}
	d, reason := parseDuration(t.text)
	if reason != "" {
		return 0, p.errorAt(t, reason)
	}
	return d, p.advance()
}

// condition reads field op value.
func (p *parser) condition() (*node, error) {
	ft := p.tok
	id, ok := fieldByName(ft.text)
	if !ok {
		return nil, p.errorf("unknown field; want one of %s", fieldNames(p.inEvent))
	}
	fi := &fields[id]
	if fi.event != p.inEvent {
		if p.inEvent {
			return nil, p.errorf("%s is a customer field; inside event(...) use %s", fi.name, fieldNames(true))
		}
		return nil, p.errorf("%s is a field of an event: use it inside event(...)", fi.name)
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	n := &node{kind: nCond, field: id}
	if fi.keyed {
		if !p.is(".") {
			return nil, p.errorf("want . and a name after %s", fi.name)
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		key, err := p.name(fi.name + " name")
		if err != nil {
			return nil, err
		}
		n.key = key
	}
	ot := p.tok
	switch {
	case p.is("in"):
		n.op = opIn
	case p.is("within"):
		n.op = opWithin
	case p.is("before"):
		n.op = opBefore
	default:
		o, err := p.comparison()
		if err != nil {
			return nil, err
		}
		n.op = o
	}
	if n.op >= opIn {
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	if reason := checkOp(fi, n.op); reason != "" {
		return nil, p.errorAt(ot, reason)
	}
	switch n.op {
	case opWithin, opBefore:
		d, err := p.duration()
		if err != nil {
			return nil, err
		}
		n.dur = d
	case opIn:
		if err := p.expect("("); err != nil {
			return nil, err
		}
		for {
			v, err := p.value(fi, n.op)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
			if !p.is(",") {
				break
			}
			if err := p.advance(); err != nil {
				return nil, err
			}
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
	default:
		v, err := p.value(fi, n.op)
		if err != nil {
			return nil, err
		}
		n.vals = []engagement.Value{v}
	}
	return n, nil
}

// checkOp says why fi cannot take o, or "".
func checkOp(fi *fieldInfo, o op) string {
	switch {
	case (o == opWithin || o == opBefore) && fi.typ != tTime:
		return fi.name + " is not a time: within and before take a time field"
	case fi.typ == tTime && o == opIn:
		return fi.name + " is a time: use = != < <= > >=, within or before"
	case fi.typ == tEnum && !fi.ordered && o != opEq && o != opNe && o != opIn:
		return fi.name + " takes = != or in"
	}
	return ""
}

// value reads one value for fi; o is the operator it is compared with.
func (p *parser) value(fi *fieldInfo, o op) (engagement.Value, error) {
	v, reason := p.literal(fi, o)
	if reason != "" { // at the token at fault: the string of time("...")
		return engagement.Value{}, p.errorAt(p.tok, reason)
	}
	return v, p.advance()
}

// literal converts the current token to a value for fi, or says why not.
// A time written time("...") moves past its parenthesis and string, leaving
// the closing parenthesis as the current token.
func (p *parser) literal(fi *fieldInfo, o op) (engagement.Value, string) {
	t := p.tok
	switch fi.typ {
	case tEnum:
		if t.kind != tokIdent && t.kind != tokString {
			return engagement.Value{}, fi.name + " takes a name: one of " + strings.Join(fi.names, ", ")
		}
		return enumValue(fi, o, tokenText(t))
	case tNumber:
		if t.kind != tokNumber {
			return engagement.Value{}, fi.name + " takes a number"
		}
		return numberValue(t.text)
	case tString:
		if t.kind != tokString && !(fi.idents && t.kind == tokIdent) {
			return engagement.Value{}, fi.name + " takes quoted text"
		}
		s := tokenText(t)
		if fi.idents {
			if err := engagement.Kind(s).Validate(); err != nil {
				return engagement.Value{}, "not a kind: want lower-case letters, digits and underscores, starting with a letter"
			}
		}
		return engagement.StringValue(s), ""
	case tTime:
		switch {
		case t.kind == tokString:
			return timeValue(t.str)
		case t.kind == tokIdent && t.text == "time":
			return p.timeCall()
		}
		return engagement.Value{}, fi.name + ` takes a time: "2024-03-01T00:00:00Z"`
	}
	switch { // tValue
	case t.kind == tokString:
		return engagement.StringValue(t.str), ""
	case t.kind == tokNumber:
		return numberValue(t.text)
	case t.kind == tokIdent && (t.text == "true" || t.text == "false"):
		return engagement.BoolValue(t.text == "true"), ""
	case t.kind == tokIdent && t.text == "time":
		return p.timeCall()
	case t.kind == tokIdent:
		return engagement.Value{}, `want "quoted text", a number, true, false or time("2024-03-01T00:00:00Z")`
	}
	return engagement.Value{}, `want "quoted text", a number, true, false or time("2024-03-01T00:00:00Z")`
}

// timeCall reads time("RFC 3339"), the current token being time.
func (p *parser) timeCall() (engagement.Value, string) {
	if p.peek().text != "(" {
		return engagement.Value{}, `want time("2024-03-01T00:00:00Z")`
	}
	if err := p.advance(); err != nil {
		return engagement.Value{}, err.(*ParseError).Err.Error()
	}
	if err := p.advance(); err != nil {
		return engagement.Value{}, err.(*ParseError).Err.Error()
	}
	if p.tok.kind != tokString {
		return engagement.Value{}, `want time("2024-03-01T00:00:00Z")`
	}
	v, reason := timeValue(p.tok.str)
	if reason != "" {
		return v, reason
	}
	if err := p.advance(); err != nil {
		return engagement.Value{}, err.(*ParseError).Err.Error()
	}
	if !p.is(")") {
		return engagement.Value{}, `want ) after time("...`
	}
	return v, ""
}

func tokenText(t token) string {
	if t.kind == tokString {
		return t.str
	}
	return t.text
}

// enumValue returns name as a value of fi, checking that o can compare it.
func enumValue(fi *fieldInfo, o op, name string) (engagement.Value, string) {
	i, ok := enumIndex(fi.names, name)
	if !ok {
		return engagement.Value{}, "unknown " + fi.name + "; want one of " + strings.Join(fi.names, ", ")
	}
	if o >= opLt && o <= opGe && !orderable(fi, i) {
		return engagement.Value{}, fi.name + " " + fi.names[i] + " has no order: compare it with = != or in"
	}
	return engagement.StringValue(fi.names[i]), ""
}

// orderable reports whether value i of an ordered enum field compares by
// order: a stage of engagement, a level other than none.
func orderable(fi *fieldInfo, i int) bool {
	switch fi {
	case &fields[fStage]:
		return i >= 2 && i <= 4 // transactional, returning, advocate
	case &fields[fLevel]:
		return i > 0
	}
	return false
}

// timeValue reads an RFC 3339 time within the years a store can hold.
func timeValue(s string) (engagement.Value, string) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return engagement.Value{}, `not an RFC 3339 time such as "2024-03-01T00:00:00Z"`
	}
	if t.Year() < 1678 || t.Year() > 2261 {
		return engagement.Value{}, "time must lie within the years 1678 to 2261"
	}
	return engagement.TimeValue(t), ""
}

// The units of a duration.
var durationUnits = [...]struct {
	unit string
	d    time.Duration
}{{"w", 7 * 24 * time.Hour}, {"d", 24 * time.Hour}, {"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}}

// parseDuration reads a whole number and a unit (w, d, h, m, s), more than
// zero, or says why not.
func parseDuration(s string) (time.Duration, string) {
	end := 0
	for end < len(s) && isDigit(s[end]) {
		end++
	}
	num, unit := s[:end], s[end:]
	for _, u := range durationUnits {
		if unit != u.unit {
			continue
		}
		n, err := strconv.ParseInt(num, 10, 64)
		switch {
		case err != nil || num == "":
			return 0, "a duration is a whole number and a unit, such as 30d"
		case n <= 0:
			return 0, "a duration must be more than zero"
		case n > int64(maxDuration/u.d):
			return 0, "duration is too long"
		}
		return time.Duration(n) * u.d, ""
	}
	return 0, "want a duration such as 30d, 12h or 2w: a whole number and w, d, h, m or s"
}

// maxDuration is the longest duration: about 292 years.
const maxDuration = time.Duration(1<<63 - 1)

// maxScale bounds the digits after the decimal point of a number, and the
// power of ten a number from JSON may carry.
const maxScale = 64

// numberValue reads an exact decimal number, or says why not.
func numberValue(text string) (engagement.Value, string) {
	d, err := decimal.NewFromString(text)
	if err != nil {
		return engagement.Value{}, "not a decimal number"
	}
	if reason := checkNumber(d); reason != "" {
		return engagement.Value{}, reason
	}
	return engagement.NumberValue(d), ""
}

// checkNumber says why d is not a number a segment takes, or "".
func checkNumber(d decimal.Decimal) string {
	if e := d.Exponent(); e < -maxScale || e > maxScale {
		return fmt.Sprintf("a number may have at most %d digits after the point and a power of ten up to %d", maxScale, maxScale)
	}
	return ""
}
