package engagement

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/engagekit/engage/internal/csvlimit"
)

// The columns of an interactions CSV file, in the order the writer puts
// them. The first four are required.
var interactionColumns = [...]string{"id", "customer", "time", "kind", "touchpoint", "amount", "rating", "scale", "properties"}

var requiredInteractionColumns = interactionColumns[:4]

// Indexes into interactionColumns.
const (
	icID = iota
	icCustomer
	icTime
	icKind
	icTouchpoint
	icAmount
	icRating
	icScale
	icProperties
)

// The fixed columns of a customers CSV file; only id is required. Columns
// named attr.<key> or attributes.<key> hold attributes.
var customerColumns = [...]string{"id", "name", "group", "consent", "account", "traits"}

var requiredCustomerColumns = customerColumns[:1]

// Indexes into customerColumns.
const (
	ccID = iota
	ccName
	ccGroup
	ccConsent
	ccAccount
	ccTraits
)

// The prefixes of a customers CSV column holding an attribute; the writer
// uses the first.
const (
	attrPrefix     = "attr."
	attrLongPrefix = "attributes."
)

// ReadInteractionsCSV returns the interactions in the CSV file read from r,
// in file order. It reads r as the sequence is ranged over, so the sequence
// can be ranged over once.
//
// The first record is a header naming the columns, in any order and any
// case: id, customer, time and kind are required; touchpoint, amount,
// rating, scale and properties are optional. A column with another name is
// an error, so that a misspelt column is not silently dropped. Each value
// is read as follows:
//   - id, customer, touchpoint: as given, white space included (control
//     characters are refused);
//   - time: RFC 3339 (2024-03-01T15:04:05.5+01:00), or a date alone
//     (2024-03-01) meaning midnight UTC;
//   - kind: as [Kind.UnmarshalText] reads it ("Service request" is
//     ServiceRequest);
//   - amount: a decimal number; empty means zero;
//   - rating: a whole number; empty means no rating;
//   - scale: as [Scale.UnmarshalText] reads it; required with a rating,
//     ignored without one (so a survey column may be filled on every row);
//   - properties: a JSON object of [Value] JSON forms, such as
//     {"sku":"A-1","qty":2,"gift":true,"ships":{"time":"2024-03-01T00:00:00Z"}}
//     (numbers are read exactly, keeping their scale); empty means none.
//
// A bad row yields a *[FieldError] (matching [ErrInvalid]) with the line
// the bad value starts on (the header is line 1), the column name and the
// value as given (for a bad property, the field is properties.<name> and
// the value that property's); malformed quoting yields one too, with the
// column where it can be told. Each row is checked with
// [Interaction.Validate]. After a bad row the sequence goes on with the
// next, so that a lenient import can report them all. It stops after a
// bad header or an over-long record (errors that also match [ErrFormat])
// and after an error reading r, which it yields wrapped.
func ReadInteractionsCSV(r io.Reader) iter.Seq2[Interaction, error] {
	return func(yield func(Interaction, error) bool) {
		in := newCSVInput(r)
		var pos [len(interactionColumns)]int
		if err := in.readHeader(interactionColumns[:], requiredInteractionColumns, pos[:], nil); err != nil {
			yield(Interaction{}, err)
			return
		}
		yieldRows(in, yield, func(rec []string) (Interaction, error) { return in.interaction(rec, &pos) })
	}
}

