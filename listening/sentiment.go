package listening

import (
	"io"

	"github.com/engagekit/engage/listening/sentiment"
)

// The sentiment analyser moved to the package listening/sentiment; these
// names stay so that code written against them keeps compiling.

// Analyzer scores the sentiment of a text.
//
// Deprecated: use [sentiment.Analyzer].
type Analyzer = sentiment.Analyzer

// AnalyzerFunc adapts a function to the [Analyzer] interface.
//
// Deprecated: use [sentiment.AnalyzerFunc].
type AnalyzerFunc = sentiment.AnalyzerFunc

// Sentiment is an analyser's reading of a text.
//
// Deprecated: use [sentiment.Sentiment].
type Sentiment = sentiment.Sentiment

// Lexicon maps tokens to a valence.
//
// Deprecated: use [sentiment.Lexicon].
type Lexicon = sentiment.Lexicon

// LexiconError reports a lexicon entry that cannot be used.
//
// Deprecated: use [sentiment.LexiconError].
type LexiconError = sentiment.LexiconError

// RuleAnalyzer is the rule-based analyser after VADER.
//
// Deprecated: use [sentiment.RuleAnalyzer].
type RuleAnalyzer = sentiment.RuleAnalyzer

// RuleOption adjusts a [RuleAnalyzer] built by [NewRuleAnalyzer].
//
// Deprecated: use the fields of [sentiment.RuleConfig].
type RuleOption func(*sentiment.RuleConfig)

// Limits on lexicon entries.
const (
	// Deprecated: use [sentiment.MaxValence].
	MaxValence = sentiment.MaxValence
	// Deprecated: use [sentiment.MaxPhraseWords].
	MaxPhraseWords = sentiment.MaxPhraseWords
	// Deprecated: use [sentiment.MaxWordBytes].
	MaxWordBytes = sentiment.MaxWordBytes
)

// ErrBadLexicon is matched by every error about a lexicon entry. It is the
// very value of [sentiment.ErrBadLexicon], so either matches.
//
// Deprecated: use [sentiment.ErrBadLexicon].
var ErrBadLexicon = sentiment.ErrBadLexicon

// NewLexicon returns a lexicon holding entries.
//
// Deprecated: use [sentiment.NewLexicon].
func NewLexicon(entries map[string]float64) (*Lexicon, error) {
	return sentiment.NewLexicon(entries)
}

// ReadLexicon reads a lexicon in the `token<TAB>valence` format.
//
// Deprecated: use [sentiment.ReadLexicon].
func ReadLexicon(r io.Reader) (*Lexicon, error) { return sentiment.ReadLexicon(r) }

// DefaultLexicon returns a fresh copy of the default lexicon.
//
// Deprecated: use [sentiment.DefaultLexicon].
func DefaultLexicon() *Lexicon { return sentiment.DefaultLexicon() }

// NewRuleAnalyzer returns an analyser that reads with lex, or with the
// default lexicon when lex is nil, adjusted by opts.
//
// Deprecated: use [sentiment.NewRuleAnalyzer] with a [sentiment.RuleConfig].
func NewRuleAnalyzer(lex *Lexicon, opts ...RuleOption) *RuleAnalyzer {
	cfg := sentiment.RuleConfig{Lexicon: lex}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	return sentiment.NewRuleAnalyzer(cfg)
}

// WithBoosters adds boosters and dampeners for a domain.
//
// Deprecated: use [sentiment.RuleConfig.Boosters].
func WithBoosters(boosters map[string]float64) RuleOption {
	return func(c *sentiment.RuleConfig) {
		if c.Boosters == nil {
			c.Boosters = make(map[string]float64, len(boosters))
		}
		for w, s := range boosters {
			c.Boosters[w] = s
		}
	}
}

// WithNegations adds words that negate the sentiment word after them.
//
// Deprecated: use [sentiment.RuleConfig.Negations].
func WithNegations(words ...string) RuleOption {
	return func(c *sentiment.RuleConfig) { c.Negations = append(c.Negations, words...) }
}
