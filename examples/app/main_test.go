package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/engagekit/engage/examples/internal/runtest"
)

// wantLines are lines the embedded data must print, each one a figure of
// the walk-through: the merge, stages with consent, the account roll-up,
// the segment with its explanation, and the erasure.
var wantLines = []string{
	`identity: "anon-7f3" merged into "u-42" at 2026-01-10T09:25:00Z (login)`,
	"u-42  advocate      purchases 4, spent  294.40, marketing e-mail: marketing on email given at 2025-09-30T10:00:00Z (signup form)",
	"u-43  transactional purchases 2, spent  228.00, marketing e-mail: marketing on every channel refused at 2026-02-01T09:00:00Z (unsubscribe link)",
	"u-50  transactional purchases 1, spent   60.00, marketing e-mail: marketing on email given at 2026-01-15T16:00:00Z (trial offer), expired at 2026-02-15T00:00:00Z",
	"acme: 2 members, 6 purchases, 522.40; stage advocate; members prospect 0, transactional 1, returning 0, advocate 1, former 0",
	"1 of 3 customers: [u-42]",
	"u-43 matches: false",
	"failed: marketing on every channel refused at 2026-02-01T09:00:00Z (unsubscribe link)",
	"erased u-50: record true, 2 interactions, 1 consent records",
}

func TestAppWalkThrough(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range wantLines {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q; got:\n%s", want, out.String())
		}
	}
	// The anonymous visitor is no customer of its own after the merge.
	if strings.Contains(out.String(), "  anon-7f3 ") {
		t.Errorf("the merged-away visitor is listed as a customer:\n%s", out.String())
	}
}

// The same walk-through over SQLite prints the same, and a second run on
// the same file finds the data there (imports are idempotent, the merge
// is repeated harmlessly, the erased customer is erased again).
func TestAppSQLiteMatchesMemory(t *testing.T) {
	var mem, disk bytes.Buffer
	ctx := context.Background()
	if err := run(ctx, &mem, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "app.db")
	if err := run(ctx, &disk, []string{"-sqlite", path}); err != nil {
		t.Fatal(err)
	}
	if mem.String() != disk.String() {
		t.Errorf("SQLite output differs from memory:\n--- memory\n%s--- sqlite\n%s", mem.String(), disk.String())
	}
	var again bytes.Buffer
	if err := run(ctx, &again, []string{"-sqlite", path}); err != nil {
		t.Fatalf("second run on the same file: %v", err)
	}
	if again.String() != mem.String() {
		t.Errorf("second run on the same file differs:\n--- first\n%s--- second\n%s", mem.String(), again.String())
	}
}

func TestAppRefusesBadInput(t *testing.T) {
	runApp := func(out io.Writer, args []string) error { return run(context.Background(), out, args) }
	runtest.Fails(t, runApp, []runtest.Failure{
		{Args: []string{"-segment", "stage = 3"}, Want: []string{"-segment", "1:9", `"3"`}},
		{Args: []string{"-segment", "trait.plan ="}, Want: []string{"-segment"}},
		{Args: []string{"-nope"}, Want: []string{"nope"}},
	})
}

// -h names the file the program reads and its format, and lists the flags.
func TestAppHelp(t *testing.T) {
	runtest.Help(t, func(out io.Writer, args []string) error { return run(context.Background(), out, args) }, "-sqlite", "JSON Lines", "customer, purpose, channel, state, time, expires, source")
}
