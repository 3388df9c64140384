package attribution_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/shopspring/decimal"
)

// pathFile is a small path set in the aggregated path format.
const pathFile = `path;total_conversions;total_conversion_value;total_null
email > search;2;180;3
search;1;60;4
display > email > search;1;90;2
display;0;0;6
`

// printCredits prints credits one channel a line, in channel order.
func printCredits(c attribution.Credits) {
	for name, cr := range c.All() {
		fmt.Printf("%-8s %s conversions, %s\n", name, cr.Conversions, cr.Value)
	}
}

// ExampleReadPaths reads the path format; every line is one aggregated
// path, and a bad line is an error naming the line and column.
func ExampleReadPaths() {
	paths, err := attribution.ReadPaths(strings.NewReader(pathFile))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range paths {
		fmt.Printf("%s: %d converted for %s, %d did not\n", p, p.Conversions, p.Value, p.Nulls)
	}
	_, err = attribution.ReadPaths(strings.NewReader("email;2;ten;0\n"))
	fmt.Println(err)
	// Output:
	// email > search: 2 converted for 180, 3 did not
	// search: 1 converted for 60, 4 did not
	// display > email > search: 1 converted for 90, 2 did not
	// display: 0 converted for 0, 6 did not
	// attribution: line 1: total_conversion_value "ten": not a non-negative decimal number
}

// ExampleMarkov_Analyze credits channels by their exact first-order
// Markov removal effects.
func ExampleMarkov_Analyze() {
	paths, _ := attribution.ReadPaths(strings.NewReader(pathFile))
	a, err := attribution.Markov{}.Analyze(paths)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("P(conversion) = %.4f\n", a.Conversion)
	for _, name := range a.Credits.Channels() {
		fmt.Printf("%-8s removal effect %.4f\n", name, a.RemovalEffects[name])
	}
	printCredits(a.Credits)
	// Output:
	// P(conversion) = 0.2105
	// display  removal effect 0.2308
	// email    removal effect 0.6154
	// search   removal effect 1.0000
	// display  0.5 conversions, 41.25
	// email    1.3333 conversions, 110
	// search   2.1667 conversions, 178.75
}

// ExampleModel compares the rule-based models on one path set. Every
// model's credits add up to the 4 conversions and the 330 of value.
func ExampleModel() {
	paths, _ := attribution.ReadPaths(strings.NewReader(pathFile))
	for _, m := range []struct {
		name  string
		model attribution.Model
	}{
		{"first touch", attribution.FirstTouch{}},
		{"last touch", attribution.LastTouch{}},
		{"linear", attribution.Linear{}},
		{"position-based", attribution.PositionBased{}},
		{"equal distinct", attribution.EqualDistinct{}},
	} {
		credits, err := m.model.Attribute(paths)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: total %s\n", m.name, credits.Total().Conversions)
		printCredits(credits)
	}
	// Output:
	// first touch: total 4
	// display  1 conversions, 90
	// email    2 conversions, 180
	// search   1 conversions, 60
	// last touch: total 4
	// display  0 conversions, 0
	// email    0 conversions, 0
	// search   4 conversions, 330
	// linear: total 4
	// display  0.3334 conversions, 30
	// email    1.3333 conversions, 120
	// search   2.3333 conversions, 180
	// position-based: total 4
	// display  0.4 conversions, 36
	// email    1.2 conversions, 108
	// search   2.4 conversions, 186
	// equal distinct: total 4
	// display  0.3334 conversions, 30
	// email    1.3333 conversions, 120
	// search   2.3333 conversions, 180
}

// ExampleTimeDecay weighs touches by their age at the last touch: with the
// default half-life of 7 days, touches 14, 7 and 0 days old get 1/7, 2/7
// and 4/7.
func ExampleTimeDecay() {
	start := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	journey := attribution.Path{
		Touches: []attribution.Touch{
			{Channel: "display", Time: start},
			{Channel: "email", Time: start.AddDate(0, 0, 7)},
			{Channel: "search", Time: start.AddDate(0, 0, 14)},
		},
		Conversions: 1,
		Value:       decimal.NewFromInt(70),
	}
	credits, err := attribution.TimeDecay{}.Attribute([]attribution.Path{journey})
	if err != nil {
		fmt.Println(err)
		return
	}
	printCredits(credits)
	// Output:
	// display  0.1429 conversions, 10
	// email    0.2857 conversions, 20
	// search   0.5714 conversions, 40
}
