package engagement_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
)

// A Batch read from CSV and folded the fast way: the same profiles as
// Fold, from interned IDs and exact integer amounts.
func ExampleFolder_FoldBatch() {
	const file = `id,customer,time,kind,amount,rating,scale
1,ana,2025-03-01T10:00:00Z,purchase,19.90,,
2,ana,2025-03-01T16:30:00Z,purchase,5.10,,
3,ben,2025-03-02T09:00:00Z,rating,,0,recommend
4,ana,2025-04-11T12:00:00Z,return,5.10,,
`
	var b engagement.Batch
	if err := b.ReadCSV(strings.NewReader(file)); err != nil {
		fmt.Println(err)
		return
	}
	asOf := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	var calls int
	f := engagement.Folder{Progress: func(n int) { calls++ }}
	ps, err := f.FoldBatch(context.Background(), &b, asOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	ana, _ := ps.Get("ana")
	fmt.Println("ana:", ana.Purchases(), "purchases on", ana.PurchaseDays(), "day, spent", ana.Monetary())
	ben, _ := ps.Get("ben")
	answer, _, ok := ben.Recommend()
	fmt.Println("ben recommends:", answer, ok)
	fmt.Println(b.Len(), "interactions,", ps.Len(), "customers, progress reported", calls, "time")
	// Output:
	// ana: 2 purchases on 1 day, spent 19.9
	// ben recommends: 0 true
	// 4 interactions, 2 customers, progress reported 1 time
}

// Two folds of separate parts of a history merged: the profiles of the
// whole.
func ExampleProfiles_Merge() {
	asOf := time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
	ctx := context.Background()
	first, _ := engagement.FoldRead(ctx, engagement.ReadInteractionsCSV(strings.NewReader(
		"id,customer,time,kind,amount\n1,ana,2025-03-01,purchase,10\n")), asOf)
	second, _ := engagement.FoldRead(ctx, engagement.ReadInteractionsCSV(strings.NewReader(
		"id,customer,time,kind,amount\n2,ana,2025-03-02,purchase,7.5\n3,ben,2025-03-03,visit,\n")), asOf)
	if err := first.Merge(second); err != nil {
		fmt.Println(err)
		return
	}
	ana, _ := first.Get("ana")
	fmt.Println(first.Len(), "customers; ana spent", ana.Monetary(), "over", ana.Purchases(), "purchases")
	// Output:
	// 2 customers; ana spent 17.5 over 2 purchases
}

// A batch read from CSV folded into compact aggregates, with one
// customer's whole profile recomputed on demand.
func ExampleFolder_FoldAggregates() {
	var b engagement.Batch
	err := b.ReadCSV(strings.NewReader("id,customer,time,kind,amount,rating,scale\n" +
		"1,ana,2025-03-01T10:00:00Z,purchase,12.50,,\n" +
		"2,ana,2025-03-01T18:00:00Z,purchase,7.40,,\n" +
		"3,ana,2025-03-20T09:00:00Z,rating,,4,satisfaction\n" +
		"4,ben,2025-03-02T12:00:00Z,visit,,,\n" +
		"5,ana,2025-03-28T09:00:00Z,rating,,5,satisfaction\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	asOf := time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
	aggs, err := engagement.Folder{}.FoldAggregates(context.Background(), &b, asOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	for x := range aggs.All() {
		mean, answers := x.Satisfaction()
		fmt.Println(x.Customer(), x.Purchases(), "purchases on", x.PurchaseDays(), "day, spent", x.Monetary(),
			"satisfaction", mean, "of", answers)
	}
	ana, _ := aggs.Get("ana")
	trend, _ := ana.Profile().SatisfactionTrend()
	fmt.Printf("ana's satisfaction trend: %+.2f a month\n", trend)
	// Output:
	// ana 2 purchases on 1 day, spent 19.9 satisfaction 4.5 of 2
	// ben 0 purchases on 0 day, spent 0 satisfaction 0 of 0
	// ana's satisfaction trend: +3.75 a month
}
