package attribution

import (
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// TestMarkovOrderFloatMatchesExact checks the Gauss-Seidel solve of
// chains of every order against the exact one, to 1e-9.
func TestMarkovOrderFloatMatchesExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		paths := genPaths(t, false)
		k := rapid.IntRange(1, MaxMarkovOrder).Draw(t, "order")
		var in interner
		seq := make([][]int32, len(paths))
		for i := range paths {
			seq[i] = slices.Compact(in.intern(&paths[i], nil))
		}
		names, pos := in.sorted()
		for _, s := range seq {
			for j, id := range s {
				s[j] = int32(pos[id])
			}
		}
		c := buildKChain(k, paths, seq, names)
		pe, de, _ := c.removal(len(names), true)
		pf, df, exact := c.removal(len(names), false)
		if exact {
			t.Fatal("float solve reported exact")
		}
		close := func(what string, a, b float64) {
			if math.Abs(a-b) > 1e-9*math.Max(1, math.Abs(b)) {
				t.Fatalf("%s: float %v, exact %v", what, a, b)
			}
		}
		fe, _ := pe.Float64()
		ff, _ := pf.Float64()
		close("P(conversion)", ff, fe)
		for i := range de {
			x, _ := de[i].Float64()
			y, _ := df[i].Float64()
			close(names[i], y, x)
		}
	})
}

// TestMarkovValueFloatMatchesExact checks the float64 value removal
// effects against the exact ones, to 1e-9.
func TestMarkovValueFloatMatchesExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		paths := genPaths(t, false)
		m := Markov{ValueRemoval: true}
		exact, err := m.analyze(paths, ExactChannels)
		if err != nil {
			t.Fatal(err)
		}
		float, err := m.analyze(paths, 0)
		if err != nil {
			t.Fatal(err)
		}
		if float.Exact {
			t.Fatal("float solve reported exact")
		}
		for ch, want := range exact.ValueRemovalEffects {
			if got := float.ValueRemovalEffects[ch]; math.Abs(got-want) > 1e-9*math.Max(1, want) {
				t.Fatalf("%s: value removal effect %v in float64, %v exactly", ch, got, want)
			}
		}
		if !float.Credits.Total().Value.Equal(exact.Credits.Total().Value) {
			t.Fatalf("value totals %s and %s", float.Credits.Total().Value, exact.Credits.Total().Value)
		}
	})
}
