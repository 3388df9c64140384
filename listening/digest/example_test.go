package digest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/listening/digest"
	"github.com/engagekit/engage/outreach"
)

// A day's alerts, spikes and late cases go to the team as one digest;
// sending the same day again delivers nothing new.
func Example() {
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	alerts := []listening.Alert{
		{Topic: "billing", Window: day.Add(9 * time.Hour), Negative: 14, Mention: "m-17", At: day.Add(9*time.Hour + 20*time.Minute),
			Baseline: listening.Baseline{Mean: 1.5, SD: 1.1, Method: "sigma", Level: 6}},
		{Topic: "billing", Window: day.Add(15 * time.Hour), Negative: 8, Mention: "m-40", At: day.Add(15*time.Hour + 5*time.Minute),
			Baseline: listening.Baseline{Mean: 2, SD: 1, Method: "sigma", Level: 7}},
		{Topic: "billing", Window: day.Add(-time.Hour), Negative: 9, Mention: "m-2", At: day.Add(-30 * time.Minute)}, // the day before
	}
	spikes := []digest.Spike{{Spike: listening.Spike{Measure: listening.Positives, Window: day.Add(12 * time.Hour), Count: 31,
		Baseline: listening.Baseline{Mean: 6, SD: 2, Method: "sigma", Level: 14}}}}
	breaches := []digest.Breach{{Topic: "billing", Breach: listening.Breach{Case: "m-17", Severity: listening.SeverityHigh,
		Due: day.Add(10*time.Hour + 20*time.Minute), Late: 95 * time.Minute}}}

	d, err := digest.Build(digest.Day(day), alerts, spikes, breaches)
	if err != nil {
		fmt.Println(err)
		return
	}
	ch := outreach.NewMemoryChannel()
	team := &digest.Sender{Channel: ch, Recipient: "listening-team", Format: digest.Format{MaxItems: 1}}
	now := day.Add(24*time.Hour + 5*time.Minute)
	for range 2 {
		r, err := team.Send(context.Background(), d, now)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("duplicate:", r.Duplicate)
	}
	m := ch.Delivered()[0]
	fmt.Println(m.Subject)
	fmt.Print(m.Body)
	// Output:
	// duplicate: false
	// duplicate: true
	// Listening digest 2024-03-01T00:00:00Z to 2024-03-02T00:00:00Z: 2 alerts, 1 spike, 1 late case
	// Listening digest, 2024-03-01T00:00:00Z to 2024-03-02T00:00:00Z
	// 2 alerts, 1 spike, 1 late case in 2 topics.
	//
	// all mentions
	//   spikes (1):
	//   - positive 31 in the window from 2024-03-01T12:00:00Z (level 14, baseline mean 6.00)
	//
	// billing
	//   alerts (2):
	//   - 14 negative in the window from 2024-03-01T09:00:00Z (level 6, baseline mean 1.50), crossed by "m-17" at 2024-03-01T09:20:00Z
	//   and 1 more
	//   late cases (1):
	//   - case "m-17" (high) 1h35m0s late, due 2024-03-01T10:20:00Z, not yet answered
}
