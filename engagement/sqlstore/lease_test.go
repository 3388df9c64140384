package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/sqlstore"
)

// TestLeaseRules checks bad arguments, that a held lease keeps others
// waiting, that a released or lapsed one is taken, and that releasing a
// lapsed lease leaves its new holder alone.
func TestLeaseRules(t *testing.T) {
	eachBackend(t, func(t *testing.T, open func(tb testing.TB) *sqlstore.Store) {
		ctx := context.Background()
		s := open(t)
		for _, bad := range []struct {
			name string
			ttl  time.Duration
		}{{"", time.Second}, {"a\x01", time.Second}, {"x", 0}, {"x", -time.Second}} {
			if _, err := s.Lease(ctx, bad.name, bad.ttl); !errors.Is(err, engagement.ErrInvalid) {
				t.Errorf("Lease(%q, %v): error %v, want ErrInvalid", bad.name, bad.ttl, err)
			}
		}
		// busy reports whether Lease(name) is still refused after a short
		// wait. A refusal may only be a slow database under load, so the
		// claim that a lease is free is checked by free, which waits long
		// enough that only a held lease would keep it waiting.
		busy := func(name string) bool {
			t.Helper()
			return !tryWithin(t, s, name, 30*time.Millisecond)
		}
		free := func(name string) bool {
			t.Helper()
			return tryWithin(t, s, name, 10*time.Second)
		}
		l1, err := s.Lease(ctx, "x", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if !busy("x") {
			t.Error("a second Lease(x) was granted while the first was held")
		}
		if !free("y") {
			t.Error("Lease(y) waited while only x was held")
		}
		if err := l1.Release(ctx); err != nil {
			t.Fatal(err)
		}
		if !free("x") {
			t.Error("Lease(x) waited after x was released")
		}

		// A lapsed lease is taken over; its release leaves the new holder be.
		short, err := s.Lease(ctx, "z", 20*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		long, err := s.Lease(ctx, "z", time.Minute) // waits for the lapse
		if err != nil {
			t.Fatal(err)
		}
		if err := short.Release(ctx); err != nil {
			t.Errorf("releasing a lapsed lease: %v", err)
		}
		if !busy("z") {
			t.Error("releasing the lapsed lease released its new holder's")
		}
		for range 2 {
			if err := long.Release(ctx); err != nil {
				t.Errorf("releasing a held lease (twice): %v", err)
			}
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Lease(cancelled, "x", time.Second); !errors.Is(err, context.Canceled) {
			t.Errorf("Lease with a cancelled context: error %v, want Canceled", err)
		}
		// A deferred Release after a cancellation still frees the lease.
		w, err := s.Lease(ctx, "w", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Release(cancelled); err != nil {
			t.Errorf("Release with a cancelled context: %v", err)
		}
		if !free("w") {
			t.Error("Release with a cancelled context left the lease held")
		}
	})
}

// tryWithin reports whether s grants Lease(name) within wait, releasing
// it if so; an error other than the deadline fails the test.
func tryWithin(t *testing.T, s *sqlstore.Store, name string, wait time.Duration) bool {
	t.Helper()
	ctx := context.Background()
	c, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	l, err := s.Lease(c, name, time.Minute)
	if err == nil {
		l.Release(ctx)
		return true
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Lease(%q) with a deadline: error %v, want one matching DeadlineExceeded", name, err)
	}
	return false
}

// sharedStores returns two Stores over one database of the backend: on
// SQLite two *sql.DB on one file, on PostgreSQL one table prefix.
func sharedStores(t *testing.T, backend string) (a, b *sqlstore.Store) {
	ctx := context.Background()
	if backend == "PostgreSQL" {
		db := postgres(t)
		prefix := randomPrefix(t)
		t.Cleanup(func() { dropTables(t, db, prefix) })
		stores := make([]*sqlstore.Store, 2)
		for i := range stores {
			s, err := sqlstore.New(ctx, db, sqlstore.PostgreSQL, sqlstore.Options{TablePrefix: prefix})
			if err != nil {
				t.Fatal(err)
			}
			stores[i] = s
		}
		return stores[0], stores[1]
	}
	db1, path := openSQLite(t)
	db2, err := sql.Open("sqlite", sqliteDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db2.Close() })
	a, err = sqlstore.New(ctx, db1, sqlstore.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	b, err = sqlstore.New(ctx, db2, sqlstore.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

// TestLeaseExcludes has goroutines on two Stores over one database
// increment a counter by reading it and writing it back, each under the
// lease: no increment may be lost.
func TestLeaseExcludes(t *testing.T) {
	for _, backend := range backends() {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			a, b := sharedStores(t, backend)
			const workers, rounds = 4, 15
			var (
				counter atomic.Int64 // loaded and stored apart: only the lease makes it safe
				wg      sync.WaitGroup
				failed  atomic.Value
			)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			for i := range 2 * workers {
				s := a
				if i%2 == 1 {
					s = b
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range rounds {
						l, err := s.Lease(ctx, "counter", time.Minute)
						if err != nil {
							failed.Store(err)
							return
						}
						n := counter.Load()
						runtime.Gosched()
						counter.Store(n + 1)
						if err := l.Release(ctx); err != nil {
							failed.Store(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			if err, _ := failed.Load().(error); err != nil {
				t.Fatal(err)
			}
			if got, want := counter.Load(), int64(2*workers*rounds); got != want {
				t.Errorf("counter = %d, want %d: increments were lost", got, want)
			}
		})
	}
}

// leaseEnv, when set to a SQLite file path, makes the test binary a child
// that increments the counter table there leaseRounds times under the
// lease "counter".
const leaseEnv = "ENGAGE_SQLSTORE_LEASE_CHILD"

// leaseRounds is how many increments each child makes.
const leaseRounds = 40

// leaseChild is the child of TestLeaseAcrossProcesses: a read, a pause
// and a write of the counter row, each increment under the lease.
func leaseChild(path string) error {
	db, err := sql.Open("sqlite", sqliteDSN(path))
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := sqlstore.New(ctx, db, sqlstore.SQLite)
	if err != nil {
		return err
	}
	for range leaseRounds {
		l, err := s.Lease(ctx, "counter", 10*time.Second)
		if err != nil {
			return err
		}
		var n int64
		if err := db.QueryRowContext(ctx, "SELECT n FROM counter").Scan(&n); err != nil {
			return err
		}
		time.Sleep(200 * time.Microsecond) // widen the window a lost update needs
		if _, err := db.ExecContext(ctx, "UPDATE counter SET n = ?", n+1); err != nil {
			return err
		}
		if err := l.Release(ctx); err != nil {
			return err
		}
	}
	return nil
}

// TestLeaseAcrossProcesses runs children of the test binary that each
// increment a counter in one SQLite file, reading it and writing it back
// under the lease: the final count must be every increment.
func TestLeaseAcrossProcesses(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts child processes; skipped with -short")
	}
	db, path := openSQLite(t)
	ctx := context.Background()
	if _, err := sqlstore.New(ctx, db, sqlstore.SQLite); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE counter (n INTEGER NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO counter (n) VALUES (0)"); err != nil {
		t.Fatal(err)
	}
	const children = 3
	cmds := make([]*exec.Cmd, children)
	for i := range cmds {
		c, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		cmds[i] = exec.CommandContext(c, os.Args[0], "-test.run=^$")
		cmds[i].Env = append(os.Environ(), leaseEnv+"="+path)
		cmds[i].Stderr = os.Stderr
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("child %d: %v", i, err)
		}
	}
	var n int64
	if err := db.QueryRowContext(ctx, "SELECT n FROM counter").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if want := int64(children * leaseRounds); n != want {
		t.Errorf("counter = %d after %d children of %d increments, want %d: increments were lost", n, children, leaseRounds, want)
	}
	t.Logf("%d increments by %d processes", n, children)
}
