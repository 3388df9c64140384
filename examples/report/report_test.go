package main

import (
	"bytes"
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
	"pgregory.net/rapid"
)

// embeddedInputs are the inputs of the embedded sample as of its end.
func embeddedInputs(t *testing.T) inputs {
	t.Helper()
	in := inputs{progress: io.Discard, asOf: mustDate(t, defaultAsOf)}
	for name, dst := range map[string]*source{"interactions": &in.interactions, "customers": &in.customers, "touchpoints": &in.touchpoints} {
		*dst = source{name: name, embedded: name + ".csv.gz"}
	}
	in.mentions = source{name: "mentions", embedded: "mentions.jsonl.gz"}
	return in
}

// Each customer is classified once as of a quarter ago and once now, and
// every section reads those classifications: the counts by stage agree
// across the sections that show them.
func TestEachCustomerClassifiedOncePerTime(t *testing.T) {
	in := embeddedInputs(t)
	calls := make(map[engagement.CustomerID]int)
	in.classify = func(p *engagement.Profile, prev stages.Stage) stages.Result {
		calls[p.Customer()]++
		return stages.Classify(p, prev)
	}
	r, err := analyse(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := readRecord(context.Background(), embeddedInputs(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != rec.Now.Len() {
		t.Errorf("%d customers classified, want the %d with interactions", len(calls), rec.Now.Len())
	}
	for id, n := range calls {
		want := 1
		if _, ok := rec.Then.Get(id); ok {
			want = 2
		}
		if n != want {
			t.Errorf("customer %s classified %d times, want %d (once at each time they were seen)", id, n, want)
		}
	}
	// The sections agree on what the one classification said.
	d := r.stages.Tally.Distribution
	if r.stages.Customers != d.Customers() || r.header.Customers != d.Customers() || r.worth.Mix.Total() != d.Customers() {
		t.Errorf("current customers: stages %d (%d), header %d, worth %d", r.stages.Customers, d.Customers(), r.header.Customers, r.worth.Mix.Total())
	}
	var moved, banded int
	for _, to := range r.stages.Moves {
		for _, n := range to {
			moved += n
		}
	}
	for _, n := range r.health.Now {
		banded += n
	}
	if moved != d.Total() || banded+r.health.Unscored != d.Total() {
		t.Errorf("%d moves, %d banded and %d unscored; want each to cover the %d people", moved, banded, r.health.Unscored, d.Total())
	}
	if r.goodwill.Dropped < len(r.goodwill.AtRisk) {
		t.Errorf("%d dropped, fewer than the %d listed at risk", r.goodwill.Dropped, len(r.goodwill.AtRisk))
	}
}

// What a small base cannot support is said in the report, in place of
// the figures: no section fails and none goes silent.
func TestNotesForWhatCannotBeComputed(t *testing.T) {
	rows := interactionsHead +
		"1,ann,2025-01-05T10:00:00Z,purchase,web,40.00,,\n" +
		"2,bob,2025-01-06T10:00:00Z,purchase,web,60.00,,\n" +
		"3,ann,2025-01-20T10:00:00Z,purchase,web,60.00,,\n"
	r := mustAnalyse(t, "2025-02-01", rows, "", "")
	if r.worth.Observed != nil || r.worth.ObservedErr == "" {
		t.Errorf("observed %v (%q): want no multiplier from two customers, and why", r.worth.Observed, r.worth.ObservedErr)
	}
	if r.forecast.Forecast != nil || r.forecast.ForecastErr == "" || r.forecast.Diagnostics.Err == "" {
		t.Errorf("forecast %v (%q), check %q: want neither from three purchases, and why", r.forecast.Forecast, r.forecast.ForecastErr, r.forecast.Diagnostics.Err)
	}
	text := textOf(t, r)
	for _, want := range []string{
		"Observed here: not available: " + r.worth.ObservedErr + ".",
		"Not available: " + r.forecast.ForecastErr + ".",
		"Check against a 26-week holdout: not available: " + r.forecast.Diagnostics.Err + ".",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
	// Before any data there is no base to estimate.
	r = mustAnalyse(t, "2024-12-01", rows, "", "")
	if text := textOf(t, r); !strings.Contains(text, "Not available: no current customers.") || r.worth.Revenue != nil {
		t.Errorf("report before the data:\n%s", text)
	}
}

// failAfter accepts n bytes and then fails every write.
type failAfter struct{ n int }

var errFull = errors.New("disk full")

func (w *failAfter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errFull
	}
	w.n -= len(p)
	return len(p), nil
}

// A write that fails anywhere in the text or the page fails the report:
// no part of it is lost in silence.
func TestWriteErrorsAreReturned(t *testing.T) {
	r := mustReport(t)
	var text, page bytes.Buffer
	if err := writeText(&text, r); err != nil {
		t.Fatal(err)
	}
	if err := writeHTML(&page, r); err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, text.Len()-1).Draw(t, "textBytes")
		if err := writeText(&failAfter{n}, r); !errors.Is(err, errFull) {
			t.Fatalf("text failing after %d of %d bytes: %v, want %v", n, text.Len(), err, errFull)
		}
		n = rapid.IntRange(0, page.Len()-1).Draw(t, "pageBytes")
		if err := writeHTML(&failAfter{n}, r); !errors.Is(err, errFull) {
			t.Fatalf("page failing after %d of %d bytes: %v, want %v", n, page.Len(), err, errFull)
		}
	})
	if err := run(context.Background(), &failAfter{10}, io.Discard, nil); !errors.Is(err, errFull) {
		t.Errorf("run onto a full stdout: %v, want %v", err, errFull)
	}
}

// Only the record classifies: a section that called stages.Classify
// itself would classify a customer again.
func TestOnlyTheRecordClassifies(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range pkgs {
		if strings.HasSuffix(name, "_test.go") || name == "record.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "stages" && strings.HasPrefix(sel.Sel.Name, "Classify") {
					t.Errorf("%s: stages.%s: classify in record.go and share the result", fset.Position(sel.Pos()), sel.Sel.Name)
				}
			}
			return true
		})
	}
}
