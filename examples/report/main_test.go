package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/examples/report/internal/sample"
	"github.com/engagekit/engage/simulate"
	"github.com/engagekit/engage/stages"
	"github.com/engagekit/engage/touchpoints"
)

func runReport(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), &out, &errOut, args)
	return out.String(), errOut.String(), err
}

// The embedded data is what the simulator makes for the sample's
// configuration: regenerate it with internal/gendata when either changes.
func TestEmbeddedDataIsTheSimulation(t *testing.T) {
	base, err := simulate.Generate(sample.Config())
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := engagement.WriteInteractionsCSV(&want, slices.Values(base.Interactions)); err != nil {
		t.Fatal(err)
	}
	f, err := source{embedded: "interactions.csv.gz"}.open()
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatal("data/interactions.csv.gz differs from the simulation: run go run ./examples/report/internal/gendata")
	}
}

func TestReportOnEmbeddedData(t *testing.T) {
	out, errOut, err := runReport(t)
	if err != nil {
		t.Fatal(err)
	}
	base, err := simulate.Generate(sample.Config())
	if err != nil {
		t.Fatal(err)
	}
	var truth stages.Distribution
	for _, tr := range base.Truth {
		truth.Add(tr.Stage)
	}
	for _, want := range []string{
		"ENGAGEMENT REPORT as of 2026-01-01",
		count(len(base.Interactions)) + " interactions;",
		count(len(base.Mentions)) + " mentions",
		"prospect     " + count(truth[stages.Prospect]), // every prospect is found
		"former     " + count(truth[stages.Former]),
		"FOCUS NOW:",
		"Leaders:",
		"At risk:",
		"Observed here: engaged customers spend",
		"Scenario: move 10% of returning customers to advocates: +",
		"for 30 heavy contributors, reach about 3,000 people",
		"Next 52 weeks: revenue",
		"At that revenue per customer, moving 10% of returning customers to advocates is worth +",
		"No touch point serves the interaction phase",
		`Touch point "events"`,
		"Channels by return",
		"Engaging on 15% of today's yearly spend",
		"Attribution of",
		"delivery",
		"Response cases opened",
		"Check: fitted on the record up to",
		"7. Health and the plays that would fire",
		"Fell a band over the quarter:",
		"band_dropped:",
		"DO: play win_back would start for",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// The crisis the simulation put in the mentions is found.
	if !strings.Contains(out, "delivery: ") || !strings.Contains(out, "negative in the window from 2025-11-20") {
		t.Error("report shows no alert on the delivery crisis")
	}
	if !strings.Contains(errOut, strconv.Itoa(len(base.Interactions))+" rows read") {
		t.Errorf("progress on stderr = %q", errOut)
	}
	again, _, _ := runReport(t)
	if again != out {
		t.Error("two runs on the same data differ")
	}
}

// The stage counts add up to the people with interactions, and the
// focus agrees with the approval rating the report prints.
func TestReportFiguresAgree(t *testing.T) {
	f := mustReport(t)
	d := f.stages.Tally.Distribution
	if n := f.header.Customers; d.Customers() != n || f.stages.Customers != n || f.worth.Mix.Total() != n {
		t.Errorf("customers %d, stages %d (%d), levels %d", n, d.Customers(), f.stages.Customers, f.worth.Mix.Total())
	}
	focus, _ := stages.PickFocus(d, f.stages.Approval)
	if focus != f.stages.Focus {
		t.Errorf("focus %v, want %v", f.stages.Focus, focus)
	}
	if f.worth.Revenue.Total.Cmp(f.worth.Baseline.Mul(decimalInt(f.header.Customers))) > 0 && f.worth.CalibNote == "" {
		t.Errorf("revenue %s exceeds customers x baseline %s", f.worth.Revenue.Total, f.worth.Baseline)
	}
	// The forecast prices the first scenario at its own revenue per
	// customer: the estimates are linear in the baseline.
	if f.forecast.Ahead == nil || f.worth.Scenarios[0].Name != "move 10% of returning customers to advocates" {
		t.Fatalf("no forward-looking scenario (%v), or the first scenario is %q", f.forecast.Ahead, f.worth.Scenarios[0].Name)
	}
	scaled := f.worth.Scenarios[0].Change.Mul(f.forecast.Forecast.RevenuePerCustomer()).Div(f.worth.Baseline)
	if d := f.forecast.Ahead.Change.Sub(scaled).Abs(); d.GreaterThan(cents(2)) {
		t.Errorf("scenario at the forecast baseline %s, want the backward one scaled, %s", f.forecast.Ahead.Change, scaled)
	}
	if b := f.channels.Budget; !b.KeptSpend.Add(b.DroppedSpend).Equal(b.TotalSpend) || b.KeptSpend.GreaterThan(b.Budget) {
		t.Errorf("budget does not add up: %+v", b)
	}
	var credited = f.channels.Attribution[0].Markov.Sub(f.channels.Attribution[0].Markov)
	for _, c := range f.channels.Attribution {
		credited = credited.Add(c.Markov)
	}
	if !credited.Equal(f.channels.Budget.TotalRevenue) {
		t.Errorf("attributed revenue %s, channel revenue %s", credited, f.channels.Budget.TotalRevenue)
	}
	// Every classified person has a health band now; the movers fell a
	// band and are among those the band_dropped trigger fires for; every
	// win-back start is a former customer.
	h := f.health
	now := 0
	for _, b := range h.Bands {
		now += h.Now[b]
	}
	if now+h.Unscored != d.Total() {
		t.Errorf("%d banded and %d unscored, want %d people", now, h.Unscored, d.Total())
	}
	if h.Fell != h.Events["band_dropped"] || len(h.Movers) == 0 {
		t.Errorf("%d fell a band, band_dropped fired for %d, %d movers", h.Fell, h.Events["band_dropped"], len(h.Movers))
	}
	for _, m := range h.Movers {
		if m.Now >= m.Was || m.From == m.To {
			t.Errorf("mover %+v did not fall", m)
		}
	}
	if h.Plays["win_back"] != h.Events["former_for"] || h.Plays["win_back"] > d[stages.Former] {
		t.Errorf("win_back starts %d, former_for fires %d, former customers %d", h.Plays["win_back"], h.Events["former_for"], d[stages.Former])
	}
	// The holdout check: the groups add up to the total, and the tracking
	// counts in the weeks after the calibration end at least what the table
	// counts as made (the week that straddles the calibration end adds
	// some calibration days).
	c := f.forecast.Diagnostics
	if c == nil || c.Err != "" {
		t.Fatalf("no forecast check: %+v", c)
	}
	var customers int
	var made float64
	for _, g := range c.Table.Groups {
		customers += g.Customers
		made += g.Actual
	}
	if customers != c.Table.Total.Customers || made != c.Table.Total.Actual {
		t.Errorf("holdout groups: %d customers, %v made; total %+v", customers, made, c.Table.Total)
	}
	ps := c.Tracking.Periods
	atCalibration := ps[c.Tracking.Calibration-1].CumulativeActual
	if inHoldout := ps[len(ps)-1].CumulativeActual - atCalibration; inHoldout < int(c.Table.Total.Actual) {
		t.Errorf("tracking counts %d repeat purchases in the holdout, fewer than the table's %v", inHoldout, c.Table.Total.Actual)
	}
}

func TestHTMLHasAChartPerFigure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.html")
	if _, _, err := runReport(t, "-html", path); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(raw))
	svgs, texts, tables, viewport := 0, 0, 0, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the page is not well-formed: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "svg":
				svgs++
				for _, a := range se.Attr {
					if a.Name.Local == "width" || a.Name.Local == "height" {
						t.Errorf("an svg has a fixed %s: it must scale with the page", a.Name.Local)
					}
				}
			case "table":
				tables++
			case "meta":
				for _, a := range se.Attr {
					if a.Name.Local == "name" && a.Value == "viewport" {
						viewport = true
					}
				}
			case "text":
				texts++
			case "script", "link", "img":
				t.Errorf("the page has a <%s>: it must be self-contained", se.Name.Local)
			}
		}
	}
	// Stage distribution, goodwill over time, channel returns, the
	// holdout check and purchase tracking, health bands, mention volume
	// with alerts, and sentiment.
	if svgs != 8 {
		t.Errorf("%d charts, want 8", svgs)
	}
	for _, label := range []string{"people", "goodwill (points)", "red, a quarter ago", "green, now", "purchases per customer", "end of calibration", "expected (BG/NBD)", "revenue per unit of spend", "mentions per day", "date (UTC)", "alert: all, delivery"} {
		if !bytes.Contains(raw, []byte(label)) {
			t.Errorf("the page lacks the label %q", label)
		}
	}
	// Every table of the text report is an HTML table, numbers aligned
	// right; the page scales to a phone; series differ in colour.
	text, _, err := runReport(t)
	if err != nil {
		t.Fatal(err)
	}
	f := mustReport(t)
	if want := len(build(f).tables()); tables != want || want < 8 {
		t.Errorf("%d HTML tables, want one per table of the report (%d)", tables, want)
	}
	if !viewport {
		t.Error("the page has no viewport meta tag: phones show it zoomed out")
	}
	for _, colour := range palette[:2] {
		if !bytes.Contains(raw, []byte(colour)) {
			t.Errorf("no series drawn in %s", colour)
		}
	}
	if n := f.stages.Tally.Distribution[stages.Transactional]; n < 1000 {
		t.Errorf("%d transactional customers: the check below wants a figure with a thousands separator", n)
	} else if cell := `<td class="num">` + count(n) + `</td>`; !bytes.Contains(raw, []byte(cell)) || !strings.Contains(text, count(n)) {
		t.Errorf("the stage table's %d transactional customers are not a right-aligned cell %s", n, cell)
	}
	if texts < 50 {
		t.Errorf("only %d text elements: axes need labels", texts)
	}
}

