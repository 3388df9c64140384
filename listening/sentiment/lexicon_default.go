package sentiment

import (
	_ "embed"
	"strings"
	"sync"
)

// defaultLexiconTSV is our own lexicon for customer-service language, in
// the format ReadLexicon reads; its header says how it was made.
//
//go:embed lexicons/customer_service.tsv
var defaultLexiconTSV string

// defaultLexicon is the parsed default lexicon, built on first use and
// never changed; callers that may change it take a Clone.
var defaultLexicon = sync.OnceValue(func() *Lexicon {
	l, err := ReadLexicon(strings.NewReader(defaultLexiconTSV))
	if err != nil {
		panic("sentiment: embedded default lexicon: " + err.Error()) // caught by the tests
	}
	return l
})

// DefaultLexicon returns a fresh copy of our own lexicon for customer-service
// language: complaints (refund, delay, broken, rude, on hold), churn
// ("cancel", "switching to"), praise (helpful, quick delivery), emoticons
// and common emoji and slang, and general positive and negative words, on
// VADER's scale of -4 (most negative) to +4 (most positive). It holds a few
// hundred entries written for this package, not taken from VADER or AFINN.
//
// It is what the zero [RuleAnalyzer] reads with. Change the copy freely,
// for example by merging a domain lexicon into it, and pass it to
// [NewRuleAnalyzer] as [RuleConfig.Lexicon].
func DefaultLexicon() *Lexicon { return defaultLexicon().Clone() }
