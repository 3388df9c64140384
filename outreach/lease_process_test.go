package outreach_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/sqlstore"
	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/stages"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// outProcEnv, when set to a SQLite file's path, makes the test binary a
// child that runs Sender over the store there (see outreachChild);
// outProcRoleEnv says which child it is, "0" or "1".
const (
	outProcEnv     = "ENGAGE_TOUCHPOINTS_OUTREACH_CHILD"
	outProcRoleEnv = "ENGAGE_TOUCHPOINTS_OUTREACH_ROLE"
)

// The two-process run: outProcCustomers customers, each sent every
// action of leaseActions by each child, under a cap of outProcCap.
const (
	outProcCustomers = 12
	outProcCap       = 2
)

func TestMain(m *testing.M) {
	if path := os.Getenv(outProcEnv); path != "" {
		if err := outreachChild(path, os.Getenv(outProcRoleEnv), os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "outreach child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func outProcDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
}

// outProcAudience is every customer of the two-process run, at a stage
// every action of leaseActions fits.
func outProcAudience() map[engagement.CustomerID]stages.Stage {
	audience := make(map[engagement.CustomerID]stages.Stage)
	for i := range outProcCustomers {
		audience[engagement.CustomerID(fmt.Sprintf("p%02d", i))] = stages.Returning
	}
	return audience
}

// outreachChild opens the store at path, says "ready", waits for a line
// on in, then sends every action of leaseActions (in reverse order for
// role "1", at times an hour apart within one window) to the whole
// audience, and writes a line "delivered <customer> <key>" for each
// message its channel delivered.
func outreachChild(path, role string, in io.Reader, out io.Writer) error {
	ctx := context.Background()
	db, err := sql.Open("sqlite", outProcDSN(path))
	if err != nil {
		return err
	}
	defer db.Close()
	store, err := sqlstore.New(ctx, db, sqlstore.SQLite)
	if err != nil {
		return err
	}
	actions := slices.Clone(leaseActions)
	offset := time.Duration(0)
	if role == "1" {
		slices.Reverse(actions)
		offset = 30 * time.Minute
	}
	mem := outreach.NewMemoryChannel()
	o := &outreach.Sender{Channel: mem, Store: store, Touchpoint: "email",
		ConsentChannel: engagement.ChannelEmail, Cap: outreach.Cap{Max: outProcCap}}
	fmt.Fprintln(out, "ready")
	if _, err := bufio.NewReader(in).ReadString('\n'); err != nil {
		return fmt.Errorf("waiting for go: %w", err)
	}
	for i, a := range actions {
		now := outEpoch.Add(time.Duration(i)*time.Hour + offset)
		rep, err := o.Send(ctx, a, outProcAudience(), now)
		if err != nil {
			return fmt.Errorf("send %s: %w", a, err)
		}
		if len(rep.Failed) > 0 {
			return fmt.Errorf("send %s: %v", a, rep)
		}
	}
	for _, m := range mem.Delivered() {
		fmt.Fprintln(out, "delivered", m.Customer, m.ID)
	}
	return nil
}

// TestSenderCapAcrossProcesses runs Outreach in two processes at once
// over one SQLite file, each sending four actions to the same customers
// under a cap of two, and checks that every customer has exactly two
// outreach keys in the window, both delivered and recorded.
func TestSenderCapAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two child processes; skipped with -short")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "outreach.db")
	db, err := sql.Open("sqlite", outProcDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store, err := sqlstore.New(ctx, db, sqlstore.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := any(store).(engagement.Leaser); !ok {
		t.Fatal("sqlstore.Store is not an engagement.Leaser: outreach runs in two processes cannot share the cap")
	}
	var customers []engagement.Customer
	for id := range outProcAudience() {
		customers = append(customers, engagement.Customer{ID: id, Consent: engagement.ConsentGiven})
	}
	if err := store.PutCustomers(ctx, customers...); err != nil {
		t.Fatal(err)
	}

	// A guard against a hung child, not a timed assertion.
	guard, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	type child struct {
		cmd   *exec.Cmd
		stdin io.WriteCloser
		lines chan string
	}
	var children []child
	for role := range 2 {
		cmd := exec.CommandContext(guard, os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), outProcEnv+"="+path, fmt.Sprintf("%s=%d", outProcRoleEnv, role))
		cmd.Stderr = os.Stderr
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 256)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		children = append(children, child{cmd, stdin, lines})
	}
	for i, c := range children {
		if line := <-c.lines; line != "ready" {
			t.Fatalf("child %d said %q, want ready", i, line)
		}
	}
	for _, c := range children {
		fmt.Fprintln(c.stdin, "go") // both start at once
		c.stdin.Close()
	}
	delivered := make(map[engagement.CustomerID]map[string]bool)
	for i, c := range children {
		for line := range c.lines {
			f := strings.Fields(line)
			if len(f) != 3 || f[0] != "delivered" {
				t.Fatalf("child %d said %q", i, line)
			}
			id := engagement.CustomerID(f[1])
			if delivered[id] == nil {
				delivered[id] = make(map[string]bool)
			}
			delivered[id][f[2]] = true
		}
		if err := c.cmd.Wait(); err != nil {
			t.Fatalf("child %d: %v", i, err)
		}
	}

	keys, contacted := outKeys(t, store)
	for id := range outProcAudience() {
		if len(keys[id]) != outProcCap {
			t.Errorf("customer %s has %d outreach keys in the window, want the cap, %d: %v", id, len(keys[id]), outProcCap, keys[id])
		}
		if len(delivered[id]) > outProcCap {
			t.Errorf("customer %s received %d distinct messages, more than the cap of %d", id, len(delivered[id]), outProcCap)
		}
		for key := range keys[id] {
			if !delivered[id][key] || !contacted[key] {
				t.Errorf("customer %s: key %s delivered %v, contact recorded %v; want both", id, key, delivered[id][key], contacted[key])
			}
		}
	}
}