// A user's own files: a small simulated base written out, read back with
// every flag.
func TestReportOnUserFiles(t *testing.T) {
	dir := t.TempDir()
	cfg := sample.Config()
	cfg.Customers, cfg.Seed = 400, 9
	base, err := simulate.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tps, err := sample.Touchpoints(base.Touchpoints)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, fn func(io.Writer) error) string {
		p := filepath.Join(dir, name)
		var b bytes.Buffer
		if err := fn(&b); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	args := []string{
		"-interactions", write("i.csv", func(w io.Writer) error {
			return engagement.WriteInteractionsCSV(w, slices.Values(base.Interactions))
		}),
		"-customers", write("c.csv", func(w io.Writer) error { return engagement.WriteCustomersCSV(w, slices.Values(base.Customers)) }),
		"-touchpoints", write("t.csv", func(w io.Writer) error { return touchpoints.WriteTouchpoints(w, tps) }),
		"-mentions", write("m.jsonl", func(w io.Writer) error { return simulate.WriteMentionsJSONL(w, slices.Values(base.Mentions)) }),
		"-asof", "2026-01-01",
	}
	out, _, err := runReport(t, args...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, count(len(base.Interactions))+" interactions;") {
		t.Errorf("report of the user's files:\n%s", out)
	}
	// Only interactions: the other parts are left out, not failed.
	out, _, err = runReport(t, args[:2]...)
	if err != nil || !strings.Contains(out, "No mentions.") {
		t.Errorf("interactions only: %v\n%s", err, out)
	}
}

