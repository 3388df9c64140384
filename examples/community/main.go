// Community sizes a community by the 90-9-1 rule: of 100 members about 90
// only read, 9 contribute now and then, and 1 creates most of the content.
//
//	go run ./examples/community                      # 30 creators need 3,000 people
//	go run ./examples/community -population 12000    # readers, contributors, creators
//	go run ./examples/community -contributors 30     # the population 30 contributors need
//
// Give one of -population, -creators and -contributors; with none, it asks
// what 30 creators need, the seed's example.
package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"

	"github.com/engagekit/engage/estimate"
	"github.com/engagekit/engage/examples/internal/cli"
)

// usage is what -h prints before the flags.
const usage = `Usage: go run ./examples/community [-population n | -creators n | -contributors n]

Sizes a community by the 90-9-1 rule. It reads no file: give one of the
flags below.
`

func main() { cli.Main("community", run) }

func run(out io.Writer, args []string) error {
	fs := flag.NewFlagSet("community", flag.ContinueOnError)
	population := fs.Int("population", 0, "people the community draws on: print its expected make-up")
	creators := fs.Int("creators", 30, "creators wanted: print the population they need")
	contributors := fs.Int("contributors", 0, "occasional contributors wanted: print the population they need")
	if err := cli.Parse(fs, out, usage, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var set []string
	fs.Visit(func(f *flag.Flag) { set = append(set, "-"+f.Name) })
	if len(set) > 1 {
		return fmt.Errorf("give one of -population, -creators and -contributors, not %v", set)
	}

	rule := estimate.DefaultParticipation()
	pop := *population
	if len(set) == 0 || set[0] != "-population" {
		group, target := estimate.Creators, *creators
		if len(set) == 1 && set[0] == "-contributors" {
			group, target = estimate.Contributors, *contributors
		}
		need, err := rule.PopulationFor(target, group)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s %s need a population of %s\n", thousands(float64(target)), group, thousands(float64(need)))
		pop = need
	}
	c, err := rule.Size(pop)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "a population of %s holds about:\n", thousands(float64(pop)))
	for _, g := range []estimate.Group{estimate.Readers, estimate.Contributors, estimate.Creators} {
		fmt.Fprintf(out, "  %12s %s\n", thousands(c.Count(g)), g)
	}
	fmt.Fprintln(out, "(90-9-1 is a rule of thumb, based on experience rather than research)")
	return nil
}

// thousands formats v with commas between thousands and at most one
// decimal place, such as 2,700 or 30.5.
func thousands(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	whole, frac := s[:len(s)-2], s[len(s)-2:]
	if frac == ".0" {
		frac = ""
	}
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return whole + frac
}
