package listening

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/engagekit/engage/internal/fielderr"
)

// Limits on a [Query], so that hostile input cannot exhaust memory or the
// stack.
const (
	// MaxQueryBytes is the longest query text [ParseQuery] accepts: 4 KiB.
	MaxQueryBytes = 4096
	// MaxQueryDepth is the deepest nesting of parentheses and NOT that
	// [ParseQuery] accepts: 64.
	MaxQueryDepth = 64
)

// Query is a boolean topic query: words and quoted phrases combined with
// AND, OR and NOT and grouped with parentheses, such as
//
//	(delivery OR shipping OR "late parcel") AND NOT (job OR career)
//
// A word or phrase matches a text holding it as whole words, ignoring
// case, as [TopicRule] keywords do: "parcel" matches "Parcel late!" but not
// "parcels". The operators are written in capitals; in lower case they are
// words. NOT binds tightest, then AND, then OR; two terms side by side are
// joined by AND, so `late parcel` means `late AND parcel`. An unquoted
// term is split into words like a text, so wi-fi is the phrase "wi fi".
//
// Build one with [ParseQuery]. A Query is immutable and safe for
// concurrent use. The zero Query matches every text.
type Query struct {
	root *queryNode
}

type queryOp uint8

const (
	opTerm queryOp = iota
	opNot
	opAnd
	opOr
)

// queryNode is a term (words), a NOT of one kid, or an AND or OR of two or
// more kids, none of which is of the same operator (they are flattened).
type queryNode struct {
	op    queryOp
	words []string
	kids  []*queryNode
}

// QueryError reports where a query fails to parse. It matches
// [ErrInvalid] through the *[FieldError] it wraps.
type QueryError struct {
	Query  string // the query text (cut short when very long)
	Pos    int    // 1-based byte position of the problem in the query
	Reason string // what is wrong there
}

// Error names the position and the problem.
func (e *QueryError) Error() string {
	return fmt.Sprintf("listening: query %q: at position %d: %s", e.Query, e.Pos, e.Reason)
}

// Unwrap returns a *[FieldError] on the field "query", so that
// errors.Is(err, ErrInvalid) holds.
func (e *QueryError) Unwrap() error {
	return invalid("query", e.Query, fmt.Sprintf("at position %d: %s", e.Pos, e.Reason))
}

// ParseQuery parses a query (see [Query]). A query that is empty, longer
// than [MaxQueryBytes], nested deeper than [MaxQueryDepth], not UTF-8, or
// malformed (an unclosed quote or parenthesis, an operator without its
// operand, a term without letters or digits) gives a *[QueryError] naming
// the position.
func ParseQuery(text string) (Query, error) {
	fail := func(pos int, reason string) (Query, error) {
		return Query{}, &QueryError{Query: fielderr.Shorten(text), Pos: pos + 1, Reason: reason}
	}
	if len(text) > MaxQueryBytes {
		return fail(MaxQueryBytes, fmt.Sprintf("query longer than %d bytes", MaxQueryBytes))
	}
	if !utf8.ValidString(text) {
		for i, r := range text {
			if r == utf8.RuneError {
				return fail(i, "not valid UTF-8")
			}
		}
	}
	toks, err := lexQuery(text)
	if err != nil {
		return Query{}, err
	}
	p := &queryParser{text: text, toks: toks}
	if len(toks) == 1 { // only the end token
		return fail(0, "query is empty")
	}
	n, err := p.or(0)
	if err != nil {
		return Query{}, err
	}
	if t := p.peek(); t.kind != tokEnd {
		return Query{}, p.errAt(t, "unexpected "+t.describe())
	}
	return Query{root: n}, nil
}

type tokKind uint8

const (
	tokEnd tokKind = iota
	tokTerm
	tokAnd
	tokOr
	tokNot
	tokOpen
	tokClose
)

type queryToken struct {
	kind  tokKind
	pos   int // byte offset
	text  string
	words []string
}

func (t queryToken) describe() string {
	switch t.kind {
	case tokEnd:
		return "end of query"
	case tokOpen:
		return `"("`
	case tokClose:
		return `")"`
	}
	return fmt.Sprintf("%q", t.text)
}

// lexQuery splits a query into tokens, ending with a tokEnd.
func lexQuery(text string) ([]queryToken, error) {
	var toks []queryToken
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '(':
			toks = append(toks, queryToken{kind: tokOpen, pos: i, text: "("})
			i++
		case r == ')':
			toks = append(toks, queryToken{kind: tokClose, pos: i, text: ")"})
			i++
		case r == '"':
			j := strings.IndexByte(text[i+1:], '"')
			if j < 0 {
				return nil, &QueryError{Query: fielderr.Shorten(text), Pos: i + 1, Reason: "unclosed quote"}
			}
			phrase := text[i+1 : i+1+j]
			words := topicWords(phrase)
			if len(words) == 0 {
				return nil, &QueryError{Query: fielderr.Shorten(text), Pos: i + 1, Reason: "quoted phrase has no letters or digits"}
			}
			toks = append(toks, queryToken{kind: tokTerm, pos: i, text: text[i : i+j+2], words: words})
			i += j + 2
		default:
			j := i
			for j < len(text) {
				r, size := utf8.DecodeRuneInString(text[j:])
				if unicode.IsSpace(r) || r == '(' || r == ')' || r == '"' {
					break
				}
				j += size
			}
			word := text[i:j]
			tok := queryToken{kind: tokTerm, pos: i, text: word}
			switch word {
			case "AND":
				tok.kind = tokAnd
			case "OR":
				tok.kind = tokOr
			case "NOT":
				tok.kind = tokNot
			default:
				tok.words = topicWords(word)
				if len(tok.words) == 0 {
					return nil, &QueryError{Query: fielderr.Shorten(text), Pos: i + 1, Reason: fmt.Sprintf("term %q has no letters or digits", fielderr.Shorten(word))}
				}
			}
			toks = append(toks, tok)
			i = j
		}
	}
	return append(toks, queryToken{kind: tokEnd, pos: len(text)}), nil
}