// A bad row fails the report with the line, column and value, writes no
// report and leaves no HTML file behind.
func TestBadFileFailsWholly(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	rows := "id,customer,time,kind,amount\n" +
		"1,ann,2025-03-01T10:00:00Z,purchase,10.00\n" +
		"2,ann,2025-03-02T10:00:00Z,purchase,ten\n"
	if err := os.WriteFile(bad, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "out.html")
	out, _, err := runReport(t, "-interactions", bad, "-html", page, "-asof", "2025-12-31")
	var fe *engagement.FieldError
	if !errors.As(err, &fe) || fe.Line != 3 || fe.Field != "amount" || fe.Value != "ten" {
		t.Fatalf("got %v, want a FieldError at line 3, amount \"ten\"", err)
	}
	if !strings.Contains(err.Error(), bad) {
		t.Errorf("error %q does not name the file", err)
	}
	if out != "" {
		t.Errorf("a failed run printed a report:\n%s", out)
	}
	if _, err := os.Stat(page); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed run left %s: %v", page, err)
	}
	for _, args := range [][]string{{"-asof", "yesterday"}, {"-customers", "c.csv"}, {"stray"}} {
		if _, _, err := runReport(t, args...); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

// TestHelpTellsTheFormats checks that -h lists the flags and the columns
// of every file, writes no report, and is not reported as a failure.
func TestHelpTellsTheFormats(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), &stdout, &stderr, []string{"-h"})
	if !errors.Is(err, flag.ErrHelp) {
		t.Errorf("run -h = %v, want flag.ErrHelp", err)
	}
	if stdout.Len() != 0 {
		t.Errorf("run -h wrote a report: %q", stdout.String())
	}
	for _, want := range []string{"-interactions", "-html", "id, customer, time (RFC 3339), kind", "id, channel, phase, cost", "JSON Lines"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, stderr.String())
		}
	}
}

// mustReport analyses the embedded data.
func mustReport(t *testing.T) *report {
	t.Helper()
	r, err := analyse(context.Background(), embeddedInputs(t))
	if err != nil {
		t.Fatal(err)
	}
	return r
}
