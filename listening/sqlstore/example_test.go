package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/listening/sqlstore"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

func Example() {
	dir, err := os.MkdirTemp("", "listening")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "listening.db")+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	ctx := context.Background()
	s, err := sqlstore.New(ctx, db, sqlstore.SQLite)
	if err != nil {
		log.Fatal(err)
	}
	at := time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)
	heard := []listening.Mention{
		{ID: "p2", Source: "twitter", Time: at.Add(time.Hour), Text: "Love the new shop"},
		{ID: "p1", Source: "twitter", Time: at, Text: "Awful service, terrible and rude. I hate it"},
	}
	// Writing the same mentions twice stores them once.
	for range 2 {
		if err := s.PutMentions(ctx, heard...); err != nil {
			log.Fatal(err)
		}
	}
	for m, err := range s.Mentions(ctx, time.Time{}, time.Time{}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(m.Time.Format(time.Kitchen), m.ID, m.Text)
	}

	// The store is a Source: replay what it holds into a Centre, and keep
	// a case for each negative mention.
	centre, err := listening.NewCentre(listening.CentreConfig{})
	if err != nil {
		log.Fatal(err)
	}
	ms, cursor, err := s.Fetch(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range ms {
		sc, _, err := centre.Ingest(m)
		if err != nil {
			log.Fatal(err)
		}
		if !sc.Negative {
			continue
		}
		c, err := listening.OpenCase(sc, m.Time, listening.CasePolicy{})
		if err != nil {
			log.Fatal(err)
		}
		if err := s.PutCases(ctx, c); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println("replayed", len(ms), "to cursor", cursor)
	for c, err := range s.Cases(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("case", c.ID, c.Severity, "at step", c.Step(), "due", c.Due.Format(time.Kitchen))
	}
	// Output:
	// 9:00AM p1 Awful service, terrible and rude. I hate it
	// 10:00AM p2 Love the new shop
	// replayed 2 to cursor 2
	// case p1 high at step listen due 10:00AM
}
