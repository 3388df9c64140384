package attribution_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/engagekit/engage/touchpoints/attribution"
)

// ExampleRateShapley credits channels by their Shapley values in the
// conversion-rate game, where the journeys that did not convert count
// against the channels on them. Display alone never converts, so its
// value is negative and it gets no credit.
func ExampleRateShapley() {
	paths, _ := attribution.ReadPaths(strings.NewReader(pathFile))
	a, err := attribution.RateShapley{}.Analyze(paths)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("conversion rate %.4f\n", a.Rate)
	for _, name := range a.Credits.Channels() {
		fmt.Printf("%-8s Shapley value %+.4f\n", name, a.Values[name])
	}
	printCredits(a.Credits)
	// Output:
	// conversion rate 0.2105
	// display  Shapley value -0.0480
	// email    Shapley value +0.0565
	// search   Shapley value +0.2020
	// display  0 conversions, 0
	// email    0.8748 conversions, 72.1684
	// search   3.1252 conversions, 257.8316
}

// ExampleMarkov_valueRemoval divides the value by the value removal
// effects, as ChannelAttribution does with a conversion value: search
// converts less often than email but for much more.
func ExampleMarkov_valueRemoval() {
	paths, _ := attribution.ReadPaths(strings.NewReader(`path;total_conversions;total_conversion_value;total_null
email > search;2;400;2
email;2;40;1
`))
	a, err := attribution.Markov{ValueRemoval: true}.Analyze(paths)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range a.Credits.Channels() {
		fmt.Printf("%-8s removal effect %.4f, on value %.4f\n", name, a.RemovalEffects[name], a.ValueRemovalEffects[name])
	}
	printCredits(a.Credits)
	// Output:
	// email    removal effect 1.0000, on value 1.0000
	// search   removal effect 0.5000, on value 0.9091
	// email    2.6667 conversions, 230.4762
	// search   1.3333 conversions, 209.5238
}

// ExampleMarkovOrder chooses the order of the chain by BIC and writes its
// transition matrix.
func ExampleMarkovOrder() {
	paths, _ := attribution.ReadPaths(strings.NewReader(pathFile))
	a, err := attribution.MarkovOrder{MaxOrder: 2}.Analyze(paths)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range a.Fits {
		fmt.Printf("order %d: %d states, ln L %.3f, BIC %.3f\n", f.Order, f.States, f.LogLikelihood, f.BIC)
	}
	fmt.Println("chosen order", a.Order)
	printCredits(a.Credits)
	if err := a.Transitions.WriteCSV(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// order 1: 4 states, ln L -33.828, BIC 83.223
	// order 2: 6 states, ln L -33.598, BIC 86.655
	// chosen order 1
	// display  0.5 conversions, 41.25
	// email    1.3333 conversions, 110
	// search   2.1667 conversions, 178.75
	// from,to,count,probability
	// (start),display,9,0.47368421052631576
	// (start),email,5,0.2631578947368421
	// (start),search,5,0.2631578947368421
	// display,email,3,0.3333333333333333
	// display,(null),6,0.6666666666666666
	// email,search,8,1
	// search,(conversion),4,0.3076923076923077
	// search,(null),9,0.6923076923076923
}
