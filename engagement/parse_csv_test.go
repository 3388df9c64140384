package engagement

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// batchEvent is an event of a Batch spelt out, for comparisons.
type batchEvent struct {
	Customer CustomerID
	At       int64
	Kind     Kind
	Amount   string
	Rating   Rating
}

// batchEvents lists the events of b by group, in the order added.
func batchEvents(b *Batch) []batchEvent {
	var out []batchEvent
	for _, g := range b.groups {
		for i := range g.n {
			e := &g.blocks[i/blockSize][i%blockSize]
			out = append(out, batchEvent{Customer: CustomerID(b.id(e.cust)), At: e.at, Kind: b.kinds[e.kind],
				Amount: b.amount(e).String(), Rating: Rating{Scale: e.scale &^ slowAmount, Value: e.value}})
		}
	}
	return out
}

// readCSVBoth reads data with Batch.ReadCSV and with ReadInteractionsCSV
// and Batch.Add, and returns the difference in events or error, or "".
func readCSVBoth(data []byte) string {
	return readCSVBothIn(data, csvBlockBytes, 2, nil)
}

// readCSVBothIn is readCSVBoth with ReadCSV parsing blocks of the given
// size on the given number of workers, reading through wrap when it is
// not nil.
func readCSVBothIn(data []byte, blockSize, workers int, wrap func(io.Reader) io.Reader) string {
	var want Batch
	var wantErr error
	for in, err := range ReadInteractionsCSV(bytes.NewReader(data)) {
		if err == nil {
			err = want.Add(in)
		}
		if err != nil {
			wantErr = err
			break
		}
	}
	var got Batch
	r := io.Reader(bytes.NewReader(data))
	if wrap != nil {
		r = wrap(r)
	}
	gotErr := got.readCSV(r, blockSize, workers)
	if fmt.Sprint(wantErr) != fmt.Sprint(gotErr) {
		return fmt.Sprintf("error: want %v\ngot  %v", wantErr, gotErr)
	}
	return cmp.Diff(batchEvents(&want), batchEvents(&got))
}

func TestBatchReadCSVEqualsReader(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ins := genWideHistory(rapid.IntRange(1, 6).Draw(t, "customers"), 30).Draw(t, "history")
		for i := range ins {
			ins[i].Touchpoint = rapid.SampledFrom([]string{"", "web", `shop, "north"`, "Web"}).Draw(t, "touchpoint")
			if rapid.IntRange(0, 9).Draw(t, "with_properties") == 0 {
				ins[i].Properties = Properties{"sku": StringValue("A-1")}
			}
			if rapid.IntRange(0, 9).Draw(t, "zone") == 0 {
				ins[i].Time = ins[i].Time.In(time.FixedZone("", 3600))
			}
		}
		var buf bytes.Buffer
		if err := WriteInteractionsCSV(&buf, slices.Values(ins)); err != nil {
			t.Fatal(err)
		}
		data := buf.Bytes()
		if rapid.Bool().Draw(t, "crlf") {
			data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
		}
		for range rapid.IntRange(0, 3).Draw(t, "edits") {
			at := rapid.IntRange(0, len(data)).Draw(t, "at")
			ins := rapid.SampledFrom([]string{`"`, ",", "\r", "\n", "x", " ", "-", "Z", ".", "9", "P", "\n\n", "\t", "\x00", "\x7f", "é", "\xff", "1"}).Draw(t, "insert")
			data = slices.Insert(slices.Clone(data), at, []byte(ins)...)
		}
		if d := readCSVBoth(data); d != "" {
			t.Fatalf("ReadCSV differs from ReadInteractionsCSV (-want +got):\n%s\ninput:\n%s", d, data)
		}
		// Blocks of a few lines, or shorter than a line, on several workers.
		blockSize := rapid.IntRange(1, 400).Draw(t, "block_size")
		workers := rapid.IntRange(1, 4).Draw(t, "workers")
		wrap := rapid.SampledFrom([]func(io.Reader) io.Reader{nil, iotest.OneByteReader, iotest.HalfReader}).Draw(t, "reader")
		if d := readCSVBothIn(data, blockSize, workers, wrap); d != "" {
			t.Fatalf("ReadCSV in blocks of %d on %d workers differs from ReadInteractionsCSV (-want +got):\n%s\ninput:\n%s",
				blockSize, workers, d, data)
		}
	})
}

func FuzzBatchReadCSV(f *testing.F) {
	f.Add([]byte("id,customer,time,kind,amount,rating,scale\n1,c,2025-01-01T00:00:00Z,purchase,9.99,,\n2,c,2025-01-02T10:00:00.5Z,rating,,3,satisfaction\n"))
	f.Add([]byte("kind,time,customer,id\nvisit,2025-01-01,c,1\nPurchase,2024-02-29T23:59:59Z,d,2\n"))
	f.Add([]byte("id,customer,time,kind\n1,c,2025-02-29T00:00:00Z,visit\n"))
	f.Add([]byte("id,customer,time,kind,amount\n1,c,2025-01-01T00:00:00Z,purchase,123456789012345.5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if d := readCSVBoth(data); d != "" {
			t.Fatalf("ReadCSV differs from ReadInteractionsCSV (-want +got):\n%s", d)
		}
		for _, size := range []int{1, 7, 64} {
			if d := readCSVBothIn(data, size, 3, nil); d != "" {
				t.Fatalf("ReadCSV in blocks of %d differs from ReadInteractionsCSV (-want +got):\n%s", size, d)
			}
		}
	})
}

