package cli

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/engagekit/engage/engagement"
)

const usage = "Usage: prog [file.csv]\n\nThe file is CSV: id, customer.\n"

func run(out io.Writer, args []string) error {
	fs := flag.NewFlagSet("prog", flag.ContinueOnError)
	fs.Int("top", 10, "customers to list")
	return Parse(fs, out, usage, args)
}

// The test binary runs itself as the program when CLI_TEST_ARGS is set.
func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv("CLI_TEST_ARGS"); ok {
		os.Args = append([]string{"prog"}, strings.Fields(args)...)
		Main("prog", run)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestHelpExitsZero(t *testing.T) {
	for _, tc := range []struct {
		args   string
		code   int
		stdout []string
		stderr []string
	}{
		{"-h", 0, []string{"Usage: prog [file.csv]", "The file is CSV: id, customer.", "-top", "customers to list"}, nil},
		{"-help", 0, []string{"Usage: prog"}, nil},
		{"-top 3", 0, nil, nil},
		{"-nosuch", 1, nil, []string{"prog: flag provided but not defined: -nosuch (-h lists the flags)"}},
	} {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), "CLI_TEST_ARGS="+tc.args)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tc.code {
			t.Errorf("%q exits %d, want %d (stderr %q)", tc.args, code, tc.code, stderr.String())
		}
		for _, want := range tc.stdout {
			if !strings.Contains(stdout.String(), want) {
				t.Errorf("%q: stdout lacks %q:\n%s", tc.args, want, stdout.String())
			}
		}
		for _, want := range tc.stderr {
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("%q: stderr lacks %q:\n%s", tc.args, want, stderr.String())
			}
		}
	}
}

func TestKindsWarnsOfUnknownKinds(t *testing.T) {
	rows := "id,customer,time,kind\n1,a,2025-01-01T00:00:00Z,purchase\n2,a,2025-01-02T00:00:00Z,purchace\n" +
		"3,a,2025-01-03T00:00:00Z,webinar\n4,b,2025-01-03T00:00:00Z,webinar\n5,b,2025-01-04T00:00:00Z,outreach\n"
	k := Kinds{}
	n := 0
	for _, err := range k.Count(engagement.ReadInteractionsCSV(strings.NewReader(rows))) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	want := "warning: 3 interactions have kinds the models do not know (purchace 1, webinar 2): the default rules give them no effect\n"
	if got := k.Warning(); n != 5 || got != want {
		t.Errorf("%d rows passed, warning %q; want 5 and %q", n, got, want)
	}
	if got := (Kinds{}).Warning(); got != "" {
		t.Errorf("warning with no unknown kinds: %q", got)
	}
}
