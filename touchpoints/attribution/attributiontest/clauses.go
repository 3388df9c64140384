package attributiontest

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/shopspring/decimal"
)

// clauses returns the clauses, in the order Run and TestModel check them.
func clauses() []clause {
	return []clause{
		{
			Name:        "Empty",
			Explanation: "no paths (nil or an empty slice) give no error and no credits",
			Check:       checkEmpty,
		},
		{
			Name:        "SumsExactly",
			Explanation: "the credits add up exactly to the conversions and to the value of the paths",
			Check:       checkSums,
		},
		{
			Name:        "NonNegative",
			Explanation: "no credit, of conversions or of value, is negative",
			Check:       checkNonNegative,
		},
		{
			Name:        "EveryChannel",
			Explanation: "the credits hold every channel on the paths, converting or not, and no other",
			Check:       checkChannels,
		},
		{
			Name:        "PathOrder",
			Explanation: "the credits do not depend on the order of the paths, and are the same on every call",
			Check:       checkOrder,
		},
		{
			Name:        "Split",
			Explanation: "splitting a path into two with the same touches, dividing its conversions, value and nulls between them, changes no credit",
			Check:       checkSplit,
		},
		{
			Name:        "NoMutation",
			Explanation: "Attribute leaves the paths it is given as they were",
			Check:       checkNoMutation,
		},
		{
			Name:        "Invalid",
			Explanation: "a path no model can take (no touches, an empty channel, negative conversions, nulls or value, a value without conversions) is an error matching attribution.ErrInvalid that is an *attribution.FieldError",
			Check:       checkInvalid,
		},
	}
}

// attribute calls m, turning an error into a failure that names the paths.
func attribute(m attribution.Model, name string, paths []attribution.Path) (attribution.Credits, error) {
	c, err := m.Attribute(paths)
	if err != nil {
		return nil, fmt.Errorf("%s: Attribute: unexpected error: %w", name, err)
	}
	return c, nil
}

func checkEmpty(m attribution.Model) error {
	var errs []error
	for name, paths := range map[string][]attribution.Path{"nil": nil, "empty": {}} {
		c, err := m.Attribute(paths)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s paths: Attribute: unexpected error: %w", name, err))
		case len(c) != 0:
			errs = append(errs, fmt.Errorf("%s paths: Attribute = %v, want no credits", name, c))
		}
	}
	return errors.Join(errs...)
}

