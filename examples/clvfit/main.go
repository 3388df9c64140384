// Clvfit fits customer lifetime value on a file of purchases, the BG/NBD
// model of repeat purchases and the Gamma-Gamma model of spend (package
// engagement/clv), and prints the customers worth most over a horizon.
//
//	go run ./examples/clvfit                          # the embedded sample
//	go run ./examples/clvfit -weeks 26 -top 0 my.csv  # every customer, half a year
//
// The CSV is as for examples/quickstart; only purchases count, by day. The
// embedded one holds 120 customers' 2025, drawn from the two models
// themselves (r 0.9, alpha 6, a 0.7, b 3; p 6, q 4, gamma 40).
package main

import (
	"bytes"
	"cmp"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/clv"
	"github.com/engagekit/engage/examples/internal/cli"
)

//go:embed interactions.csv
var embedded []byte

// usage is what -h prints before the flags.
const usage = `Usage: go run ./examples/clvfit [-weeks n] [-discount rate] [-top n] [interactions.csv]

Fits BG/NBD and Gamma-Gamma on the purchases of an interactions file and
lists the most valuable customers. The file (the one argument; default:
the embedded sample) is CSV with a header naming the columns: id,
customer, time (RFC 3339), kind; optionally touchpoint, amount, rating,
scale. Only rows of kind purchase count.
`

func main() { cli.Main("clvfit", run) }

func run(out io.Writer, args []string) error {
	fs := flag.NewFlagSet("clvfit", flag.ContinueOnError)
	var asOf time.Time // the end of the calibration period: its date in UTC, that day included
	fs.Func("asof", "the date the fit is made as of, YYYY-MM-DD (default: the day of the last interaction)",
		func(s string) (err error) { asOf, err = time.Parse(time.DateOnly, s); return err })
	weeks := fs.Int("weeks", 52, "horizon of the forecast, in weeks")
	discount := fs.Float64("discount", 0.10, "discount rate a year")
	top := fs.Int("top", 10, "customers to list, most valuable first (0 for all)")
	if err := cli.Parse(fs, out, usage, args); err != nil {
		return err
	} else if fs.NArg() > 1 {
		return fmt.Errorf("give one interactions file, not %d", fs.NArg())
	}
	name, data := "embedded interactions.csv", embedded
	if fs.NArg() == 1 {
		f, err := os.ReadFile(fs.Arg(0))
		if err != nil {
			return err
		}
		name, data = fs.Arg(0), f
	}
	ins, latest := []engagement.Interaction(nil), asOf.IsZero() // without -asof, as of the last interaction
	kinds := cli.Kinds{}
	for in, err := range kinds.Count(engagement.ReadInteractionsCSV(bytes.NewReader(data))) {
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		} else if ins = append(ins, in); latest && in.Time.After(asOf) {
			asOf = in.Time
		}
	}
	fmt.Fprint(out, kinds.Warning())
	ss, err := clv.SummarizeInteractions(ins, asOf, clv.SummaryOptions{}) // in weeks
	bg, gg := clv.Fit[clv.BGNBD]{}, clv.Fit[clv.GammaGamma]{}
	if err == nil { // a fit that did not converge gives its best, shown as such
		if bg, err = clv.FitBGNBD(ss); err == nil || errors.Is(err, clv.ErrNotConverged) {
			gg, err = clv.FitGammaGamma(ss)
		}
	}
	if err != nil && !errors.Is(err, clv.ErrNotConverged) {
		return fmt.Errorf("%s as of %s: %w", name, asOf.UTC().Format(time.DateOnly), err)
	}
	h := clv.Horizon{Periods: *weeks, PeriodLength: 1, DiscountRate: math.Pow(1+*discount, 1.0/52) - 1}
	base, err := clv.Model{Purchases: bg.Model, Spend: gg.Model}.ForecastBase(ss, h)
	if err != nil {
		return fmt.Errorf("-weeks %d -discount %g: %w", *weeks, *discount, err)
	}
	fmt.Fprintf(out, "%s as of %s: %d customers bought, %d of them again\n"+
		"BG/NBD purchases:  r %.4f  alpha %.4f  a %.4f  b %.4f  (log-likelihood %.2f, converged %t)\n", name, asOf.UTC().Format(time.DateOnly),
		bg.Customers, gg.Customers, bg.Model.R, bg.Model.Alpha, bg.Model.A, bg.Model.B, bg.LogLikelihood, bg.Converged)
	fmt.Fprintf(out, "Gamma-Gamma spend: p %.4f  q %.4f  gamma %.4f  (log-likelihood %.2f, converged %t)\n",
		gg.Model.P, gg.Model.Q, gg.Model.Gamma, gg.LogLikelihood, gg.Converged)
	fc := slices.Clone(base.Customers) // most valuable first
	slices.SortStableFunc(fc, func(a, b clv.Forecast) int { return b.Value.Cmp(a.Value) })
	fmt.Fprintf(out, "\nover %d weeks, discounted at %g%% a year:\n%-10s %8s %9s %9s %10s %10s\n",
		*weeks, 100**discount, "customer", "P(alive)", "purchases", "spend", "revenue", "value")
	for _, f := range fc[:min(len(fc), cmp.Or(max(*top, 0), len(fc)))] {
		fmt.Fprintf(out, "%-10s %8.3f %9.3f %9s %10s %10s\n", f.Customer, f.Alive, f.Purchases,
			f.Spend.StringFixed(2), f.Revenue.StringFixed(2), f.Value.StringFixed(2))
	}
	fmt.Fprintf(out, "%-10s %40s %10s\n", fmt.Sprintf("all %d", len(fc)), base.Revenue.StringFixed(2), base.Value.StringFixed(2))
	return nil
}
