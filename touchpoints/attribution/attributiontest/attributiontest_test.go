package attributiontest_test

import (
	"errors"
	"testing"

	"github.com/engagekit/engage/internal/contract"
	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/engagekit/engage/touchpoints/attribution/attributiontest"
	"github.com/shopspring/decimal"
)

// builtins are the models of package attribution, at their defaults and
// with some settings.
var builtins = map[string]attribution.Model{
	"FirstTouch":         attribution.FirstTouch{},
	"LastTouch":          attribution.LastTouch{},
	"Linear":             attribution.Linear{},
	"Linear2":            attribution.Linear{Places: 2},
	"TimeDecay":          attribution.TimeDecay{},
	"PositionBased":      attribution.PositionBased{},
	"Markov":             attribution.Markov{},
	"MarkovValueRemoval": attribution.Markov{ValueRemoval: true},
	"MarkovOrder":        attribution.MarkovOrder{},
	"EqualDistinct":      attribution.EqualDistinct{},
	"RateShapley":        attribution.RateShapley{},
}

func TestBuiltinModels(t *testing.T) {
	for name, m := range builtins {
		t.Run(name, func(t *testing.T) { attributiontest.Run(t, m) })
	}
}

func TestTestModelBuiltins(t *testing.T) {
	for name, m := range builtins {
		if err := attributiontest.TestModel(m); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// broken breaks one clause each.
var broken = map[string]attribution.Model{
	"SumsExactly": attribution.ModelFunc(func(paths []attribution.Path) (attribution.Credits, error) {
		c, err := attribution.Linear{}.Attribute(paths)
		for ch, cr := range c {
			cr.Conversions = cr.Conversions.Add(decimal.New(1, -4))
			c[ch] = cr
			break
		}
		return c, err
	}),
	"EveryChannel": attribution.ModelFunc(func(paths []attribution.Path) (attribution.Credits, error) {
		c, err := attribution.Linear{}.Attribute(paths)
		for ch, cr := range c {
			if cr.Conversions.IsZero() && cr.Value.IsZero() {
				delete(c, ch)
			}
		}
		return c, err
	}),
	"PathOrder": attribution.ModelFunc(func(paths []attribution.Path) (attribution.Credits, error) {
		if len(paths) > 1 {
			return attribution.FirstTouch{}.Attribute(paths[:1:1])
		}
		return attribution.FirstTouch{}.Attribute(paths)
	}),
	"NoMutation": attribution.ModelFunc(func(paths []attribution.Path) (attribution.Credits, error) {
		c, err := attribution.LastTouch{}.Attribute(paths)
		if len(paths) > 0 {
			paths[0].Nulls++
		}
		return c, err
	}),
	"Invalid": attribution.ModelFunc(func(paths []attribution.Path) (attribution.Credits, error) {
		c, err := attribution.Linear{}.Attribute(paths)
		if err != nil {
			return nil, errors.New("no good")
		}
		return c, nil
	}),
	"Empty": attribution.ModelFunc(func(paths []attribution.Path) (attribution.Credits, error) {
		if len(paths) == 0 {
			return nil, errors.New("nothing to attribute")
		}
		return attribution.Linear{}.Attribute(paths)
	}),
}

func TestTestModelCatchesBrokenModels(t *testing.T) {
	for clause, m := range broken {
		err := attributiontest.TestModel(m)
		if !contract.Failed(err)[clause] {
			t.Errorf("model breaking %s: TestModel = %v, want a failure of clause %s", clause, err, clause)
		}
	}
}

func TestTestModelRecoversPanics(t *testing.T) {
	m := attribution.ModelFunc(func([]attribution.Path) (attribution.Credits, error) { panic("boom") })
	if err := attributiontest.TestModel(m); err == nil {
		t.Fatal("TestModel of a panicking model = nil, want an error")
	}
}
