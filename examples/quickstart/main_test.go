package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/engagekit/engage/examples/internal/runtest"
)

func TestQuickstartPrintsProfiles(t *testing.T) {
	var out strings.Builder
	if err := run(&out, nil); err != nil {
		t.Fatalf("run: %v", err)
	}
	got := out.String()
	for _, want := range []string{
		"31 interactions, 5 customers, as of 2025-07-01",
		"ana              7     6     341.68      17d    5.0 promoter 10     1     0     11.62",
		"ben              1     1     129.00     136d      - detractor 3     0     1     -1.73",
		"goodwill of ben as of 2025-07-01 (half-life 90d): -1.731",
		"complaint            -3.000  128d ago",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q; got:\n%s", want, got)
		}
	}
}

func TestQuickstartRefusesABadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.csv")
	data := "id,customer,time,kind,amount\n1,ana,2025-01-01,purchase,10\n2,ana,2025-01-02,purchase,-3\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(&strings.Builder{}, []string{"-interactions", path})
	if err == nil || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "amount") {
		t.Fatalf("run on a file with a negative amount = %v; want an error naming line 3 and the amount", err)
	}
}

// -h names the file the program reads and its format, and lists the flags.
func TestQuickstartHelp(t *testing.T) {
	runtest.Help(t, run, "-interactions", `id, customer, time
(RFC 3339), kind`, "-explain")
}

// A kind the models do not know is warned about, not passed over in
// silence.
func TestQuickstartWarnsOfUnknownKinds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kinds.csv")
	rows := "id,customer,time,kind,amount\n1,ana,2025-01-08T10:15:00Z,purchase,46.52\n2,ana,2025-02-08T10:15:00Z,purchace,46.52\n"
	if err := os.WriteFile(path, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run(&out, []string{"-interactions", path, "-explain", ""}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "warning: 1 interactions have kinds the models do not know (purchace 1)") {
		t.Errorf("no warning:\n%s", out.String())
	}
}
