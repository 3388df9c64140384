package engagement_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/engagekit/engage/engagement"
)

func ExampleReadInteractionsCSV() {
	const file = `id,customer,time,kind,amount,rating,scale
o-1,c-7,2024-03-01T15:04:05+01:00,purchase,12.50,,
o-2,c-7,2024-03-02,Service request,,,
s-1,c-7,2024-03-03,rating,,4,satisfaction
`
	for in, err := range engagement.ReadInteractionsCSV(strings.NewReader(file)) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(in.ID, in.Time.UTC().Format("2006-01-02 15:04"), in.Kind, in.Amount, in.Rating)
	}
	// Output:
	// o-1 2024-03-01 14:04 purchase 12.5 none
	// o-2 2024-03-02 00:00 service_request 0 none
	// s-1 2024-03-03 00:00 rating 0 4/5 satisfaction
}

func ExampleImportInteractions() {
	const file = `{"id":"o-1","customer":"c-7","time":"2024-03-01","kind":"purchase","amount":"12.50"}
{"id":"o-2","customer":"c-7","time":"yesterday","kind":"purchase"}
{"id":"o-3","customer":"c-7","time":"2024-03-05","kind":"purchase","amount":-3}
{"id":"o-4","customer":"c-8","time":"2024-03-06","kind":"referral"}
`
	ctx := context.Background()
	store := engagement.NewMemoryStore()

	// Strict, the default: the first bad line fails the import and nothing
	// is stored.
	_, err := engagement.ImportInteractions(ctx, store, engagement.ReadInteractionsJSONL(strings.NewReader(file)), engagement.ImportOptions{})
	fmt.Println("strict:", err)
	fmt.Println("stored:", store.Len())

	// Lenient: the good lines are stored and every bad one reported.
	res, err := engagement.ImportInteractions(ctx, store, engagement.ReadInteractionsJSONL(strings.NewReader(file)), engagement.ImportOptions{Lenient: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("lenient: imported", res.Imported)
	for _, err := range res.Skipped {
		fmt.Println("skipped:", err)
	}
	fmt.Println("stored:", store.Len())
	// Output:
	// strict: engagement: line 2: time "yesterday": want an RFC 3339 time such as 2024-03-01T15:04:05Z, or a date such as 2024-03-01
	// stored: 0
	// lenient: imported 2
	// skipped: engagement: line 2: time "yesterday": want an RFC 3339 time such as 2024-03-01T15:04:05Z, or a date such as 2024-03-01
	// skipped: engagement: line 3: amount "-3": amount must not be negative
	// stored: 2
}
