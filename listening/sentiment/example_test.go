package sentiment_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/engagekit/engage/listening/sentiment"
)

func ExampleRuleAnalyzer() {
	var a sentiment.RuleAnalyzer // the zero value reads with DefaultLexicon
	for _, text := range []string{
		"The agent was really helpful and sorted my refund quickly :)",
		"Not helpful at all.",
		"Three weeks late, and I've been on hold for an hour. Switching to another provider!!",
		"Order 1234 ships on Monday",
	} {
		s := a.Analyze(text)
		fmt.Printf("%+.3f pos=%.2f neg=%.2f neu=%.2f  %s\n", s.Score, s.Positive, s.Negative, s.Neutral, text)
	}
	// Output:
	// +0.844 pos=0.58 neg=0.10 neu=0.31  The agent was really helpful and sorted my refund quickly :)
	// -0.417 pos=0.00 neg=0.48 neu=0.52  Not helpful at all.
	// -0.822 pos=0.00 neg=0.42 neu=0.58  Three weeks late, and I've been on hold for an hour. Switching to another provider!!
	// +0.000 pos=0.00 neg=0.00 neu=1.00  Order 1234 ships on Monday
}

func ExampleReadLexicon() {
	// Domain words in the common token<TAB>valence format; columns after
	// the valence are ignored, as are comments and blank lines.
	const domain = `# our product names and slang
glitchfest	-2.5
smooth as butter	2.8	from the support team
`
	extra, err := sentiment.ReadLexicon(strings.NewReader(domain))
	if err != nil {
		log.Fatal(err)
	}
	lex := sentiment.DefaultLexicon()
	lex.Merge(extra) // domain words win over the defaults
	a := sentiment.NewRuleAnalyzer(sentiment.RuleConfig{Lexicon: lex})
	fmt.Printf("%+.3f\n", a.Analyze("Checkout was smooth as butter").Score)
	fmt.Printf("%+.3f\n", a.Analyze("The new update is a glitchfest").Score)

	_, err = sentiment.ReadLexicon(strings.NewReader("refund\t-1\nlate\tvery\n"))
	fmt.Println(err)
	// Output:
	// +0.586
	// -0.542
	// sentiment: lexicon line 2, column 6: "very": valence: invalid syntax
}
