// Package runtest checks the command lines an example program must refuse.
package runtest

import (
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
