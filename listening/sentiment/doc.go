// Package sentiment scores how positive or negative a text reads.
//
// An [Analyzer] scores a text from -1 (most negative) to +1 (most
// positive) and says which shares of it read positive, negative and
// neutral ([Sentiment]). [AnalyzerFunc] adapts a plain function.
//
// # The rule-based analyser
//
// [RuleAnalyzer] follows VADER (Hutto & Gilbert 2014, "VADER: A
// Parsimonious Rule-based Model for Sentiment Analysis of Social Media
// Text", ICWSM): it looks each word up in a [Lexicon], adjusts its valence
// for boosters, negations, capitals, "but" and punctuation, and normalises
// the sum. Its zero value reads with [DefaultLexicon], a lexicon of
// customer-service language written for this package; [NewRuleAnalyzer]
// takes a [RuleConfig] with another lexicon or more rule words, each zero
// field meaning its default.
//
// # Lexicons
//
// A [Lexicon] maps words, emoticons, emoji and short phrases to a valence.
// [ReadLexicon] reads the `token<TAB>valence` lists VADER and AFINN
// publish, and [Lexicon.WriteTo] writes one back; [Lexicon.Merge] lays
// domain words over a general lexicon. A bad entry is reported as a
// *[LexiconError] naming its line, column and value, matching
// [ErrBadLexicon].
//
// # Implementing an Analyzer
//
// The package listening/sentiment/sentimenttest checks any [Analyzer]
// against the contract documented on the interface.
//
// # Concurrency
//
// Analyzers are safe for concurrent use. A [Lexicon] is not safe for
// concurrent writes; an analyser takes its own copy of it.
package sentiment
