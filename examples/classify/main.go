// Classify places one customer in a stage of engagement, says why, and
// says what to ask of them and what not yet.
//
//	go run ./examples/classify                       # ben, in the embedded data
//	go run ./examples/classify -customer cleo
//	go run ./examples/classify -interactions my.csv -customer c0042 -asof 2025-07-01
//
// The CSV is as for examples/quickstart. The embedded one tells four stories:
// ana the advocate, ben who returns, cleo the unhappy one-off buyer, dev who left.
package main

import (
	"bytes"
	"cmp"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/examples/internal/cli"
	"github.com/engagekit/engage/stages"
)

//go:embed interactions.csv
var embedded []byte

// usage is what -h prints before the flags.
const usage = `Usage: go run ./examples/classify [-interactions file.csv] [-customer id] [-asof date]

Places one customer in a stage of engagement and says why. The file
(-interactions; default: the embedded sample) is CSV with a header naming
the columns, in any order: id, customer, time (RFC 3339), kind; optionally
touchpoint, amount, rating, scale.
`

func main() { cli.Main("classify", run) }

func run(out io.Writer, args []string) error {
	fs := flag.NewFlagSet("classify", flag.ContinueOnError)
	file := fs.String("interactions", "", "CSV file of interactions (default: the embedded sample)")
	customer := fs.String("customer", "ben", "ID of the customer to classify")
	asOfText := fs.String("asof", "2025-07-01", "the date to classify as of (YYYY-MM-DD, UTC)")
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

	// Fold the customer's rows up to the as-of date; a bad row anywhere fails.
	id := engagement.CustomerID(*customer)
	p, err := engagement.NewProfile(id, asOf, nil)
	if err != nil {
		return err
	}
	kinds := cli.Kinds{}
	for in, err := range kinds.Count(engagement.ReadInteractionsCSV(src)) {
		if err == nil && in.Customer == id && !in.Time.After(asOf) {
			err = p.Add(in)
		}
		if err != nil {
			return err
		}
	}
	if p.Interactions() == 0 {
		return fmt.Errorf("customer %q has no interactions up to %s", id, *asOfText)
	}

	fmt.Fprint(out, kinds.Warning())
	res := stages.Classify(p, stages.Unclassified)
	level := cmp.Or(stages.LevelOf(res).String(), "none")
	fmt.Fprintf(out, "%s as of %s: %s (Gallup level: %s)\n", id, *asOfText, res.Stage, level)
	for _, e := range res.Explain() {
		fmt.Fprintf(out, "  - %s\n", e.Text)
	}

	// The allowed actions, then the refused ones of the stages of engagement
	// (not those for other groups, such as a prospect's welcome) with the
	// first one's reason.
	fmt.Fprintf(out, "\nask %s:\n", id)
	var refused, why []string
	for _, a := range stages.DefaultActions() {
		if v := stages.Appropriate(a, res.Stage); v.Allowed {
			fmt.Fprintf(out, "  %-20s %s\n", a.Name, a.Description)
		} else if a.MinStage.IsEngagement() {
			refused, why = append(refused, a.Name), append(why, v.Reason)
		}
	}
	if len(refused) > 0 {
		fmt.Fprintf(out, "not yet: %s\n  because %s\n", strings.Join(refused, ", "), why[0])
	}
	return nil
}
