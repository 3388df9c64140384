package plays_test

import (
	"context"
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/plays"
	"github.com/engagekit/engage/segment"
	"github.com/engagekit/engage/stages"
)

// Check a customer's facts against the built-in triggers: the band fell
// since the previous record, and the customer has been former for the
// whole of a four-month history.
func ExampleEvaluate() {
	asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	at := func(month time.Month) time.Time { return time.Date(2025, month, 1, 0, 0, 0, 0, time.UTC) }
	history := []engagement.StateRecord{
		{Customer: "c1", Time: at(10), Stage: "returning", Band: "green", Score: 80},
		{Customer: "c1", Time: at(11), Stage: "former", Band: "green", Score: 71},
		{Customer: "c1", Time: at(12), Stage: "former", Band: "yellow", Score: 55},
	}
	facts := plays.Facts{
		Customer: "c1",
		Previous: &history[len(history)-1],
		History:  history,
		Stage:    stages.Result{Stage: stages.Former},
		Band:     "red",
		AsOf:     asOf,
	}
	triggers := []plays.Trigger{
		plays.BandDropped{},
		plays.BecameDetractor{},
		plays.AdvocateLapsing{},
		plays.FormerFor{Play: plays.WinBackPlay},
	}
	events, err := plays.Evaluate(triggers, facts)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range events {
		fmt.Println(e)
	}
	// Output:
	// c1 band_dropped: band fell from yellow to red since 2025-12-01
	// c1 former_for: former since 2025-11-01 (the first of 2 former records in the history), 120 days, at least 90 days -> win_back
}

// Take a former customer through the win-back play over a memory store:
// the first run sends the win-back offer and waits two weeks; a run a week
// later finds the wait not over; a run after it, the customer still
// former, sends the offer again and completes the play.
func ExampleRunner_Run() {
	ctx := context.Background()
	store := engagement.NewMemoryStore()
	store.PutCustomers(ctx, engagement.Customer{ID: "ada", Consent: engagement.ConsentGiven})
	email := outreach.NewMemoryChannel()
	runner := &plays.Runner{
		Plays: []*plays.Play{plays.WinBack()},
		Store: store,
		Outreach: &outreach.Sender{Channel: email, Store: store, Touchpoint: "win-back-mail",
			ConsentChannel: engagement.ChannelEmail},
	}
	base := []segment.Facts{{Customer: engagement.Customer{ID: "ada"}, Stage: stages.Result{Stage: stages.Former}}}
	day1 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	events := []plays.Event{{Customer: "ada", Trigger: "former_for", Time: day1, Play: plays.WinBackPlay}}

	for _, asOf := range []time.Time{day1, day1.AddDate(0, 0, 7), day1.AddDate(0, 0, 14)} {
		report, err := runner.Run(ctx, base, events, asOf)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(report)
	}
	fmt.Println("messages delivered:", len(email.Delivered()))
	// Output:
	// plays at 2026-03-02T09:00:00Z
	// advanced:
	//   ada win_back: waiting, step 0 -> 1, started, sent win_back, until 2026-03-16T09:00:00Z
	// sent:
	//   ada win_back step 0: win_back
	// waiting:
	//   ada win_back: waiting, step 0 -> 1, started, sent win_back, until 2026-03-16T09:00:00Z
	// plays at 2026-03-09T09:00:00Z
	// waiting:
	//   ada win_back: waiting, step 1 -> 1, until 2026-03-16T09:00:00Z
	// plays at 2026-03-16T09:00:00Z
	// advanced:
	//   ada win_back: finished, step 1 -> 4, sent win_back: completed
	// sent:
	//   ada win_back step 3: win_back
	// finished:
	//   ada win_back: finished, step 1 -> 4, sent win_back: completed
	// messages delivered: 2
}
