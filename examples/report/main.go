// Report shows what the library knows about a customer base and what to
// do next: stages and where to focus, goodwill leaders and customers at
// risk, revenue estimates and scenarios, a value forecast, the touch-point
// plan, channels ranked by return with the 15% budget, attribution, and
// what the public says.
//
//	go run ./examples/report                      # the embedded sample base
//	go run ./examples/report -html report.html    # and an HTML page with charts
//	go run ./examples/report -interactions i.csv -customers c.csv \
//	    -touchpoints t.csv -mentions m.jsonl -asof 2026-01-01
//
// With -interactions, the other files are optional: a part whose file is
// missing is left out. Only what happened by -asof counts. Progress goes
// to stderr; the report to stdout.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

func main() {
	err := run(context.Background(), os.Stdout, os.Stderr, os.Args[1:])
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

// formats tells, under the flags, what each file holds.
const formats = `
Files (a header line names the columns, in any order and any case):
  interactions  CSV: id, customer, time (RFC 3339), kind; optional
                touchpoint, amount, rating, scale. The kinds the models
                know are purchase, return, service_request, complaint,
                complaint_resolved, rating, referral, review,
                community_post, visit; others are warned about. An id
                given twice with other facts fails the report.
  customers     CSV: id; optional name, group, consent, attr.<key>.
                consent is given or refused; empty is unknown, which
                allows no contact
  touchpoints   CSV: id, channel, phase, cost (a year's spend); optional
                name, owner, online, partner
  mentions      JSON Lines: {"id", "time", "text", optional "source",
                "author", "url", "customer", "topics": [...]}
`

func run(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	files := map[string]*string{}
	for _, name := range []string{"interactions", "customers", "touchpoints"} {
		files[name] = fs.String(name, "", name+" CSV file (default: the embedded sample)")
	}
	files["mentions"] = fs.String("mentions", "", "mentions JSON Lines file (default: the embedded sample)")
	asOfText := fs.String("asof", "", "the date to report as of, YYYY-MM-DD in UTC (default: "+defaultAsOf+" for the sample, today otherwise)")
	htmlOut := fs.String("html", "", "also write an HTML report with charts to this file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage of report:")
		fs.PrintDefaults()
		fmt.Fprint(stderr, formats)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}

	in := inputs{progress: stderr}
	user := *files["interactions"] != ""
	for name, dst := range map[string]*source{"interactions": &in.interactions, "customers": &in.customers,
		"touchpoints": &in.touchpoints, "mentions": &in.mentions} {
		switch {
		case *files[name] != "":
			*dst = source{name: *files[name], path: *files[name]}
		case !user:
			ext := map[string]string{"mentions": ".jsonl.gz"}[name]
			if ext == "" {
				ext = ".csv.gz"
			}
			*dst = source{name: "embedded " + name, embedded: name + ext}
		}
	}
	if !user && anySet(files) {
		return errors.New("-customers, -touchpoints and -mentions need -interactions")
	}
	asOf, err := parseAsOf(*asOfText, user)
	if err != nil {
		return err
	}
	in.asOf, in.asOfGiven = asOf, *asOfText != ""

	r, err := analyse(ctx, in)
	if err != nil {
		return err
	}
	// Render everything before writing anything, so a failure leaves no
	// half-written report.
	var text, page bytes.Buffer
	if err := writeText(&text, r); err != nil {
		return err
	}
	if *htmlOut != "" {
		if err := writeHTML(&page, r); err != nil {
			return err
		}
		if err := writeFileAtomic(*htmlOut, page.Bytes()); err != nil {
			return err
		}
	}
	_, err = stdout.Write(text.Bytes())
	return err
}

func anySet(files map[string]*string) bool {
	for _, v := range files {
		if *v != "" {
			return true
		}
	}
	return false
}

// parseAsOf reads -asof. Without it, the sample is reported as of its own
// end and a user's files as of the start of today (UTC): the clock is read
// here, at the program's edge, and passed down.
func parseAsOf(text string, user bool) (time.Time, error) {
	if text == "" {
		if !user {
			text = defaultAsOf
		} else {
			return time.Now().UTC().Truncate(24 * time.Hour), nil
		}
	}
	t, err := time.Parse(time.DateOnly, text)
	if err != nil {
		return time.Time{}, fmt.Errorf("-asof %q: want a date like 2026-01-01", text)
	}
	return t, nil
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it into place, so path is either the old file or the whole new one. When
// a step fails, the temporary file is closed and removed on a best-effort
// basis and the step's error returned: an error cleaning up would hide the
// one that matters, and leaves at worst a stray hidden file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".report-*.html")
	if err != nil {
		return err
	}
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fail(err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name()) // best effort, as in fail
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name()) // best effort, as in fail
		return err
	}
	return nil
}
