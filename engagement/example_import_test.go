package engagement_test

import (
	"context"
	"fmt"
	"strings"
	"time"

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

func ExampleReadInteractionsCSV_properties() {
	// The properties column holds a JSON object: strings, exact numbers,
	// true or false, and {"time":...} for an instant.
	const file = `id,customer,time,kind,amount,properties
o-1,c-7,2024-03-01,purchase,25.00,"{""sku"":""A-1"",""qty"":2,""unit_price"":12.50,""gift"":true,""ships"":{""time"":""2024-03-04T09:00:00Z""}}"
o-2,c-7,2024-03-02,visit,,"{""utm_source"":""newsletter""}"
o-3,c-7,2024-03-03,visit,,"{""utm_source"":null}"
`
	for in, err := range engagement.ReadInteractionsCSV(strings.NewReader(file)) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Print(in.ID)
		for _, name := range in.Properties.Keys() {
			v := in.Properties[name]
			fmt.Printf(" %s=%s(%v)", name, v, v.Kind())
		}
		fmt.Println()
	}
	// Output:
	// o-1 gift=true(bool) qty=2(number) ships=2024-03-04T09:00:00Z(time) sku=A-1(string) unit_price=12.50(number)
	// o-2 utm_source=newsletter(string)
	// engagement: line 4: properties.utm_source "null": want a string, number, true, false or {"time":...}
}

func ExampleImportConsents() {
	const file = `customer,purpose,channel,state,time,expires,source
c-7,marketing,email,given,2024-03-01,2025-03-01,signup form
c-7,marketing,,refused,2024-06-01,,unsubscribe link
c-8,marketing,email,maybe,2024-03-01,,import
c-8,service,,yes,2024-03-01,,terms of service
`
	ctx := context.Background()
	store := engagement.NewMemoryStore()

	// Lenient: the good rows are recorded and the bad one reported.
	res, err := engagement.ImportConsents(ctx, store, engagement.ReadConsentsCSV(strings.NewReader(file)), engagement.ImportOptions{Lenient: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("imported", res.Imported)
	for _, err := range res.Skipped {
		fmt.Println("skipped:", err)
	}

	var records []engagement.ConsentRecord
	for r, err := range store.ConsentRecords(ctx, "c-7") {
		if err != nil {
			fmt.Println(err)
			return
		}
		records = append(records, r)
	}
	for _, asOf := range []string{"2024-04-01", "2024-07-01"} {
		at, _ := time.Parse(time.DateOnly, asOf)
		d := engagement.ConsentAt(records, engagement.PurposeMarketing, engagement.ChannelEmail, at)
		fmt.Printf("%s: may email c-7: %v (%v)\n", asOf, d.MayContact(), d)
	}
	// Output:
	// imported 3
	// skipped: engagement: line 4: state "maybe": want given or refused (or yes or no)
	// 2024-04-01: may email c-7: true (marketing on email given at 2024-03-01T00:00:00Z (signup form))
	// 2024-07-01: may email c-7: false (marketing on every channel refused at 2024-06-01T00:00:00Z (unsubscribe link))
}
