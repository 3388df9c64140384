package engagement_test

import (
	"context"
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/shopspring/decimal"
)

func ExampleMemoryStore() {
	ctx := context.Background()
	s := engagement.NewMemoryStore()

	paris := time.FixedZone("CET", 3600)
	day := time.Date(2025, 6, 2, 0, 0, 0, 0, paris)
	order := engagement.Interaction{
		ID: "order-1001", Customer: "ada", Time: day.Add(9 * time.Hour),
		Kind: engagement.Purchase, Touchpoint: "web", Amount: decimal.New(4250, -2),
	}
	err := s.Append(ctx,
		order,
		engagement.Interaction{
			ID: "survey-17", Customer: "ada", Time: day.Add(33 * time.Hour),
			Kind: engagement.RatingGiven, Touchpoint: "email", Rating: engagement.Satisfied(5),
		},
		engagement.Interaction{
			ID: "order-1002", Customer: "bo", Time: day.Add(11 * time.Hour),
			Kind: engagement.Purchase, Touchpoint: "shop", Amount: decimal.New(1999, -2),
		},
		engagement.Interaction{
			ID: "visit-3", Customer: "ada", Time: day.AddDate(0, 0, 10),
			Kind: engagement.Visit, Touchpoint: "shop",
		},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Appending the same interaction again is a no-op.
	if err := s.Append(ctx, order); err != nil {
		fmt.Println(err)
		return
	}

	// Ada's first week, in time order, with times in UTC.
	q := engagement.Query{Customer: "ada", From: day, To: day.AddDate(0, 0, 7)}
	for in, err := range s.Interactions(ctx, q) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(in.Time.Format(time.DateTime), in.ID, in.Kind, in.Amount.StringFixed(2), in.Rating)
	}
	fmt.Println(s.Len(), "interactions stored")
	// Output:
	// 2025-06-02 08:00:00 order-1001 purchase 42.50 none
	// 2025-06-03 08:00:00 survey-17 rating 0.00 5/5 satisfaction
	// 4 interactions stored
}
