package listening

// Analyzer scores the sentiment of a text. Implementations must be safe for
// concurrent use and must not retain text after Analyze returns.
type Analyzer interface {
	// Analyze returns the sentiment of text. The zero Sentiment means
	// neutral; Analyze never fails, whatever the text.
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
