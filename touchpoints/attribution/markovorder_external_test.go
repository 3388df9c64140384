package attribution_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// orderPaths is the set of the hand-worked order tests: "a > b" converts
// once and "c > b" ends once without converting.
func orderPaths() []attribution.Path {
	return []attribution.Path{path(1, "10", 0, "a", "b"), path(0, "0", 1, "c", "b")}
}

// TestMarkovOrderHand checks orders 1 and 2 and the order selection
// against the chains worked by hand.
//
// Order 1: start→a 1/2, start→c 1/2, a→b 1, c→b 1, b→conversion 1/2,
// b→null 1/2. P(conv) = 1/2; without a 1/4 (RE 1/2), without b 0 (RE 1),
// without c 1/4 (RE 1/2); credits 1 × (1/2, 1, 1/2)/2 = a 0.25, b 0.5,
// c 0.25. ln L = 2 ln ½ (start) + 2 ln ½ (b) = -4 ln 2 with p = 2 free
// probabilities (one at the start, one at b) over N = 6 transitions:
// BIC = 2 ln 6 + 8 ln 2.
//
// Order 2: the states a, c, "a > b" and "c > b"; "a > b" always converts
// and "c > b" never does. P(conv) = 1/2; without a 0 (RE 1), without b 0
// (RE 1), without c 1/2 (RE 0): a 0.5, b 0.5, c 0. ln L = -2 ln 2, p = 1:
// BIC = ln 6 + 4 ln 2, lower than order 1's. Orders 3 and 4 have the same
// states (no path is longer than 2) and the same BIC, so order 2 is
// chosen.
func TestMarkovOrderHand(t *testing.T) {
	one, err := attribution.MarkovOrder{Order: 1}.Analyze(orderPaths())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(same2("a", "0.25", "2.5", "b", "0.5", "5", "c", "0.25", "2.5"), one.Credits); diff != "" {
		t.Errorf("order 1 credits (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]float64{"a": 0.5, "b": 1, "c": 0.5}, one.RemovalEffects); diff != "" {
		t.Errorf("order 1 removal effects (-want +got):\n%s", diff)
	}
	if len(one.Fits) != 1 || !near(one.Fits[0].BIC, 2*math.Log(6)+8*math.Ln2) || !near(one.Fits[0].LogLikelihood, -4*math.Ln2) {
		t.Errorf("order 1 fits = %+v, want ln L -4 ln 2 and BIC 2 ln 6 + 8 ln 2", one.Fits)
	}

	a, err := attribution.MarkovOrder{}.Analyze(orderPaths())
	if err != nil {
		t.Fatal(err)
	}
	if a.Order != 2 || len(a.Fits) != 4 {
		t.Fatalf("order %d with %d fits, want order 2 of 4 fits", a.Order, len(a.Fits))
	}
	want := []attribution.OrderFit{
		{Order: 1, States: 4, Parameters: 2, Transitions: 6, LogLikelihood: -4 * math.Ln2, AIC: 4 + 8*math.Ln2, BIC: 2*math.Log(6) + 8*math.Ln2},
		{Order: 2, States: 5, Parameters: 1, Transitions: 6, LogLikelihood: -2 * math.Ln2, AIC: 2 + 4*math.Ln2, BIC: math.Log(6) + 4*math.Ln2},
	}
	for i, w := range want {
		g := a.Fits[i]
		if g.Order != w.Order || g.States != w.States || g.Parameters != w.Parameters || g.Transitions != w.Transitions ||
			!near(g.LogLikelihood, w.LogLikelihood) || !near(g.AIC, w.AIC) || !near(g.BIC, w.BIC) {
			t.Errorf("fit %d = %+v, want %+v", i, g, w)
		}
	}
	if diff := cmp.Diff(same2("a", "0.5", "5", "b", "0.5", "5", "c", "0", "0"), a.Credits); diff != "" {
		t.Errorf("order 2 credits (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]float64{"a": 1, "b": 1, "c": 0}, a.RemovalEffects); diff != "" {
		t.Errorf("order 2 removal effects (-want +got):\n%s", diff)
	}
	if a.Conversion != 0.5 || !a.Exact {
		t.Errorf("P(conversion) %v exact %v, want 0.5 exactly", a.Conversion, a.Exact)
	}
	var b strings.Builder
	if err := a.Transitions.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	wantCSV := `from,to,count,probability
(start),a,1,0.5
(start),c,1,0.5
a,a > b,1,1
a > b,(conversion),1,1
c,c > b,1,1
c > b,(null),1,1
`
	if b.String() != wantCSV {
		t.Errorf("CSV:\n%s\nwant:\n%s", b.String(), wantCSV)
	}
	if diff := cmp.Diff([]string{"(start)", "a", "a > b", "c", "c > b"}, a.Transitions.States); diff != "" {
		t.Errorf("states (-want +got):\n%s", diff)
	}
}

// same2 builds credits from channel, conversions, value triples.
func same2(kv ...string) attribution.Credits {
	c := make(attribution.Credits)
	for i := 0; i < len(kv); i += 3 {
		c[kv[i]] = attribution.Credit{Conversions: dec(kv[i+1]), Value: dec(kv[i+2])}
	}
	return c
}

// near reports whether a and b agree to 1e-12 relative.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

// TestMarkovOrderOneIsMarkov checks that order 1 is the first-order
// model exactly: the same credits, removal effects and probability of
// conversion.
func TestMarkovOrderOneIsMarkov(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		paths := attribution.GenPaths(t, false)
		want, err := attribution.Markov{}.Analyze(paths)
		if err != nil {
			t.Fatal(err)
		}
		got, err := attribution.MarkovOrder{Order: 1}.Analyze(paths)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.Credits, got.Credits); diff != "" {
			t.Fatalf("credits (-Markov +MarkovOrder):\n%s", diff)
		}
		if diff := cmp.Diff(want.RemovalEffects, got.RemovalEffects); diff != "" {
			t.Fatalf("removal effects (-Markov +MarkovOrder):\n%s", diff)
		}
		if want.Conversion != got.Conversion || !got.Exact {
			t.Fatalf("P(conversion) %v (exact %v), want %v", got.Conversion, got.Exact, want.Conversion)
		}
	})
}

