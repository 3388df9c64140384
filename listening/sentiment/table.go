package sentiment

import (
	"maps"
	"math"
	"slices"
	"strings"
)

// wordInfo is what the rules know of one word.
type wordInfo struct {
	valence float64 // when fLexicon
	boost   float64 // signed scalar, when fBooster
	id      uint32  // number of the word within phrases; 0 when in none
	flags   wordFlags
}

type phraseKey [MaxPhraseWords]uint32

// ruleTable is an analyser's read-only view of its lexicon and rules.
type ruleTable struct {
	index   map[string]int32 // folded word -> words, while building
	slots   []slot           // index laid out for find
	mask    uint64
	keys    []byte
	seen    [1024]uint64 // one bit per value of the 16 high bits of a word's hash
	words   []wordInfo
	phrases map[phraseKey]float64
	maxLen  int // longest word in index, in bytes
}

// buildTable merges lex with the rule words and those of c.
func buildTable(lex *Lexicon, c RuleConfig) *ruleTable {
	t := &ruleTable{
		index:   make(map[string]int32, len(lex.m)+len(boosterWords)+len(negationWords)),
		phrases: make(map[phraseKey]float64),
	}
	word := func(w string) *wordInfo {
		i, ok := t.index[w]
		if !ok {
			i = int32(len(t.words))
			t.words = append(t.words, wordInfo{})
			t.index[w] = i
			t.maxLen = max(t.maxLen, len(w))
		}
		return &t.words[i]
	}
	for w, f := range ruleWordFlags {
		word(w).flags |= f
	}
	for w, s := range boosterWords {
		wi := word(w)
		wi.flags |= fBooster
		wi.boost = s * boostIncrement
	}
	for w, s := range c.Boosters {
		key, err := normalizeToken(w)
		if err != nil || strings.Contains(key, " ") || math.IsNaN(s) {
			continue
		}
		wi := word(key)
		wi.flags |= fBooster
		wi.boost = max(-MaxValence, min(MaxValence, s))
	}
	for _, w := range slices.Concat(negationWords, c.Negations) {
		if key, err := normalizeToken(w); err == nil && !strings.Contains(key, " ") {
			word(key).flags |= fNegation
		}
	}
	var ids uint32
	addPhrase := func(p string, v float64) {
		var k phraseKey
		for j, w := range strings.Split(p, " ") {
			wi := word(w)
			if wi.id == 0 {
				ids++
				wi.id = ids
			}
			k[j] = wi.id
			if j == 0 {
				wi.flags |= fPhraseStart
			}
		}
		t.phrases[k] = v
	}
	for p, v := range idioms {
		addPhrase(p, v)
	}
	for k, v := range lex.m {
		if strings.Contains(k, " ") {
			addPhrase(k, v)
			continue
		}
		wi := word(k)
		wi.flags |= fLexicon
		wi.valence = v
	}
	t.compile()
	t.index = nil
	return t
}

// find returns the index of the folded word b, or -1.
func (t *ruleTable) find(b []byte) int32 {
	if len(b) > t.maxLen {
		return -1
	}
	h := hashWord(b)
	if t.seen[h>>54]&(1<<(h>>48&63)) == 0 {
		return -1 // a quick no for most words, which are in no table
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		sl := &t.slots[i]
		if sl.w < 0 {
			return -1
		}
		if sl.hash == uint32(h) && int(sl.n) == len(b) && string(t.keys[sl.off:sl.off+uint32(sl.n)]) == string(b) {
			return sl.w
		}
	}
}

// hashWord is FNV-1a, which is quick on words of a few bytes.
func hashWord(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h ^ h>>32
}

// slot is one entry of the open-addressing table behind find.
type slot struct {
	hash uint32
	off  uint32 // of the word in keys
	n    uint8  // length of the word
	w    int32  // index in words; -1 when the slot is empty
}

// compile lays index out as the open-addressing table find probes, at
// most half full.
func (t *ruleTable) compile() {
	size := 16
	for size < 2*len(t.index) {
		size *= 2
	}
	t.mask = uint64(size - 1)
	t.slots = make([]slot, size)
	for i := range t.slots {
		t.slots[i].w = -1
	}
	for _, k := range slices.Sorted(maps.Keys(t.index)) {
		h := hashWord([]byte(k))
		i := h & t.mask
		for t.slots[i].w >= 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = slot{hash: uint32(h), off: uint32(len(t.keys)), n: uint8(len(k)), w: t.index[k]}
		t.seen[h>>54] |= 1 << (h >> 48 & 63)
		t.keys = append(t.keys, k...)
	}
}
