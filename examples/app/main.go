// App shows engage as the engagement layer of an app: events with
// properties, identify and merge, accounts, consent per purpose and
// channel, a segment, and erasure, over one store.
//
//	go run ./examples/app                    # in memory
//	go run ./examples/app -sqlite app.db     # the same in a SQLite file
//
// The embedded files are JSON Lines of events and customers and a CSV of
// consent records (customer, purpose, channel, state, time, expires,
// source); -h lists the flags.
package main

import (
	"bytes"
	"context"
	"database/sql"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/sqlstore"
	"github.com/engagekit/engage/examples/internal/cli"
	"github.com/engagekit/engage/segment"
	"github.com/engagekit/engage/stages"
	_ "modernc.org/sqlite"
)

var (
	//go:embed events.jsonl
	events []byte
	//go:embed customers.jsonl
	customers []byte
	//go:embed consents.csv
	consents []byte
)

// store is what the program needs of a store: all of engage's capabilities.
type store interface {
	engagement.Store
	engagement.IdentityStore
	engagement.ConsentStore
	engagement.Eraser
}

// usage is what -h prints before the flags.
const usage = `Usage: go run ./examples/app [-sqlite file.db] [-segment text]

Walks through the engagement layer of an app over one store, on its
embedded events and customers (JSON Lines) and consent records (CSV:
customer, purpose, channel, state, time, expires, source). -sqlite keeps
the store in that SQLite file, created if missing; default: in memory.
`

func main() {
	cli.Main("app", func(out io.Writer, args []string) error { return run(context.Background(), out, args) })
}

func run(ctx context.Context, out io.Writer, args []string) error {
	fs := flag.NewFlagSet("app", flag.ContinueOnError)
	dbPath := fs.String("sqlite", "", "keep the data in this SQLite file (default: in memory)")
	seg := fs.String("segment", `stage >= returning and consent(marketing, email) and event(property.utm_source = "newsletter", within 90d)`, "the segment to select")
	if err := cli.Parse(fs, out, usage, args); err != nil {
		return err
	}
	asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	s, closeStore, err := open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeStore()
	target, err := segment.Parse(*seg)
	if err != nil {
		return fmt.Errorf("-segment: %w", err)
	}

	// Load: customers with traits and accounts, events with properties,
	// consent records. Each import is strict: a bad row stores nothing.
	if _, err := engagement.ImportCustomers(ctx, s, engagement.ReadCustomersJSONL(bytes.NewReader(customers)), engagement.ImportOptions{}); err != nil {
		return fmt.Errorf("customers: %w", err)
	}
	if _, err := engagement.ImportInteractions(ctx, s, engagement.ReadInteractionsJSONL(bytes.NewReader(events)), engagement.ImportOptions{}); err != nil {
		return fmt.Errorf("events: %w", err)
	}
	if _, err := engagement.ImportConsents(ctx, s, engagement.ReadConsentsCSV(bytes.NewReader(consents)), engagement.ImportOptions{}); err != nil {
		return fmt.Errorf("consents: %w", err)
	}

	// The anonymous visitor logs in as Ada: one customer from now on.
	login := engagement.Merge{From: "anon-7f3", Into: "u-42", Time: time.Date(2026, 1, 10, 9, 25, 0, 0, time.UTC), Reason: "login"}
	if err := s.Merge(ctx, login); err != nil {
		return err
	}
	if _, err := engagement.Identify(ctx, s, "u-42", engagement.Properties{"seats": engagement.IntValue(15)}); err != nil {
		return err
	}
	for m, err := range s.Merges(ctx, "u-42") {
		if err != nil {
			return err
		}
		fmt.Fprintln(out, "identity:", m)
	}

	// Who is where, and whom may we e-mail about offers?
	ps, err := engagement.Folder{}.FoldStore(ctx, s, engagement.Query{}, asOf)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\ncustomers as of %s:\n", asOf.Format(time.DateOnly))
	for id, p := range ps.All() {
		var records []engagement.ConsentRecord
		for r, err := range s.ConsentRecords(ctx, id) {
			if err != nil {
				return err
			}
			records = append(records, r)
		}
		email := engagement.ConsentAt(records, engagement.PurposeMarketing, engagement.ChannelEmail, asOf)
		fmt.Fprintf(out, "  %-5s %-13s purchases %d, spent %7s, marketing e-mail: %s\n",
			id, stages.Classify(p, stages.Unclassified).Stage, p.Purchases(), p.Monetary().StringFixed(2), email)
	}

	accounts, err := engagement.AccountsOf(ctx, s)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "\naccounts:")
	rules := stages.DefaultRules()
	for _, ap := range ps.ByAccount(func(id engagement.CustomerID) engagement.AccountID { return accounts[id] }) {
		res := rules.ClassifyAccount(ap, stages.Unclassified, nil)
		fmt.Fprintf(out, "  %s: %d members, %d purchases, %s; stage %s; members %s\n", ap.Account, len(ap.Members),
			ap.Profile.Purchases(), ap.Profile.Monetary().StringFixed(2), res.Result.Stage, res.Members)
	}

	sel, err := segment.Select(ctx, s, target, asOf)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nsegment %s\n  %d of %d customers: %v\n", target, len(sel.IDs), sel.Customers, sel.IDs)
	ok, why, err := segment.Customer(ctx, s, target, "u-43", asOf)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  u-43 matches: %v\n%s\n", ok, indent(why.String()))

	// Cleo asks to be forgotten.
	rep, err := s.Erase(ctx, engagement.Erasure{Customer: "u-50", Mode: engagement.EraseDelete})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nerased %s: record %v, %d interactions, %d consent records\n", rep.Customer, rep.Record, rep.Interactions, rep.Consents)
	return nil
}

// open returns a MemoryStore, or a SQLite store at path, and a function
// that releases it.
func open(ctx context.Context, path string) (store, func(), error) {
	if path == "" {
		return engagement.NewMemoryStore(), func() {}, nil
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, nil, err
	}
	s, err := sqlstore.New(ctx, db, sqlstore.SQLite)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return s, func() { db.Close() }, nil
}

// indent puts two spaces before every line of text.
func indent(text string) string {
	return "  " + string(bytes.ReplaceAll([]byte(text), []byte("\n"), []byte("\n  ")))
}
