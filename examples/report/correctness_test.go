package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/estimate"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

// Each test here runs the report on a small file made for one thing it
// must get right.

const interactionsHead = "id,customer,time,kind,touchpoint,amount,rating,scale\n"

const touchpointsCSV = "id,channel,phase,cost\n" +
	"web,online,purchase,100\n" +
	"mail,email,attraction,50\n"

// writeFiles writes name → content into a temporary directory and returns
// the paths by name.
func writeFiles(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	paths := make(map[string]string)
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		paths[name] = p
	}
	return paths
}

// analyseFiles runs the pipeline on the given interactions and, when not
// empty, touch points and customers, as of asOf.
func analyseFiles(t *testing.T, asOf string, interactions, tps, customers string) (*report, error) {
	t.Helper()
	files := map[string]string{"i.csv": interactions}
	if tps != "" {
		files["t.csv"] = tps
	}
	if customers != "" {
		files["c.csv"] = customers
	}
	paths := writeFiles(t, files)
	in := inputs{progress: io.Discard, asOf: mustDate(t, asOf), asOfGiven: true,
		interactions: source{name: paths["i.csv"], path: paths["i.csv"]}}
	if p, ok := paths["t.csv"]; ok {
		in.touchpoints = source{name: p, path: p}
	}
	if p, ok := paths["c.csv"]; ok {
		in.customers = source{name: p, path: p}
	}
	return analyse(context.Background(), in)
}

