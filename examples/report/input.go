package main

import (
	"bytes"
	"compress/gzip"
	"context"
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

// report writes one progress line. A failed write is not an error of the
// report: progress is a courtesy on stderr, and the report itself goes to
// stdout, whose writes are checked.
func (p *progress) report(suffix string) {
	el := time.Since(p.start).Seconds()
	fmt.Fprintf(p.w, "report: %s: %d rows read (%.0f rows/s)%s\n", p.what, p.rows, float64(p.rows)/max(el, 1e-9), suffix)
}

// load reads the interactions of s into a memory store with a strict
// import: the first bad row (named by line, column and value) fails the
// load, an interaction whose ID comes twice with the same facts is stored
// once, and one whose ID comes again with other facts fails it with an
// error matching engagement.ErrConflict.
func load(ctx context.Context, s source, p *progress) (*engagement.MemoryStore, error) {
	f, err := s.open()
	if err != nil {
		return nil, err
	}
	defer f.Close() // only read: a read error surfaces from the parser, closing loses nothing
	rows := func(yield func(engagement.Interaction, error) bool) {
		for in, err := range engagement.ReadInteractionsCSV(f) {
			if err == nil {
				p.add()
			}
			if !yield(in, err) {
				return
			}
		}
	}
	store := engagement.NewMemoryStore()
	if _, err := engagement.ImportInteractions(ctx, store, rows, engagement.ImportOptions{}); err != nil {
		return nil, fmt.Errorf("%s: %w", s.name, err)
	}
	return store, nil
}

// upTo yields the stored interactions at or before asOf, ordered by
// customer and then time, and counts those after it in *later. The first
// error the store yields is left in *errp.
func upTo(ctx context.Context, store engagement.Store, asOf time.Time, later *int, errp *error) iter.Seq[engagement.Interaction] {
	return func(yield func(engagement.Interaction) bool) {
		*later = 0
		for in, err := range store.Interactions(ctx, engagement.Query{}) {
			if err != nil {
				*errp = err
				return
			}
			if in.Time.After(asOf) {
				*later++
				continue
			}
			if !yield(in) {
				return
			}
		}
	}
}
