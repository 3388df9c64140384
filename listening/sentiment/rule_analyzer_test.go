package sentiment

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// testLexicon is a small lexicon with round valences, so the expected
// scores can be worked out by hand.
func testLexicon(t testing.TB) *Lexicon {
	t.Helper()
	lex, err := NewLexicon(map[string]float64{
		"good": 2, "bad": -2, "great": 3, "love": 3, "hate": -3,
		"no": -1, ":)": 2, "👍": 2, "fed up": -2, "kind": 1.8,
	})
	if err != nil {
		t.Fatal(err)
	}
	return lex
}

func norm(s float64) float64 { return s / math.Sqrt(s*s+alpha) }

func TestRuleAnalyzerScores(t *testing.T) {
	a := NewRuleAnalyzer(RuleConfig{Lexicon: testLexicon(t)})
	const boost, caps, neg = boostIncrement, capsIncrement, negationScalar
	tests := []struct {
		text string
		sum  float64 // summed valence before normalisation
	}{
		{"good", 2},
		{"the food was good", 2},
		{"not good", 2 * neg},
		{"isn't good", 2 * neg},
		{"isn’t good", 2 * neg},                // typographic apostrophe
		{"not really good", (2 + boost) * neg}, // negation two back
		{"very good", 2 + boost},
		{"VERY good", 2 + boost + caps}, // booster in capitals, mixed text
		{"slightly good", 2 - boost},    // dampener
		{"slightly bad", -2 + boost},    // dampener shrinks towards 0
		{"so very good", 2 + boost + boost*0.95},
		{"GOOD day", 2 + caps},
		{"GOOD", 2}, // all capitals: no emphasis
		{"good!", 2 + exclaimIncrement},
		{"good!!!!!!", 2 + maxExclaims*exclaimIncrement},
		{"good??", 2*questionScalar + 2*questionIncrement},
		{"good but bad", 2*beforeBut - 2*afterBut},
		{"bad but good", -2*beforeBut + 2*afterBut},
		{"kind of good", 2 - boost}, // "kind of" dampens, and "kind" is not kind
		{"at least good", 2},
		{"least good", 2 * neg},
		{"without doubt good", 2},
		{"no good", 2 * neg}, // "no" negates rather than counts
		{"no", -1},
		{"no. good", -1 + 2},                    // "no" ends its sentence: it counts, and negates nothing
		{"not now: good", 2},                    // negation stops at the end of a clause
		{"never came; bad", -2},                 // ... and of a sentence
		{"very. good", 2},                       // so do boosters
		{"not really, good", (2 + boost) * neg}, // a comma does not end a clause
		{"i am fed up", -2},                     // a phrase counts once
		{"not fed up", -2 * neg},
		{"good :)", 4},
		{"good :)!", 4 + exclaimIncrement}, // ":)!" still finds ":)"
		{"ok.", 0},
		{"goooood", 2}, // drawn-out letters
		{"&lt;3", 0},   // no "<3" in this lexicon
		{"great👍", 5},  // emoji are words of their own
		{"good good good", 6},
		{"", 0},
		{"   \t\n", 0},
	}
	for _, tt := range tests {
		got := a.Analyze(tt.text).Score
		want := norm(tt.sum)
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("Analyze(%q).Score = %.6f, want %.6f (sum %.4f)", tt.text, got, want, tt.sum)
		}
	}
}

func TestRuleAnalyzerQuestion(t *testing.T) {
	a := NewRuleAnalyzer(RuleConfig{Lexicon: testLexicon(t)})
	got := a.Analyze("is it good? yes").Score
	if want := norm(2 * questionScalar); math.Abs(got-want) > 1e-12 {
		t.Errorf("Analyze(question) = %v, want %v", got, want)
	}
}

