package sentiment

// Analyzer scores the sentiment of a text. Implementations must be safe for
// concurrent use and must not retain text after Analyze returns. The
// package listening/sentiment/sentimenttest checks these clauses (all but
// retention, which a test cannot see).
type Analyzer interface {
	// Analyze returns the sentiment of text, within the ranges documented
	// on [Sentiment]. It never fails or panics, whatever the text,
	// including bytes that are not UTF-8, and gives the same Sentiment
	// each time for the same text. A text with no words (empty, or only
	// white space) scores 0. The zero Sentiment means neutral.
	Analyze(text string) Sentiment
}

// AnalyzerFunc adapts a function to the [Analyzer] interface.
type AnalyzerFunc func(text string) Sentiment

// Analyze calls f(text).
func (f AnalyzerFunc) Analyze(text string) Sentiment { return f(text) }

// Sentiment is an analyser's reading of a text.
type Sentiment struct {
	// Score is the overall sentiment, from -1 (most negative) to +1 (most
	// positive); 0 is neutral.
	Score float64 `json:"score"`
	// Positive, Negative and Neutral are the shares of the text that read
	// that way; each lies in [0, 1] and together they sum to 1 (or are all
	// 0 for a text with nothing to read).
	Positive float64 `json:"positive"`
	Negative float64 `json:"negative"`
	Neutral  float64 `json:"neutral"`
}