// TestMarkovOrderProperties checks, for every order and for the chosen
// one, that the credits add up exactly, that the transition
// probabilities out of each state add up to 1, and that the chosen order
// has the lowest BIC.
func TestMarkovOrderProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		paths := attribution.GenPaths(t, false)
		order := rapid.IntRange(0, attribution.MaxMarkovOrder).Draw(t, "order")
		a, err := attribution.MarkovOrder{Order: order}.Analyze(paths)
		if err != nil {
			t.Fatal(err)
		}
		conv, err := attribution.Linear{}.Attribute(paths) // the totals
		if err != nil {
			t.Fatal(err)
		}
		if got, want := a.Credits.Total(), conv.Total(); !got.Conversions.Equal(want.Conversions) || !got.Value.Equal(want.Value) {
			t.Fatalf("credits add up to %v, want %v", got, want)
		}
		out := map[string]float64{}
		for _, tr := range a.Transitions.Transitions {
			out[tr.From] += tr.Probability
		}
		for from, p := range out {
			if math.Abs(p-1) > 1e-12 {
				t.Fatalf("probabilities out of %q add up to %v", from, p)
			}
		}
		for _, f := range a.Fits {
			if f.BIC < a.Fits[a.Order-a.Fits[0].Order].BIC {
				t.Fatalf("order %d chosen, but order %d has a lower BIC: %+v", a.Order, f.Order, a.Fits)
			}
		}
	})
}

// TestMarkovOrderErrors checks the settings out of range.
func TestMarkovOrderErrors(t *testing.T) {
	for _, m := range []struct {
		model attribution.MarkovOrder
		field string
	}{
		{attribution.MarkovOrder{Order: 5}, "MarkovOrder.Order"},
		{attribution.MarkovOrder{Order: -1}, "MarkovOrder.Order"},
		{attribution.MarkovOrder{MaxOrder: 5}, "MarkovOrder.MaxOrder"},
		{attribution.MarkovOrder{Places: 31}, "MarkovOrder.Places"},
	} {
		_, err := m.model.Attribute(orderPaths())
		var fe *attribution.FieldError
		if !errors.Is(err, attribution.ErrInvalid) || !errors.As(err, &fe) || fe.Field != m.field {
			t.Errorf("%+v: error %v, want ErrInvalid naming %s", m.model, err, m.field)
		}
	}
	if _, err := (attribution.MarkovOrder{}).Attribute([]attribution.Path{path(-1, "0", 0, "a")}); !errors.Is(err, attribution.ErrInvalid) {
		t.Errorf("negative conversions: error %v, want ErrInvalid", err)
	}
}

// TestNewModelsNoPaths checks that the models take no paths, and paths
// that count nobody, giving every channel a zero credit.
func TestNewModelsNoPaths(t *testing.T) {
	for _, m := range []attribution.Model{attribution.RateShapley{}, attribution.MarkovOrder{}, attribution.Markov{ValueRemoval: true}} {
		for _, paths := range [][]attribution.Path{nil, {path(0, "0", 0, "a", "b")}} {
			got, err := m.Attribute(paths)
			if err != nil {
				t.Errorf("%T on %d paths: %v", m, len(paths), err)
				continue
			}
			for ch, c := range got {
				if !c.Conversions.IsZero() || !c.Value.IsZero() {
					t.Errorf("%T: %s credited %v", m, ch, c)
				}
			}
			if len(got) != len(paths)*2 {
				t.Errorf("%T: credits %v, want one per channel", m, got)
			}
		}
	}
}
