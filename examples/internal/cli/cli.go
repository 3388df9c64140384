// Package cli gives the example programs one way to read their command
// line: -h (or -help) prints what the program does, the file it reads and
// that file's format, then the flags, and exits 0; a bad flag fails with
// an error that points to -h.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// Main runs run on the command line and exits: 0 when it succeeds or
// printed the usage, 1 with the error on stderr otherwise.
func Main(name string, run func(out io.Writer, args []string) error) {
	err := run(os.Stdout, os.Args[1:])
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	default:
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}

// Parse parses args with fs. On -h or -help it writes usage, then the
// flags with their defaults, to out and returns flag.ErrHelp, which Main
// treats as success. Any other error names the flag and points to -h.
func Parse(fs *flag.FlagSet, out io.Writer, usage string, args []string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(out, usage)
		fmt.Fprintln(out, "\nFlags:")
		fs.SetOutput(out)
		fs.PrintDefaults()
		return flag.ErrHelp
	case err != nil:
		return fmt.Errorf("%w (-h lists the flags)", err)
	}
	return nil
}
