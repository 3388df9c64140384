package sqlstore_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/sqlstore"
	"github.com/shopspring/decimal"
)

// crashEnv, when set to a file path, makes the test binary a child that
// appends crashBatch interactions to the SQLite file there, one batch,
// and waits to be killed.
const crashEnv = "ENGAGE_SQLSTORE_CRASH_CHILD"

// crashBatch is the size of the batch the child appends: big enough that
// appending it takes a while.
const crashBatch = 20_000

func TestMain(m *testing.M) {
	if path := os.Getenv(crashEnv); path != "" {
		if err := crashChild(path); err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	if path := os.Getenv(leaseEnv); path != "" {
		if err := leaseChild(path); err != nil {
			fmt.Fprintln(os.Stderr, "lease child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// crashInteraction returns the i-th interaction of the child's batch.
func crashInteraction(i int) engagement.Interaction {
	return engagement.Interaction{
		ID:       fmt.Sprintf("crash-%07d", i),
		Customer: engagement.CustomerID(fmt.Sprintf("c%03d", i%100)),
		Time:     time.Date(2024, 3, 1, 0, 0, 0, i, time.UTC),
		Kind:     engagement.Purchase,
		Amount:   decimal.New(int64(i), -2),
	}
}

// crashChild appends the batch to the database at path, telling the
// parent on stdout when it starts and when it has committed.
func crashChild(path string) error {
	db, err := sql.Open("sqlite", sqliteDSN(path))
	if err != nil {
		return err
	}
	ctx := context.Background()
	s, err := sqlstore.New(ctx, db, sqlstore.SQLite)
	if err != nil {
		return err
	}
	batch := make([]engagement.Interaction, crashBatch)
	for i := range batch {
		batch[i] = crashInteraction(i)
	}
	fmt.Println("appending")
	if err := s.Append(ctx, batch...); err != nil {
		return err
	}
	fmt.Println("committed")
	time.Sleep(time.Minute) // wait to be killed
	return nil
}

func TestCrashDuringAppendSQLite(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a child process; skipped with -short")
	}
	db, path := openSQLite(t)
	ctx := context.Background()
	s, err := sqlstore.New(ctx, db, sqlstore.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	before := crashInteraction(0)
	before.ID = "before"
	if err := s.Append(ctx, before); err != nil {
		t.Fatal(err)
	}

	// Kill the child at several points: early in the batch, later, and
	// (with a minute's delay) as soon as it has committed.
	for _, delay := range []time.Duration{50 * time.Millisecond, 250 * time.Millisecond, time.Minute} {
		committed := runAndKill(t, path, delay)

		n := 0
		for in, err := range s.Interactions(ctx, engagement.Query{}) {
			if err != nil {
				t.Fatalf("Interactions after the crash: %v", err)
			}
			if in.ID != "before" {
				n++
			}
		}
		switch {
		case n != 0 && n != crashBatch:
			t.Fatalf("after SIGKILL %v into Append: %d of the %d interactions are stored, want all or none", delay, n, crashBatch)
		case committed && n != crashBatch:
			t.Fatalf("the child committed, then %d of %d interactions are stored", n, crashBatch)
		}
		t.Logf("killed %v after the append began, or once committed: child committed %v, %d interactions stored", delay, committed, n)
		var check string
		if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil {
			t.Fatal(err)
		}
		if check != "ok" {
			t.Fatalf("PRAGMA integrity_check: %s", check)
		}
		if n == crashBatch {
			break // nothing more to learn: the next child would only skip
		}
	}
}

// runAndKill starts the child on the database at path, kills it with
// SIGKILL delay after it starts its Append, or as soon as it has
// committed, and reports whether it had committed.
func runAndKill(t *testing.T, path string, delay time.Duration) (committed bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	select {
	case line := <-lines:
		if line != "appending" {
			cmd.Process.Kill()
			t.Fatalf("child said %q, want appending", line)
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("child did not start appending within 30s")
	}
	select {
	case <-time.After(delay):
	case line := <-lines:
		committed = line == "committed"
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for line := range lines {
		committed = committed || line == "committed"
	}
	cmd.Wait()
	return committed
}