type queryParser struct {
	text string
	toks []queryToken
	i    int
}

func (p *queryParser) peek() queryToken { return p.toks[p.i] }

func (p *queryParser) next() queryToken {
	t := p.toks[p.i]
	if t.kind != tokEnd {
		p.i++
	}
	return t
}

func (p *queryParser) errAt(t queryToken, reason string) error {
	return &QueryError{Query: fielderr.Shorten(p.text), Pos: t.pos + 1, Reason: reason}
}

// or parses: and {"OR" and}.
func (p *queryParser) or(depth int) (*queryNode, error) {
	n, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	kids := []*queryNode{n}
	for p.peek().kind == tokOr {
		p.next()
		n, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
	return combine(opOr, kids), nil
}

// and parses: unary {["AND"] unary}.
func (p *queryParser) and(depth int) (*queryNode, error) {
	n, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	kids := []*queryNode{n}
	for {
		switch p.peek().kind {
		case tokAnd:
			p.next()
		case tokTerm, tokNot, tokOpen:
		default:
			return combine(opAnd, kids), nil
		}
		n, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
}

// unary parses: "NOT" unary | "(" or ")" | term.
func (p *queryParser) unary(depth int) (*queryNode, error) {
	if depth >= MaxQueryDepth {
		return nil, p.errAt(p.peek(), fmt.Sprintf("nested deeper than %d", MaxQueryDepth))
	}
	t := p.next()
	switch t.kind {
	case tokNot:
		n, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		return &queryNode{op: opNot, kids: []*queryNode{n}}, nil
	case tokOpen:
		n, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tokClose {
			return nil, p.errAt(t, "unclosed parenthesis")
		}
		return n, nil
	case tokTerm:
		return &queryNode{op: opTerm, words: t.words}, nil
	}
	return nil, p.errAt(t, "want a word, a quoted phrase, NOT or \"(\", got "+t.describe())
}

// combine joins kids under op, flattening kids of the same op.
func combine(op queryOp, kids []*queryNode) *queryNode {
	if len(kids) == 1 {
		return kids[0]
	}
	n := &queryNode{op: op}
	for _, k := range kids {
		if k.op == op {
			n.kids = append(n.kids, k.kids...)
		} else {
			n.kids = append(n.kids, k)
		}
	}
	return n
}

// Match reports whether text satisfies the query.
func (q Query) Match(text string) bool {
	if q.root == nil {
		return true
	}
	return q.root.match(topicWords(text))
}

func (n *queryNode) match(words []string) bool {
	switch n.op {
	case opTerm:
		for i := 0; i+len(n.words) <= len(words); i++ {
			if slices.Equal(words[i:i+len(n.words)], n.words) {
				return true
			}
		}
		return false
	case opNot:
		return !n.kids[0].match(words)
	case opAnd:
		for _, k := range n.kids {
			if !k.match(words) {
				return false
			}
		}
		return true
	}
	for _, k := range n.kids {
		if k.match(words) {
			return true
		}
	}
	return false
}

// String returns the query in canonical form: terms in lower case, a
// phrase of more than one word in quotes, operators in capitals, AND
// written out, and parentheses only where needed. ParseQuery of the result
// gives a query [Query.Equal] to q. The zero Query gives "".
func (q Query) String() string {
	if q.root == nil {
		return ""
	}
	var b strings.Builder
	q.root.write(&b)
	return b.String()
}

func (n *queryNode) write(b *strings.Builder) {
	switch n.op {
	case opTerm:
		if len(n.words) == 1 {
			b.WriteString(n.words[0])
		} else {
			b.WriteString(`"` + strings.Join(n.words, " ") + `"`)
		}
	case opNot:
		b.WriteString("NOT ")
		n.kids[0].writeIn(b, opNot)
	default:
		sep := " AND "
		if n.op == opOr {
			sep = " OR "
		}
		for i, k := range n.kids {
			if i > 0 {
				b.WriteString(sep)
			}
			k.writeIn(b, n.op)
		}
	}
}

// writeIn writes n as an operand of parent, in parentheses when n binds
// less tightly (or, for AND in AND and OR in OR, equally: a nested group
// of the same operator cannot occur once flattened).
func (n *queryNode) writeIn(b *strings.Builder, parent queryOp) {
	if n.op > opNot && (parent == opNot || n.op >= parent) {
		b.WriteByte('(')
		n.write(b)
		b.WriteByte(')')
		return
	}
	n.write(b)
}

// Equal reports whether q and o are the same query, term for term.
func (q Query) Equal(o Query) bool { return q.root.equal(o.root) }

func (n *queryNode) equal(o *queryNode) bool {
	if n == nil || o == nil {
		return n == o
	}
	if n.op != o.op || !slices.Equal(n.words, o.words) || len(n.kids) != len(o.kids) {
		return false
	}
	for i := range n.kids {
		if !n.kids[i].equal(o.kids[i]) {
			return false
		}
	}
	return true
}