// ReadCustomersCSV returns the customers in the CSV file read from r, in
// file order. The header names the columns in any order and any case: id
// (required), name, group, consent, account, traits, and any number of
// attr.<key> or attributes.<key> columns whose non-empty values go into
// [Customer.Attributes] under <key> (as given, less surrounding white
// space). Values of id, name and account are taken as given; group and
// consent are read as [Group.UnmarshalText] and [Consent.UnmarshalText]
// read them, and traits as a JSON object of [Value] JSON forms, as the
// properties column of [ReadInteractionsCSV] (empty means none). Errors
// and the end of the sequence are as for [ReadInteractionsCSV], a bad
// trait naming the field traits.<name>.
func ReadCustomersCSV(r io.Reader) iter.Seq2[Customer, error] {
	return func(yield func(Customer, error) bool) {
		in := newCSVInput(r)
		var pos [len(customerColumns)]int
		var attrs []csvAttr
		seen := make(map[string]bool)
		extra := func(i int, name string) (bool, error) {
			var key string
			switch {
			case hasPrefixFold(name, attrPrefix):
				key = name[len(attrPrefix):]
			case hasPrefixFold(name, attrLongPrefix):
				key = name[len(attrLongPrefix):]
			default:
				return false, nil
			}
			key = strings.TrimSpace(key)
			if key == "" {
				return true, in.headerError(i, name, "attribute column names no key")
			}
			if seen[key] {
				return true, in.headerError(i, name, "column named twice")
			}
			seen[key] = true
			attrs = append(attrs, csvAttr{index: i, key: key})
			return true, nil
		}
		if err := in.readHeader(customerColumns[:], requiredCustomerColumns, pos[:], extra); err != nil {
			yield(Customer{}, err)
			return
		}
		yieldRows(in, yield, func(rec []string) (Customer, error) { return in.customer(rec, &pos, attrs) })
	}
}

// yieldRows parses each record after the header and yields it, or its
// error; it goes on after a bad row and stops after an error that ends
// the input, or when yield says stop.
func yieldRows[T any](in *csvInput, yield func(T, error) bool, parse func(rec []string) (T, error)) {
	for {
		rec, err := in.next()
		if err == io.EOF {
			return
		}
		if err == nil {
			var v T
			if v, err = parse(rec); err == nil {
				if !yield(v, nil) {
					return
				}
				continue
			}
		}
		var zero T
		if !yield(zero, err) || in.stopped {
			return
		}
	}
}

// csvAttr is an attribute column of a customers file.
type csvAttr struct {
	index int    // in the record
	key   string // in Customer.Attributes
}

// csvInput reads a CSV file record by record, turning the errors of
// encoding/csv into *FieldError values.
type csvInput struct {
	cr      *csv.Reader
	lim     *csvlimit.Reader
	names   []string // the header's cells, trimmed
	lastEnd int      // the last line of the last record read
	stopped bool     // true after an error that ends the input
}

func newCSVInput(r io.Reader) *csvInput {
	lim := csvlimit.New(r, MaxRecordLen)
	cr := csv.NewReader(lim)
	cr.ReuseRecord = true
	return &csvInput{cr: cr, lim: lim}
}

// readHeader reads the header and sets pos[c] to the record index of
// known[c], or -1 when absent; the columns named in required must be
// there. A cell that names no known column is passed to extra (when not
// nil), which reports whether it took the cell.
func (in *csvInput) readHeader(known, required []string, pos []int,
	extra func(i int, name string) (bool, error)) error {
	rec, err := in.cr.Read()
	in.lim.Start(in.cr.InputOffset())
	if err != nil {
		var pe *csv.ParseError
		switch {
		case in.lim.Err() == csvlimit.ErrTooLong:
			err = &FieldError{Line: 1, Field: "header",
				Err: formatError("header is longer than " + strconv.Itoa(MaxRecordLen) + " bytes")}
		case in.lim.Err() != nil:
			err = fmt.Errorf("engagement: reading csv header: %w", in.lim.Err())
		case err == io.EOF:
			err = &FieldError{Line: 1, Field: "header",
				Err: formatError("input is empty; want a header naming the columns")}
		case errors.As(err, &pe):
			err = &FieldError{Line: pe.Line, Field: "header",
				Err: formatError(fmt.Sprintf("column %d: %v", pe.Column, pe.Err))}
		default:
			err = fmt.Errorf("engagement: reading csv header: %w", err)
		}
		return in.fail(err)
	}
	in.names = make([]string, len(rec))
	for c := range pos {
		pos[c] = -1
	}
cells:
	for i, cell := range rec {
		if i == 0 {
			cell = strings.TrimPrefix(cell, "\ufeff") // a byte order mark, as spreadsheets write
		}
		name := strings.TrimSpace(cell)
		in.names[i] = name
		for c, k := range known {
			if strings.EqualFold(name, k) {
				if pos[c] >= 0 {
					return in.fail(in.headerError(i, cell, "column named twice"))
				}
				pos[c] = i
				continue cells
			}
		}
		if extra != nil {
			ok, err := extra(i, name)
			if err != nil {
				return in.fail(err)
			}
			if ok {
				continue
			}
		}
		return in.fail(in.headerError(i, cell, "unknown column; want "+columnList(known, extra != nil)))
	}
	for _, k := range required {
		if pos[slices.Index(known, k)] < 0 {
			line, _ := in.cr.FieldPos(0)
			return in.fail(&FieldError{Line: line, Field: "header", Value: k,
				Err: formatError("required column is missing")})
		}
	}
	in.recordRead(rec)
	return nil
}

