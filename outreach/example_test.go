package outreach_test

import (
	"context"
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/stages"
)

// Ask for quick feedback from the customers it fits: only returning
// customers and advocates, only with consent (here the customers' Consent,
// as no consent records are kept for them), and no more than once a week
// (the default cap). A second run the next day sends nothing again, and a
// different action the same week is held back by the cap.
func ExampleSender_Send() {
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
	email := outreach.NewMemoryChannel() // a dry run: the memory channel keeps what it would send
	out := &outreach.Sender{Channel: email, Store: store, Touchpoint: "newsletter", ConsentChannel: engagement.ChannelEmail}

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
		if in.Kind == outreach.Kind {
			fmt.Println("recorded:", in.Customer, in.Kind, "at", in.Touchpoint, in.Time.Format(time.DateOnly))
		}
	}
	// Output:
	// outreach quick_feedback at 2024-03-04T09:00:00Z
	// sent: ada, dee
	// not appropriate: chidi
	// no consent: bo
	//   bo: no record of marketing consent on email; customer consent is refused
	// why not chidi: quick_feedback needs a returning customer: a transactional customer asks first that you do what they pay you for; asking them to collaborate wastes effort and can upset them, so meet their basic expectations first
	// outreach quick_feedback at 2024-03-05T09:00:00Z
	// already sent: ada, dee
	// not appropriate: chidi
	// no consent: bo
	//   bo: no record of marketing consent on email; customer consent is refused
	// outreach vote at 2024-03-06T09:00:00Z
	// not appropriate: chidi
	// no consent: bo
	//   bo: no record of marketing consent on email; customer consent is refused
	// capped: ada, dee
	// messages delivered: 2
	// recorded: ada outreach at newsletter 2024-03-04
}

