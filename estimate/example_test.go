package estimate_test

import (
	"fmt"

	"github.com/engagekit/engage/estimate"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

func ExampleUnitModel_Place() {
	var m estimate.UnitModel // the published 1.0 / 1.7 / 1.7 / 3.4
	units := []estimate.Unit{
		{Name: "Leeds", Employees: 3.9, Customers: 4.4, Revenue: decimal.RequireFromString("1200000.00")},
		{Name: "York", Employees: 4.3, Customers: 4.1, Revenue: decimal.RequireFromString("950000.00")},
		{Name: "Hull", Employees: 3.6, Customers: 3.7, Revenue: decimal.RequireFromString("800000.00")},
		{Name: "Bath", Employees: 4.4, Customers: 4.5, Revenue: decimal.RequireFromString("1500000.00")},
		{Name: "Ely", Employees: 4.0, Customers: 3.9, Revenue: decimal.RequireFromString("700000.00")},
	}
	p, err := m.Place(units)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Ely sits at the employee median and York at the customer median:
	// at the median counts as below it.
	fmt.Printf("medians: employees %.1f, customers %.1f\n", p.EmployeeMedian, p.CustomerMedian)
	for _, u := range p.Units {
		fmt.Printf("%-5s %-24s %.1fx\n", u.Name, u.Quadrant, u.Performance)
	}
	fmt.Printf("portfolio: %.2fx a unit below on both\n", p.Performance)

	// Engage the employees of Leeds, holding the medians.
	i, _ := p.Index("Leeds")
	c, err := m.EngageEmployees(p, i)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %s -> %s, uplift %.1fx: %s -> %s (%s)\n",
		c.Unit, c.From, c.To, c.Uplift, c.Before.StringFixed(2), c.After.StringFixed(2), c.Change.StringFixed(2))
	fmt.Printf("portfolio: %.2fx -> %.2fx\n", c.PortfolioBefore, c.PortfolioAfter)
	// Output:
	// medians: employees 4.0, customers 4.1
	// Leeds above on customers only  1.7x
	// York  above on employees only  1.7x
	// Hull  below on both            1.0x
	// Bath  above on both            3.4x
	// Ely   below on both            1.0x
	// portfolio: 1.76x a unit below on both
	// Leeds: above on customers only -> above on both, uplift 2.0x: 1200000.00 -> 2400000.00 (1200000.00)
	// portfolio: 1.76x -> 2.10x
}

func ExampleCustomerModel_Revenue() {
	m := estimate.CustomerModel{Baseline: decimal.RequireFromString("100.00")}
	mix := estimate.Mix{ActivelyDisengaged: 240, NotEngaged: 300, Engaged: 270, FullyEngaged: 190}
	r, err := m.Revenue(mix)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range r.Levels {
		fmt.Printf("%-20s %4d x %6s (%.4fx) = %9s\n", l.Level, l.Customers, l.PerCustomer.StringFixed(2), l.Factor, l.Revenue.StringFixed(2))
	}
	fmt.Println("total", r.Total.StringFixed(2))
	// Output:
	// actively_disengaged   240 x  87.00 (0.8700x) =  20880.00
	// not_engaged           300 x  97.81 (0.9781x) =  29342.11
	// engaged               270 x  97.81 (0.9781x) =  26407.89
	// fully_engaged         190 x 123.00 (1.2300x) =  23370.00
	// total 100000.00
}

func ExampleCustomerModel_Scenario() {
	m := estimate.CustomerModel{Baseline: decimal.RequireFromString("100.00")}
	before := estimate.Mix{ActivelyDisengaged: 240, NotEngaged: 300, Engaged: 270, FullyEngaged: 190}
	// Move 10% of returning customers (Engaged) to advocates (FullyEngaged).
	o, err := m.Scenario(before, estimate.Move{From: stages.Engaged, To: stages.FullyEngaged, Fraction: 0.10})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("moved", o.Moved[0])
	for _, l := range o.Levels {
		fmt.Printf("%-20s %9s -> %9s %8s\n", l.Level, l.Before.StringFixed(2), l.After.StringFixed(2), l.Change.StringFixed(2))
	}
	fmt.Printf("%-20s %9s -> %9s %8s\n", "total", o.Before.StringFixed(2), o.After.StringFixed(2), o.Change.StringFixed(2))
	// Output:
	// moved 27
	// actively_disengaged   20880.00 ->  20880.00     0.00
	// not_engaged           29342.11 ->  29342.11     0.00
	// engaged               26407.89 ->  23767.10 -2640.79
	// fully_engaged         23370.00 ->  26691.00  3321.00
	// total                100000.00 -> 100680.21   680.21
}

