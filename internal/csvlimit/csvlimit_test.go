package csvlimit

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestBound checks that records within the bound read as encoding/csv
// reads them, and that a record far beyond it fails with ErrTooLong.
func TestBound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		const max = 256
		lens := rapid.SliceOfN(rapid.IntRange(1, 3*max), 1, 8).Draw(t, "record lengths")
		var b strings.Builder
		for _, n := range lens {
			b.WriteString(strings.Repeat("x", n) + "\n")
		}
		lim := New(strings.NewReader(b.String()), max)
		cr := csv.NewReader(lim)
		for i, n := range lens {
			rec, err := cr.Read()
			lim.Start(cr.InputOffset())
			switch {
			case err == nil && len(rec[0]) != n:
				t.Fatalf("record %d has %d bytes, want %d", i, len(rec[0]), n)
			case err != nil && !errors.Is(lim.Err(), ErrTooLong):
				t.Fatalf("record %d of %d bytes: %v, Err %v", i, n, err, lim.Err())
			case err != nil && n <= max:
				t.Fatalf("record %d of %d bytes, within the bound of %d, failed: %v", i, n, max, err)
			case err != nil:
				return
			}
		}
		if _, err := cr.Read(); err != io.EOF {
			t.Fatalf("after the last record: %v", err)
		}
	})
}

// TestUnendedQuote checks that a quote never closed stops the read at
// about the bound instead of taking in the whole input.
func TestUnendedQuote(t *testing.T) {
	const max = 1 << 10
	src := &counting{r: strings.NewReader(`"` + strings.Repeat("x", 1<<20))}
	lim := New(src, max)
	_, err := csv.NewReader(lim).Read()
	if err == nil || !errors.Is(lim.Err(), ErrTooLong) {
		t.Fatalf("Read = %v, Err %v; want ErrTooLong", err, lim.Err())
	}
	if src.n > 64<<10 {
		t.Errorf("read %d bytes of the input for a bound of %d", src.n, max)
	}
}

type counting struct {
	r io.Reader
	n int
}

func (c *counting) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}
