package engagement_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
)

// An anonymous visitor logs in: merging the visitor's ID into the
// customer's makes the two one customer in every later call, and the
// merge is kept to explain it. Erasing the customer, asked for by either
// ID, then removes both.
func ExampleMemoryStore_Merge() {
	ctx := context.Background()
	s := engagement.NewMemoryStore()
	t0 := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	_ = s.Append(ctx,
		engagement.Interaction{ID: "v-1", Customer: "anon-7", Time: t0, Kind: engagement.Visit,
			Properties: engagement.Properties{"utm_source": engagement.StringValue("newsletter")}},
		engagement.Interaction{ID: "o-1", Customer: "u-42", Time: t0.Add(time.Hour), Kind: engagement.Purchase},
	)
	err := s.Merge(ctx, engagement.Merge{From: "anon-7", Into: "u-42", Time: t0.Add(2 * time.Hour), Reason: "login"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for in, err := range s.Interactions(ctx, engagement.Query{Customer: "anon-7"}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(in.ID, in.Customer, in.Kind)
	}
	for m, err := range s.Merges(ctx, "u-42") {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(m)
	}
	rep, err := s.Erase(ctx, engagement.Erasure{Customer: "anon-7", Mode: engagement.EraseDelete})
	fmt.Printf("%+v %v\n", rep, err)
	// Output:
	// v-1 u-42 visit
	// o-1 u-42 purchase
	// "anon-7" merged into "u-42" at 2025-06-02T11:00:00Z (login)
	// {Customer:u-42 Record:false Interactions:2 Consents:0 Aliases:1 States:0 Checkpoints:0} <nil>
}

// A play keeps where each customer is in a checkpoint, and a daily run
// keeps the stage and band it concluded, so the next run starts from them.
func ExampleMemoryStore_SaveCheckpoint() {
	ctx := context.Background()
	s := engagement.NewMemoryStore()
	day := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)

	cp, _ := s.LoadCheckpoint(ctx, "u-42", "play/win-back")
	cp.Value, cp.Saved = []byte(`{"step":1}`), day
	cp, err := s.SaveCheckpoint(ctx, cp)
	fmt.Println(cp.Version, string(cp.Value), err)
	_, err = s.SaveCheckpoint(ctx, engagement.Checkpoint{Customer: "u-42", Name: "play/win-back", Saved: day})
	fmt.Println(errors.Is(err, engagement.ErrConflict))

	_ = s.RecordStates(ctx,
		engagement.StateRecord{Customer: "u-42", Time: day.AddDate(0, 0, -1), Stage: "active", Band: "green", Score: 81},
		engagement.StateRecord{Customer: "u-42", Time: day, Stage: "lapsing", Band: "yellow", Score: 52},
	)
	for r, err := range s.LatestStates(ctx, day.Add(-time.Hour)) {
		fmt.Println(r.Customer, r.Stage, r.Band, r.Score, err)
	}
	// Output:
	// 1 {"step":1} <nil>
	// true
	// u-42 active green 81 <nil>
}
