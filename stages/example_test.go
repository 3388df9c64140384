package stages_test

import (
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

func ExampleClassify() {
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return asOf.AddDate(0, 0, -d) }
	p, _ := engagement.NewProfile("ann", asOf, nil)
	for i, in := range []engagement.Interaction{
		{Kind: engagement.Purchase, Time: day(200), Amount: decimal.NewFromInt(40)},
		{Kind: engagement.Purchase, Time: day(30), Amount: decimal.NewFromInt(55)},
		{Kind: engagement.RatingGiven, Time: day(29), Rating: engagement.Satisfied(5)},
	} {
		in.ID, in.Customer = fmt.Sprint(i), "ann"
		p.Add(in)
	}
	res := stages.Classify(p, stages.Unclassified)
	fmt.Println(res.Stage, stages.LevelOf(res))
	for _, e := range res.Explain() {
		fmt.Printf("- %s: %s\n", e.Reason, e.Text)
	}
	// Output:
	// returning engaged
	// - loyal: bought on 2 days, last 30 days ago, goodwill 2.61: can count on the business and returns
	// - no_advocacy: 0 referral(s) and no promoter rating: does not yet tell others
	// - neglected: no sign of advocacy yet
	// - thin_goodwill: goodwill 2.61 is below the 5.00 an advocate holds
}

func ExampleAppropriate() {
	pb, _ := stages.NewPlaybook()
	brainstorm, _ := pb.Action(stages.Brainstorm)
	for _, s := range []stages.Stage{stages.Transactional, stages.Advocate} {
		v := stages.Appropriate(brainstorm, s)
		fmt.Printf("%s: %t: %s\n", s, v.Allowed, v.Reason)
	}
	for _, a := range pb.For(stages.Returning) {
		fmt.Println("returning:", a.Name)
	}
	// Output:
	// transactional: false: brainstorm needs an advocate customer: a transactional customer asks first that you do what they pay you for; asking them to collaborate wastes effort and can upset them, so meet their basic expectations first
	// advocate: true: an advocate customer is ready for advocate-stage actions such as brainstorm
	// returning: fix_basics
	// returning: service_recovery
	// returning: quick_feedback
	// returning: vote
	// returning: referral_invitation
	// returning: community_event
}

func ExampleAppropriate_groupActions() {
	pb, _ := stages.NewPlaybook()
	winBack, _ := pb.Action(stages.WinBack)
	vote, _ := pb.Action(stages.Vote)
	for _, s := range []stages.Stage{stages.Former, stages.Returning} {
		v := stages.Appropriate(winBack, s)
		fmt.Printf("%s to %s: %t: %s\n", winBack.Name, s, v.Allowed, v.Reason)
	}
	v := stages.Appropriate(vote, stages.Prospect)
	fmt.Printf("%s to prospect: %t: %s\n", vote.Name, v.Allowed, v.Reason)
	for _, s := range []stages.Stage{stages.Prospect, stages.Former} {
		for _, a := range pb.For(s) {
			fmt.Printf("%s: %s: %s\n", s, a.Name, a.Description)
		}
	}
	// Output:
	// win_back to former: true: win_back is meant for former customers, and this person is one
	// win_back to returning: false: win_back is only for former customers: a returning customer has not left; offer returning-stage actions instead
	// vote to prospect: false: vote needs a returning customer: a prospect has not bought yet, so there is no experience to ask about and no goodwill to draw on; win a first purchase first (welcome)
	// prospect: welcome: welcome the prospect with a welcome series and a first-purchase offer
	// former: win_back: win the former customer back with an offer and word of what has changed
}

func ExamplePickFocus() {
	var t stages.Tally
	rules := stages.DefaultRules()
	for i := range 10 {
		s := stages.Signals{PurchaseDays: 1 + i%3, SincePurchase: 20 * stages.Day, Seen: true,
			Goodwill: float64(i), Answers: 1, Satisfaction: float64(2 + i%4)}
		t.Add(rules.ClassifySignals(s, stages.Unclassified))
	}
	approval, _ := t.Approval()
	f, _ := stages.PickFocus(t.Distribution, approval)
	fmt.Println(t.Distribution)
	fmt.Println(f.Stage)
	fmt.Println(f.Reason)
	// Output:
	// prospect 0, transactional 8, returning 2, advocate 0, former 0
	// transactional
	// approval 40% is below 70%: customers expect the basics first; meet them consistently, with quality and service, before asking for more
}

func ExampleCounts_Matrix() {
	var c stages.Counts
	// A year ago and now: how 100 customers moved.
	for range 30 {
		c.Add(stages.Transactional, stages.Transactional)
	}
	for range 20 {
		c.Add(stages.Transactional, stages.Returning)
	}
	for range 10 {
		c.Add(stages.Transactional, stages.Former)
	}
	for range 30 {
		c.Add(stages.Returning, stages.Returning)
	}
	for range 10 {
		c.Add(stages.Returning, stages.Advocate)
	}
	c.Add(stages.Advocate, stages.Returning)
	for range 4 {
		c.Add(stages.Advocate, stages.Advocate)
	}
	m := c.Matrix()
	var now stages.Distribution
	now[stages.Transactional], now[stages.Returning], now[stages.Advocate] = 60, 40, 5
	fmt.Printf("transactional -> returning: %.2f\n", m[stages.Transactional][stages.Returning])
	fmt.Println("next year:", m.Project(now.Vector(), 1))
	fmt.Println("long run: ", m.LongRun(now.Vector()))
	// Output:
	// transactional -> returning: 0.33
	// next year: prospect 0.0, transactional 30.0, returning 51.0, advocate 14.0, former 10.0
	// long run:  prospect 0.0, transactional 0.0, returning 37.8, advocate 47.2, former 20.0
}

// ExampleLevelFunc gives package estimate's BaseOf and SamplesOf their
// level function: ProfileLevel for the defaults, LevelFunc for rules of
// your own. Here a passive customer's single open complaint makes them
// actively disengaged by default; a business that counts two open
// complaints as hostility sees them as not engaged.
func ExampleLevelFunc() {
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return asOf.AddDate(0, 0, -d) }
	p, _ := engagement.NewProfile("bob", asOf, nil)
	for i, in := range []engagement.Interaction{
		{Kind: engagement.Purchase, Time: day(40), Amount: decimal.NewFromInt(25)},
		{Kind: engagement.RatingGiven, Time: day(39), Rating: engagement.Recommends(7)},
		{Kind: engagement.Complaint, Time: day(10)},
	} {
		in.ID, in.Customer = fmt.Sprint(i), "bob"
		p.Add(in)
	}
	lenient := stages.LevelFunc(stages.DefaultRules(), stages.LevelRules{OpenComplaints: 2})
	fmt.Println("default:", stages.ProfileLevel(p))
	fmt.Println("two open complaints:", lenient(p))
	// Output:
	// default: actively_disengaged
	// two open complaints: not_engaged
}
