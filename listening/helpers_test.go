package listening_test

import (
	"strings"
	"time"

	"github.com/engagekit/engage/listening/sentiment"
)

// lcWordAnalyzer is a tiny analyser for tests, independent of the package's
// own: each "good" adds one and each "bad" takes one away, and the score is
// the sum over the number of those words, so "bad" scores -1, "good bad"
// 0, and a text with neither 0.
var lcWordAnalyzer = sentiment.AnalyzerFunc(func(text string) sentiment.Sentiment {
	var pos, neg int
	for _, w := range strings.Fields(strings.ToLower(text)) {
		switch strings.Trim(w, ".,!?") {
		case "good":
			pos++
		case "bad":
			neg++
		}
	}
	if pos+neg == 0 {
		return sentiment.Sentiment{Neutral: 1}
	}
	n := float64(pos + neg)
	return sentiment.Sentiment{
		Score:    float64(pos-neg) / n,
		Positive: float64(pos) / n,
		Negative: float64(neg) / n,
	}
})

// lcT0 is a fixed time for tests: Monday 6 May 2024, 00:00 UTC.
var lcT0 = time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
