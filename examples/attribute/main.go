// Attribute divides the conversions and the conversion value of a path file
// among its channels by every model of touchpoints/attribution, and prints a
// table of channel × model for each, with totals and Markov's removal effects
// (the share of the chance of conversion lost without the channel).
//
//	go run ./examples/attribute                     # the embedded sample paths
//	go run ./examples/attribute -gap 168h -places 4 paths.csv
//
// The file is in the path format of attribution.ReadPaths, such as the line
// "email > search;15;1320.50;25" (conversions, their value, and nulls). It
// holds no touch times, so time decay takes a path's touches to be -gap apart.
package main

import (
	"bytes"
	"cmp"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/engagekit/engage/examples/internal/cli"
	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/shopspring/decimal"
)

//go:embed paths.csv
var embedded []byte

// usage is what -h prints before the flags.
const usage = `Usage: go run ./examples/attribute [-gap d] [-halflife d] [-places n] [paths.csv]

Credits the conversions of an aggregated path file to its channels by
every attribution model. The file (the one argument; default: the
embedded sample, examples/attribute/paths.csv) holds one path a line:
channels joined by " > ", then ";" conversions ";" their value ";"
nulls, such as "email > search;15;1320.50;25".
`

func main() { cli.Main("attribute", run) }

func run(out io.Writer, args []string) error {
	fs := flag.NewFlagSet("attribute", flag.ContinueOnError)
	gap := fs.Duration("gap", 24*time.Hour, "time decay: the time between consecutive touches of a path")
	halfLife := fs.Duration("halflife", attribution.DefaultHalfLife, "time decay: the age at which a touch weighs half")
	places := fs.Int("places", 2, "decimal places of the credits (more for values with more)")
	if err := cli.Parse(fs, out, usage, args); err != nil {
		return err
	} else if fs.NArg() > 1 {
		return fmt.Errorf("give one path file, not %d", fs.NArg())
	} else if *places < 1 || *places > attribution.MaxPlaces {
		return fmt.Errorf("-places %d: want 1 to %d", *places, attribution.MaxPlaces)
	}
	name, data := "embedded paths.csv", embedded
	if fs.NArg() == 1 {
		f, err := os.ReadFile(fs.Arg(0))
		if err != nil {
			return err
		}
		name, data = fs.Arg(0), f
	}
	paths, err := attribution.ReadPaths(bytes.NewReader(data))
	if err == nil && len(paths) == 0 {
		err = fmt.Errorf("no paths")
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	p := int32(*places)
	markov, markovErr := attribution.Markov{Places: p}.Analyze(paths) // its credits, and removal effects
	names := []string{"first", "last", "linear", "decay", "position", "markov", "equal_dist", "rate_shap"}
	models := []attribution.Model{attribution.FirstTouch{}, attribution.LastTouch{}, attribution.Linear{Places: p},
		attribution.TimeDecay{HalfLife: *halfLife, Gap: *gap, Places: p}, attribution.PositionBased{Places: p},
		attribution.ModelFunc(func([]attribution.Path) (attribution.Credits, error) { return markov.Credits, markovErr }),
		attribution.EqualDistinct{Places: p}, attribution.RateShapley{Places: p}}
	// The key "" (never a channel's name) holds each model's total.
	channels, credits := append(markov.Credits.Channels(), ""), make([]attribution.Credits, len(models))
	for i, m := range models {
		if credits[i], err = m.Attribute(paths); err != nil {
			return fmt.Errorf("%s model: %w", names[i], err)
		}
		credits[i][""] = credits[i].Total()
	}
	all := credits[0][""] // first touch is exact: its value has as many places as any path's
	vp := max(p, -all.Value.Exponent())
	fmt.Fprintf(out, "%s: %d paths, %s conversions worth %s; Markov's P(conversion) %.4f\n",
		name, len(paths), all.Conversions, all.Value.StringFixed(vp), markov.Conversion)
	for _, what := range []string{"conversions", "value"} {
		fmt.Fprintf(out, "\n%-14s", what)
		for _, n := range append(names, "removal") {
			fmt.Fprintf(out, " %10s", n)
		}
		for _, ch := range channels {
			fmt.Fprintf(out, "\n%-14s", cmp.Or(ch, "(total)"))
			for _, c := range credits {
				fmt.Fprintf(out, " %10s", map[string]decimal.Decimal{"conversions": c[ch].Conversions, "value": c[ch].Value}[what].StringFixed(vp))
			}
			if re, ok := markov.RemovalEffects[ch]; ok {
				fmt.Fprintf(out, " %10.4f", re)
			}
		}
		fmt.Fprintln(out)
	}
	return nil
}
