package touchpoints

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/internal/csvlimit"
	"github.com/engagekit/engage/internal/fielderr"
	"github.com/shopspring/decimal"
)

// The columns of a touch points CSV file, in the order the writer puts
// them.
var touchpointColumns = [...]string{"id", "name", "channel", "phase", "owner", "online", "partner", "cost"}

// Indexes into touchpointColumns.
const (
	tcID = iota
	tcName
	tcChannel
	tcPhase
	tcOwner
	tcOnline
	tcPartner
	tcCost
)

// touchpointRequired marks the columns a file must have.
var touchpointRequired = [len(touchpointColumns)]bool{tcID: true, tcChannel: true, tcPhase: true, tcCost: true}

// ReadTouchpoints returns the touch points in the CSV file read from r, in
// file order.
//
// The first record is a header naming the columns, in any order and any
// case: id, channel, phase and cost are required; name, owner, online and
// partner are optional, and a column with any other name is ignored. Each
// value is read as follows:
//   - id, name, channel: as given, white space included;
//   - phase: as [Phase.UnmarshalText] reads it ("Awareness" is Awareness);
//   - owner: as [ParseFunction] reads it ("Product Management" is
//     ProductManagement); empty means nobody owns the touch point;
//   - online: true, yes, y, 1 or online for true; false, no, n, 0, offline
//     or empty for false; in any case;
//   - partner: likewise, with partner for true and in-house (or inhouse)
//     for false;
//   - cost: a decimal number such as 1200.50; empty means zero.
//
// Each touch point is checked with [Touchpoint.Validate], and no two may
// share an ID. The first problem ends the read: it is returned as a
// *[FieldError] (matching [ErrInvalid], and [ErrDuplicate] for a repeated
// ID) with the line the bad value starts on (the header is line 1), the
// column name and the value as given. A record longer than
// [engagement.MaxRecordLen] bytes (a quote never closed, say) is such an
// error too, field "record", and is not read whole. An error reading r is
// returned wrapped.
func ReadTouchpoints(r io.Reader) ([]Touchpoint, error) {
	lim := csvlimit.New(r, engagement.MaxRecordLen)
	cr := csv.NewReader(lim)
	cr.ReuseRecord = true
	pos, err := readTouchpointHeader(cr)
	lim.Start(cr.InputOffset())
	if err != nil {
		return nil, limitError(lim, 0, err)
	}
	var tps []Touchpoint
	lines := make(map[string]int) // the line each ID was read on
	last := 1                     // the line the last record read starts on
	for {
		rec, err := cr.Read()
		lim.Start(cr.InputOffset())
		if err == io.EOF && lim.Err() == nil {
			return tps, nil
		}
		if err != nil {
			return nil, limitError(lim, last, csvError(err, rec, cr, len(pos)))
		}
		last, _ = cr.FieldPos(0)
		t, err := parseTouchpoint(cr, rec, &pos)
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(pos[tcID])
		if prev, ok := lines[t.ID]; ok {
			return nil, &FieldError{Line: line, Field: "id", Value: fielderr.Shorten(t.ID),
				Err: duplicateError("touch point id already used on line " + strconv.Itoa(prev))}
		}
		lines[t.ID] = line
		tps = append(tps, t)
	}
}

// readTouchpointHeader reads the header and returns the record index of
// each known column, or -1 when absent.
func readTouchpointHeader(cr *csv.Reader) ([len(touchpointColumns)]int, error) {
	var pos [len(touchpointColumns)]int
	for c := range pos {
		pos[c] = -1
	}
	rec, err := cr.Read()
	if err == io.EOF {
		return pos, &FieldError{Line: 1, Field: "header",
			Err: errors.New("input is empty; want a header naming the columns " + strings.Join(touchpointColumns[:], ","))}
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return pos, &FieldError{Line: pe.Line, Field: "header",
				Err: fmt.Errorf("column %d: %w", pe.Column, pe.Err)}
		}
		return pos, fmt.Errorf("touchpoints: reading csv header: %w", err)
	}
	for i, cell := range rec {
		if i == 0 {
			cell = strings.TrimPrefix(cell, "\ufeff") // a byte order mark, as spreadsheets write
		}
		name := strings.TrimSpace(cell)
		for c, known := range touchpointColumns {
			if !strings.EqualFold(name, known) {
				continue
			}
			if pos[c] >= 0 {
				line, _ := cr.FieldPos(i)
				return pos, &FieldError{Line: line, Field: "header", Value: fielderr.Shorten(cell),
					Err: errors.New("column named twice")}
			}
			pos[c] = i
		}
	}
	for c, known := range touchpointColumns {
		if touchpointRequired[c] && pos[c] < 0 {
			line, _ := cr.FieldPos(0)
			return pos, &FieldError{Line: line, Field: "header", Value: known,
				Err: errors.New("required column is missing; want id, channel, phase and cost")}
		}
	}
	return pos, nil
}

// limitError returns the error of lim, when it failed, in place of err:
// a record after line last longer than engagement.MaxRecordLen, or an
// error reading the input.
func limitError(lim *csvlimit.Reader, last int, err error) error {
	switch {
	case lim.Err() == csvlimit.ErrTooLong:
		return &FieldError{Line: last + 1, Field: "record",
			Err: errors.New("record is longer than " + strconv.Itoa(engagement.MaxRecordLen) + " bytes")}
	case lim.Err() != nil:
		return fmt.Errorf("touchpoints: reading csv: %w", lim.Err())
	}
	return err
}

