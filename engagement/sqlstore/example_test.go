package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/sqlstore"
	"github.com/shopspring/decimal"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

func Example() {
	dir, err := os.MkdirTemp("", "engage")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	// The caller opens the database, with WAL and a busy timeout on every
	// connection.
	dsn := "file:" + filepath.Join(dir, "engage.db") + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	ctx := context.Background()
	s, err := sqlstore.New(ctx, db, sqlstore.SQLite)
	if err != nil {
		log.Fatal(err)
	}
	asOf := time.Date(2024, 3, 1, 9, 30, 0, 123456789, time.UTC)
	err = s.Append(ctx,
		engagement.Interaction{ID: "o-1", Customer: "ada", Time: asOf, Kind: engagement.Purchase, Amount: decimal.RequireFromString("19.90")},
		engagement.Interaction{ID: "o-2", Customer: "ada", Time: asOf.Add(time.Hour), Kind: engagement.Referral},
	)
	if err != nil {
		log.Fatal(err)
	}
	// Appending the same interaction again stores nothing new.
	if err := s.Append(ctx, engagement.Interaction{ID: "o-1", Customer: "ada", Time: asOf, Kind: engagement.Purchase, Amount: decimal.RequireFromString("19.9")}); err != nil {
		log.Fatal(err)
	}
	for in, err := range s.Interactions(ctx, engagement.Query{Customer: "ada"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(in.ID, in.Time.Format(time.RFC3339Nano), in.Kind, in.Amount)
	}
	// Output:
	// o-1 2024-03-01T09:30:00.123456789Z purchase 19.9
	// o-2 2024-03-01T10:30:00.123456789Z referral 0
}
