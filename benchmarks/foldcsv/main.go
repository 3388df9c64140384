// Command foldcsv reads an interactions CSV file into an engagement.Batch,
// folds it into profiles and prints the totals of the aggregates that
// benchmarks/pandas/fold.py computes, with the time each step took on
// standard error.
//
//	go run ./benchmarks/foldcsv -asof 2026-01-01 /tmp/interactions.csv
//
// With -aggregates it folds into compact engagement.Aggregates rather than
// profiles.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/shopspring/decimal"
)

func main() {
	asOfText := flag.String("asof", "2026-01-01", "as-of date (UTC)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	compact := flag.Bool("aggregates", false, "fold into compact aggregates (Folder.FoldAggregates)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: foldcsv [-asof YYYY-MM-DD] file.csv")
		os.Exit(2)
	}
	asOf, err := time.Parse(time.DateOnly, *asOfText)
	if err != nil {
		fmt.Fprintln(os.Stderr, "foldcsv: -asof:", err)
		os.Exit(2)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "foldcsv:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "foldcsv:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(flag.Arg(0), asOf, *compact); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "foldcsv:", err)
		os.Exit(1)
	}
}

// customer is what the totals read of one customer: an
// *engagement.Profile or an engagement.Aggregate.
type customer interface {
	Interactions() int
	Purchases() int
	PurchaseDays() int
	Monetary() decimal.Decimal
	Satisfaction() (float64, int)
	Recommend() (int, time.Time, bool)
	Referrals() int
	Complaints() (int, int)
}

func run(path string, asOf time.Time, compact bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	start := time.Now()
	var b engagement.Batch
	if err := b.ReadCSV(bufio.NewReaderSize(f, 1<<20)); err != nil {
		return err
	}
	parsed := time.Now()
	var all func(yield func(customer) bool)
	customers := 0
	if compact {
		a, err := engagement.Folder{}.FoldAggregates(context.Background(), &b, asOf)
		if err != nil {
			return err
		}
		customers = a.Len()
		all = func(yield func(customer) bool) {
			for x := range a.All() {
				if !yield(x) {
					return
				}
			}
		}
	} else {
		ps, err := engagement.Folder{}.FoldBatch(context.Background(), &b, asOf)
		if err != nil {
			return err
		}
		customers = ps.Len()
		all = func(yield func(customer) bool) {
			for p := range ps.Unordered() {
				if !yield(p) {
					return
				}
			}
		}
	}
	folded := time.Now()
	var events, buys, days, sats, recs, refs, open, resolved int
	var satSum float64
	money := decimal.Zero
	for p := range all {
		events += p.Interactions()
		buys += p.Purchases()
		days += p.PurchaseDays()
		money = money.Add(p.Monetary())
		mean, n := p.Satisfaction()
		satSum += mean * float64(n)
		sats += n
		if _, _, ok := p.Recommend(); ok {
			recs++
		}
		refs += p.Referrals()
		o, r := p.Complaints()
		open += o
		resolved += r
	}
	fmt.Printf("customers %d\ninteractions %d\npurchases %d\npurchase_days %d\nmonetary %s\n"+
		"satisfaction_answers %d\nsatisfaction_sum %.0f\nwith_recommend %d\nreferrals %d\n"+
		"complaints_open %d\ncomplaints_resolved %d\n",
		customers, events, buys, days, money.StringFixed(2), sats, satSum, recs, refs, open, resolved)
	fmt.Fprintf(os.Stderr, "parse %.3fs, fold %.3fs (%.1f M events/s), total %.3fs\n",
		parsed.Sub(start).Seconds(), folded.Sub(parsed).Seconds(),
		float64(b.Len())/folded.Sub(parsed).Seconds()/1e6, folded.Sub(start).Seconds())
	return nil
}