func mustAnalyse(t *testing.T, asOf string, interactions, tps, customers string) *report {
	t.Helper()
	f, err := analyseFiles(t, asOf, interactions, tps, customers)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func textOf(t *testing.T, r *report) string {
	t.Helper()
	var b strings.Builder
	if err := writeText(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Interactions after -asof count nowhere: not in the header, the journeys,
// the attribution, the channel returns or the budget.
func TestAsOfBoundsEveryFigure(t *testing.T) {
	rows := interactionsHead +
		"1,ann,2025-01-05T10:00:00Z,visit,mail,,,\n" +
		"2,ann,2025-01-06T10:00:00Z,purchase,web,40.00,,\n" +
		"3,bob,2025-01-07T10:00:00Z,purchase,web,10.00,,\n" +
		"4,bob,2025-03-01T10:00:00Z,visit,mail,,,\n" +
		"5,bob,2025-03-02T10:00:00Z,purchase,web,500.00,,\n" +
		"6,cy,2025-03-03T10:00:00Z,purchase,web,700.00,,\n"
	f := mustAnalyse(t, "2025-02-01", rows, touchpointsCSV, "")
	if f.header.Interactions != 3 || f.header.Later != 3 {
		t.Errorf("interactions %d, later %d; want 3 and 3", f.header.Interactions, f.header.Later)
	}
	if f.channels.Journeys != 2 { // ann's and bob's first purchases
		t.Errorf("journeys %d, want 2", f.channels.Journeys)
	}
	if want := decimal.RequireFromString("50"); f.channels.Budget == nil || !f.channels.Budget.TotalRevenue.Equal(want) {
		t.Fatalf("channel revenue %v, want %s: the purchases up to the as-of date", f.channels.Budget, want)
	}
	credited := decimal.Zero
	for _, c := range f.channels.Attribution {
		credited = credited.Add(c.Last)
	}
	if !credited.Equal(f.channels.Budget.TotalRevenue) {
		t.Errorf("last-touch credit %s, channel revenue %s", credited, f.channels.Budget.TotalRevenue)
	}
	text := textOf(t, f)
	if !strings.Contains(text, "3 interactions (3 later ones left out)") {
		t.Errorf("header does not count what was left out:\n%s", text)
	}

	// As of a day before any data: nothing at all.
	f = mustAnalyse(t, "2024-12-01", rows, touchpointsCSV, "")
	if f.header.Interactions != 0 || f.header.Customers != 0 || f.channels.Journeys != 0 || len(f.channels.Attribution) != 0 || f.channels.Budget != nil {
		t.Errorf("before the data: %d interactions, %d customers, %d journeys, %d credited, budget %v",
			f.header.Interactions, f.header.Customers, f.channels.Journeys, len(f.channels.Attribution), f.channels.Budget)
	}
	if text := textOf(t, f); !strings.Contains(text, "no interaction is dated on or before 2024-12-01") {
		t.Errorf("report before the data does not say so:\n%s", text)
	}
}

// An interaction that comes twice with the same facts counts once; one
// whose ID comes again with other facts fails the report.
func TestDuplicateIDs(t *testing.T) {
	once := interactionsHead +
		"1,ann,2025-01-05T10:00:00Z,purchase,web,40.00,,\n" +
		"2,ann,2025-01-20T10:00:00Z,purchase,web,60.00,,\n"
	twice := once + "2,ann,2025-01-20T10:00:00Z,purchase,web,60.00,,\n"
	a, b := mustAnalyse(t, "2025-02-01", once, touchpointsCSV, ""), mustAnalyse(t, "2025-02-01", twice, touchpointsCSV, "")
	if a.header.Interactions != 2 || b.header.Interactions != 2 || !a.channels.Budget.TotalRevenue.Equal(b.channels.Budget.TotalRevenue) || !a.worth.Baseline.Equal(b.worth.Baseline) {
		t.Errorf("a repeated row changed the figures: %d vs %d interactions, revenue %s vs %s, baseline %s vs %s",
			a.header.Interactions, b.header.Interactions, a.channels.Budget.TotalRevenue, b.channels.Budget.TotalRevenue, a.worth.Baseline, b.worth.Baseline)
	}
	conflict := once + "2,ann,2025-01-20T10:00:00Z,purchase,web,99.00,,\n"
	_, err := analyseFiles(t, "2025-02-01", conflict, "", "")
	if !errors.Is(err, engagement.ErrConflict) || !strings.Contains(err.Error(), `"2"`) || !strings.Contains(err.Error(), "i.csv") {
		t.Errorf("conflicting duplicate: %v, want ErrConflict naming the file and the id", err)
	}
}

// Without a single satisfaction answer the approval rating is unknown: the
// report says so and picks no focus from it.
func TestNoRatingsNoFocus(t *testing.T) {
	rows := interactionsHead +
		"1,ann,2025-01-05T10:00:00Z,purchase,web,40.00,,\n" +
		"2,bob,2025-01-06T10:00:00Z,purchase,web,60.00,,\n"
	f := mustAnalyse(t, "2025-02-01", rows, "", "")
	if f.stages.Rated || f.stages.Focus.Stage != stages.Unclassified || len(f.stages.Asks) != 0 {
		t.Errorf("rated %v, focus %v, asks %v: want no rating and no focus", f.stages.Rated, f.stages.Focus.Stage, f.stages.Asks)
	}
	text := textOf(t, f)
	if !strings.Contains(text, "Approval: unknown") || strings.Contains(text, "FOCUS NOW") || strings.Contains(text, "approval 0%") {
		t.Errorf("report without ratings:\n%s", text)
	}
	// With one answer the focus is picked, and agrees with the rating.
	f = mustAnalyse(t, "2025-02-01", rows+"3,ann,2025-01-07T10:00:00Z,rating,,,5,satisfaction\n", "", "")
	focus, err := stages.PickFocus(f.stages.Tally.Distribution, f.stages.Approval)
	if !f.stages.Rated || err != nil || f.stages.Focus != focus {
		t.Errorf("rated %v, focus %v, want %v (%v)", f.stages.Rated, f.stages.Focus, focus, err)
	}
}

// Unknown consent allows no contact: without a customers file nobody is
// counted as reachable, and a customer whose consent cell is empty is not.
func TestUnknownConsentAllowsNoContact(t *testing.T) {
	rows := interactionsHead +
		"1,ann,2025-01-05T10:00:00Z,purchase,web,40.00,,\n" +
		"2,bob,2025-01-06T10:00:00Z,purchase,web,60.00,,\n" +
		"3,cy,2025-01-06T11:00:00Z,purchase,web,60.00,,\n" +
		"4,ann,2025-01-07T10:00:00Z,rating,,,2,satisfaction\n"
	f := mustAnalyse(t, "2025-02-01", rows, "", "")
	if len(f.stages.Asks) == 0 {
		t.Fatal("no actions for the focus")
	}
	for _, a := range f.stages.Asks {
		if a.Fits != 0 || a.All != 3 {
			t.Errorf("no customers file: %s fits %d who consent, %d in all; want 0 and 3", a.Action.Name, a.Fits, a.All)
		}
	}
	if text := textOf(t, f); !strings.Contains(text, "consent is unknown, which allows no contact") {
		t.Errorf("report without a customers file:\n%s", text)
	}
	f = mustAnalyse(t, "2025-02-01", rows, "", "id,consent\nann,given\nbob,\ncy,refused\n")
	for _, a := range f.stages.Asks {
		if a.Fits != 1 {
			t.Errorf("%s fits %d who consent, want 1 (ann)", a.Action.Name, a.Fits)
		}
	}
	if f.header.Consented != 1 || f.header.OnFile != 3 {
		t.Errorf("%d of %d on file consent, want 1 of 3", f.header.Consented, f.header.OnFile)
	}
}

// Kinds the models do not know are warned about, with their counts.
func TestUnknownKindsWarned(t *testing.T) {
	rows := interactionsHead +
		"1,ann,2025-01-05T10:00:00Z,purchase,web,40.00,,\n" +
		"2,ann,2025-01-06T10:00:00Z,webinar,,,,\n" +
		"3,bob,2025-01-06T10:00:00Z,purchace,web,60.00,,\n" +
		"4,bob,2025-01-07T10:00:00Z,webinar,,,,\n"
	text := textOf(t, mustAnalyse(t, "2025-02-01", rows, "", ""))
	if !strings.Contains(text, "Warning: 3 interactions have kinds the models do not know (purchace 1, webinar 2)") {
		t.Errorf("no warning on unknown kinds:\n%s", text)
	}
	if text := textOf(t, mustAnalyse(t, "2025-02-01", rows[:strings.Index(rows, "2,ann")], "", "")); strings.Contains(text, "Warning") {
		t.Errorf("warning on known kinds:\n%s", text)
	}
}

// Old data without -asof is reported as of today, and the report says how
// long before that the data ends and how to report as of its end.
func TestOldDataSaysSo(t *testing.T) {
	paths := writeFiles(t, map[string]string{"i.csv": interactionsHead +
		"1,ann,2003-05-05T10:00:00Z,purchase,,40.00,,\n" +
		"2,ann,2003-06-30T10:00:00Z,purchase,,60.00,,\n"})
	out, _, err := runReport(t, "-interactions", paths["i.csv"])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Note: the data ends on 2003-06-30,") || !strings.Contains(out, "-asof 2003-07-01 reports as of the data's end") {
		t.Errorf("no note on old data:\n%s", out)
	}
	out, _, err = runReport(t, "-interactions", paths["i.csv"], "-asof", "2003-07-01")
	if err != nil || strings.Contains(out, "Note: the data ends") {
		t.Errorf("note on data that ends at the as-of date: %v\n%s", err, out)
	}
}

// A scenario that changes nothing says why, with the real reason, and is
// not written as "+0.00".
func TestScenarioNoChangeReason(t *testing.T) {
	mix := estimate.Mix{ActivelyDisengaged: 30, NotEngaged: 30, Engaged: 0, FullyEngaged: 10}
	model := estimate.CustomerModel{Baseline: decimal.NewFromInt(100)}
	rev, err := model.Revenue(mix)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		move estimate.Move
		want string
	}{
		{estimate.Move{From: stages.Engaged, To: stages.FullyEngaged, Fraction: 0.1}, "no customer moves: 10% of the 0 engaged customers rounds to none"},
		{estimate.Move{From: stages.NotEngaged, To: stages.Engaged, Fraction: 0.1}, "one factor"},
	} {
		out, err := model.Scenario(mix, tc.move)
		if err != nil {
			t.Fatal(err)
		}
		if !out.Change.IsZero() {
			t.Fatalf("%+v changes %s", tc.move, out.Change)
		}
		if got := noChange(out, tc.move, rev); !strings.Contains(got, tc.want) {
			t.Errorf("%+v: reason %q, want it to say %q", tc.move, got, tc.want)
		}
	}
	out, _, err := runReport(t)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "+0.00") {
		t.Error("the report prints a change of +0.00")
	}
}

