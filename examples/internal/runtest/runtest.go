// Package runtest checks the command lines an example program must refuse.
package runtest

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
)

// Failure is a command line that must fail, and what its error must name.
type Failure struct {
	Args []string
	Want []string // each must occur in the error's text
}

// Fails runs each failure's arguments through run, the program's main
// without the exit, and checks that it fails with an error naming every
// Want.
func Fails(t *testing.T, run func(out io.Writer, args []string) error, failures []Failure) {
	t.Helper()
	for _, f := range failures {
		err := run(io.Discard, f.Args)
		if err == nil {
			t.Errorf("run %q succeeded; want an error", f.Args)
			continue
		}
		for _, want := range f.Want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("run %q = %v; want an error naming %s", f.Args, err, want)
			}
		}
	}
}

// Help runs -h through run and checks that it returns flag.ErrHelp (on
// which the program exits 0) and prints each of want: the file the
// program reads, its format, and the flags.
func Help(t *testing.T, run func(out io.Writer, args []string) error, want ...string) {
	t.Helper()
	var out strings.Builder
	if err := run(&out, []string{"-h"}); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("run -h = %v, want flag.ErrHelp", err)
	}
	for _, w := range want {
		if !strings.Contains(out.String(), w) {
			t.Errorf("-h lacks %q:\n%s", w, out.String())
		}
	}
}
