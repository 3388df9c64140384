package listening

import (
	"bytes"
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
	a := NewRuleAnalyzer(testLexicon(t))
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
	a := NewRuleAnalyzer(testLexicon(t))
	got := a.Analyze("is it good? yes").Score
	if want := norm(2 * questionScalar); math.Abs(got-want) > 1e-12 {
		t.Errorf("Analyze(question) = %v, want %v", got, want)
	}
}

func TestRuleAnalyzerShares(t *testing.T) {
	a := NewRuleAnalyzer(testLexicon(t))
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
	a := NewRuleAnalyzer(nil)
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
	a := NewRuleAnalyzer(lex,
		WithBoosters(map[string]float64{"mega": 0.5, "Very": 1, "two words": 1, "nan": math.NaN()}),
		WithNegations("hardly-ever"))
	for _, tt := range []struct {
		text string
		sum  float64
	}{
		{"mega good", 2.5},
		{"very good", 3}, // overridden, case folded
		{"hardly-ever good", 2 * negationScalar},
		{"nan good", 2},
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
	a := NewRuleAnalyzer(testLexicon(t))
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
	a := NewRuleAnalyzer(nil)
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
	a := NewRuleAnalyzer(nil)
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
	a := NewRuleAnalyzer(nil)
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
	a := NewRuleAnalyzer(nil)
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
	a := NewRuleAnalyzer(nil)
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
	a := NewRuleAnalyzer(nil)
	f.Fuzz(func(t *testing.T, text string) {
		if err := checkSentiment(a.Analyze(text)); err != nil {
			t.Fatalf("Analyze(%q): %v", text, err)
		}
	})
}

func TestReadLexicon(t *testing.T) {
	in := "\ufeff# a comment\r\n" +
		"good\t1.9\t0.5\t[1, 2]\r\n" +
		"\r\n" +
		"   # an indented comment\n" +
		"Refund\t-1\n" +
		"fed   up\t-2\n" +
		"good\t2.5\n" + // a later line wins
		"❤️\t3\n" +
		"last\t0.5" // no final newline
	lex, err := ReadLexicon(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for k, v := range lex.All() {
		got[k] = v
	}
	want := map[string]float64{"good": 2.5, "refund": -1, "fed up": -2, "❤": 3, "last": 0.5}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadLexicon mismatch (-want +got):\n%s", diff)
	}
	if v, ok := lex.Valence("REFUND"); !ok || v != -1 {
		t.Errorf("Valence(REFUND) = %v, %v; want -1, true", v, ok)
	}
}

func TestReadLexiconErrors(t *testing.T) {
	tests := []struct {
		in   string
		want LexiconError // Err compared by message
		msg  string
	}{
		{"good\t1\nbad\tabc\n", LexiconError{Line: 2, Column: 5, Value: "abc"}, `listening: lexicon line 2, column 5: "abc": valence: invalid syntax`},
		{"good 1\n", LexiconError{Line: 1, Column: 7, Value: "good 1"}, `listening: lexicon line 1, column 7: "good 1": missing valence: want token<TAB>valence`},
		{"\t1\n", LexiconError{Line: 1, Column: 1, Value: ""}, `listening: lexicon line 1, column 1: "": empty token`},
		{"x\tNaN\n", LexiconError{Line: 1, Column: 3, Value: "NaN"}, `listening: lexicon line 1, column 3: "NaN": valence is not finite`},
		{"x\t101\n", LexiconError{Line: 1, Column: 3, Value: "101"}, `listening: lexicon line 1, column 3: "101": valence out of range [-100, 100]`},
		{"a b c d e\t1\n", LexiconError{Line: 1, Column: 1, Value: "a b c d e"}, `listening: lexicon line 1, column 1: "a b c d e": token has more than 4 words`},
		{strings.Repeat("x", 65) + "\t1\n", LexiconError{Line: 1, Column: 1, Value: strings.Repeat("x", 64) + "..."}, ""},
	}
	for _, tt := range tests {
		_, err := ReadLexicon(strings.NewReader(tt.in))
		if !errors.Is(err, ErrBadLexicon) {
			t.Errorf("ReadLexicon(%q) = %v, want an error matching ErrBadLexicon", tt.in, err)
			continue
		}
		var le *LexiconError
		if !errors.As(err, &le) {
			t.Fatalf("ReadLexicon(%q) = %T, want *LexiconError", tt.in, err)
		}
		if diff := cmp.Diff(tt.want, *le, cmpopts.IgnoreFields(LexiconError{}, "Err")); diff != "" {
			t.Errorf("ReadLexicon(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
		if tt.msg != "" && err.Error() != tt.msg {
			t.Errorf("ReadLexicon(%q) error = %q, want %q", tt.in, err, tt.msg)
		}
	}
}

type failingReader struct{}

var errRead = errors.New("disk on fire")

func (failingReader) Read([]byte) (int, error) { return 0, errRead }

func TestReadLexiconReadError(t *testing.T) {
	if _, err := ReadLexicon(failingReader{}); !errors.Is(err, errRead) {
		t.Errorf("ReadLexicon(failing) = %v, want it to wrap %v", err, errRead)
	}
}

func TestLexiconEdit(t *testing.T) {
	var lex Lexicon // the zero Lexicon is ready to use
	if err := lex.Set("Switching  To", -1.8); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct {
		tok string
		v   float64
	}{{"", 1}, {"#tag", 1}, {"x", math.Inf(1)}, {"x", -100.5}} {
		if err := lex.Set(bad.tok, bad.v); !errors.Is(err, ErrBadLexicon) {
			t.Errorf("Set(%q, %v) = %v, want ErrBadLexicon", bad.tok, bad.v, err)
		}
	}
	other, err := NewLexicon(map[string]float64{"switching to": -2, "brilliant": 3})
	if err != nil {
		t.Fatal(err)
	}
	clone := lex.Clone()
	lex.Merge(other)
	lex.Merge(nil)
	if v, _ := lex.Valence("switching to"); v != -2 {
		t.Errorf("after Merge, Valence(switching to) = %v, want -2 (other wins)", v)
	}
	if v, _ := clone.Valence("switching to"); v != -1.8 {
		t.Errorf("Clone changed with the original: %v, want -1.8", v)
	}
	lex.Delete("BRILLIANT")
	if _, ok := lex.Valence("brilliant"); ok || lex.Len() != 1 {
		t.Errorf("after Delete, Len = %d, brilliant present = %v; want 1, false", lex.Len(), ok)
	}
	if _, err := NewLexicon(map[string]float64{"ok": 1, "bad": math.NaN()}); !errors.Is(err, ErrBadLexicon) {
		t.Errorf("NewLexicon(NaN) = %v, want ErrBadLexicon", err)
	}
}

func TestDefaultLexicon(t *testing.T) {
	lex := DefaultLexicon()
	if n := lex.Len(); n < 300 {
		t.Errorf("DefaultLexicon has %d entries, want a few hundred", n)
	}
	for _, w := range []string{"refund", "rude", "helpful", "switching to", "on hold", "cancel", "quick delivery"} {
		if _, ok := lex.Valence(w); !ok {
			t.Errorf("DefaultLexicon lacks %q", w)
		}
	}
	for k, v := range lex.All() {
		if strings.Contains(k, " ") {
			continue // a phrase may start with "not" or "never"
		}
		if v < -4 || v > 4 || v == 0 {
			t.Errorf("DefaultLexicon[%q] = %v, want a non-zero valence in -4..+4", k, v)
		}
		if tk := NewRuleAnalyzer(nil).table().token(k); tk.f&(fBooster|fNegation) != 0 {
			t.Errorf("DefaultLexicon holds %q, which the rules treat as a booster or negation", k)
		}
	}
	if err := lex.Set("refund", 4); err != nil {
		t.Fatal(err)
	}
	if v, _ := DefaultLexicon().Valence("refund"); v == 4 {
		t.Error("changing one DefaultLexicon changed the next")
	}
}

// fataler is what checkRoundTrip needs of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// checkRoundTrip writes lex and reads it back.
func checkRoundTrip(t fataler, lex *Lexicon) {
	t.Helper()
	var buf bytes.Buffer
	n, err := lex.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("WriteTo = %d, %v; wrote %d bytes", n, err, buf.Len())
	}
	back, err := ReadLexicon(&buf)
	if err != nil {
		t.Fatalf("reading back what WriteTo wrote: %v", err)
	}
	if diff := cmp.Diff(lex.m, back.m, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("round trip mismatch (-want +got):\n%s", diff)
	}
}

func TestLexiconRoundTripProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var lex Lexicon
		n := rapid.IntRange(0, 20).Draw(t, "n")
		for range n {
			tok := rapid.OneOf(genText(), rapid.String()).Draw(t, "token")
			v := rapid.Float64Range(-MaxValence, MaxValence).Draw(t, "valence")
			_ = lex.Set(tok, v) // refused entries are simply not there
		}
		checkRoundTrip(t, &lex)
	})
}

