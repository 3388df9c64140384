// Gendata writes the report's embedded default data: a simulated base of
// 3,000 customers over 2025 (package simulate, seed 2025), with its touch
// points given phases, owners and yearly costs.
//
//	go run ./examples/report/internal/gendata -out examples/report/data
package main

import (
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/examples/report/internal/sample"
	"github.com/engagekit/engage/simulate"
	"github.com/engagekit/engage/touchpoints"
)

func main() {
	out := flag.String("out", "examples/report/data", "directory to write the files to")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	base, err := simulate.Generate(sample.Config())
	if err != nil {
		return err
	}
	tps, err := sample.Touchpoints(base.Touchpoints)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"customers.csv.gz", func(w io.Writer) error { return engagement.WriteCustomersCSV(w, slices.Values(base.Customers)) }},
		{"interactions.csv.gz", func(w io.Writer) error {
			return engagement.WriteInteractionsCSV(w, slices.Values(base.Interactions))
		}},
		{"mentions.jsonl.gz", func(w io.Writer) error { return simulate.WriteMentionsJSONL(w, slices.Values(base.Mentions)) }},
		{"touchpoints.csv.gz", func(w io.Writer) error { return touchpoints.WriteTouchpoints(w, tps) }},
	} {
		if err := writeGzip(filepath.Join(dir, f.name), f.write); err != nil {
			return err
		}
	}
	return nil
}

// writeGzip writes a file through gzip, with no name or time in the
// header, so the same data gives the same bytes.
func writeGzip(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	// On failure the file is closed only to release it: the write's error
	// is the one to report, and the half-written file is rewritten by the
	// next run.
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := write(zw); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
