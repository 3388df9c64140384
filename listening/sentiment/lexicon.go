package sentiment

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/engagekit/engage/internal/fielderr"
)

// Limits on lexicon entries. They keep every sum an analyser makes finite
// and every lookup cheap.
const (
	// MaxValence bounds the valence of an entry. Published lexicons use
	// -4..+4 (VADER) or -5..+5 (AFINN); a figure beyond ±100 is taken for a
	// typo rather than a very strong word.
	MaxValence = 100

	// MaxPhraseWords is the most words one entry may hold. An entry of
	// several words ("fed up", "waste of money") matches the same words in a
	// row in the text.
	MaxPhraseWords = 4

	// MaxWordBytes is the longest word of an entry, in bytes (after lower
	// casing). Longer words in a text are never looked up.
	MaxWordBytes = 64
)

// ErrBadLexicon is matched, through a *[LexiconError], by every error about a
// lexicon entry: a line [ReadLexicon] cannot read, or an entry [Lexicon.Set]
// refuses.
var ErrBadLexicon = errors.New("sentiment: bad lexicon entry")

// LexiconError reports a lexicon entry that cannot be used: where it is,
// what it holds and why it is refused. It matches [ErrBadLexicon] with
// [errors.Is]; Err holds the reason and is unwrapped too, so a parse error
// underneath stays reachable.
type LexiconError struct {
	Line   int    // 1-based line of the input; 0 when the entry did not come from a file
	Column int    // 1-based byte column where the offending field starts; 0 when not from a file
	Value  string // the offending field as given (cut short when very long)
	Err    error  // why the field is refused
}

// Error describes the entry, its place and the reason, such as
// `sentiment: lexicon line 3, column 6: "abc": valence is not a number`.
func (e *LexiconError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("sentiment: lexicon line %d, column %d: %q: %v", e.Line, e.Column, e.Value, e.Err)
	}
	return fmt.Sprintf("sentiment: lexicon entry %q: %v", e.Value, e.Err)
}

// Unwrap returns [ErrBadLexicon] and the reason.
func (e *LexiconError) Unwrap() []error { return []error{ErrBadLexicon, e.Err} }

// lexiconError builds a *LexiconError, cutting an over-long value at a
// character boundary.
func lexiconError(line, column int, value string, err error) *LexiconError {
	return &LexiconError{Line: line, Column: column, Value: fielderr.Shorten(value), Err: err}
}

// Reasons an entry is refused, held in [LexiconError.Err].
var (
	errNoToken      = errors.New("empty token")
	errComment      = errors.New("token starts with '#', which marks a comment")
	errManyWords    = fmt.Errorf("token has more than %d words", MaxPhraseWords)
	errLongWord     = fmt.Errorf("token has a word longer than %d bytes", MaxWordBytes)
	errNoValence    = errors.New("missing valence: want token<TAB>valence")
	errNotFinite    = errors.New("valence is not finite")
	errValenceRange = fmt.Errorf("valence out of range [-%d, %d]", MaxValence, MaxValence)
)

// Lexicon maps tokens (words, emoticons, emoji, or phrases of up to
// [MaxPhraseWords] words) to a valence: how positive or negative the token
// reads, on the scale of the lexicon (VADER and our default use -4..+4).
//
// Tokens are kept lower-cased, with runs of white space as one space,
// each emoji as a word of its own (variation selectors and skin tones
// dropped) and the typographic apostrophe (’) as ('): the way an analyser
// reads the words of a text.
//
// The zero Lexicon is empty and ready to use. A Lexicon is not safe for
// concurrent writes; an analyser built from it takes its own copy, so
// changing the Lexicon later does not change the analyser.
type Lexicon struct {
	m map[string]float64
}

// NewLexicon returns a lexicon holding entries, checked as by [Lexicon.Set].
// It is handy for a handful of domain words; the first refused entry (in
// token order) is reported.
func NewLexicon(entries map[string]float64) (*Lexicon, error) {
	l := &Lexicon{m: make(map[string]float64, len(entries))}
	for _, tok := range slices.Sorted(maps.Keys(entries)) {
		if err := l.Set(tok, entries[tok]); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// ReadLexicon reads a lexicon in the common `token<TAB>valence` format used
// by VADER's and AFINN's lists: one entry a line, fields separated by tabs,
// columns after the valence ignored. Blank lines and lines whose first
// non-blank character is '#' are skipped; a leading byte-order mark and CRLF
// line ends are accepted. When a token appears twice the later line wins, as
// when such a list is loaded into a dictionary.
//
// A line that cannot be read gives a *[LexiconError] naming its line, column
// and value (matching [ErrBadLexicon]); an error from r is returned wrapped.
func ReadLexicon(r io.Reader) (*Lexicon, error) {
	l := &Lexicon{m: make(map[string]float64)}
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("sentiment: reading lexicon line %d: %w", n, err)
		}
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if perr := l.parseLine(n, line); perr != nil {
			return nil, perr
		}
		if err == io.EOF {
			return l, nil
		}
	}
}