// A figure that rounds to its threshold is written with the digits that
// tell them apart.
func TestReasonsDoNotRoundToTheThreshold(t *testing.T) {
	rules := stages.DefaultRules()
	day := 24 * time.Hour
	res := rules.ClassifySignals(stages.Signals{PurchaseDays: 3, SincePurchase: 10 * day, Seen: true, SinceSeen: 10 * day,
		Goodwill: 0.9996}, stages.Returning)
	why := reasons(res)
	if !strings.Contains(why, "goodwill 0.9996 is below the 1.00") {
		t.Errorf("reasons = %q", why)
	}
	res = rules.ClassifySignals(stages.Signals{PurchaseDays: 3, SincePurchase: 10 * day, Seen: true, SinceSeen: 10 * day,
		Goodwill: 3, Satisfaction: 3.499, Answers: 2}, stages.Returning)
	if why := reasons(res); !strings.Contains(why, "mean satisfaction 3.499/5 is below 3.50") {
		t.Errorf("reasons = %q", why)
	}
}

// The channel returns name their period, and the revenue at risk its
// assumption; only the year's journeys are credited against a year's
// spend.
func TestReturnsNameTheirPeriodAndAssumption(t *testing.T) {
	rows := interactionsHead +
		"1,ann,2025-01-05T10:00:00Z,visit,mail,,,\n" +
		"2,ann,2025-01-06T10:00:00Z,purchase,web,40.00,,\n"
	old := "0,ann,2023-06-01T10:00:00Z,purchase,web,1000.00,,\n"
	f := mustAnalyse(t, "2025-02-01", interactionsHead+old+rows[len(interactionsHead):], touchpointsCSV, "")
	if want := decimal.RequireFromString("40"); !f.channels.Budget.TotalRevenue.Equal(want) || f.channels.Journeys != 1 {
		t.Errorf("channel revenue %s over %d journeys, want %s over 1: the year's", f.channels.Budget.TotalRevenue, f.channels.Journeys, want)
	}
	text := textOf(t, f)
	for _, want := range []string{"Channels by return over the year 2024-02-01 to 2025-02-01", "the touch-point file's cost, read as a year's",
		"assuming a dropped channel loses all the revenue credited to it"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}

// A repeat buyer whose purchases were all worth nothing leaves the
// forecast standing, and is counted.
func TestZeroValuePurchasesKeepTheForecast(t *testing.T) {
	r, err := source{embedded: "interactions.csv.gz"}.open()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var b strings.Builder
	if _, err := io.Copy(&b, r); err != nil {
		t.Fatal(err)
	}
	rows := strings.Replace(b.String(), "\n", "\nz1,zed,2025-03-01T10:00:00Z,purchase,,0,,,\nz2,zed,2025-05-01T10:00:00Z,purchase,,0,,,\n"+
		"z3,zed,2025-07-01T10:00:00Z,purchase,,0.00,,,\n", 1)
	f := mustAnalyse(t, defaultAsOf, rows, "", "")
	if f.forecast.Forecast == nil || f.forecast.ZeroSpend != 1 {
		t.Fatalf("forecast %v (%s), %d left out of the spend model; want a forecast and 1", f.forecast.Forecast != nil, f.forecast.ForecastErr, f.forecast.ZeroSpend)
	}
	if text := textOf(t, f); !strings.Contains(text, "Note: 1 repeat buyer whose purchases were all worth nothing is left out") {
		t.Errorf("report does not count them:\n%s", text)
	}
}