// headerError reports a bad header cell.
func (in *csvInput) headerError(i int, cell, reason string) error {
	line, _ := in.cr.FieldPos(i)
	return &FieldError{Line: line, Field: "header", Value: shorten(cell), Err: formatError(reason)}
}

// columnList lists the known columns for an error message.
func columnList(known []string, attrs bool) string {
	s := strings.Join(known, ", ")
	if attrs {
		s += " or " + attrPrefix + "<key>"
	}
	return s
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// fail marks the input as ended and returns err.
func (in *csvInput) fail(err error) error {
	in.stopped = true
	return err
}

// next returns the next record. It returns io.EOF at the end, and a
// *FieldError for a record that cannot be parsed; after an error that ends
// the input, in.stopped is true.
func (in *csvInput) next() ([]string, error) {
	if in.stopped {
		return nil, io.EOF
	}
	rec, err := in.cr.Read()
	in.lim.Start(in.cr.InputOffset())
	if err == nil {
		in.recordRead(rec)
		return rec, nil
	}
	// encoding/csv may return a record or a parse error for the data it
	// buffered before a read failed; after a failure, report the failure.
	switch {
	case in.lim.Err() == csvlimit.ErrTooLong:
		return nil, in.fail(&FieldError{Line: in.lastEnd + 1, Field: "record",
			Err: formatError("record is longer than " + strconv.Itoa(MaxRecordLen) + " bytes")})
	case in.lim.Err() != nil:
		return nil, in.fail(fmt.Errorf("engagement: reading csv after line %d: %w", in.lastEnd, in.lim.Err()))
	case err == io.EOF:
		in.stopped = true
		return nil, io.EOF
	}
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return nil, in.fail(fmt.Errorf("engagement: reading csv after line %d: %w", in.lastEnd, err))
	}
	if errors.Is(err, csv.ErrFieldCount) {
		in.recordRead(rec)
		return nil, &FieldError{Line: pe.Line, Field: "record", Value: shorten(strings.Join(rec, ",")),
			Err: fmt.Errorf("has %d fields, the header %d: %w", len(rec), len(in.names), csv.ErrFieldCount)}
	}
	// The fields before the bad one were read, so the bad one is the next.
	field := "record"
	if len(rec) < len(in.names) {
		field = shorten(in.names[len(rec)])
	}
	in.lastEnd = pe.Line
	return nil, &FieldError{Line: pe.Line, Field: field,
		Err: fmt.Errorf("column %d: %w", pe.Column, pe.Err)}
}

// recordRead notes the last line of rec, the record just read.
func (in *csvInput) recordRead(rec []string) {
	if n := len(rec); n > 0 {
		line, _ := in.cr.FieldPos(n - 1)
		in.lastEnd = line + strings.Count(rec[n-1], "\n")
	}
}

// line returns the line on which field i of the record just read starts.
func (in *csvInput) line(i int) int {
	line, _ := in.cr.FieldPos(i)
	return line
}

// cell returns the value of column c (-1 for absent: empty) with the line
// it starts on (the record's first line when absent).
func (in *csvInput) cell(rec []string, i int) (string, int) {
	if i < 0 {
		return "", in.line(0)
	}
	return rec[i], in.line(i)
}