// parseLine adds the entry on line n, if it holds one.
func (l *Lexicon) parseLine(n int, line string) error {
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
	if trimmed == "" || strings.TrimSpace(trimmed) == "" || trimmed[0] == '#' {
		return nil
	}
	tok, rest, ok := strings.Cut(line, "\t")
	if !ok {
		return lexiconError(n, len(line)+1, line, errNoValence)
	}
	col := len(tok) + 2
	field, _, _ := strings.Cut(rest, "\t")
	key, err := normalizeToken(tok)
	if err != nil {
		return lexiconError(n, 1, tok, err)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(field), 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) {
			err = fmt.Errorf("valence: %w", ne.Err)
		}
		return lexiconError(n, col, field, err)
	}
	if err := checkValence(v); err != nil {
		return lexiconError(n, col, field, err)
	}
	l.m[key] = v
	return nil
}

func checkValence(v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return errNotFinite
	case v < -MaxValence || v > MaxValence:
		return errValenceRange
	}
	return nil
}

// normalizeToken returns the key under which tok is kept, or why tok
// cannot be an entry.
func normalizeToken(tok string) (string, error) {
	var b strings.Builder
	words := 0
	for i := 0; ; {
		w, next := nextSegment(tok, i)
		if w == "" {
			break
		}
		i = next
		words++
		if words > MaxPhraseWords {
			return "", errManyWords
		}
		if words > 1 {
			b.WriteByte(' ')
		}
		start := b.Len()
		b.Write(appendFolded(nil, w))
		if b.Len()-start > MaxWordBytes {
			return "", errLongWord
		}
	}
	key := b.String()
	switch {
	case key == "":
		return "", errNoToken
	case key[0] == '#':
		return "", errComment
	}
	return key, nil
}

// Set gives token the valence v, replacing any valence it had. It refuses
// (with a *[LexiconError]) an empty token, one starting with '#', one of
// more than [MaxPhraseWords] words or with a word over [MaxWordBytes], and
// a valence that is not finite or lies beyond ±[MaxValence].
func (l *Lexicon) Set(token string, v float64) error {
	key, err := normalizeToken(token)
	if err != nil {
		return lexiconError(0, 0, token, err)
	}
	if err := checkValence(v); err != nil {
		return lexiconError(0, 0, strconv.FormatFloat(v, 'g', -1, 64), err)
	}
	if l.m == nil {
		l.m = make(map[string]float64)
	}
	l.m[key] = v
	return nil
}

// Delete removes token, if present, so that it reads as neutral.
func (l *Lexicon) Delete(token string) {
	if key, err := normalizeToken(token); err == nil {
		delete(l.m, key)
	}
}

// Valence returns the valence of token and whether the lexicon holds it.
// The token is normalised first, so "Refund" finds "refund".
func (l *Lexicon) Valence(token string) (float64, bool) {
	key, err := normalizeToken(token)
	if err != nil {
		return 0, false
	}
	v, ok := l.m[key]
	return v, ok
}

// Len returns the number of entries.
func (l *Lexicon) Len() int { return len(l.m) }

// All yields every entry, in token order, as its normalised token and
// valence.
func (l *Lexicon) All() iter.Seq2[string, float64] {
	return func(yield func(string, float64) bool) {
		for _, k := range slices.Sorted(maps.Keys(l.m)) {
			if !yield(k, l.m[k]) {
				return
			}
		}
	}
}

// Merge copies every entry of other into l; where both hold a token,
// other's valence wins. Use it to lay domain words over a general lexicon:
//
//	lex := sentiment.DefaultLexicon()
//	lex.Merge(ours)
func (l *Lexicon) Merge(other *Lexicon) {
	if other == nil || len(other.m) == 0 {
		return
	}
	if l.m == nil {
		l.m = make(map[string]float64, len(other.m))
	}
	for k, v := range other.m {
		l.m[k] = v
	}
}

// Clone returns a copy of l that can be changed without changing l.
func (l *Lexicon) Clone() *Lexicon {
	c := &Lexicon{m: make(map[string]float64, len(l.m))}
	c.Merge(l)
	return c
}

// WriteTo writes the lexicon in the format [ReadLexicon] reads, one
// `token<TAB>valence` line per entry in token order, so a merged lexicon can
// be saved and read back unchanged.
func (l *Lexicon) WriteTo(w io.Writer) (int64, error) {
	bw := bufio.NewWriter(w)
	var n int64
	var buf []byte
	for k, v := range l.All() {
		buf = append(buf[:0], k...)
		buf = append(buf, '\t')
		buf = strconv.AppendFloat(buf, v, 'g', -1, 64)
		buf = append(buf, '\n')
		m, err := bw.Write(buf)
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	return n, bw.Flush()
}
