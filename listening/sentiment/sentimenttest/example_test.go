package sentimenttest_test

import (
	"fmt"
	"strings"

	"github.com/engagekit/engage/listening/sentiment"
	"github.com/engagekit/engage/listening/sentiment/sentimenttest"
)

func ExampleTestAnalyzer() {
	// An analyser that reads every text as glowing, even one with no
	// words, and says so with a score beyond the range.
	glowing := sentiment.AnalyzerFunc(func(string) sentiment.Sentiment {
		return sentiment.Sentiment{Score: 1.5, Positive: 1}
	})
	err := sentimenttest.TestAnalyzer(glowing)
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		clause, _, _ := strings.Cut(e.Error(), ":\n") // the details follow
		fmt.Println(clause)
	}
	fmt.Println(sentimenttest.TestAnalyzer(new(sentiment.RuleAnalyzer)))
	// Output:
	// sentimenttest: InRange: the score must lie in [-1, 1] and each share in [0, 1], the shares summing to 1, or all 0 with a score of 0
	// sentimenttest: BlankScoresZero: a text with no words (empty, or only white space) must score 0
	// <nil>
}
