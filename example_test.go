package engage_test

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

// Fold what customers did into profiles, then hear what one of them says in
// public and let it move her goodwill.
func Example() {
	asOf := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	ins := []engagement.Interaction{
		{ID: "1", Customer: "ana", Time: asOf.AddDate(0, -2, 0), Kind: engagement.Purchase, Amount: decimal.RequireFromString("42.50")},
		{ID: "2", Customer: "ana", Time: asOf.AddDate(0, -1, 0), Kind: engagement.Purchase, Amount: decimal.RequireFromString("18.00")},
	}

	centre, _ := listening.NewCentre(listening.CentreConfig{}) // default analyser
	heard, _, _ := centre.Ingest(listening.Mention{ID: "m1", Source: "forum", Customer: "ana",
		Time: asOf.AddDate(0, 0, -3), Text: "Great service, they fixed my order in minutes!"})
	if in, ok := listening.MentionInteraction(heard.Mention, heard.Sentiment); ok {
		ins = append(ins, in) // a known customer's praise is an interaction too
	}

	profiles, err := engagement.Fold(context.Background(), slices.Values(ins), asOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	ana, _ := profiles.Get("ana")
	fmt.Printf("ana spent %s over %d purchases; goodwill %.2f\n", ana.Monetary(), ana.Purchases(), ana.Goodwill())

	res := stages.Classify(ana, stages.Unclassified)
	fmt.Println("stage:", res.Stage, "/", stages.LevelOf(res))
	playbook, _ := stages.NewPlaybook()
	for _, name := range []string{stages.QuickFeedback, stages.CoCreation} {
		a, _ := playbook.Action(name)
		fmt.Printf("%s: %t\n", name, stages.Appropriate(a, res.Stage).Allowed)
	}
	// Output:
	// ana spent 60.5 over 2 purchases; goodwill 2.40
	// stage: returning / engaged
	// quick_feedback: true
	// co_creation: false
}