func TestRuleAnalyzerShares(t *testing.T) {
	a := NewRuleAnalyzer(RuleConfig{Lexicon: testLexicon(t)})
	tests := []struct {
		text string
		want Sentiment
	}{
		{"", Sentiment{}},
		{"a quiet day", Sentiment{Neutral: 1}},
		// good counts 2+1, day 1 neutral.
		{"good day", Sentiment{Score: norm(2), Positive: 0.75, Neutral: 0.25}},
		// bad counts |-2-1|, good 2+1.
		{"good, bad", Sentiment{Score: 0, Positive: 0.5, Negative: 0.5}},
	}
	for _, tt := range tests {
		got := a.Analyze(tt.text)
		if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
			t.Errorf("Analyze(%q) mismatch (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestRuleAnalyzerDefaultLexicon(t *testing.T) {
	var zero RuleAnalyzer
	var nilA *RuleAnalyzer
	a := NewRuleAnalyzer(RuleConfig{})
	for _, tt := range []struct {
		text string
		sign int
	}{
		{"The agent was really helpful and sorted my refund quickly", 1},
		{"Thank you, quick delivery and friendly staff :)", 1},
		{"Great service 👍", 1},
		{"I've been on hold for an hour and still waiting", -1},
		{"Worst experience ever. Switching to another provider!", -1},
		{"The parcel never arrived and the driver was rude", -1},
		{"It was a waste of money, totally broken", -1},
		{"Not happy at all", -1},
		{"The order number is 12345", 0},
	} {
		got := a.Analyze(tt.text)
		if polarity(got.Score) != tt.sign {
			t.Errorf("Analyze(%q).Score = %.3f, want sign %d", tt.text, got.Score, tt.sign)
		}
		if z := zero.Analyze(tt.text); z != got {
			t.Errorf("zero RuleAnalyzer: Analyze(%q) = %+v, want %+v", tt.text, z, got)
		}
		if z := nilA.Analyze(tt.text); z != got {
			t.Errorf("nil *RuleAnalyzer: Analyze(%q) = %+v, want %+v", tt.text, z, got)
		}
	}
}

func TestRuleAnalyzerOptions(t *testing.T) {
	lex := testLexicon(t)
	a := NewRuleAnalyzer(RuleConfig{
		Lexicon:   lex,
		Boosters:  map[string]float64{"mega": 0.5, "Very": 1, "two words": 1, "nan": math.NaN()},
		Negations: []string{"hardly-ever", "two words"},
	})
	for _, tt := range []struct {
		text string
		sum  float64
	}{
		{"mega good", 2.5},
		{"very good", 3}, // overridden, case folded
		{"hardly-ever good", 2 * negationScalar},
		{"nan good", 2},
		{"two words good", 2}, // neither boosts nor negates
	} {
		if got, want := a.Analyze(tt.text).Score, norm(tt.sum); math.Abs(got-want) > 1e-12 {
			t.Errorf("Analyze(%q) = %v, want %v", tt.text, got, want)
		}
	}
	// The analyser took its own copy of the lexicon.
	before := a.Analyze("good")
	if err := lex.Set("good", -4); err != nil {
		t.Fatal(err)
	}
	if after := a.Analyze("good"); after != before {
		t.Errorf("changing the lexicon changed the analyser: %+v, then %+v", before, after)
	}
}

func TestRuleAnalyzerLongText(t *testing.T) {
	a := NewRuleAnalyzer(RuleConfig{Lexicon: testLexicon(t)})
	short := strings.Repeat("good day ", 10)
	long := strings.Repeat("good day ", 500) // past the stack buffer
	if s, l := a.Analyze(short), a.Analyze(long); !(l.Score > s.Score) || math.Abs(l.Positive-s.Positive) > 1e-9 {
		t.Errorf("long text: %+v, short: %+v; want a higher score and the same shares", l, s)
	}
}

func TestAnalyzeAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts need a full run")
	}
	a := NewRuleAnalyzer(RuleConfig{})
	texts := []struct {
		text string
		max  float64
	}{
		{"The agent was REALLY helpful, but the parcel is still late!! :( 👍 &lt;3 soooo", 0},
		{strings.Repeat("not very good, ", stackTokens/3), 0},
		{strings.Repeat("not very good, ", 100), 1},
	}
	for _, tt := range texts {
		if got := testing.AllocsPerRun(100, func() { a.Analyze(tt.text) }); got > tt.max {
			t.Errorf("Analyze(%d bytes) allocates %v times, want at most %v", len(tt.text), got, tt.max)
		}
	}
}

// checkSentiment reports what is wrong with s, whatever the text.
func checkSentiment(s Sentiment) error {
	var errs []error
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	if !finite(s.Score) || s.Score < -1 || s.Score > 1 {
		errs = append(errs, errors.New("score outside [-1, 1]"))
	}
	for _, x := range []float64{s.Positive, s.Negative, s.Neutral} {
		if !finite(x) || x < 0 || x > 1 {
			errs = append(errs, errors.New("share outside [0, 1]"))
		}
	}
	if sum := s.Positive + s.Negative + s.Neutral; sum != 0 && math.Abs(sum-1) > 1e-9 {
		errs = append(errs, errors.New("shares sum to neither 0 nor 1"))
	}
	if s.Positive+s.Negative+s.Neutral == 0 && s.Score != 0 {
		errs = append(errs, errors.New("a text with nothing to read has a score"))
	}
	return errors.Join(errs...)
}

