package listening

import (
	"bytes"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The figures of the rules, from Hutto & Gilbert (2014), "VADER: A
// Parsimonious Rule-based Model for Sentiment Analysis of Social Media
// Text" (ICWSM), which derived them from human ratings of texts that differ
// in one feature only.
const (
	// boostIncrement is what a booster ("very") adds to the magnitude of the
	// sentiment word after it, and a dampener ("slightly") takes off.
	boostIncrement = 0.293
	// capsIncrement is what capitals add to the magnitude of a word, when
	// the text is not all capitals.
	capsIncrement = 0.733
	// negationScalar multiplies the valence of a negated word: negation
	// flips it and weakens it ("not good" is less bad than "bad").
	negationScalar = -0.74
	// neverSoScalar multiplies the valence after "never so" or "never
	// this", which emphasise rather than negate.
	neverSoScalar = 1.25
	// beforeBut and afterBut weigh the words before and after the first
	// "but": the clause after a contrast carries the writer's view.
	beforeBut = 0.5
	afterBut  = 1.5
	// questionScalar weighs the sentiment words of a question (a sentence
	// ending in '?'): a question asks rather than asserts ("is it any
	// good?"). This rule is ours, not VADER's; on the 4,200 rated tweets it
	// raises r by about 0.002.
	questionScalar = 0.5
	// exclaimIncrement is the emphasis of each '!', up to maxExclaims.
	exclaimIncrement = 0.292
	maxExclaims      = 4
	// questionIncrement is the emphasis of each '?' when a text holds two or
	// three; four or more count as maxQuestion.
	questionIncrement = 0.18
	maxQuestion       = 0.96
	// alpha shapes the normalisation of the summed valence s into a score
	// s/sqrt(s²+alpha) in (-1, 1); 15 is about the largest sum a text is
	// expected to reach.
	alpha = 15
)

// boosterWords scale the sentiment word after them: +1 boosts it by
// boostIncrement, -1 dampens it by as much.
var boosterWords = map[string]float64{
	// boosters
	"absolutely": 1, "amazingly": 1, "awfully": 1, "completely": 1,
	"considerable": 1, "considerably": 1, "decidedly": 1, "deeply": 1,
	"effing": 1, "enormous": 1, "enormously": 1, "entirely": 1,
	"especially": 1, "exceptional": 1, "exceptionally": 1, "extreme": 1,
	"extremely": 1, "fabulously": 1, "flippin": 1, "flipping": 1,
	"frackin": 1, "fracking": 1, "frickin": 1, "fricking": 1,
	"friggin": 1, "frigging": 1, "fuckin": 1, "fucking": 1, "fuggin": 1,
	"fugging": 1, "fully": 1, "greatly": 1, "hella": 1, "highly": 1,
	"hugely": 1, "incredible": 1, "incredibly": 1, "intensely": 1,
	"major": 1, "majorly": 1, "more": 1, "most": 1, "particularly": 1,
	"purely": 1, "quite": 1, "really": 1, "remarkably": 1, "so": 1,
	"substantially": 1, "thoroughly": 1, "total": 1, "totally": 1,
	"tremendous": 1, "tremendously": 1, "uber": 1, "unbelievably": 1,
	"unusually": 1, "utter": 1, "utterly": 1, "very": 1,
	// dampeners
	"almost": -1, "barely": -1, "hardly": -1, "kinda": -1, "kindof": -1,
	"kind-of": -1, "less": -1, "little": -1, "marginal": -1,
	"marginally": -1, "occasional": -1, "occasionally": -1, "partly": -1,
	"scarce": -1, "scarcely": -1, "slight": -1, "slightly": -1,
	"somewhat": -1, "sorta": -1, "sortof": -1, "sort-of": -1,
}

// negationWords negate a sentiment word up to three words after them. Any
// word holding "n't" negates too.
var negationWords = []string{
	"aint", "arent", "cannot", "cant", "couldnt", "darent", "despite",
	"didnt", "doesnt", "dont", "hadnt", "hasnt", "havent", "isnt",
	"mightnt", "mustnt", "neednt", "neither", "never", "none", "nope",
	"nor", "not", "nothing", "nowhere", "oughtnt", "rarely", "seldom",
	"shant", "shouldnt", "uh-uh", "uhuh", "wasnt", "werent", "without",
	"wont", "wouldnt",
}

// idioms are phrases whose sense is not that of their words. Phrases in
// the analyser's lexicon take precedence.
var idioms = map[string]float64{
	"yeah right":        -2,
	"to die for":        2.5,
	"kiss of death":     -2,
	"broken heart":      -2.5,
	"under the weather": -1.5,
	"cut the mustard":   1.5,
	"hand to mouth":     -1.5,
	"blowing smoke":     -1.5,
	"on the ball":       1.5,
	"in the red":        -1.5,
	"bad ass":           1.5,
	"the bomb":          2.5,
	"the shit":          2.5,
	"bus stop":          0,
	"break a leg":       2,
	"upper hand":        1,
	"back handed":       -1.5,
	"in the black":      1.5,
	"beating heart":     2.5,
}

// wordFlags say what part a word plays in the rules. The top bits are
// set per token, not per word.
type wordFlags uint32

const (
	fLexicon     wordFlags = 1 << iota // the word has a valence of its own
	fBooster                           // a booster or dampener
	fNegation                          // negates what follows
	fNo                                // "no"
	fOrNor                             // "or", "nor"
	fKindSort                          // "kind", "sort"
	fOf                                // "of"
	fNever                             // "never"
	fSoThis                            // "so", "this"
	fWithout                           // "without"
	fDoubt                             // "doubt"
	fLeast                             // "least"
	fAtVery                            // "at", "very"
	fBut                               // "but"
	fPhraseStart                       // first word of a phrase
	fEnough                            // "enough"
	fJust                              // "just"

	tUpper wordFlags = 1 << 30 // the token is in capitals
	tNT    wordFlags = 1 << 31 // the token holds "n't"
	tEnd   wordFlags = 1 << 29 // the token ends a sentence
	tQ     wordFlags = 1 << 28 // the token ends a question
	tInQ   wordFlags = 1 << 27 // the token is in a question
	tColon wordFlags = 1 << 26 // the token ends a clause with ':'
)

// clauseEnd marks a token after which the words that follow start afresh:
// negations and boosters before it do not reach past it.
const clauseEnd = tEnd | tColon

var ruleWordFlags = map[string]wordFlags{
	"no": fNo, "or": fOrNor, "nor": fOrNor, "kind": fKindSort,
	"sort": fKindSort, "of": fOf, "never": fNever, "so": fSoThis,
	"this": fSoThis, "without": fWithout, "doubt": fDoubt,
	"least": fLeast, "at": fAtVery, "very": fAtVery, "but": fBut,
	"enough": fEnough, "just": fJust,
}

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

// RuleOption adjusts a [RuleAnalyzer] built by [NewRuleAnalyzer].
type RuleOption func(*ruleConfig)

type ruleConfig struct {
	boosters  map[string]float64
	negations []string
}

// WithBoosters adds boosters and dampeners for a domain, or overrides the
// built-in ones: each word maps to what it adds to the magnitude of the
// sentiment word after it (the published boost is 0.293; a dampener such as
// "slightly" is -0.293). Scalars beyond ±[MaxValence] are cut to it; words
// of several words, and NaN scalars, are ignored.
func WithBoosters(boosters map[string]float64) RuleOption {
	return func(c *ruleConfig) {
		if c.boosters == nil {
			c.boosters = make(map[string]float64, len(boosters))
		}
		for w, s := range boosters {
			c.boosters[w] = s
		}
	}
}

// WithNegations adds words that negate the sentiment word up to three words
// after them, beside the built-in "not", "never", "without", "isn't" and
// the like.
func WithNegations(words ...string) RuleOption {
	return func(c *ruleConfig) { c.negations = append(c.negations, words...) }
}

// RuleAnalyzer is a rule-based [Analyzer] after VADER (Hutto & Gilbert
// 2014): it looks each word of a text up in a [Lexicon] and adjusts its
// valence for the words around it and for emphasis, then normalises the
// sum into a score in [-1, 1].
//
// The rules, in the order applied to a sentiment word:
//   - phrases of the lexicon, and a few built-in idioms ("yeah right",
//     "bad ass"), count as one word;
//   - "no" before a sentiment word reads as negation, not as a word;
//   - capitals add emphasis when the text is not all capitals;
//   - boosters ("very", "extremely") and dampeners ("slightly", "kind of")
//     in the three words before add or take off 0.293, less with distance;
//   - a negation ("not", "isn't", "never", "without") in the three words
//     before multiplies the valence by -0.74; "never so", "without doubt"
//     and "at least" do not negate, a bare "least" does;
//   - the words before the first "but" count half, those after it 1.5
//     times;
//   - each '!' (up to 4) and two or more '?' add emphasis to the sum.
//
// Where this reading departs from the published rules, it is to fix what
// they get wrong in plain cases: the look-back for boosters and negations
// stops at an earlier sentiment word, which they belong to ("don't care,
// don't care" is not a double negation), and at the end of a sentence or
// of a clause ending in ':' ("it never came: the worst delivery ever" is
// negative); "no" is not negated by another
// "no" ("no no no"); and the sentiment words of a question (a sentence
// ending in '?') count half, since a question asks rather than asserts.
//
// Words are split on white space, with emoji as words of their own, and
// stripped of punctuation at either end unless that would leave two
// characters or fewer (so emoticons such as ":)" stay whole). Case is
// folded before lookup. A word not found is tried again with HTML entities
// decoded ("&lt;3"), with the other of its stripped and whole forms ("ok."),
// without trailing '!', '?', '.' or ',' and with drawn-out letters cut
// ("goood").
//
// The Positive, Negative and Neutral shares of the [Sentiment] are those
// of the summed valence of positive words (each plus 1), negative words
// (each minus 1) and the count of neutral words.
//
// The zero RuleAnalyzer reads with [DefaultLexicon]. A RuleAnalyzer is safe
// for concurrent use; Analyze allocates nothing for texts of up to 128
// words, and once for longer texts.
type RuleAnalyzer struct {
	tab *ruleTable
}

var _ Analyzer = (*RuleAnalyzer)(nil)

// NewRuleAnalyzer returns an analyser that reads with lex, or with
// [DefaultLexicon] when lex is nil. It takes its own copy of lex.
func NewRuleAnalyzer(lex *Lexicon, opts ...RuleOption) *RuleAnalyzer {
	var c ruleConfig
	for _, o := range opts {
		o(&c)
	}
	if lex == nil {
		if len(opts) == 0 {
			return &RuleAnalyzer{tab: defaultTable()}
		}
		lex = defaultLexicon()
	}
	return &RuleAnalyzer{tab: buildTable(lex, c)}
}

// defaultTable is the table of the zero RuleAnalyzer, built on first use.
var defaultTable = sync.OnceValue(func() *ruleTable {
	return buildTable(defaultLexicon(), ruleConfig{})
})

func (a *RuleAnalyzer) table() *ruleTable {
	if a == nil || a.tab == nil {
		return defaultTable()
	}
	return a.tab
}

// buildTable merges lex with the rule words.
func buildTable(lex *Lexicon, c ruleConfig) *ruleTable {
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
	for w, s := range c.boosters {
		key, err := normalizeToken(w)
		if err != nil || strings.Contains(key, " ") || math.IsNaN(s) {
			continue
		}
		wi := word(key)
		wi.flags |= fBooster
		wi.boost = max(-MaxValence, min(MaxValence, s))
	}
	for _, w := range slices.Concat(negationWords, c.negations) {
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

// stackTokens is how many words Analyze reads without allocating.
const stackTokens = 128

// token is one word of a text as the rules see it.
type token struct {
	w int32 // index in ruleTable.words; -1 when unknown
	f wordFlags
}

// Analyze returns the sentiment of text. It never fails: a text with no
// words gives the zero Sentiment, and bytes that are not UTF-8 are read as
// they are.
func (a *RuleAnalyzer) Analyze(text string) Sentiment {
	t := a.table()
	var buf [stackTokens]token
	toks := t.tokenize(text, buf[:0])
	if len(toks) == 0 {
		return Sentiment{}
	}
	upper, but := 0, -1
	for i, tk := range toks {
		if tk.f&tUpper != 0 {
			upper++
		}
		if but < 0 && tk.f&fBut != 0 {
			but = i
		}
	}
	capDiff := upper > 0 && upper < len(toks)
	// Mark the words of questions, from the end of each sentence back.
	{
		inQ := false // the sentence being read back ends in '?'
		for i := len(toks) - 1; i >= 0; i-- {
			if toks[i].f&tEnd != 0 || toks[i].f&tQ != 0 {
				inQ = toks[i].f&tQ != 0
			}
			if inQ {
				toks[i].f |= tInQ
			}
		}
	}

	var sum, pos, neg, neu float64
	skip := 0
	for i := range toks {
		var v float64
		f := toks[i].f
		switch {
		case skip > 0:
			skip--
		case f&fPhraseStart != 0 && t.phraseAt(toks, i, &v, &skip):
			v = t.adjust(toks, i, v, capDiff)
		case f&fBooster != 0:
		case f&fKindSort != 0 && i+1 < len(toks) && toks[i+1].f&fOf != 0:
		case f&fLexicon != 0:
			v = t.adjust(toks, i, t.words[toks[i].w].valence, capDiff)
		}
		if toks[i].f&tInQ != 0 {
			v *= questionScalar
		}
		if but >= 0 {
			if i < but {
				v *= beforeBut
			} else if i > but {
				v *= afterBut
			}
		}
		sum += v
		switch {
		case v > 0:
			pos += v + 1
		case v < 0:
			neg += v - 1
		default:
			neu++
		}
	}

	emph := emphasis(text)
	if sum > 0 {
		sum += emph
	} else if sum < 0 {
		sum -= emph
	}
	if pos > -neg {
		pos += emph
	} else if pos < -neg {
		neg -= emph
	}
	total := pos - neg + neu
	return Sentiment{
		Score:    max(-1, min(1, sum/math.Sqrt(sum*sum+alpha))),
		Positive: pos / total,
		Negative: math.Abs(neg) / total,
		Neutral:  neu / total,
	}
}

// emphasis is what the text's '!' and '?' add to the magnitude of its sum.
func emphasis(text string) float64 {
	e := float64(min(strings.Count(text, "!"), maxExclaims)) * exclaimIncrement
	switch q := strings.Count(text, "?"); {
	case q > 3:
		e += maxQuestion
	case q > 1:
		e += float64(q) * questionIncrement
	}
	return e
}

// phraseAt reports whether a phrase starts at toks[i], the longest if
// several do; it sets *v to its valence and *skip to its other words.
func (t *ruleTable) phraseAt(toks []token, i int, v *float64, skip *int) bool {
	var k phraseKey
	n := 0
	for n < MaxPhraseWords && i+n < len(toks) {
		w := toks[i+n].w
		if w < 0 || t.words[w].id == 0 {
			break
		}
		k[n] = t.words[w].id
		n++
	}
	for ; n >= 2; n-- {
		if pv, ok := t.phrases[k]; ok {
			*v, *skip = pv, n-1
			return true
		}
		k[n-1] = 0
	}
	return false
}

// adjust applies the rules about neighbouring words to the valence v of
// the sentiment word toks[i].
func (t *ruleTable) adjust(toks []token, i int, v float64, capDiff bool) float64 {
	base := v
	f := toks[i].f
	if f&(fNo|clauseEnd) == fNo && i+1 < len(toks) && toks[i+1].f&fLexicon != 0 {
		v = 0 // "no" negates the next word rather than counting itself
	}
	// back is how many words before this one are in its clause, at most 3.
	back := 0
	for back < 3 && back < i && toks[i-back-1].f&clauseEnd == 0 {
		back++
	}
	if f&fNo == 0 && (back > 0 && toks[i-1].f&fNo != 0 || back > 1 && toks[i-2].f&fNo != 0 ||
		back > 2 && toks[i-3].f&fNo != 0 && toks[i-1].f&fOrNor != 0) {
		v = base * negationScalar
	}
	if capDiff && f&tUpper != 0 {
		if v > 0 {
			v += capsIncrement
		} else if v < 0 {
			v -= capsIncrement
		}
	}
	for d := range back {
		j := i - d - 1
		p := toks[j].f
		if p&fLexicon != 0 {
			break // what comes before belongs to that sentiment word
		}
		if p&fBooster != 0 {
			s := t.words[toks[j].w].boost
			if v < 0 {
				s = -s
			}
			if capDiff && p&tUpper != 0 {
				if v > 0 {
					s += capsIncrement
				} else {
					s -= capsIncrement
				}
			}
			v += s * [3]float64{1, 0.95, 0.9}[d]
		}
		switch d {
		case 0:
			if negates(p) {
				v *= negationScalar
			}
		case 1:
			q := toks[i-1].f
			switch {
			case p&fNever != 0 && q&fSoThis != 0:
				v *= neverSoScalar
			case p&fWithout != 0 && q&fDoubt != 0:
			case negates(p):
				v *= negationScalar
			}
		case 2:
			q1, q2 := toks[i-1].f, toks[i-2].f
			switch {
			case p&fNever != 0 && q2&fSoThis != 0 || q1&fSoThis != 0:
				v *= neverSoScalar
			case p&fWithout != 0 && (q2&fDoubt != 0 || q1&fDoubt != 0):
			case negates(p):
				v *= negationScalar
			}
		}
	}
	// "kind of", "sort of" and "just enough" dampen like one word.
	if back > 1 && (toks[i-2].f&fKindSort != 0 && toks[i-1].f&fOf != 0 ||
		toks[i-2].f&fJust != 0 && toks[i-1].f&fEnough != 0) {
		if v > 0 {
			v -= boostIncrement
		} else if v < 0 {
			v += boostIncrement
		}
	}
	// "least" negates, but "at least" and "very least" do not.
	if back > 0 && toks[i-1].f&(fLeast|fLexicon) == fLeast &&
		(back == 1 || toks[i-2].f&fAtVery == 0) {
		v *= negationScalar
	}
	return v
}

func negates(f wordFlags) bool { return f&(fNegation|tNT) != 0 }

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

func isEndMark(c byte) bool { return c == '!' || c == '?' || c == '.' || c == ',' }

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