func FuzzReadLexicon(f *testing.F) {
	for _, s := range []string{
		"good\t1.9\t0.5\t[1, 2]\n", "\ufeff# c\r\nbad\t-2\r\n", "x\tabc\n", "fed up\t-2\n",
		":)\t2\n\n\n", "a\t1e2\n", "\t\t\n", "❤️\t3\n", "#x\t1\n", "x\t0x1p-2\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		lex, err := ReadLexicon(strings.NewReader(in))
		if err != nil {
			if !errors.Is(err, ErrBadLexicon) {
				t.Fatalf("ReadLexicon error %v does not match ErrBadLexicon", err)
			}
			var le *LexiconError
			if !errors.As(err, &le) || le.Line < 1 || le.Column < 1 {
				t.Fatalf("ReadLexicon error %#v lacks its place", err)
			}
			return
		}
		for k, v := range lex.All() {
			if k == "" || math.IsNaN(v) || v < -MaxValence || v > MaxValence {
				t.Fatalf("ReadLexicon kept %q = %v", k, v)
			}
		}
		checkRoundTrip(t, lex)
		// Whatever the lexicon, the analyser stays in range.
		if err := checkSentiment(NewRuleAnalyzer(lex).Analyze(in)); err != nil {
			t.Fatal(err)
		}
	})
}

// slowTokenize is the plain reading tokenize speeds up: each word found by
// nextSegment and looked up by token.
func (t *ruleTable) slowTokenize(text string) []token {
	var toks []token
	for i := 0; ; {
		seg, next := nextSegment(text, i)
		if seg == "" {
			return toks
		}
		toks = append(toks, t.token(seg))
		i = next
	}
}

func TestAnalyzeFastPathProperty(t *testing.T) {
	tab := NewRuleAnalyzer(nil).table()
	rapid.Check(t, func(t *rapid.T) {
		text := rapid.OneOf(genText(), rapid.String()).Draw(t, "text")
		got := tab.tokenize(text, nil)
		want := tab.slowTokenize(text)
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(token{}), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("tokenize(%q) mismatch (-want +got):\n%s", text, diff)
		}
	})
}