func ExampleCustomerModel_calibrateOn() {
	f := estimate.DefaultFigures()
	worldClass := estimate.Mix{ActivelyDisengaged: 60, NotEngaged: 200, Engaged: 260, FullyEngaged: 480}
	m := estimate.CustomerModel{Baseline: decimal.RequireFromString("100.00")}
	if _, err := m.Revenue(worldClass); err != nil {
		fmt.Println(err)
	}
	// Calibrate on the average organisation: the premium is then over its
	// average customer, and the world-class base's average still earns 100.
	m.CalibrateOn = f.AverageOrganisation.Mix()
	r, err := m.Revenue(worldClass)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range r.Levels {
		fmt.Printf("%-20s %6s\n", l.Level, l.PerCustomer.StringFixed(2))
	}
	fmt.Println("total", r.Total.StringFixed(2))
	// Output:
	// estimate: Mix "actively_disengaged=60 not_engaged=200 engaged=260 fully_engaged=480": with 48.0% fully engaged, engaged and not engaged customers would earn 0.777 times the average, less than the actively disengaged 0.87; calibrate on a reference mix
	// actively_disengaged   79.63
	// not_engaged           89.52
	// engaged               89.52
	// fully_engaged        112.58
	// total 100000.00
}

func ExampleCustomerModel_assume() {
	mix := estimate.Mix{ActivelyDisengaged: 240, NotEngaged: 300, Engaged: 270, FullyEngaged: 190}
	m := estimate.CustomerModel{
		Baseline: decimal.RequireFromString("100.00"),
		Assume:   &estimate.PerCustomerAssumption{}, // the popular 1.7, named as an assumption
	}
	r, err := m.Revenue(mix)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range r.Levels {
		fmt.Printf("%-20s %6s\n", l.Level, l.PerCustomer.StringFixed(2))
	}
	// Output:
	// actively_disengaged   75.64
	// not_engaged           75.64
	// engaged              128.59
	// fully_engaged        128.59
}

func ExampleObserveMultiplier() {
	// A small, fixed base: engaged customers spend more, with spread.
	var samples []estimate.Sample
	for i := range 60 {
		samples = append(samples, estimate.Sample{Level: stages.Engaged,
			Revenue: decimal.New(int64(12000+(i*3779)%9000), -2)})
	}
	for i := range 140 {
		l := stages.NotEngaged
		if i%4 == 0 {
			l = stages.ActivelyDisengaged
		}
		samples = append(samples, estimate.Sample{Level: l, Revenue: decimal.New(int64(7000+(i*2917)%6000), -2)})
	}
	o, err := estimate.ObserveMultiplier(samples, estimate.ObserveOptions{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(o)
	fmt.Println("published figure inside the interval:", o.Range().Contains(o.Published))
	// Output:
	// observed 1.65x (95% interval 1.57x to 1.73x; 60 engaged, 140 others) beside the published 1.7x, a business-unit figure
	// published figure inside the interval: true
}

func ExampleParticipation_PopulationFor() {
	p := estimate.DefaultFigures().Participation // 90-9-1
	for _, g := range []estimate.Group{estimate.Creators, estimate.Contributors, estimate.Posters} {
		n, err := p.PopulationFor(30, g)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("30 %s need %d people\n", g, n)
	}
	// Output:
	// 30 creators need 3000 people
	// 30 contributors need 334 people
	// 30 posters need 300 people
}

func ExampleParticipation_Size() {
	c, err := estimate.DefaultParticipation().Size(3000)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.0f readers, %.0f contributors, %.0f creators\n", c.Readers, c.Contributors, c.Creators)
	// Output:
	// 2700 readers, 270 contributors, 30 creators
}

func ExampleFigures_Conversations() {
	c, err := estimate.DefaultFigures().Conversations(120)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("heard online %d; offline %s; in all %s\n", c.Online, c.Offline, c.Total)
	// Output:
	// heard online 120; offline 480 to 1080; in all 600 to 1200
}

func ExampleFigures_LoyalRepurchaseRate() {
	r, err := estimate.DefaultFigures().LoyalRepurchaseRate(0.12)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("loyal customers repurchase at %.0f%% to %.0f%%\n", 100*r.Low, 100*r.High)
	// Output:
	// loyal customers repurchase at 48% to 72%
}
