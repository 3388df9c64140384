package sentiment

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// stackTokens is how many words Analyze reads without allocating.
const stackTokens = 128

// token is one word of a text as the rules see it.
type token struct {
	w int32 // index in ruleTable.words; -1 when unknown
	f wordFlags
}

// tokenize appends the words of text to toks. When toks fills, it makes
// room for all the words left at once.
func (t *ruleTable) tokenize(text string, toks []token) []token {
	var buf [MaxWordBytes]byte
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && asciiClass[c]&classSpace != 0 {
			i++
			continue
		}
		if len(toks) == cap(toks) {
			grown := make([]token, len(toks), len(toks)+countSegments(text[i:]))
			copy(grown, toks)
			toks = grown
		}
		// Fold an ASCII word as it is scanned; anything else goes the
		// long way, through nextSegment and token.
		start, n, run := i, 0, 0
		var ff foldFlags
		for ; i < len(text) && n < len(buf); i++ {
			c := text[i]
			if c >= utf8.RuneSelf || asciiClass[c]&classSpace != 0 {
				break
			}
			a := asciiFold[c]
			ff |= a.ff
			if n > 0 && buf[n-1] == a.lower {
				if run++; run >= 3 {
					ff |= foldRun
				}
			} else {
				run = 1
			}
			buf[n] = a.lower
			n++
		}
		if i == len(text) || text[i] < utf8.RuneSelf && asciiClass[text[i]]&classSpace != 0 {
			toks = append(toks, t.folded(text[start:i], buf[:n], ff))
			continue
		}
		seg, next := nextSegment(text, start)
		if seg != "" { // else only white space was left
			toks = append(toks, t.token(seg))
		}
		i = next
	}
	return toks
}

func countSegments(s string) int {
	n := 0
	for i := 0; ; n++ {
		seg, next := nextSegment(s, i)
		if seg == "" {
			return n
		}
		i = next
	}
}

// token looks the word seg up. It folds seg once, then tries in turn: the
// form VADER reads (seg stripped of punctuation at either end, unless that
// leaves two characters or fewer, as for ":)"); seg with HTML entities
// decoded ("&lt;3"); the other of seg and stripped ("ok." finds "ok"); seg
// without trailing '!', '?', '.' or ',' (":)!" finds ":)"); and stripped
// with drawn-out letters cut to two, then one ("goood", "sooo").
func (t *ruleTable) token(seg string) token {
	var buf [MaxWordBytes]byte
	n, ff, ok := fold(&buf, seg)
	if !ok { // too long for any word of the table
		var f wordFlags
		if isUpper(seg) {
			f |= tUpper
		}
		if hasNT(seg) {
			f |= tNT
		}
		return t.sentence(seg, token{w: -1, f: f})
	}
	return t.folded(seg, buf[:n], ff)
}

// folded looks up the word seg, folded as b, fold having seen ff.
func (t *ruleTable) folded(seg string, b []byte, ff foldFlags) token {
	tk := token{w: t.lookupForms(b, ff)}
	if tk.w >= 0 {
		tk.f = t.words[tk.w].flags
	}
	if ff&foldUpper != 0 && ff&foldLower == 0 {
		tk.f |= tUpper
	}
	if ff&foldApos != 0 && bytes.Contains(b, []byte("n't")) {
		tk.f |= tNT
	}
	return t.sentence(seg, tk)
}

// sentence marks tk when seg ends a sentence, or a question.
func (t *ruleTable) sentence(seg string, tk token) token {
	switch seg[len(seg)-1] {
	case '.', '!', '?', ';':
		tk.f |= tEnd
	case ':':
		tk.f |= tColon
	}
	for i := len(seg) - 1; i >= 0; i-- {
		switch seg[i] {
		case '!', '.', ')':
			continue
		case '?':
			tk.f |= tQ
		}
		break
	}
	return tk
}

const (
	classSpace = 1 << iota
	classPunct
)

var asciiClass = func() (c [utf8.RuneSelf]uint8) {
	for _, b := range " \t\n\v\f\r\x1c\x1d\x1e\x1f" {
		c[b] |= classSpace
	}
	for _, b := range "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" {
		c[b] |= classPunct
	}
	return c
}()

// nextSegment returns the first word of s at or after byte i, and where
// the rest begins; it returns "" when there is none. Words are separated
// by white space, and each emoji is a word of its own; variation
// selectors, skin tones and joiners are dropped.
func nextSegment(s string, i int) (string, int) {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiClass[c]&classSpace == 0 {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isSpace(r) && !isJoiner(r) {
			break
		}
		i += size
	}
	start := i
	for i < len(s) {
		for i < len(s) && s[i] < utf8.RuneSelf && asciiClass[s[i]]&classSpace == 0 {
			i++ // the common case, ASCII within a word
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiClass[c]&classSpace != 0 {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isEmoji(r) {
			if i == start {
				i += size
			}
			break
		}
		if isSpace(r) || isJoiner(r) {
			break
		}
		i += size
	}
	return s[start:i], i
}

// isEmoji reports whether r is a pictograph that reads as a word of its
// own.
func isEmoji(r rune) bool {
	return 0x2600 <= r && r <= 0x27bf || 0x2b00 <= r && r <= 0x2bff ||
		0x1f000 <= r && r <= 0x1faff && !(0x1f3fb <= r && r <= 0x1f3ff)
}

// isJoiner reports whether r only shapes the emoji beside it: variation
// selectors, the zero-width joiner and skin-tone modifiers.
func isJoiner(r rune) bool {
	return r == 0xfe0e || r == 0xfe0f || r == 0x200d || 0x1f3fb <= r && r <= 0x1f3ff
}

// isSpace reports whether r separates words: what Python's str.split,
// which VADER uses, counts as white space, and the byte-order mark.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xfeff:
		return true
	}
	return r > utf8.RuneSelf && unicode.IsSpace(r)
}
