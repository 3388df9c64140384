package attributiontest_test

import (
	"fmt"

	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/engagekit/engage/touchpoints/attribution/attributiontest"
	"github.com/shopspring/decimal"
)

// A model written outside the package: all credit to the channel met most
// often on each path, the first by name among equals.
func ExampleTestModel() {
	mostOften := attribution.ModelFunc(func(paths []attribution.Path) (attribution.Credits, error) {
		if _, err := attribution.Aggregate(paths); err != nil {
			return nil, err // the package's checks, as a *FieldError
		}
		c := attribution.Credits{}
		for _, p := range paths {
			counts := map[string]int{}
			best := ""
			for _, t := range p.Touches {
				counts[t.Channel]++
				c[t.Channel] = c[t.Channel]
			}
			for ch, n := range counts {
				if best == "" || n > counts[best] || n == counts[best] && ch < best {
					best = ch
				}
			}
			cr := c[best]
			cr.Conversions = cr.Conversions.Add(decimal.NewFromInt(p.Conversions))
			cr.Value = cr.Value.Add(p.Value)
			c[best] = cr
		}
		return c, nil
	})
	fmt.Println(attributiontest.TestModel(mostOften))
	// Output:
	// <nil>
}
