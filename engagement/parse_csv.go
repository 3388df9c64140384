package engagement

import (
	"bytes"
	"errors"
	"hash/maphash"
	"io"
	"runtime"
	"time"
	"unsafe"
)

// ReadCSV adds the interactions of the CSV file read from r, the format
// [ReadInteractionsCSV] reads, and stops at the first bad row or reading
// error, returning that error as ReadInteractionsCSV would yield it (a
// *[FieldError] with the line, column and value for a bad row). The rows
// before the bad one stay added.
//
// The input is read in blocks of whole lines that are parsed on all cores
// (GOMAXPROCS), while one goroutine numbers the customers in row order and
// another appends the events, so the batch is the same as one built row by
// row. Rows in the common form (no quotes, times in UTC, plain amounts)
// are read without allocating; any other row is read as
// ReadInteractionsCSV would read it alone, and from a block holding a row
// that fails either way, the rest of the input goes through
// ReadInteractionsCSV, so both give the same interactions and errors.
func (b *Batch) ReadCSV(r io.Reader) error {
	return b.readCSV(r, csvBlockBytes, runtime.GOMAXPROCS(0))
}

// csvChunk is the rows of a block parsed by csvFast, in file order.
type csvChunk struct {
	ids     []byte        // the customer IDs of the rows read fast, end to end
	rows    []csvRow      // in file order
	general []Interaction // the rows read in general
	sink    byte          // see Batch.warm
}

// csvRow is one row of a chunk: an event whose customer's ID ends at
// idEnd in the chunk's ids and hashes to h, or, with general >= 0, an
// interaction in the chunk's general.
type csvRow struct {
	e       event
	h       uint64
	idEnd   uint32
	general int32
}

func (c *csvChunk) reset() {
	c.ids, c.rows = c.ids[:0], c.rows[:0]
	clear(c.general)
	c.general = c.general[:0]
}

// warmRows is how many rows addChunk looks up at once.
const warmRows = 64

// intern numbers the customers of the rows of c, and their kinds, in the
// rows' events, and returns how many rows it numbered: all of them, or
// those before the one whose error it returns.
func (b *Batch) intern(c *csvChunk) (int, error) {
	start := uint32(0)
	for lo := 0; lo < len(c.rows); lo += warmRows {
		rows := c.rows[lo:min(lo+warmRows, len(c.rows))]
		c.sink += b.warm(rows)
		for i := range rows {
			r := &rows[i]
			if r.general >= 0 {
				e, err := b.event(&c.general[r.general])
				if err != nil {
					return lo + i, err
				}
				r.e = e
				continue
			}
			cust, err := b.customerHashed(view(c.ids[start:r.idEnd]), r.h)
			if err != nil {
				return lo + i, err
			}
			r.e.cust = cust
			start = r.idEnd
		}
	}
	return len(c.rows), nil
}

// placeChunk places the events of the first n rows of c, numbered by
// intern.
func (b *Batch) placeChunk(c *csvChunk, n int) {
	for i := range c.rows[:n] {
		b.place(c.rows[i].e)
	}
}

// warm loads the table slots and ID entries that rows will look up, and
// returns a byte of them so the loads are kept. At a million customers
// each lookup misses the cache twice; issuing a run of rows' independent
// loads first lets the processor overlap the misses.
func (b *Batch) warm(rows []csvRow) byte {
	var offs [warmRows]uint64
	mask := uint64(len(b.slots) - 1)
	n := 0
	for i := range rows {
		if rows[i].general < 0 {
			if slot := b.slots[rows[i].h&mask]; slot != 0 {
				offs[n] = slot&slotOffMask - 1
				n++
			}
		}
	}
	var sink byte
	for _, off := range offs[:n] {
		sink += b.idBytes[off]
	}
	return sink
}

// errReader returns its error on every read.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// plainHeader reports whether a header line, with its line end, is one
// the fast path can start after: not blank, without quotes or stray
// carriage returns.
func plainHeader(line []byte) bool {
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	return len(line) > 0 && bytes.IndexByte(line, '"') < 0 && bytes.IndexByte(line, '\r') < 0
}

