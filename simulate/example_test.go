package simulate_test

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/simulate"
	"github.com/engagekit/engage/stages"
)

// Generate a year of a 3,000-customer business and summarise its ground
// truth.
func Example() {
	base, err := simulate.Generate(simulate.Config{
		Seed: 1,
		End:  time.Date(2025, time.July, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var byStage [stages.NumStages + 1]int
	var byLevel [stages.NumLevels + 1]int
	for _, c := range base.Customers {
		t := base.Truth[c.ID]
		byStage[t.Stage]++
		byLevel[t.Level]++
	}
	fmt.Printf("%d customers, %d interactions, %d mentions, as of %s\n",
		len(base.Customers), len(base.Interactions), len(base.Mentions), base.AsOf.Format(time.DateOnly))
	for s := stages.Prospect; s <= stages.Former; s++ {
		fmt.Printf("%-14s %4d\n", s, byStage[s])
	}
	for l := stages.FullyEngaged; l >= stages.ActivelyDisengaged; l-- {
		fmt.Printf("%-20s %4d  x%.2f\n", l, byLevel[l], base.Multipliers[l])
	}
	fmt.Printf("built-in premium of the engaged: x%.3f\n", base.ExpectedRatio(nil))
	// Output:
	// 3000 customers, 28709 interactions, 7395 mentions, as of 2025-07-01
	// prospect        600
	// transactional  1050
	// returning       660
	// advocate        300
	// former          390
	// fully_engaged         300  x1.23
	// engaged               660  x1.10
	// not_engaged           891  x0.93
	// actively_disengaged   549  x0.87
	// built-in premium of the engaged: x1.257
}

// ExpectedRatio is what an estimate of the engaged customers' premium
// should recover; here the premium is measured plainly from the data.
func ExampleBase_ExpectedRatio() {
	base, err := simulate.Generate(simulate.Config{Seed: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	profiles, err := engagement.Fold(context.Background(), slices.Values(base.Interactions), base.AsOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	var engaged, others float64
	var ne, no int
	for _, c := range base.Customers {
		t := base.Truth[c.ID]
		p, ok := profiles.Get(c.ID)
		if t.Level == stages.NoLevel || !ok {
			continue
		}
		if simulate.EngagedLevel(t.Level) {
			engaged += p.Monetary().InexactFloat64()
			ne++
		} else {
			others += p.Monetary().InexactFloat64()
			no++
		}
	}
	fmt.Printf("built with x%.2f, observed x%.2f\n", base.ExpectedRatio(nil), (engaged/float64(ne))/(others/float64(no)))
	// Output:
	// built with x1.26, observed x1.25
}
