package sentiment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldFlags say what fold saw in a word.
type foldFlags uint8

const (
	foldUpper foldFlags = 1 << iota // a capital letter
	foldLower                       // a small letter
	foldAmp                         // '&'
	foldApos                        // an apostrophe
	foldRun                         // a letter three times in a row
	foldWide                        // a byte beyond ASCII
)

// fold writes s folded (see appendFolded) to buf, and says what it saw.
// It reports false when the result would not fit.
func fold(buf *[MaxWordBytes]byte, s string) (n int, ff foldFlags, ok bool) {
	run := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if n == len(buf) {
				return 0, 0, false
			}
			a := asciiFold[c]
			ff |= a.ff
			c = a.lower
			if n > 0 && buf[n-1] == c {
				if run++; run >= 3 {
					ff |= foldRun
				}
			} else {
				run = 1
			}
			buf[n] = c
			n++
			i++
			continue
		}
		run = 0
		ff |= foldWide
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			if n == len(buf) {
				return 0, 0, false
			}
			buf[n] = c
			n++
			i++
			continue
		}
		switch {
		case unicode.IsLower(r) || unicode.IsTitle(r):
			ff |= foldLower
		case unicode.IsUpper(r):
			ff |= foldUpper
		case r == '’':
			ff |= foldApos
		}
		r = foldRune(r)
		if n+utf8.RuneLen(r) > len(buf) {
			return 0, 0, false
		}
		n += utf8.EncodeRune(buf[n:], r)
		i += size
	}
	return n, ff, true
}

// asciiFold holds, for each ASCII byte, its lower case and what fold
// notes of it.
var asciiFold = func() (t [utf8.RuneSelf]struct {
	lower byte
	ff    foldFlags
}) {
	for c := range t {
		t[c].lower = byte(c)
		switch {
		case 'A' <= c && c <= 'Z':
			t[c].lower = byte(c) + 'a' - 'A'
			t[c].ff = foldUpper
		case 'a' <= c && c <= 'z':
			t[c].ff = foldLower
		case c == '&':
			t[c].ff = foldAmp
		case c == '\'':
			t[c].ff = foldApos
		}
	}
	return t
}()

// isUpper reports whether s has a capital letter and no small one, as
// Python's str.isupper does.
func isUpper(s string) bool {
	upper := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z':
				return false
			case 'A' <= c && c <= 'Z':
				upper = true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsLower(r) || unicode.IsTitle(r):
			return false
		case unicode.IsUpper(r):
			upper = true
		}
		i += size
	}
	return upper
}

// hasNT reports whether s holds "n't" (or "n’t") in any case. token
// checks the folded word instead; this is for words too long to fold.
func hasNT(s string) bool {
	for i := 1; i < len(s); i++ {
		var rest string
		switch {
		case s[i] == '\'':
			rest = s[i+1:]
		case strings.HasPrefix(s[i:], "’"):
			rest = s[i+len("’"):]
		default:
			continue
		}
		if (s[i-1] == 'n' || s[i-1] == 'N') && rest != "" && (rest[0] == 't' || rest[0] == 'T') {
			return true
		}
	}
	return false
}

// appendFolded appends s lower-cased, with ’ read as ', to dst. Bytes that
// are not valid UTF-8 are kept as they are. The analyser folds the words of
// a text the same way before it looks them up.
func appendFolded(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, c)
			i++
			continue
		}
		dst = utf8.AppendRune(dst, foldRune(r))
		i += size
	}
	return dst
}

func foldRune(r rune) rune {
	if r == '’' {
		return '\''
	}
	return unicode.ToLower(r)
}