// genText draws texts made of sentiment words, rule words, emoticons,
// punctuation, capitals and arbitrary strings, including bytes that are
// not UTF-8.
func genText() *rapid.Generator[string] {
	pieces := []string{
		"good", "bad", "great", "terrible", "refund", "helpful", "rude",
		"not", "never", "no", "very", "slightly", "kind", "of", "but",
		"least", "at", "without", "doubt", "so", "this", "isn't", "on",
		"hold", "thank", "you", ":)", ":(", "👍", "😡", "!", "?", ".",
		",", "GOOD", "BAD", "VERY", "the", "parcel", "\xff", "&lt;3",
	}
	return rapid.Custom(func(t *rapid.T) string {
		n := rapid.IntRange(0, 30).Draw(t, "n")
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteString(rapid.SampledFrom([]string{" ", " ", "  ", "\t", ""}).Draw(t, "sep"))
			}
			if rapid.IntRange(0, 9).Draw(t, "kind") == 0 {
				b.WriteString(rapid.String().Draw(t, "raw"))
			} else {
				b.WriteString(rapid.SampledFrom(pieces).Draw(t, "piece"))
			}
		}
		return b.String()
	})
}

func TestAnalyzeRangeProperty(t *testing.T) {
	a := NewRuleAnalyzer(RuleConfig{})
	rapid.Check(t, func(t *rapid.T) {
		text := rapid.OneOf(genText(), rapid.String(), rapid.Map(rapid.SliceOf(rapid.Byte()), func(b []byte) string { return string(b) })).Draw(t, "text")
		got := a.Analyze(text)
		if err := checkSentiment(got); err != nil {
			t.Fatalf("Analyze(%q) = %+v: %v", text, got, err)
		}
		if again := a.Analyze(text); again != got {
			t.Fatalf("Analyze(%q) not deterministic: %+v, then %+v", text, got, again)
		}
	})
}

// positiveWords are the single-word entries of the default lexicon that
// read as positive on their own and play no other part in the rules.
func positiveWords(t testing.TB) []string {
	t.Helper()
	a := NewRuleAnalyzer(RuleConfig{})
	var words []string
	for k, v := range defaultLexicon().All() {
		if v <= 0 || strings.ContainsAny(k, " ") || strings.ContainsAny(k, "!?") {
			continue
		}
		if tk := a.table().token(k); tk.w < 0 || tk.f&^(fLexicon|fPhraseStart|tEnd|tQ) != 0 {
			continue
		}
		words = append(words, k)
	}
	if len(words) < 50 {
		t.Fatalf("only %d positive words in the default lexicon", len(words))
	}
	return words
}

func TestSentimentNegationLowersProperty(t *testing.T) {
	a := NewRuleAnalyzer(RuleConfig{})
	words := positiveWords(t)
	fillers := []string{"the", "parcel", "was", "today", "it", "is", "a", "service", "my"}
	rapid.Check(t, func(t *rapid.T) {
		pre := rapid.SliceOfN(rapid.SampledFrom(fillers), 0, 3).Draw(t, "before")
		word := rapid.SampledFrom(words).Draw(t, "word")
		post := rapid.SliceOfN(rapid.SampledFrom(fillers), 0, 3).Draw(t, "after")
		plain := strings.Join(append(append(append([]string{}, pre...), word), post...), " ")
		negated := strings.Join(append(append(append(append([]string{}, pre...), "not"), word), post...), " ")
		p, n := a.Analyze(plain).Score, a.Analyze(negated).Score
		if !(n < p) {
			t.Fatalf("Analyze(%q) = %v, not below Analyze(%q) = %v", negated, n, plain, p)
		}
	})
}

func TestSentimentExclamationProperty(t *testing.T) {
	a := NewRuleAnalyzer(RuleConfig{})
	rapid.Check(t, func(t *rapid.T) {
		text := genText().Draw(t, "text")
		before := a.Analyze(text).Score
		if before <= 0 {
			t.Skip("not a positive text")
		}
		if after := a.Analyze(text + "!").Score; after < before {
			t.Fatalf("Analyze(%q) = %v, below Analyze(%q) = %v", text+"!", after, text, before)
		}
	})
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"", "good", "not very GOOD!!! :)", "\xff\xfe", "no no no", "😡😡 but 👍", "&lt;3 &amp;", strings.Repeat("so ", 200)} {
		f.Add(s)
	}
	a := NewRuleAnalyzer(RuleConfig{})
	f.Fuzz(func(t *testing.T, text string) {
		if err := checkSentiment(a.Analyze(text)); err != nil {
			t.Fatalf("Analyze(%q): %v", text, err)
		}
	})
}
