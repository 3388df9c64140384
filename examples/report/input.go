package main

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"iter"
	"os"
	"time"

	"github.com/engagekit/engage/engagement"
)

// data holds the default inputs, made by internal/gendata with the
// seeded simulator: 3,000 customers over 2025.
//
//go:embed data/*.gz
var data embed.FS

// defaultAsOf is the as-of date of the embedded data.
const defaultAsOf = "2026-01-01"

// source is one input: a user's file, or an embedded default.
type source struct {
	name     string // for messages: the path, or "embedded <file>"
	path     string // the user's file; empty for the embedded one
	embedded string // file name under data/
}

func (s source) given() bool { return s.path != "" || s.embedded != "" }

// open opens the input; reading it yields the plain (uncompressed) text.
func (s source) open() (io.ReadCloser, error) {
	if s.path != "" {
		return os.Open(s.path)
	}
	raw, err := data.ReadFile("data/" + s.embedded)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.name, err)
	}
	return zr, nil
}

// progress reports rows read on stderr: every step rows, with the rate,
// and once at the end. It reads the clock, which is this program's edge:
// no model below it does.
type progress struct {
	w     io.Writer
	what  string
	step  int
	rows  int
	start time.Time
}

func newProgress(w io.Writer, what string) *progress {
	return &progress{w: w, what: what, step: 250_000, start: time.Now()}
}

func (p *progress) add() {
	p.rows++
	if p.rows%p.step == 0 {
		p.report("")
	}
}

func (p *progress) report(suffix string) {
	el := time.Since(p.start).Seconds()
	fmt.Fprintf(p.w, "report: %s: %d rows read (%.0f rows/s)%s\n", p.what, p.rows, float64(p.rows)/max(el, 1e-9), suffix)
}

// interactions streams the interactions of s, stopping at the first bad
// row, whose error (naming line, column and value) is left in *errp. Each
// pass reopens the file, so no pass holds the rows.
func interactions(s source, p *progress, errp *error) iter.Seq[engagement.Interaction] {
	return func(yield func(engagement.Interaction) bool) {
		f, err := s.open()
		if err != nil {
			*errp = err
			return
		}
		defer f.Close()
		for in, err := range engagement.ReadInteractionsCSV(f) {
			if err != nil {
				*errp = fmt.Errorf("%s: %w", s.name, err)
				return
			}
			if p != nil {
				p.add()
			}
			if !yield(in) {
				return
			}
		}
	}
}