// readCSVSlow adds the rows of a CSV file through ReadInteractionsCSV.
// The file's first line is the header; the lines after it are the input's
// from line skipped+2 on, so errors have skipped added to their lines.
func (b *Batch) readCSVSlow(r io.Reader, skipped int) error {
	for in, err := range ReadInteractionsCSV(r) {
		if err != nil {
			var fe *FieldError
			if skipped > 0 && errors.As(err, &fe) && fe.Line > 1 {
				fe.Line += skipped
			}
			return err
		}
		if err := b.add(&in); err != nil {
			return err
		}
	}
	return nil
}

// csvFast parses rows into chunks: those of the common form without
// allocating, the others as ReadInteractionsCSV would read them alone.
type csvFast struct {
	pos    [len(interactionColumns)]int
	names  []string     // the header's
	seed   maphash.Seed // the batch's, for the customer hashes
	fields [][]byte
}

// row adds one line of the file, with its line end, to c and reports whether
// it could: false, with nothing added, for a line that the general reader
// must read (one with quotes, carriage returns other than a final one,
// the wrong number of fields, or anything unusual or invalid).
func (p *csvFast) row(c *csvChunk, text []byte) bool {
	text = bytes.TrimSuffix(text, []byte("\n"))
	text = bytes.TrimSuffix(text, []byte("\r"))
	if len(text) == 0 {
		return true // encoding/csv skips empty lines
	}
	// One pass splits the fields and classes the bytes: a line of
	// printable ASCII needs no check of its keys' characters.
	n, from, odd := 0, 0, false
	for i, ch := range text {
		switch csvByteClass[ch] {
		case csvPlain:
			continue
		case csvComma:
			if n == len(p.fields)-1 {
				return false
			}
			p.fields[n] = text[from:i]
			n++
			from = i + 1
		case csvOdd:
			odd = true
		default: // a quote or carriage return
			return false
		}
	}
	if n != len(p.fields)-1 {
		return false
	}
	p.fields[n] = text[from:]
	cust := p.cell(icCustomer)
	nanos, ok := parseUTC(p.cell(icTime))
	if !ok {
		return false
	}
	kind := builtinIndex(Kind(view(p.cell(icKind))))
	if kind < 0 {
		return false
	}
	units, ok := parseUnits(p.cell(icAmount))
	if !ok {
		return false
	}
	var rt Rating
	rating, scale := p.cell(icRating), p.cell(icScale)
	switch string(scale) {
	case "":
	case "satisfaction":
		rt.Scale = Satisfaction
	case "recommend":
		rt.Scale = Recommend
	default:
		return false
	}
	if len(rating) == 0 {
		rt.Scale = NoScale
	} else {
		v, ok := parseSmall(rating)
		if lo, hi := rt.Scale.Range(); !ok || rt.Scale == NoScale || int(v) < lo || int(v) > hi {
			return false
		}
		rt.Value = v
	}
	if len(p.cell(icProperties)) != 0 {
		return false
	}
	// What Validate would check that the parsing above has not: the keys
	// (the times parseUTC reads all lie in range).
	id, touch := p.cell(icID), p.cell(icTouchpoint)
	if len(id) == 0 || len(cust) == 0 {
		return false
	}
	if odd {
		in := Interaction{ID: view(id), Customer: CustomerID(view(cust)), Touchpoint: view(touch),
			Time: time.Unix(0, nanos), Kind: Kind(view(p.cell(icKind))), Rating: rt}
		if in.Validate() != nil {
			return false
		}
	}
	c.ids = append(c.ids, cust...)
	c.rows = append(c.rows, csvRow{
		e: event{at: nanos, units: units, kind: uint16(kind), scale: rt.Scale, value: rt.Value},
		h: maphash.String(p.seed, view(cust)), idEnd: uint32(len(c.ids)), general: -1})
	return true
}

// Classes of the bytes of a line, for csvFast.row.
const (
	csvPlain  = iota // printable ASCII other than the below
	csvComma         // a field separator
	csvOdd           // a control character or a byte of a non-ASCII character: a key holding one needs checking
	csvReject        // a quote or carriage return: the general reader reads the line
)

