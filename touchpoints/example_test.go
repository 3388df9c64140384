package touchpoints_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/engagekit/engage/touchpoints"
)

// exampleTouchpoints is a small business's touch points as a spreadsheet
// would export them.
const exampleTouchpoints = `id,name,channel,phase,owner,online,partner,cost
ads,Search ads,search_ads,awareness,marketing,true,true,4000
pr,Press releases,press,awareness,communications,false,true,1500
web,Web shop,web,purchase,sales,true,false,2500
shop,Flagship store,store,purchase,sales,false,false,6000
help,Help desk,phone,use,service,false,false,3000
news,Newsletter,email,cultivation,marketing,true,false,500
club,Loyalty club,store,cultivation,service,false,false,1000
forum,User forum,forum,advocacy,,true,false,0
`

func ExampleNewPlan() {
	tps, err := touchpoints.ReadTouchpoints(strings.NewReader(exampleTouchpoints))
	if err != nil {
		log.Fatal(err)
	}
	plan, err := touchpoints.NewPlan(tps, touchpoints.PlanOptions{
		Coordinators: map[touchpoints.Phase]touchpoints.Function{
			touchpoints.Cultivation: touchpoints.Service, // the club and the newsletter
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(plan)
	// Output:
	// Touch points: 8 (7 owned, 1 owned by nobody)
	//
	// Coverage (touch points by phase and owning function):
	// phase        marketing  communications  service  sales  product_management  operations  nobody
	// awareness    1          1               -        -      -                   -           -
	// discovery    -          -               -        -      -                   -           -
	// attraction   -          -               -        -      -                   -           -
	// interaction  -          -               -        -      -                   -           -
	// purchase     -          -               -        2      -                   -           -
	// use          -          -               1        -      -                   -           -
	// cultivation  1          -               1        -      -                   -           -
	// advocacy     -          -               -        -      -                   -           1
	//
	// In-house: 6 touch points costing 13000 (70% of spend); outside partners: 2 touch points costing 5500 (30% of spend).
	// Online: 4 touch points costing 7000 (38% of spend); offline: 4 touch points costing 11500 (62% of spend).
	// 80-90% of conversations about a business happen offline.
	//
	// Findings (6):
	// - gap: No touch point serves the discovery phase: the journey has a gap there, and every step of it is a chance to build or lose the bond.
	// - gap: No touch point serves the attraction phase: the journey has a gap there, and every step of it is a chance to build or lose the bond.
	// - gap: No touch point serves the interaction phase: the journey has a gap there, and every step of it is a chance to build or lose the bond.
	// - uncoordinated: The awareness phase is served by 2 functions (marketing, communications) and nobody coordinates them: name one function to coordinate the phase, so that its touch points work as one plan instead of as silos.
	// - unowned: Touch point "forum" (User forum, forum, advocacy) has no owner: no function is responsible for it, so it sits outside any coordinated plan.
	// - offline: Only 62% of touch-point spend is offline (4 of 8 touch points), yet 80-90% of conversations about a business happen offline: check that the plan reaches them.
}

func ExampleRankChannels() {
	tps, err := touchpoints.ReadTouchpoints(strings.NewReader(exampleTouchpoints))
	if err != nil {
		log.Fatal(err)
	}
	// Revenue attributed to each channel over the same period, as package
	// touchpoints/attribution would credit it. Referrals cost nothing.
	revenue := map[string]decimal.Decimal{
		"search_ads": decimal.New(10000, 0),
		"press":      decimal.New(1500, 0),
		"web":        decimal.New(12500, 0),
		"store":      decimal.New(21000, 0),
		"phone":      decimal.New(3000, 0),
		"email":      decimal.New(4000, 0),
		"referrals":  decimal.New(2500, 0),
	}
	returns, err := touchpoints.ChannelReturns(tps, revenue)
	if err != nil {
		log.Fatal(err)
	}
	ranked, err := touchpoints.RankChannels(returns)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range ranked {
		fmt.Println(r)
	}
	// Output:
	// 1. referrals: spend 0, revenue 2500, return infinite (revenue with no spend), 0% of spend
	// 2. email: spend 500, revenue 4000, return 8.00 (ROI 700%), 3% of spend
	// 3. web: spend 2500, revenue 12500, return 5.00 (ROI 400%), 14% of spend
	// 4. store: spend 7000, revenue 21000, return 3.00 (ROI 200%), 38% of spend
	// 5. search_ads: spend 4000, revenue 10000, return 2.50 (ROI 150%), 22% of spend
	// 6. phone: spend 3000, revenue 3000, return 1.00 (ROI 0%), 16% of spend
	// 7. press: spend 1500, revenue 1500, return 1.00 (ROI 0%), 8% of spend
	// 8. forum: spend 0, revenue 0, no return (nothing spent, nothing earned), 0% of spend
}

func ExampleBudgetScenario() {
	returns := []touchpoints.Return{
		{Name: "referrals", Spend: decimal.Zero, Revenue: decimal.New(2500, 0)},
		{Name: "email", Spend: decimal.New(500, 0), Revenue: decimal.New(4000, 0)},
		{Name: "web", Spend: decimal.New(2500, 0), Revenue: decimal.New(12500, 0)},
		{Name: "store", Spend: decimal.New(7000, 0), Revenue: decimal.New(21000, 0)},
		{Name: "search_ads", Spend: decimal.New(4000, 0), Revenue: decimal.New(10000, 0)},
		{Name: "phone", Spend: decimal.New(3000, 0), Revenue: decimal.New(3000, 0)},
		{Name: "press", Spend: decimal.New(1500, 0), Revenue: decimal.New(1500, 0)},
	}
	s, err := touchpoints.BudgetScenario(returns, touchpoints.DefaultBudgetFraction)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(s)
	// Output:
	// Budget: 15% of today's spend of 18500 is 2775.
	// Kept: spend 2775, revenue 17875 of 54500.
	//   + referrals: spend 0, revenue 2500
	//   + email: spend 500, revenue 4000
	//   + web: spend 2275, revenue 11375 (cut pro-rata; the part kept)
	// Dropped: spend 15725, revenue at risk 36625.
	//   - web: spend 225, revenue 1125 (cut pro-rata; the part dropped)
	//   - store: spend 7000, revenue 21000
	//   - search_ads: spend 4000, revenue 10000
	//   - phone: spend 3000, revenue 3000
	//   - press: spend 1500, revenue 1500
}

func ExampleAdvocacyOffset() {
	// 120 referrals a year, a quarter of which become customers, where
	// advertising pays 80 to acquire one.
	offset, err := touchpoints.AdvocacyOffset(120, 0.25, decimal.New(80, 0))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("advertising the referrals stand in for:", offset)
	// Output:
	// advertising the referrals stand in for: 2400
}
