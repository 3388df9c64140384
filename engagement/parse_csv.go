package engagement

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"time"
	"unsafe"
)

// ReadCSV adds the interactions of the CSV file read from r, the format
// [ReadInteractionsCSV] reads, and stops at the first bad row or reading
// error, returning that error as ReadInteractionsCSV would yield it (a
// *[FieldError] with the line, column and value for a bad row). The rows
// before the bad one stay added.
//
// Rows in the common form (no quotes, times in UTC, plain amounts) are read
// without allocating, several times faster than through
// ReadInteractionsCSV; any other row, and every row after it, goes through
// ReadInteractionsCSV, so both give the same interactions and errors.
func (b *Batch) ReadCSV(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	header, err := br.ReadSlice('\n')
	if err != nil || !plainHeader(header) {
		return b.readCSVSlow(io.MultiReader(bytes.NewReader(header), br), 0)
	}
	header = bytes.Clone(header)
	in := newCSVInput(bytes.NewReader(header))
	var pos [len(interactionColumns)]int
	if err := in.readHeader(interactionColumns[:], requiredInteractionColumns, pos[:], nil); err != nil {
		return err
	}
	// One goroutine splits and parses the rows into chunks; this one
	// numbers the customers and adds the events, in row order.
	chunks, free, done := make(chan *csvChunk, 4), make(chan *csvChunk, 6), make(chan struct{})
	p := csvFast{pos: pos, names: in.names, fields: make([][]byte, len(in.names))}
	go p.split(br, chunks, free, done)
	var stop *csvStop
	for c := range chunks {
		if err := b.addChunk(c); err != nil {
			close(done)
			for range chunks { // let split end
			}
			return err
		}
		stop = c.stop
		c.reset()
		free <- c
	}
	if stop == nil {
		return nil
	}
	// Let the general reader read the rest, from the row the fast path
	// could not, and say what is wrong.
	return b.readCSVSlow(io.MultiReader(bytes.NewReader(header), bytes.NewReader(stop.text), stop.rest), stop.line-1)
}

// csvChunk is a run of rows parsed by csvFast.split, in file order.
type csvChunk struct {
	ids     []byte        // the customer IDs of the rows read fast, end to end
	rows    []csvRow      // in file order
	general []Interaction // the rows read in general
	stop    *csvStop      // on the last chunk, when the fast path had to stop
}

// csvRow is one row of a chunk: an event whose customer's ID ends at
// idEnd in the chunk's ids, or, with general >= 0, an interaction in the
// chunk's general.
type csvRow struct {
	e       event
	idEnd   uint32
	general int32
}

// csvStop is where the fast path stopped: the line it could not read, as
// read, and the input after it.
type csvStop struct {
	line int
	text []byte
	rest io.Reader
}

// csvChunkRows is the number of rows in a chunk.
const csvChunkRows = 4096

func (c *csvChunk) reset() {
	c.ids, c.rows = c.ids[:0], c.rows[:0]
	clear(c.general)
	c.general, c.stop = c.general[:0], nil
}

// addChunk adds the rows of c to b.
func (b *Batch) addChunk(c *csvChunk) error {
	start := uint32(0)
	for i := range c.rows {
		r := &c.rows[i]
		if r.general >= 0 {
			if err := b.add(&c.general[r.general]); err != nil {
				return err
			}
			continue
		}
		if err := b.addEvent(view(c.ids[start:r.idEnd]), r.e); err != nil {
			return err
		}
		start = r.idEnd
	}
	return nil
}

// split reads the rows after the header from br into chunks, sending each
// on out, until the input ends, a row must go to the general reader (the
// last chunk's stop says where), or done is closed. It closes out.
func (p *csvFast) split(br *bufio.Reader, out chan<- *csvChunk, free chan *csvChunk, done <-chan struct{}) {
	defer close(out)
	c := new(csvChunk)
	send := func() bool {
		select {
		case out <- c:
		case <-done:
			return false
		}
		select {
		case c = <-free:
		default:
			c = new(csvChunk)
		}
		return true
	}
	for line := 1; ; line++ {
		text, err := br.ReadSlice('\n')
		if err != nil && (err != io.EOF || len(text) == 0) {
			if err != io.EOF {
				// Too long a line, or a reading error: the general reader
				// is to see the error where it happened.
				rest := io.Reader(br)
				if err != bufio.ErrBufferFull {
					rest = errReader{err}
				}
				c.stop = &csvStop{line: line, text: bytes.Clone(text), rest: rest}
			}
			if len(c.rows) > 0 || c.stop != nil {
				send()
			}
			return
		}
		if !p.row(c, text) && !p.rowGeneral(c, text) {
			c.stop = &csvStop{line: line, text: bytes.Clone(text), rest: br}
			send()
			return
		}
		if len(c.rows) == csvChunkRows && !send() {
			return
		}
	}
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
	names  []string // the header's
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
	if bytes.IndexByte(text, '"') >= 0 || bytes.IndexByte(text, '\r') >= 0 {
		return false
	}
	n := 0
	for {
		if n == len(p.fields) {
			return false
		}
		i := bytes.IndexByte(text, ',')
		if i < 0 {
			p.fields[n] = text
			n++
			break
		}
		p.fields[n] = text[:i]
		n++
		text = text[i+1:]
	}
	if n != len(p.fields) {
		return false
	}
	var in Interaction
	var e event
	id, cust := p.cell(icID), p.cell(icCustomer)
	in.ID, in.Customer, in.Touchpoint = view(id), CustomerID(view(cust)), view(p.cell(icTouchpoint))
	nanos, ok := parseUTC(p.cell(icTime))
	if !ok {
		return false
	}
	in.Time = time.Unix(0, nanos)
	kind := p.cell(icKind)
	if in.Kind = Kind(view(kind)); !in.Kind.Builtin() {
		return false
	}
	units, ok := parseUnits(p.cell(icAmount))
	if !ok {
		return false
	}
	rating, scale := p.cell(icRating), p.cell(icScale)
	switch string(scale) {
	case "":
	case "satisfaction":
		in.Rating.Scale = Satisfaction
	case "recommend":
		in.Rating.Scale = Recommend
	default:
		return false
	}
	if len(rating) == 0 {
		in.Rating.Scale = NoScale
	} else {
		v, ok := parseSmall(rating)
		if !ok || in.Rating.Scale == NoScale {
			return false
		}
		in.Rating.Value = v
	}
	if len(p.cell(icProperties)) != 0 {
		return false
	}
	if in.Validate() != nil {
		return false
	}
	e = event{at: nanos, units: units, kind: uint16(builtinIndex(in.Kind)), scale: in.Rating.Scale, value: in.Rating.Value}
	c.ids = append(c.ids, cust...)
	c.rows = append(c.rows, csvRow{e: e, idEnd: uint32(len(c.ids)), general: -1})
	return true
}

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

// addEvent appends e, an event of a built-in kind with its amount in
// e.units, of the customer with the given ID.
func (b *Batch) addEvent(id string, e event) error {
	if b.kinds == nil {
		b.kinds = BuiltinKinds()
	}
	cust, err := b.customer(id)
	if err != nil {
		return err
	}
	e.cust = cust
	b.groups[cust>>groupBits].add(e)
	if e.kind == 0 { // Purchase
		b.buys[cust]++
	}
	b.n++
	return nil
}
