package sentiment

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
		{"good\t1\nbad\tabc\n", LexiconError{Line: 2, Column: 5, Value: "abc"}, `sentiment: lexicon line 2, column 5: "abc": valence: invalid syntax`},
		{"good 1\n", LexiconError{Line: 1, Column: 7, Value: "good 1"}, `sentiment: lexicon line 1, column 7: "good 1": missing valence: want token<TAB>valence`},
		{"\t1\n", LexiconError{Line: 1, Column: 1, Value: ""}, `sentiment: lexicon line 1, column 1: "": empty token`},
		{"x\tNaN\n", LexiconError{Line: 1, Column: 3, Value: "NaN"}, `sentiment: lexicon line 1, column 3: "NaN": valence is not finite`},
		{"x\t101\n", LexiconError{Line: 1, Column: 3, Value: "101"}, `sentiment: lexicon line 1, column 3: "101": valence out of range [-100, 100]`},
		{"a b c d e\t1\n", LexiconError{Line: 1, Column: 1, Value: "a b c d e"}, `sentiment: lexicon line 1, column 1: "a b c d e": token has more than 4 words`},
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
		if tk := NewRuleAnalyzer(RuleConfig{}).table().token(k); tk.f&(fBooster|fNegation) != 0 {
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
		if err := checkSentiment(NewRuleAnalyzer(RuleConfig{Lexicon: lex}).Analyze(in)); err != nil {
			t.Fatal(err)
		}
	})
}
