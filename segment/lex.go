package segment

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// tokKind is the kind of a token of the text form.
type tokKind uint8

const (
	tokEOF      tokKind = iota
	tokIdent            // stage, advocate, and, trait
	tokString           // "acme", with Go escapes
	tokNumber           // 100.00, -3
	tokDuration         // 30d, 12h, 2w
	tokPunct            // ( ) , . = != < <= > >=
)

// token is one token of the text form, at byte offset off.
type token struct {
	kind tokKind
	text string // as written
	off  int
	str  string // the unquoted text of a tokString
}

// lexer splits the text form into tokens.
type lexer struct {
	src string
	off int
}

func isIdentStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }
func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentByte(c byte) bool  { return isIdentStart(c) || isDigit(c) }

// isIdent reports whether s can be written as a bare identifier.
func isIdent(s string) bool {
	if s == "" || !isIdentStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isIdentByte(s[i]) {
			return false
		}
	}
	return true
}

// next returns the next token, or an error naming the bad one.
func (l *lexer) next() (token, error) {
	for l.off < len(l.src) && strings.IndexByte(" \t\r\n", l.src[l.off]) >= 0 {
		l.off++
	}
	start := l.off
	if start >= len(l.src) {
		return token{kind: tokEOF, off: start}, nil
	}
	c := l.src[start]
	switch {
	case isIdentStart(c):
		end := start + 1
		for end < len(l.src) && isIdentByte(l.src[end]) {
			end++
		}
		l.off = end
		return token{kind: tokIdent, text: l.src[start:end], off: start}, nil
	case c == '"':
		return l.quoted(start)
	case isDigit(c) || c == '-' && start+1 < len(l.src) && isDigit(l.src[start+1]):
		return l.number(start)
	}
	for _, p := range [...]string{"!=", "<=", ">=", "(", ")", ",", ".", "=", "<", ">"} {
		if strings.HasPrefix(l.src[start:], p) {
			l.off = start + len(p)
			return token{kind: tokPunct, text: p, off: start}, nil
		}
	}
	end := start + 1
	for end < len(l.src) && l.src[end]&0xc0 == 0x80 {
		end++
	}
	return token{}, textError(l.src, start, l.src[start:end], "unexpected character")
}

// quoted reads a Go-style double-quoted string starting at start.
func (l *lexer) quoted(start int) (token, error) {
	end := start + 1
	for end < len(l.src) && l.src[end] != '"' {
		if l.src[end] == '\n' {
			break
		}
		if l.src[end] == '\\' {
			end++
		}
		end++
	}
	if end >= len(l.src) || l.src[end] != '"' {
		return token{}, textError(l.src, start, l.src[start:min(end, len(l.src))], "string is not closed")
	}
	end++
	text := l.src[start:end]
	s, err := strconv.Unquote(text)
	if err != nil {
		return token{}, textError(l.src, start, text, "not a valid quoted string (Go escapes)")
	}
	if !utf8.ValidString(s) {
		return token{}, textError(l.src, start, text, "text is not valid UTF-8, which the JSON form cannot carry")
	}
	l.off = end
	return token{kind: tokString, text: text, off: start, str: s}, nil
}

// number reads a decimal number, or a duration: whole number and unit.
func (l *lexer) number(start int) (token, error) {
	end := start
	if l.src[end] == '-' {
		end++
	}
	for end < len(l.src) && isDigit(l.src[end]) {
		end++
	}
	if end+1 < len(l.src) && l.src[end] == '.' && isDigit(l.src[end+1]) {
		end++
		for end < len(l.src) && isDigit(l.src[end]) {
			end++
		}
	}
	kind := tokNumber
	if end < len(l.src) && isIdentStart(l.src[end]) {
		for end < len(l.src) && isIdentByte(l.src[end]) {
			end++
		}
		kind = tokDuration
	}
	l.off = end
	return token{kind: kind, text: l.src[start:end], off: start}, nil
}
