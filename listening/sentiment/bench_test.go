package sentiment

import (
	"os"
	"path/filepath"
	"testing"
)

// benchTexts returns the 4,200 rated tweets, or a built-in sample when the
// data is absent (a benchmark measures speed, so it need not skip).
func benchTexts(b *testing.B) []string {
	b.Helper()
	if dir, err := findSentimentData(); err == nil {
		rs := readRated(b, filepath.Join(dir, "tweets_GroundTruth.txt"))
		texts := make([]string, len(rs))
		for i, r := range rs {
			texts[i] = r.Text
		}
		return texts
	}
	b.Log("sentiment data absent: using the built-in sample")
	return sampleTexts
}

// sampleTexts stand in for the rated tweets when they are absent.
var sampleTexts = []string{
	"The support agent was really helpful and sorted my refund quickly :)",
	"Still waiting for my order, three weeks late. Worst service EVER!!!",
	"Not bad at all, but the app keeps crashing.",
	"I've been on hold for an hour. Switching to another provider.",
	"Delivery was quick and the staff were friendly 👍",
	"Meh. It works, I guess.",
	"Why is nobody answering my emails?? This is ridiculous.",
	"Thank you so much, you went above and beyond!",
}

func BenchmarkAnalyze(b *testing.B) {
	texts := benchTexts(b)
	for _, bc := range []struct {
		name string
		a    *RuleAnalyzer
	}{
		{"lexicon=default", NewRuleAnalyzer(RuleConfig{})},
		{"lexicon=vader", vaderAnalyzerOrNil(b)},
	} {
		if bc.a == nil {
			continue
		}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				bc.a.Analyze(texts[n%len(texts)])
				n++
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "texts/s")
		})
	}
}

func vaderAnalyzerOrNil(b *testing.B) *RuleAnalyzer {
	dir, err := findSentimentData()
	if err != nil {
		return nil
	}
	f, err := os.Open(filepath.Join(dir, "vader_lexicon.txt"))
	if err != nil {
		return nil
	}
	defer f.Close()
	lex, err := ReadLexicon(f)
	if err != nil {
		b.Fatal(err)
	}
	return NewRuleAnalyzer(RuleConfig{Lexicon: lex})
}
