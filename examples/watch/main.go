// Watch hears mentions as a listening centre does: it prints each alert as
// it is raised, then the tally of each topic.
//
//	go run ./examples/watch                           # simulated mentions (see below)
//	go run ./examples/watch -mentions mentions.jsonl  # JSON Lines, as listening.ReadJSONL reads
//	go run ./examples/watch -feed feed.xml            # an RSS 2.0 or Atom document
//
// With no file it simulates (simulate.Generate, seed 1) the half year to 2026-01-01,
// with a delivery crisis in November, on the topics of simulate.TopicRules.
package main

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"time"

	"github.com/engagekit/engage/examples/internal/cli"
	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/simulate"
)

// usage is what -h prints before the flags.
const usage = `Usage: go run ./examples/watch [-mentions file.jsonl | -feed file.xml]

Prints the crisis alerts of a mention feed, then each topic's tally.
-mentions reads JSON Lines, one mention a line: {"id", "time" (RFC 3339),
"text", optional "source", "author", "url", "customer", "topics": [...]};
-feed reads an RSS 2.0 or Atom document. With neither it simulates half a
year of mentions.
`

func main() { cli.Main("watch", run) }

func run(out io.Writer, args []string) error {
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	jsonl := fs.String("mentions", "", "JSON Lines file of mentions (default: simulated)")
	feed := fs.String("feed", "", "RSS or Atom file of mentions")
	if err := cli.Parse(fs, out, usage, args); err != nil {
		return err
	} else if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: name the file with -mentions or -feed", fs.Arg(0))
	}
	mentions, err := load(*jsonl, *feed)
	if err == nil && len(mentions) == 0 {
		err = fmt.Errorf("no mentions to watch")
	}
	if err != nil {
		return err
	}
	// Alerts need time order, and feeds often list the newest first.
	slices.SortStableFunc(mentions, func(a, b listening.Mention) int { return a.Time.Compare(b.Time) })
	// Hourly windows, all kept, so that each topic's series totals the input.
	centre, err := listening.NewCentre(listening.CentreConfig{Topics: simulate.TopicRules(), Keep: math.MaxInt32})
	if err != nil {
		return err
	}
	for _, m := range mentions {
		_, alerts, err := centre.Ingest(m)
		if err != nil {
			return fmt.Errorf("mention %q: %w", m.ID, err)
		}
		for _, a := range alerts {
			fmt.Fprintf(out, "alert at %s (%s) %s\n", a.At.Format(time.RFC3339), a.Mention, a)
		}
	}
	fmt.Fprintf(out, "\n%-10s %8s %8s %6s %6s\n", "topic", "mentions", "negative", "share", "mean")
	for _, t := range append([]string{""}, centre.Topics()...) { // "" is all mentions
		n := centre.Series(t).Total()
		fmt.Fprintf(out, "%-10s %8d %8d %5.1f%% %6.3f\n", cmp.Or(t, "(all)"), n.Count, n.Negative, 100*n.NegativeShare(), n.MeanScore())
	}
	return nil
}

// load reads the mentions of the JSON Lines file or the feed, or simulates them.
func load(jsonl, feed string) (ms []listening.Mention, err error) {
	switch {
	case jsonl != "" && feed != "":
		return nil, fmt.Errorf("give -mentions or -feed, not both")
	case jsonl == "" && feed == "":
		base, err := simulate.Generate(simulate.Config{Seed: 1, Customers: 20, Start: simulate.DefaultEnd().AddDate(0, -6, 0)})
		if err != nil {
			return nil, err
		}
		return base.Mentions, nil
	}
	data, err := os.ReadFile(jsonl + feed) // one of them is empty
	if err != nil {
		return nil, err
	} else if feed != "" {
		return listening.ParseFeed(data, feed, time.Time{})
	}
	for m, err := range listening.ReadJSONL(bytes.NewReader(data)) {
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, nil
}
