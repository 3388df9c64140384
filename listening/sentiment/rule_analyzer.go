package sentiment

import (
	"math"
	"strings"
	"sync"
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

// RuleConfig configures a [RuleAnalyzer] built by [NewRuleAnalyzer]. A
// zero RuleConfig consists entirely of defaults: the default lexicon and
// the built-in rule words.
type RuleConfig struct {
	// Lexicon is what the analyser reads with; nil means [DefaultLexicon].
	// The analyser takes its own copy, so changing the Lexicon later does
	// not change the analyser.
	Lexicon *Lexicon
	// Boosters adds boosters and dampeners for a domain, or overrides the
	// built-in ones: each word maps to what it adds to the magnitude of
	// the sentiment word after it (the published boost is 0.293; a
	// dampener such as "slightly" is -0.293). Scalars beyond ±[MaxValence]
	// are cut to it; entries of several words, and NaN scalars, are
	// ignored.
	Boosters map[string]float64
	// Negations adds words that negate the sentiment word up to three
	// words after them, beside the built-in "not", "never", "without",
	// "isn't" and the like. Entries of several words are ignored.
	Negations []string
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

// NewRuleAnalyzer returns an analyser configured by cfg. The analyser
// built from the zero RuleConfig is the zero RuleAnalyzer's.
func NewRuleAnalyzer(cfg RuleConfig) *RuleAnalyzer {
	if cfg.Lexicon == nil && len(cfg.Boosters) == 0 && len(cfg.Negations) == 0 {
		return &RuleAnalyzer{tab: defaultTable()}
	}
	lex := cfg.Lexicon
	if lex == nil {
		lex = defaultLexicon()
	}
	return &RuleAnalyzer{tab: buildTable(lex, cfg)}
}

// defaultTable is the table of the zero RuleAnalyzer, built on first use.
var defaultTable = sync.OnceValue(func() *ruleTable {
	return buildTable(defaultLexicon(), RuleConfig{})
})

func (a *RuleAnalyzer) table() *ruleTable {
	if a == nil || a.tab == nil {
		return defaultTable()
	}
	return a.tab
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