// interaction builds an interaction from a record.
func (in *csvInput) interaction(rec []string, pos *[len(interactionColumns)]int) (Interaction, error) {
	var it Interaction
	it.ID = rec[pos[icID]]
	it.Customer = CustomerID(rec[pos[icCustomer]])
	if pos[icTouchpoint] >= 0 {
		it.Touchpoint = rec[pos[icTouchpoint]]
	}
	var err error
	text, line := in.cell(rec, pos[icTime])
	if it.Time, err = parseTime(text); err != nil {
		return Interaction{}, atLine(err, line, "")
	}
	text, line = in.cell(rec, pos[icKind])
	if err := it.Kind.UnmarshalText([]byte(text)); err != nil {
		return Interaction{}, atLine(err, line, "")
	}
	text, line = in.cell(rec, pos[icAmount])
	if it.Amount, err = parseAmount(text); err != nil {
		return Interaction{}, atLine(err, line, "")
	}
	rating, rline := in.cell(rec, pos[icRating])
	scale, sline := in.cell(rec, pos[icScale])
	if err := it.Rating.Scale.UnmarshalText([]byte(scale)); err != nil {
		return Interaction{}, atLine(err, sline, "")
	}
	if strings.TrimSpace(rating) == "" {
		it.Rating.Scale = NoScale // a scale without a rating is no rating
	} else {
		if it.Rating.Value, err = parseRatingValue("rating", rating); err != nil {
			return Interaction{}, atLine(err, rline, "")
		}
		if it.Rating.Scale == NoScale {
			return Interaction{}, &FieldError{Line: sline, Field: "scale", Value: shorten(scale),
				Err: errors.New("a rating needs its scale: satisfaction or recommend")}
		}
	}
	text, line = in.cell(rec, pos[icProperties])
	if it.Properties, err = csvProperties("properties", text); err != nil {
		return Interaction{}, atLine(err, line, "")
	}
	if err := it.Validate(); err != nil {
		return Interaction{}, in.atColumn(err, rec, pos[:], interactionColumns[:])
	}
	return it, nil
}

// customer builds a customer from a record.
func (in *csvInput) customer(rec []string, pos *[len(customerColumns)]int, attrs []csvAttr) (Customer, error) {
	var c Customer
	c.ID = CustomerID(rec[pos[ccID]])
	if pos[ccName] >= 0 {
		c.Name = rec[pos[ccName]]
	}
	if pos[ccAccount] >= 0 {
		c.Account = AccountID(rec[pos[ccAccount]])
	}
	var err error
	text, line := in.cell(rec, pos[ccTraits])
	if c.Traits, err = csvProperties("traits", text); err != nil {
		return Customer{}, atLine(err, line, "")
	}
	text, line = in.cell(rec, pos[ccGroup])
	if err := c.Group.UnmarshalText([]byte(text)); err != nil {
		return Customer{}, atLine(err, line, "")
	}
	text, line = in.cell(rec, pos[ccConsent])
	if err := c.Consent.UnmarshalText([]byte(text)); err != nil {
		return Customer{}, atLine(err, line, "")
	}
	for _, a := range attrs {
		if v := rec[a.index]; v != "" {
			if c.Attributes == nil {
				c.Attributes = make(map[string]string, len(attrs))
			}
			c.Attributes[a.key] = v
		}
	}
	if err := c.Validate(); err != nil {
		return Customer{}, in.atColumn(err, rec, pos[:], customerColumns[:])
	}
	return c, nil
}

// atColumn puts on a validation error the line and the text of the column
// it names. An error about one property or trait ("properties.sku",
// "traits name") gets the line of that column and keeps its own value.
func (in *csvInput) atColumn(err error, rec []string, pos []int, known []string) error {
	var fe *FieldError
	if !errors.As(err, &fe) {
		return err
	}
	if c := slices.Index(known, fe.Field); c >= 0 && pos[c] >= 0 {
		return atLine(err, in.line(pos[c]), rec[pos[c]])
	}
	column := fe.Field
	if i := strings.IndexAny(column, ". "); i >= 0 {
		column = column[:i]
	}
	if c := slices.Index(known, column); c >= 0 && pos[c] >= 0 {
		return atLine(err, in.line(pos[c]), "")
	}
	return atLine(err, in.line(0), "")
}

// csvProperties reads a cell holding a JSON object of Value JSON forms
// for field (properties, traits); an empty cell is none, and so is a blank
// one. A JSON null is refused: in CSV, none is said by leaving the cell
// empty.
func csvProperties(field, text string) (Properties, error) {
	switch strings.TrimSpace(text) {
	case "":
		return nil, nil
	case "null":
		return nil, fieldError(field, text, "want a JSON object, or an empty cell for none")
	}
	return jsonProperties(field, []byte(text))
}