// eachSet attributes every path set with m and checks the credits, joining
// what check finds with the sets' errors.
func eachSet(m attribution.Model, check func(name string, paths []attribution.Path, c attribution.Credits) error) error {
	var errs []error
	for _, s := range pathSets() {
		c, err := attribute(m, s.name, s.paths)
		if err == nil {
			err = check(s.name, s.paths, c)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func checkSums(m attribution.Model) error {
	return eachSet(m, func(name string, paths []attribution.Path, c attribution.Credits) error {
		conv, value := totals(paths)
		if got := c.Total(); !got.Conversions.Equal(conv) || !got.Value.Equal(value) {
			return fmt.Errorf("%s: credits add up to %s conversions and %s value, want %s and %s: %v",
				name, got.Conversions, got.Value, conv, value, c)
		}
		return nil
	})
}

func checkNonNegative(m attribution.Model) error {
	return eachSet(m, func(name string, _ []attribution.Path, c attribution.Credits) error {
		var errs []error
		for ch, cr := range c.All() {
			if cr.Conversions.Sign() < 0 || cr.Value.Sign() < 0 {
				errs = append(errs, fmt.Errorf("%s: channel %q has a negative credit: %s conversions, %s value", name, ch, cr.Conversions, cr.Value))
			}
		}
		return errors.Join(errs...)
	})
}

func checkChannels(m attribution.Model) error {
	return eachSet(m, func(name string, paths []attribution.Path, c attribution.Credits) error {
		want := make(map[string]bool)
		for _, p := range paths {
			for _, t := range p.Touches {
				want[t.Channel] = true
			}
		}
		if got, want := c.Channels(), slices.Sorted(maps.Keys(want)); !slices.Equal(got, want) {
			return fmt.Errorf("%s: credits for channels %q, want %q", name, got, want)
		}
		return nil
	})
}

func checkOrder(m attribution.Model) error {
	return eachSet(m, func(name string, paths []attribution.Path, want attribution.Credits) error {
		reversed := slices.Clone(paths)
		slices.Reverse(reversed)
		rotated := append(slices.Clone(paths[len(paths)/2:]), paths[:len(paths)/2]...)
		var errs []error
		for _, v := range []struct {
			how   string
			paths []attribution.Path
		}{{"again", paths}, {"reversed", reversed}, {"rotated", rotated}} {
			got, err := attribute(m, name+" ("+v.how+")", v.paths)
			if err != nil {
				errs = append(errs, err)
			} else if d := diff(want, got); d != "" {
				errs = append(errs, fmt.Errorf("%s: with the paths %s: %s", name, v.how, d))
			}
		}
		return errors.Join(errs...)
	})
}

func checkSplit(m attribution.Model) error {
	return eachSet(m, func(name string, paths []attribution.Path, want attribution.Credits) error {
		split, ok := splitFirst(paths)
		if !ok {
			return nil
		}
		got, err := attribute(m, name+" (split)", split)
		if err != nil {
			return err
		}
		if d := diff(want, got); d != "" {
			return fmt.Errorf("%s: with its first divisible path split in two: %s", name, d)
		}
		return nil
	})
}

// splitFirst splits the first path with at least two customers into two
// with the same touches, the first taking half the conversions (rounded
// down), the value of one conversion less than its share when it has any
// (so that the value of each stays zero without conversions), and half the
// nulls. It reports false when no path has two customers.
func splitFirst(paths []attribution.Path) ([]attribution.Path, bool) {
	for i, p := range paths {
		if p.Conversions+p.Nulls < 2 {
			continue
		}
		a, b := p, p
		a.Touches, b.Touches = slices.Clone(p.Touches), slices.Clone(p.Touches)
		a.Conversions, a.Nulls = p.Conversions/2, p.Nulls/2
		b.Conversions, b.Nulls = p.Conversions-a.Conversions, p.Nulls-a.Nulls
		a.Value = decimal.Zero
		if a.Conversions > 0 {
			a.Value = p.Value.Mul(decimal.NewFromInt(a.Conversions)).DivRound(decimal.NewFromInt(p.Conversions), 2).Truncate(2)
		}
		b.Value = p.Value.Sub(a.Value)
		out := slices.Concat(paths[:i], []attribution.Path{a, b}, paths[i+1:])
		return out, true
	}
	return nil, false
}

func checkNoMutation(m attribution.Model) error {
	var errs []error
	for _, s := range pathSets() {
		paths := clonePaths(s.paths)
		if _, err := attribute(m, s.name, paths); err != nil {
			errs = append(errs, err)
			continue
		}
		for i := range paths {
			if !samePath(paths[i], s.paths[i]) {
				errs = append(errs, fmt.Errorf("%s: paths[%d] changed from %+v to %+v", s.name, i, s.paths[i], paths[i]))
				break
			}
		}
	}
	return errors.Join(errs...)
}

func checkInvalid(m attribution.Model) error {
	var errs []error
	for _, b := range badPaths() {
		_, err := m.Attribute(b.paths)
		var fe *attribution.FieldError
		if !errors.Is(err, attribution.ErrInvalid) || !errors.As(err, &fe) {
			errs = append(errs, fmt.Errorf("%s: Attribute: got error %v, want an *attribution.FieldError matching attribution.ErrInvalid", b.name, err))
		}
	}
	return errors.Join(errs...)
}

// diff describes how the credits b differ from a, or returns "".
func diff(a, b attribution.Credits) string {
	if !slices.Equal(a.Channels(), b.Channels()) {
		return fmt.Sprintf("channels %q, want %q", b.Channels(), a.Channels())
	}
	for ch, ca := range a.All() {
		cb := b[ch]
		if !ca.Conversions.Equal(cb.Conversions) || !ca.Value.Equal(cb.Value) {
			return fmt.Sprintf("channel %q credited %s conversions and %s value, want %s and %s", ch, cb.Conversions, cb.Value, ca.Conversions, ca.Value)
		}
	}
	return ""
}