// csvError turns an error of encoding/csv after the header into a
// *FieldError where it can.
func csvError(err error, rec []string, cr *csv.Reader, columns int) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("touchpoints: reading csv: %w", err)
	}
	if errors.Is(err, csv.ErrFieldCount) {
		return &FieldError{Line: pe.Line, Field: "record", Value: fielderr.Shorten(strings.Join(rec, ",")),
			Err: fmt.Errorf("has %d fields, the header %d: %w", len(rec), columns, csv.ErrFieldCount)}
	}
	return &FieldError{Line: pe.Line, Field: "record", Err: fmt.Errorf("column %d: %w", pe.Column, pe.Err)}
}

// parseTouchpoint builds a touch point from a record.
func parseTouchpoint(cr *csv.Reader, rec []string, pos *[len(touchpointColumns)]int) (Touchpoint, error) {
	cell := func(c int) (string, int) {
		i := pos[c]
		if i < 0 {
			line, _ := cr.FieldPos(0)
			return "", line
		}
		line, _ := cr.FieldPos(i)
		return rec[i], line
	}
	var t Touchpoint
	t.ID, _ = cell(tcID)
	t.Name, _ = cell(tcName)
	t.Channel, _ = cell(tcChannel)

	text, line := cell(tcPhase)
	if err := t.Phase.UnmarshalText([]byte(text)); err != nil {
		return Touchpoint{}, atLine(err, line, text)
	}
	text, line = cell(tcOwner)
	var err error
	if t.Owner, err = ParseFunction(text); err != nil {
		return Touchpoint{}, atLine(err, line, text)
	}
	text, line = cell(tcOnline)
	if t.Online, err = parseFlag("online", text, "online", "offline"); err != nil {
		return Touchpoint{}, atLine(err, line, text)
	}
	text, line = cell(tcPartner)
	if t.Partner, err = parseFlag("partner", text, "partner", "in-house", "inhouse"); err != nil {
		return Touchpoint{}, atLine(err, line, text)
	}
	text, line = cell(tcCost)
	if t.Cost, err = parseCost(text); err != nil {
		return Touchpoint{}, atLine(err, line, text)
	}
	if err := t.Validate(); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			if c := slices.Index(touchpointColumns[:], fe.Field); c >= 0 {
				text, line := cell(c)
				return Touchpoint{}, atLine(err, line, text)
			}
		}
		return Touchpoint{}, err
	}
	return t, nil
}

// atLine returns a copy of err with the line and value set when err is a
// *FieldError, and err otherwise.
func atLine(err error, line int, value string) error {
	var fe *FieldError
	if !errors.As(err, &fe) {
		return err
	}
	c := *fe
	c.Line = line
	c.Value = fielderr.Shorten(value)
	return &c
}

// parseFlag reads a yes/no column; yes and no are extra spellings of true
// and false.
func parseFlag(field, text, yes string, no ...string) (bool, error) {
	s := strings.ToLower(strings.TrimSpace(text))
	switch s {
	case "true", "yes", "y", "1", yes:
		return true, nil
	case "", "false", "no", "n", "0":
		return false, nil
	}
	if slices.Contains(no, s) {
		return false, nil
	}
	return false, fieldError(field, text, "want true or false ("+yes+" or "+no[0]+")")
}

// parseCost reads a cost; empty means zero.
func parseCost(text string) (decimal.Decimal, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return decimal.Decimal{}, nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fieldError("cost", text, "want a decimal number such as 1200.50")
	}
	return d, nil
}

// WriteTouchpoints writes tps to w as CSV with the header
// id,name,channel,phase,owner,online,partner,cost, which [ReadTouchpoints]
// reads back to equal touch points ([Touchpoint.Equal]). Phases and owners
// are written in their text forms, online and partner as true or false,
// and costs in their shortest form (1200.50 is written 1200.5).
//
// CSV cannot carry the two-byte line break \r\n inside a value: it reads
// back as \n.
//
// Before writing anything it checks every touch point with
// [Touchpoint.Validate] and that no two share an ID, and returns the first
// problem (matching [ErrInvalid]) with the field named after the touch
// point's position, such as "touchpoints[3].cost". It also returns the
// first error writing to w.
func WriteTouchpoints(w io.Writer, tps []Touchpoint) error {
	if err := validateAll(tps); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(touchpointColumns[:]); err != nil {
		return err
	}
	rec := make([]string, len(touchpointColumns))
	for _, t := range tps {
		rec[tcID] = t.ID
		rec[tcName] = t.Name
		rec[tcChannel] = t.Channel
		rec[tcPhase] = t.Phase.String()
		rec[tcOwner] = string(t.Owner)
		rec[tcOnline] = strconv.FormatBool(t.Online)
		rec[tcPartner] = strconv.FormatBool(t.Partner)
		rec[tcCost] = t.Cost.String()
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// validateAll checks every touch point and that IDs are unique. The
// error's field names the touch point's index, such as
// "touchpoints[3].cost".
func validateAll(tps []Touchpoint) error {
	seen := make(map[string]int, len(tps))
	for i, t := range tps {
		if err := t.Validate(); err != nil {
			return prefixField(err, "touchpoints["+strconv.Itoa(i)+"].")
		}
		if j, ok := seen[t.ID]; ok {
			return &FieldError{Field: "touchpoints[" + strconv.Itoa(i) + "].id", Value: fielderr.Shorten(t.ID),
				Err: duplicateError("touch point id already used by touchpoints[" + strconv.Itoa(j) + "]")}
		}
		seen[t.ID] = i
	}
	return nil
}
