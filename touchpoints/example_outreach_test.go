package touchpoints_test

import (
	"context"
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
	"github.com/engagekit/engage/touchpoints"
)

// Ask for quick feedback from the customers it fits: only returning
// customers and advocates, only with consent, and no more than once a week
// (the default cap). A second run the next day sends nothing again, and a
// different action the same week is held back by the cap.
func ExampleOutreach_Send() {
	ctx := context.Background()
	store := engagement.NewMemoryStore()
	store.PutCustomers(ctx,
		engagement.Customer{ID: "ada", Consent: engagement.ConsentGiven},
		engagement.Customer{ID: "bo", Consent: engagement.ConsentRefused},
		engagement.Customer{ID: "chidi", Consent: engagement.ConsentGiven},
		engagement.Customer{ID: "dee", Consent: engagement.ConsentGiven},
	)
	// The stage of each customer, as stages.Classify would give it.
	audience := map[engagement.CustomerID]stages.Stage{
		"ada":   stages.Returning,
		"bo":    stages.Advocate,
		"chidi": stages.Transactional,
		"dee":   stages.Advocate,
	}
	email := touchpoints.NewMemoryChannel() // a dry run: the memory channel keeps what it would send
	out := &touchpoints.Outreach{Channel: email, Store: store, Touchpoint: "newsletter"}

	monday := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	report, err := out.Send(ctx, stages.QuickFeedback, audience, monday)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(report)
	fmt.Println("why not chidi:", report.NotAppropriate[0].Reason)

	report, _ = out.Send(ctx, stages.QuickFeedback, audience, monday.Add(24*time.Hour))
	fmt.Println(report)
	report, _ = out.Send(ctx, stages.Vote, audience, monday.Add(48*time.Hour))
	fmt.Println(report)

	fmt.Println("messages delivered:", len(email.Delivered()))
	for in, err := range store.Interactions(ctx, engagement.Query{Customer: "ada"}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		if in.Kind == touchpoints.OutreachKind {
			fmt.Println("recorded:", in.Customer, in.Kind, "at", in.Touchpoint, in.Time.Format(time.DateOnly))
		}
	}
	// Output:
	// outreach quick_feedback at 2024-03-04T09:00:00Z
	// sent: ada, dee
	// not appropriate: chidi
	// no consent: bo
	// why not chidi: quick_feedback needs a returning customer: a transactional customer asks first that you do what they pay you for; asking them to collaborate wastes effort and can upset them, so meet their basic expectations first
	// outreach quick_feedback at 2024-03-05T09:00:00Z
	// already sent: ada, dee
	// not appropriate: chidi
	// no consent: bo
	// outreach vote at 2024-03-06T09:00:00Z
	// not appropriate: chidi
	// no consent: bo
	// capped: ada, dee
	// messages delivered: 2
	// recorded: ada outreach at newsletter 2024-03-04
}

// A channel delivers each idempotency key once: a repeat returns the first
// receipt, marked as a duplicate.
func ExampleMemoryChannel() {
	ch := touchpoints.NewMemoryChannel()
	m := touchpoints.Message{
		ID:       "k-1",
		Customer: "ada",
		Action:   stages.Vote,
		Subject:  "Which colour next?",
		Time:     time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC),
	}
	for range 2 {
		r, err := ch.Deliver(context.Background(), m)
		fmt.Printf("%s ref %s duplicate %v, err %v\n", r.ID, r.Ref, r.Duplicate, err)
	}
	fmt.Println("delivered:", len(ch.Delivered()))
	// Output:
	// k-1 ref mem-1 duplicate false, err <nil>
	// k-1 ref mem-1 duplicate true, err <nil>
	// delivered: 1
}

// A ChannelFunc wraps a channel: here, to log what goes out.
func ExampleChannelFunc() {
	mem := touchpoints.NewMemoryChannel()
	logged := touchpoints.ChannelFunc(func(ctx context.Context, m touchpoints.Message) (touchpoints.Receipt, error) {
		r, err := mem.Deliver(ctx, m)
		fmt.Printf("deliver %s to %s: duplicate %v, err %v\n", m.ID, m.Customer, r.Duplicate, err)
		return r, err
	})
	m := touchpoints.Message{ID: "k-1", Customer: "ada", Time: time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)}
	logged.Deliver(context.Background(), m)
	logged.Deliver(context.Background(), m)
	logged.Deliver(context.Background(), touchpoints.Message{ID: "k-2"})
	// Output:
	// deliver k-1 to ada: duplicate false, err <nil>
	// deliver k-1 to ada: duplicate true, err <nil>
	// deliver k-2 to : duplicate false, err touchpoints: message.customer "": customer id is empty
}
