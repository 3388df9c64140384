package sentiment

import (
	"bytes"
	"unicode/utf8"
)

// lookupForms finds the folded word b in the forms token tries. It may
// change b.
func (t *ruleTable) lookupForms(b []byte, ff foldFlags) int32 {
	s := trimPunct(b)
	form, other := b, s
	if len(s) > 8 || len(s) > 2 && (ff&foldWide == 0 || utf8.RuneCount(s) > 2) {
		form, other = s, b
	}
	if w := t.find(form); w >= 0 {
		return w
	}
	if ff&foldAmp != 0 {
		var dbuf [MaxWordBytes]byte
		d := decodeEntities(dbuf[:copy(dbuf[:], b)])
		if w := t.lookupForms(d, ff&^foldAmp); w >= 0 {
			return w
		}
	}
	if len(other) != len(form) && len(other) > 0 {
		if w := t.find(other); w >= 0 {
			return w
		}
	}
	trimmed := b
	for len(trimmed) > 0 && isEndMark(trimmed[len(trimmed)-1]) {
		trimmed = trimmed[:len(trimmed)-1]
	}
	if len(trimmed) != len(b) && !bytes.Equal(trimmed, s) && len(trimmed) > 0 {
		if w := t.find(trimmed); w >= 0 {
			return w
		}
	}
	if ff&foldRun != 0 && len(s) > 2 && hasRun(s, 3) {
		c := squeeze(s, 2)
		if w := t.find(c); w >= 0 {
			return w
		}
		return t.find(squeeze(c, 1))
	}
	return -1
}

func isEndMark(c byte) bool { return c == '!' || c == '?' || c == '.' || c == ',' }

// hasRun reports whether b holds a run of k or more of one ASCII letter.
func hasRun(b []byte, k int) bool {
	run := 0
	for i, c := range b {
		if i > 0 && c == b[i-1] && 'a' <= c && c <= 'z' {
			run++
			if run >= k {
				return true
			}
		} else {
			run = 1
		}
	}
	return false
}

// decodeEntities replaces the HTML entities &lt; &gt; &amp; and &quot; in
// b, in place.
func decodeEntities(b []byte) []byte {
	out := b[:0]
	for i := 0; i < len(b); {
		if b[i] == '&' {
			matched := false
			for _, e := range [...]struct {
				name string
				c    byte
			}{{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}} {
				if bytes.HasPrefix(b[i:], []byte(e.name)) {
					out = append(out, e.c)
					i += len(e.name)
					matched = true
					break
				}
			}
			if matched {
				continue
			}
		}
		out = append(out, b[i])
		i++
	}
	return out
}

// trimPunct strips ASCII punctuation from either end of b.
func trimPunct(b []byte) []byte {
	for len(b) > 0 && b[0] < utf8.RuneSelf && asciiClass[b[0]]&classPunct != 0 {
		b = b[1:]
	}
	for len(b) > 0 && b[len(b)-1] < utf8.RuneSelf && asciiClass[b[len(b)-1]]&classPunct != 0 {
		b = b[:len(b)-1]
	}
	return b
}

// squeeze cuts every run of a repeated ASCII letter in b to at most keep
// letters, in place.
func squeeze(b []byte, keep int) []byte {
	out := b[:0]
	run := 0
	for i, c := range b {
		if i > 0 && c == b[i-1] && 'a' <= c && c <= 'z' {
			run++
		} else {
			run = 1
		}
		if run <= keep {
			out = append(out, c)
		}
	}
	return out
}