// Consent is recorded per purpose and channel, and Sender honours it for
// its own: a marketing e-mail goes only to customers whose latest
// marketing consent on e-mail (or on every channel) is a grant that has
// not lapsed, whatever their Consent says; a service message needs service
// consent. When no record applies, the customer's Consent decides. The
// report says why each customer was left out.
func ExampleSender_Send_consentPerPurpose() {
	ctx := context.Background()
	store := engagement.NewMemoryStore()
	store.PutCustomers(ctx,
		engagement.Customer{ID: "ada", Consent: engagement.ConsentGiven},
		engagement.Customer{ID: "bo", Consent: engagement.ConsentGiven},
		engagement.Customer{ID: "chidi"},
		engagement.Customer{ID: "dee"},
		engagement.Customer{ID: "eve"},
	)
	march := func(day int) time.Time { return time.Date(2024, 3, day, 9, 0, 0, 0, time.UTC) }
	err := store.RecordConsent(ctx,
		// ada unsubscribed from everything after signing up for e-mail.
		engagement.ConsentRecord{Customer: "ada", Purpose: engagement.PurposeMarketing, Channel: engagement.ChannelEmail,
			State: engagement.ConsentGiven, Time: march(1), Source: "signup form"},
		engagement.ConsentRecord{Customer: "ada", Purpose: engagement.PurposeMarketing,
			State: engagement.ConsentRefused, Time: march(3), Source: "unsubscribe link"},
		// bo's trial consent lapsed.
		engagement.ConsentRecord{Customer: "bo", Purpose: engagement.PurposeMarketing, Channel: engagement.ChannelEmail,
			State: engagement.ConsentGiven, Time: march(1), Expires: march(4), Source: "trial"},
		// chidi welcomes marketing e-mail, and service messages anywhere.
		engagement.ConsentRecord{Customer: "chidi", Purpose: engagement.PurposeMarketing, Channel: engagement.ChannelEmail,
			State: engagement.ConsentGiven, Time: march(2), Source: "signup form"},
		engagement.ConsentRecord{Customer: "chidi", Purpose: engagement.PurposeService,
			State: engagement.ConsentGiven, Time: march(2), Source: "signup form"},
		// dee agreed to service messages only, eve to marketing by text
		// message only.
		engagement.ConsentRecord{Customer: "dee", Purpose: engagement.PurposeService, Channel: engagement.ChannelEmail,
			State: engagement.ConsentGiven, Time: march(2), Source: "order"},
		engagement.ConsentRecord{Customer: "eve", Purpose: engagement.PurposeMarketing, Channel: engagement.ChannelSMS,
			State: engagement.ConsentGiven, Time: march(2), Source: "shop counter"},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	audience := map[engagement.CustomerID]stages.Stage{
		"ada": stages.Advocate, "bo": stages.Advocate, "chidi": stages.Advocate, "dee": stages.Advocate, "eve": stages.Advocate,
	}

	marketing := &outreach.Sender{Channel: outreach.NewMemoryChannel(), Store: store, Touchpoint: "newsletter",
		ConsentChannel: engagement.ChannelEmail} // Purpose: marketing, the default
	report, err := marketing.Send(ctx, stages.Vote, audience, march(5))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(report)

	service := &outreach.Sender{Channel: outreach.NewMemoryChannel(), Store: store, Touchpoint: "order-updates",
		Purpose: engagement.PurposeService, ConsentChannel: engagement.ChannelEmail}
	// A week later, so that the frequency cap has room. ada and bo have no
	// service records: their Consent decides.
	report, _ = service.Send(ctx, stages.QuickFeedback, audience, march(13))
	fmt.Println(report)
	// Output:
	// outreach vote at 2024-03-05T09:00:00Z
	// sent: chidi
	// no consent: ada, bo, dee, eve
	//   ada: marketing on every channel refused at 2024-03-03T09:00:00Z (unsubscribe link)
	//   bo: marketing on email given at 2024-03-01T09:00:00Z (trial), expired at 2024-03-04T09:00:00Z
	//   dee: no record of marketing consent on email; customer consent is unknown
	//   eve: no record of marketing consent on email; customer consent is unknown
	// outreach quick_feedback at 2024-03-13T09:00:00Z
	// sent: ada, bo, chidi, dee
	// no consent: eve
	//   eve: no record of service consent on email; customer consent is unknown
}

// A channel delivers each idempotency key once: a repeat returns the first
// receipt, marked as a duplicate.
func ExampleMemoryChannel() {
	ch := outreach.NewMemoryChannel()
	m := outreach.Message{
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
	mem := outreach.NewMemoryChannel()
	logged := outreach.ChannelFunc(func(ctx context.Context, m outreach.Message) (outreach.Receipt, error) {
		r, err := mem.Deliver(ctx, m)
		fmt.Printf("deliver %s to %s: duplicate %v, err %v\n", m.ID, m.Customer, r.Duplicate, err)
		return r, err
	})
	m := outreach.Message{ID: "k-1", Customer: "ada", Time: time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)}
	logged.Deliver(context.Background(), m)
	logged.Deliver(context.Background(), m)
	logged.Deliver(context.Background(), outreach.Message{ID: "k-2"})
	// Output:
	// deliver k-1 to ada: duplicate false, err <nil>
	// deliver k-1 to ada: duplicate true, err <nil>
	// deliver k-2 to : duplicate false, err outreach: message.customer "": customer id is empty
}

func ExampleSender_Send_winBackAndWelcome() {
	ctx := context.Background()
	store := engagement.NewMemoryStore() // it has leases: the two Sender values below may run at once
	store.PutCustomers(ctx,
		engagement.Customer{ID: "fay", Consent: engagement.ConsentGiven},
		engagement.Customer{ID: "gus", Consent: engagement.ConsentGiven},
		engagement.Customer{ID: "pia", Consent: engagement.ConsentGiven},
	)
	audience := map[engagement.CustomerID]stages.Stage{
		"fay": stages.Former,
		"gus": stages.Returning,
		"pia": stages.Prospect,
	}
	email := outreach.NewMemoryChannel()
	winBack := &outreach.Sender{Channel: email, Store: store, Touchpoint: "win-back", ConsentChannel: engagement.ChannelEmail}
	welcome := &outreach.Sender{Channel: email, Store: store, Touchpoint: "welcome", ConsentChannel: engagement.ChannelEmail}

	monday := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	report, err := winBack.Send(ctx, stages.WinBack, audience, monday)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(report)
	for _, r := range report.NotAppropriate {
		fmt.Printf("why not %s: %s\n", r.Customer, r.Reason)
	}
	report, _ = welcome.Send(ctx, stages.Welcome, audience, monday)
	fmt.Println(report)
	// Output:
	// outreach win_back at 2024-03-04T09:00:00Z
	// sent: fay
	// not appropriate: gus, pia
	// why not gus: win_back is only for former customers: a returning customer has not left; offer returning-stage actions instead
	// why not pia: win_back is only for former customers: a prospect has not bought yet, so there is no custom to win back; welcome them instead
	// outreach welcome at 2024-03-04T09:00:00Z
	// sent: pia
	// not appropriate: fay, gus
}