func TestParseUTCEqualsTimeParse(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d",
			rapid.IntRange(1600, 2300).Draw(t, "year"), rapid.IntRange(0, 13).Draw(t, "month"),
			rapid.IntRange(0, 32).Draw(t, "day"), rapid.IntRange(0, 25).Draw(t, "hour"),
			rapid.IntRange(0, 60).Draw(t, "minute"), rapid.IntRange(0, 61).Draw(t, "second"))
		if digits := rapid.IntRange(0, 11).Draw(t, "fraction_digits"); digits > 0 {
			s += "." + strings.Repeat("7", digits-1) + "3"
		}
		s += rapid.SampledFrom([]string{"Z", "z", "+00:00", ""}).Draw(t, "zone")
		got, ok := parseUTC([]byte(s))
		want, err := time.Parse(time.RFC3339, s)
		if !ok {
			return // the general path reads it
		}
		if err != nil {
			t.Fatalf("parseUTC(%q) = %d, but time.Parse fails: %v", s, got, err)
		}
		if got != want.UnixNano() {
			t.Fatalf("parseUTC(%q) = %d, time.Parse %d", s, got, want.UnixNano())
		}
	})
}

func TestParseUnitsEqualsScaled(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringMatching(`[0-9]{0,16}(\.[0-9]{0,5})?`).Draw(t, "amount")
		got, ok := parseUnits([]byte(s))
		if !ok {
			return
		}
		d, err := parseAmount(s)
		if err != nil {
			t.Fatalf("parseUnits(%q) = %d, but parseAmount fails: %v", s, got, err)
		}
		want, ok := scaled(d)
		if !ok || want != got {
			t.Fatalf("parseUnits(%q) = %d, scaled(parseAmount) = %d, %v", s, got, want, ok)
		}
	})
}

func TestBatchReadCSVReportsReadError(t *testing.T) {
	data := "id,customer,time,kind\n1,c,2025-01-01T00:00:00Z,visit\n2,c,2025-01-02T00:00:00Z,visit\n"
	var b Batch
	// The second read fails once, then the input goes on: the error must
	// not be lost.
	err := b.ReadCSV(iotest.TimeoutReader(strings.NewReader(data)))
	if !errors.Is(err, iotest.ErrTimeout) {
		t.Fatalf("ReadCSV over a failing reader = %v, want its error", err)
	}
	var got int
	for _, err := range ReadInteractionsCSV(iotest.TimeoutReader(strings.NewReader(data))) {
		if errors.Is(err, iotest.ErrTimeout) {
			got++
		}
	}
	if got != 1 {
		t.Fatalf("ReadInteractionsCSV yielded the read error %d times, want 1", got)
	}
}

// TestBatchReadCSVBlocks reads a file of many blocks and more customers
// than the batch first makes room for, on one to three workers, with a bad
// row in the middle of a late block, and checks the events and the error's
// line against the general reader.
func TestBatchReadCSVBlocks(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteInteractionsCSV(&buf, slices.Values(benchInteractions(12000, 5000))); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	lines := bytes.SplitAfter(good, []byte("\n"))
	bad := slices.Concat(slices.Concat(lines[:4000]...), []byte("x,c,2025-01-01T00:00:00Z,purchase,web,-1,,,\n"), slices.Concat(lines[4000:]...))
	for _, data := range [][]byte{good, bad} {
		for _, workers := range []int{1, 2, 3} {
			for _, size := range []int{100, 4096, 1 << 16} {
				if d := readCSVBothIn(data, size, workers, nil); d != "" {
					t.Fatalf("blocks of %d on %d workers (-want +got):\n%s", size, workers, d)
				}
			}
		}
	}
	var b Batch
	var fe *FieldError
	if err := b.readCSV(bytes.NewReader(bad), 4096, 2); !errors.As(err, &fe) || fe.Line != 4001 {
		t.Fatalf("readCSV of a bad row on line 4001 = %v, want a *FieldError on that line", err)
	}
}

// TestBatchReadCSVOddRows holds ReadCSV equal to ReadInteractionsCSV on
// rows of the plain form that are wrong in ways only checks after the
// split find: ratings out of their scale's range and keys with control
// or non-ASCII characters, valid or not.
func TestBatchReadCSVOddRows(t *testing.T) {
	const header = "id,customer,time,kind,touchpoint,amount,rating,scale\n"
	for _, row := range []string{
		"1,c,2025-01-01T00:00:00Z,rating,web,,3,satisfaction",
		"1,c,2025-01-01T00:00:00Z,rating,web,,39,satisfaction",
		"1,c,2025-01-01T00:00:00Z,rating,web,,0,satisfaction",
		"1,c,2025-01-01T00:00:00Z,rating,web,,6,satisfaction",
		"1,c,2025-01-01T00:00:00Z,rating,web,,10,recommend",
		"1,c,2025-01-01T00:00:00Z,rating,web,,11,recommend",
		"1,cé,2025-01-01T00:00:00Z,visit,web,,,",
		"1é,c,2025-01-01T00:00:00Z,visit,wéb,,,",
		"1,c\x01,2025-01-01T00:00:00Z,visit,web,,,",
		"1,c\x7f,2025-01-01T00:00:00Z,visit,web,,,",
		"1,c\xff,2025-01-01T00:00:00Z,visit,web,,,",
		"1\t,c,2025-01-01T00:00:00Z,visit,web,,,",
		"1,c,2025-01-01T00:00:00Z,visit,w\x00b,,,",
		"1,c,2025-01-01T00:00:00Z,visit,w\u0085b,,,",
		",c,2025-01-01T00:00:00Z,visit,web,,,",
		"1,,2025-01-01T00:00:00Z,visit,web,,,",
	} {
		data := []byte(header + "0,a,2025-01-01T00:00:00Z,visit,web,,,\n" + row + "\n")
		if d := readCSVBoth(data); d != "" {
			t.Errorf("row %q: ReadCSV differs from ReadInteractionsCSV (-want +got):\n%s", row, d)
		}
	}
}
