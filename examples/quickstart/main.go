// Quickstart folds a small shop's half year of interactions into customer
// profiles and prints each customer's figures and goodwill.
//
//	go run ./examples/quickstart                       # the embedded data
//	go run ./examples/quickstart -interactions my.csv -asof 2025-07-01
//
// The CSV header names the columns: id, customer, time, kind, and
// optionally touchpoint, amount, rating and scale.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/examples/internal/cli"
)

//go:embed interactions.csv
var embedded []byte

// usage is what -h prints before the flags.
const usage = `Usage: go run ./examples/quickstart [-interactions file.csv] [-asof date] [-explain id]

Folds interactions into customer profiles and explains one customer's
goodwill. The file (-interactions; default: the embedded sample) is CSV
with a header naming the columns, in any order: id, customer, time
(RFC 3339), kind; optionally touchpoint, amount, rating, scale.
`

func main() { cli.Main("quickstart", run) }

func run(out io.Writer, args []string) error {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	file := fs.String("interactions", "", "CSV file of interactions (default: the embedded sample)")
	asOfText := fs.String("asof", "2025-07-01", "the date the profiles describe (YYYY-MM-DD, UTC)")
	explain := fs.String("explain", "ben", "customer whose goodwill to take apart (empty for none)")
	if err := cli.Parse(fs, out, usage, args); err != nil {
		return err
	}
	asOf, err := time.Parse(time.DateOnly, *asOfText)
	if err != nil {
		return fmt.Errorf("-asof %q: want a date like 2025-07-01", *asOfText)
	}

	var src io.Reader = bytes.NewReader(embedded)
	if *file != "" {
		f, err := os.Open(*file)
		if err != nil {
			return err
		}
		defer f.Close()
		src = f
	}

	// Load the file into a store: strictly, so one bad row loads nothing.
	ctx := context.Background()
	store := engagement.NewMemoryStore()
	kinds := cli.Kinds{}
	res, err := engagement.ImportInteractions(ctx, store, kinds.Count(engagement.ReadInteractionsCSV(src)), engagement.ImportOptions{})
	if err != nil {
		return err
	}
	fmt.Fprint(out, kinds.Warning())

	// Fold everything the store holds into profiles as of the chosen date.
	profiles, err := engagement.Folder{}.FoldStore(ctx, store, engagement.Query{}, asOf)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d interactions, %d customers, as of %s (%d later interactions left out)\n\n",
		res.Imported, profiles.Len(), asOf.Format(time.DateOnly), profiles.Skipped())
	fmt.Fprintf(out, "%-8s %9s %5s %10s %8s %6s %9s %5s %5s %9s\n",
		"customer", "purchases", "days", "spent", "recency", "csat", "nps", "refs", "open", "goodwill")
	for id, p := range profiles.All() {
		recency := "-"
		if r, ok := p.Recency(); ok {
			recency = fmt.Sprintf("%.0fd", r.Hours()/24)
		}
		csat := "-"
		if mean, n := p.Satisfaction(); n > 0 {
			csat = fmt.Sprintf("%.1f", mean)
		}
		nps := "-"
		if answer, _, ok := p.Recommend(); ok {
			nps = fmt.Sprintf("%s %d", p.NPSClass(), answer)
		}
		open, _ := p.Complaints()
		fmt.Fprintf(out, "%-8s %9d %5d %10s %8s %6s %9s %5d %5d %9.2f\n",
			id, p.Purchases(), p.PurchaseDays(), p.Monetary().StringFixed(2), recency,
			csat, nps, p.Referrals(), open, p.Goodwill())
	}

	if *explain != "" {
		id := engagement.CustomerID(*explain)
		if _, ok := profiles.Get(id); ok {
			var history []engagement.Interaction
			for in, err := range store.Interactions(ctx, engagement.Query{Customer: id}) {
				if err != nil {
					return err
				}
				history = append(history, in)
			}
			var rules *engagement.GoodwillRules // the defaults, as the fold used
			fmt.Fprintf(out, "\n%s", rules.Explain(id, slices.Values(history), asOf))
		}
	}
	return nil
}