// propertiesText returns ps as a JSON object with its names in ascending
// order, or "" for none.
func propertiesText(ps Properties) (string, error) {
	if len(ps) == 0 {
		return "", nil
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]Value(ps)); err != nil { // encoding/json sorts map keys
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// WriteInteractionsCSV writes the interactions of seq to w as CSV with the
// header id,customer,time,kind,touchpoint,amount,rating,scale,properties,
// which [ReadInteractionsCSV] reads back to equal interactions. Times keep
// their offset from UTC (unless RFC 3339 cannot state it exactly, when they
// are written in UTC), amounts in their shortest form (12.50 is written
// 12.5), properties as a JSON object with the names in ascending order and
// numbers with their scale (1.50 stays 1.50), and a zero amount, no rating
// and no properties as empty cells.
//
// It stops at the first interaction that fails [Interaction.Validate] and
// returns that error (matching [ErrInvalid]), having written those before
// it; it also returns the first error writing to w.
func WriteInteractionsCSV(w io.Writer, seq iter.Seq[Interaction]) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(interactionColumns[:]); err != nil {
		return err
	}
	rec := make([]string, len(interactionColumns))
	for it := range seq {
		if err := it.Validate(); err != nil {
			cw.Flush()
			return err
		}
		rec[icID] = it.ID
		rec[icCustomer] = string(it.Customer)
		rec[icTime] = formatTime(it.Time)
		rec[icKind] = string(it.Kind)
		rec[icTouchpoint] = it.Touchpoint
		rec[icAmount] = ""
		if !it.Amount.IsZero() {
			rec[icAmount] = it.Amount.String()
		}
		rec[icRating], rec[icScale] = "", ""
		if it.Rating.Scale != NoScale {
			rec[icRating] = strconv.Itoa(int(it.Rating.Value))
			rec[icScale] = it.Rating.Scale.String()
		}
		var err error
		if rec[icProperties], err = propertiesText(it.Properties); err != nil {
			cw.Flush()
			return err
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteCustomersCSV writes the customers of seq to w as CSV, which
// [ReadCustomersCSV] reads back to equal customers. The header is
// id,name,group,consent,account,traits followed by an attr.<key> column
// for every attribute key any customer has, in sorted order; so that the
// header can be written first, it collects seq in memory. Traits are
// written as [WriteInteractionsCSV] writes properties.
//
// An empty attribute value is written as an empty cell, which reads back
// as no attribute, and \r\n inside a name or attribute value reads back
// as \n (CSV cannot tell the two apart; JSON Lines can). An attribute
// key that is empty or has surrounding white space cannot be named in a
// header: it is an error (matching [ErrInvalid]), as is a customer that
// fails [Customer.Validate]; either stops the writer before it writes
// anything.
func WriteCustomersCSV(w io.Writer, seq iter.Seq[Customer]) error {
	var cs []Customer
	keys := make(map[string]bool)
	for c := range seq {
		if err := c.Validate(); err != nil {
			return err
		}
		for k := range c.Attributes {
			if k == "" || k != strings.TrimSpace(k) {
				return fieldError("attributes", k, "csv cannot name an attribute key that is empty or has surrounding white space")
			}
			keys[k] = true
		}
		cs = append(cs, c)
	}
	sorted := slices.Sorted(maps.Keys(keys))
	cw := csv.NewWriter(w)
	rec := make([]string, len(customerColumns)+len(sorted))
	copy(rec, customerColumns[:])
	for i, k := range sorted {
		rec[len(customerColumns)+i] = attrPrefix + k
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, c := range cs {
		group, _ := c.Group.MarshalText() // valid: checked above
		consent, _ := c.Consent.MarshalText()
		rec[ccID], rec[ccName], rec[ccGroup], rec[ccConsent] = string(c.ID), c.Name, string(group), string(consent)
		rec[ccAccount] = string(c.Account)
		var err error
		if rec[ccTraits], err = propertiesText(c.Traits); err != nil {
			return err
		}
		for i, k := range sorted {
			rec[len(customerColumns)+i] = c.Attributes[k]
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
