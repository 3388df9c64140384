package sentiment

// Oracle tests: the rule-based analyser measured on the human-rated texts
// of Hutto & Gilbert (2014), read in place from ../shared/data/sentiment
// (see its README for the scoring method and the published figures).

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/engagekit/engage/internal/shareddata"
)

// sentimentDataDir returns ../shared/data/sentiment beside the module
// root. It skips the test when the folder is absent or, under strict tests
// (ENGAGE_STRICT_TESTS=1), fails it.
func sentimentDataDir(tb testing.TB) string {
	tb.Helper()
	return shareddata.Dir(tb, "sentiment")
}

// findSentimentData returns the shared sentiment folder, if it is there.
func findSentimentData() (string, error) { return shareddata.Find("sentiment") }

// ratedText is one human-rated text: the mean of its ratings on -4..+4.
type ratedText struct {
	Mean float64
	Text string
}

// readRated reads a ground-truth file: `id<TAB>mean<TAB>text` lines, CRLF
// or LF, with an optional byte-order mark.
func readRated(tb testing.TB, path string) []ratedText {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []ratedText
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		fields := strings.SplitN(line, "\t", 3)
		if len(fields) != 3 {
			tb.Fatalf("%s:%d: want 3 tab-separated fields, got %d", path, n, len(fields))
		}
		mean, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			tb.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, ratedText{Mean: mean, Text: fields[2]})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func readVADERLexicon(tb testing.TB, dir string) *Lexicon {
	tb.Helper()
	f, err := os.Open(filepath.Join(dir, "vader_lexicon.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	lex, err := ReadLexicon(f)
	if err != nil {
		tb.Fatal(err)
	}
	return lex
}

// evaluation holds the published measures of an analyser on rated texts.
type evaluation struct {
	N        int
	Pearson  float64 // correlation of score with mean rating
	Accuracy float64 // share of texts whose 3-class reading matches
	MacroF1  float64 // mean F1 over negative, neutral and positive
}

func (e evaluation) String() string {
	return fmt.Sprintf("n=%d r=%.4f accuracy=%.3f macro-F1=%.3f", e.N, e.Pearson, e.Accuracy, e.MacroF1)
}

// polarity is the 3-class reading of a score or mean rating with the
// published ±0.05 thresholds: -1 negative, 0 neutral, +1 positive.
func polarity(x float64) int {
	switch {
	case x > 0.05:
		return 1
	case x < -0.05:
		return -1
	}
	return 0
}

// evaluate scores a on rs by the published method (README of the data).
func evaluate(a Analyzer, rs []ratedText) evaluation {
	var sx, sy, sxx, syy, sxy float64
	var confusion [3][3]int // [gold][predicted], index polarity+1
	for _, r := range rs {
		x, y := a.Analyze(r.Text).Score, r.Mean
		sx, sy, sxx, syy, sxy = sx+x, sy+y, sxx+x*x, syy+y*y, sxy+x*y
		confusion[polarity(y)+1][polarity(x)+1]++
	}
	n := float64(len(rs))
	e := evaluation{N: len(rs)}
	e.Pearson = (n*sxy - sx*sy) / math.Sqrt((n*sxx-sx*sx)*(n*syy-sy*sy))
	correct := 0
	for c := range 3 {
		correct += confusion[c][c]
		var gold, pred int
		for k := range 3 {
			gold += confusion[c][k]
			pred += confusion[k][c]
		}
		if gold+pred > 0 {
			e.MacroF1 += 2 * float64(confusion[c][c]) / float64(gold+pred) / 3
		}
	}
	e.Accuracy = float64(correct) / n
	return e
}

func TestEvaluateSentimentScoring(t *testing.T) {
	perfect := AnalyzerFunc(func(text string) Sentiment {
		v, _ := strconv.ParseFloat(text, 64)
		return Sentiment{Score: v / 4}
	})
	rs := []ratedText{{-2, "-2"}, {0, "0"}, {1, "1"}, {3, "3"}}
	got := evaluate(perfect, rs)
	if math.Abs(got.Pearson-1) > 1e-12 || got.Accuracy != 1 || math.Abs(got.MacroF1-1) > 1e-12 {
		t.Errorf("evaluate(perfect) = %v, want r=1 accuracy=1 macro-F1=1", got)
	}
	inverse := AnalyzerFunc(func(text string) Sentiment {
		v, _ := strconv.ParseFloat(text, 64)
		return Sentiment{Score: -v / 4}
	})
	got = evaluate(inverse, rs)
	// gold -,0,+,+ read as +,0,-,-: only the neutral one is right; F1 is
	// 0 for both polar classes and 1 for neutral.
	if math.Abs(got.Pearson+1) > 1e-12 || got.Accuracy != 0.25 || math.Abs(got.MacroF1-1.0/3) > 1e-12 {
		t.Errorf("evaluate(inverse) = %v, want r=-1 accuracy=0.25 macro-F1=0.333", got)
	}
}

// Floors, set a little below the figures measured on 2026-11-25 (see
// BENCHMARKS.md), so a change that loses accuracy fails. The floor of 0.88
// for the tweets read with VADER's lexicon is the figure the issue asks
// for (the paper reports 0.881).
const (
	vaderTweetsMinR   = 0.88
	vaderTweetsMinAcc = 0.90
	vaderAmazonMinR   = 0.55
	vaderAmazonMinAcc = 0.55
	ourTweetsMinR     = 0.75
	ourTweetsMinAcc   = 0.65
	ourAmazonMinR     = 0.55
	ourAmazonMinAcc   = 0.45
)

func TestSentimentOracleVADERLexicon(t *testing.T) {
	dir := sentimentDataDir(t)
	a := NewRuleAnalyzer(RuleConfig{Lexicon: readVADERLexicon(t, dir)})
	checkOracle(t, a, filepath.Join(dir, "tweets_GroundTruth.txt"), 4200, vaderTweetsMinR, vaderTweetsMinAcc)
	checkOracle(t, a, filepath.Join(dir, "amazonReviewSnippets_GroundTruth.txt"), 3708, vaderAmazonMinR, vaderAmazonMinAcc)
}

func TestSentimentOracleDefaultLexicon(t *testing.T) {
	dir := sentimentDataDir(t)
	a := NewRuleAnalyzer(RuleConfig{})
	checkOracle(t, a, filepath.Join(dir, "tweets_GroundTruth.txt"), 4200, ourTweetsMinR, ourTweetsMinAcc)
	checkOracle(t, a, filepath.Join(dir, "amazonReviewSnippets_GroundTruth.txt"), 3708, ourAmazonMinR, ourAmazonMinAcc)
}

func checkOracle(t *testing.T, a Analyzer, path string, wantN int, minR, minAcc float64) {
	t.Helper()
	rs := readRated(t, path)
	if len(rs) != wantN {
		t.Fatalf("%s: read %d texts, want %d", filepath.Base(path), len(rs), wantN)
	}
	e := evaluate(a, rs)
	t.Logf("%s: %v", filepath.Base(path), e)
	var errs []error
	if !(e.Pearson >= minR) {
		errs = append(errs, fmt.Errorf("r = %.4f, want >= %.2f", e.Pearson, minR))
	}
	if !(e.Accuracy >= minAcc) {
		errs = append(errs, fmt.Errorf("accuracy = %.4f, want >= %.2f", e.Accuracy, minAcc))
	}
	if err := errors.Join(errs...); err != nil {
		t.Errorf("%s: %v", filepath.Base(path), err)
	}
}
