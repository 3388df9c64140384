// Package csvlimit bounds the bytes of one CSV record, so that a reader of
// outside input cannot be made to hold a whole file in memory as one
// record (a quote that is never closed, a line without an end).
package csvlimit

import (
	"errors"
	"io"
)

// ErrTooLong is the sticky error of a Reader whose current record has
// outgrown its bound.
var ErrTooLong = errors.New("record too long")

// Reader feeds an encoding/csv Reader, failing once the record being read
// exceeds Max bytes (give or take what the csv.Reader buffers ahead), and
// remembering the first error of the underlying reader so that the
// csv.Reader cannot read past it. After each record, pass the csv.Reader's
// InputOffset to Start.
type Reader struct {
	r     io.Reader
	max   int64
	n     int64 // bytes handed out
	start int64 // the offset at which the record being read starts
	err   error // sticky: ErrTooLong or the error of r
}

// New returns a Reader of r bounding each record to max bytes.
func New(r io.Reader, max int) *Reader { return &Reader{r: r, max: int64(max)} }

// Start records that the next record starts at offset.
func (l *Reader) Start(offset int64) { l.start = offset }

// Err returns ErrTooLong, the error of the underlying reader other than
// io.EOF, or nil.
func (l *Reader) Err() error { return l.err }

// Read implements io.Reader.
func (l *Reader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if l.n-l.start > l.max {
		l.err = ErrTooLong
		return 0, l.err
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	if err != nil && err != io.EOF {
		l.err = err
	}
	return n, err
}