// csvByteClass is the class of each byte.
var csvByteClass = func() (t [256]uint8) {
	for ch := range t {
		switch {
		case ch == ',':
			t[ch] = csvComma
		case ch == '"' || ch == '\r':
			t[ch] = csvReject
		case ch < 0x20 || ch >= 0x7f:
			t[ch] = csvOdd
		}
	}
	return t
}()

// rowGeneral adds to c one line of the file that row could not read, as
// ReadInteractionsCSV would read it were it the only row, and reports
// whether it could: false, with nothing added, when the line is not a
// whole record or holds an error, for the general reader to report.
func (p *csvFast) rowGeneral(c *csvChunk, text []byte) bool {
	in := newCSVInput(bytes.NewReader(text))
	in.names = p.names
	rec, err := in.next()
	if err != nil || len(rec) != len(p.names) {
		return false
	}
	it, err := in.interaction(rec, &p.pos)
	if err != nil {
		return false
	}
	if _, err := in.next(); err != io.EOF {
		return false // more than one record
	}
	c.rows = append(c.rows, csvRow{general: int32(len(c.general))})
	c.general = append(c.general, it)
	return true
}

// cell returns the field of column c, or nil when the file lacks it.
func (p *csvFast) cell(c int) []byte {
	if i := p.pos[c]; i >= 0 {
		return p.fields[i]
	}
	return nil
}

// view returns b as a string without copying it, for checks that do not
// keep it.
func view(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// parseUTC reads a time of the form 2006-01-02T15:04:05Z, with up to nine
// digits of fractional seconds, as time.Parse reads it in RFC 3339, in
// Unix nanoseconds; it reports false for any other text.
func parseUTC(s []byte) (int64, bool) {
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[len(s)-1] != 'Z' {
		return 0, false
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for _, c := range s[i : i+n] {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = 10*v + int(c-'0')
		}
		return v, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 2)
	day, ok3 := num(8, 2)
	hour, ok4 := num(11, 2)
	minute, ok5 := num(14, 2)
	sec, ok6 := num(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || year < 1678 || year > 2261 ||
		month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return 0, false
	}
	var frac int64
	if rest := s[19 : len(s)-1]; len(rest) > 0 {
		if rest[0] != '.' || len(rest) < 2 || len(rest) > 10 {
			return 0, false
		}
		f, ok := num(20, len(rest)-1)
		if !ok {
			return 0, false
		}
		frac = int64(f)
		for range 10 - len(rest) {
			frac *= 10
		}
	}
	days := daysFromCivil(year, month, day)
	return (days*86400+int64(hour*3600+minute*60+sec))*1e9 + frac, true
}

// daysIn returns the number of days in a month of a year.
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the day number, from 1970-01-01, of a date of the
// proleptic Gregorian calendar (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400 // y >= 1677 here, so no rounding toward zero to correct
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era*146097 + doe - 719468)
}

// parseUnits reads an amount of the form 123 or 123.4567 (at most 18
// digits before the point and 4 after) in 10^-4 units; empty text is
// zero. It reports false for any other text.
func parseUnits(s []byte) (int64, bool) {
	if len(s) == 0 {
		return 0, true
	}
	var whole, frac int64
	i := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		whole = 10*whole + int64(s[i]-'0')
	}
	if i == 0 || i > 14 {
		return 0, false
	}
	if i < len(s) {
		if s[i] != '.' || len(s)-i-1 < 1 || len(s)-i-1 > 4 {
			return 0, false
		}
		scale := int64(1e4)
		for _, c := range s[i+1:] {
			if c < '0' || c > '9' {
				return 0, false
			}
			frac = 10*frac + int64(c-'0')
			scale /= 10
		}
		frac *= scale
	}
	return whole*1e4 + frac, true
}

// parseSmall reads a whole number of one or two digits.
func parseSmall(s []byte) (int8, bool) {
	switch {
	case len(s) == 1 && s[0] >= '0' && s[0] <= '9':
		return int8(s[0] - '0'), true
	case len(s) == 2 && s[0] >= '1' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9':
		return int8(10*(s[0]-'0') + s[1] - '0'), true
	}
	return 0, false
}
