package engagement

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// ReadInteractionsJSONL returns the interactions in the JSON Lines file
// read from r, in file order: one JSON object per line, with the members
// that [Interaction]'s JSON form has, such as
//
//	{"id":"o-1","customer":"c-7","time":"2024-03-01T15:04:05Z","kind":"purchase","amount":"12.50"}
//	{"id":"s-1","customer":"c-7","time":"2024-03-02","kind":"rating","rating":{"scale":"satisfaction","value":4}}
//	{"id":"o-2","customer":"c-7","time":"2024-03-03","kind":"purchase","properties":{"sku":"A-1","qty":2,"ships":{"time":"2024-03-05T00:00:00Z"}}}
//
// Member names match in any case. Only id, customer, time and kind are
// required. Strings are read as [ReadInteractionsCSV] reads the same
// column; amount may also be a bare number, rating is an object with a
// scale and a whole-number value, properties is an object of [Value] JSON
// forms (names compared exactly; numbers read exactly, keeping their
// scale), and null means an absent member. Blank lines are skipped. It reads r as the sequence is ranged over, so the
// sequence can be ranged over once.
//
// A bad line yields a *[FieldError] (matching [ErrInvalid]) with the line
// number, the member's name (rating.scale inside the rating,
// properties.<name> for a property) and its value,
// or the field "json" and the line itself for a line that is not one JSON
// object (malformed, or longer than [MaxRecordLen] bytes). A member given
// twice is an error naming it, and so is an unknown member, so that a
// misspelt member is not silently dropped. Each line is checked with
// [Interaction.Validate]. After a bad line the sequence goes on with the
// next; it stops after an error reading r, which it yields wrapped.
func ReadInteractionsJSONL(r io.Reader) iter.Seq2[Interaction, error] {
	return readJSONL(r, decodeInteraction)
}

// ReadCustomersJSONL returns the customers in the JSON Lines file read
// from r, in file order: one JSON object per line with the members of
// [Customer]'s JSON form, such as
//
//	{"id":"c-7","name":"Ada","group":"customer","consent":"given","account":"acme","attributes":{"region":"north"},"traits":{"plan":"pro","seats":12}}
//
// Only id is required; consent may also be a JSON boolean. Attribute
// values must be strings; traits is an object of [Value] JSON forms, read
// as the properties of [ReadInteractionsJSONL] are. Lines, errors and the end of the sequence are as
// for [ReadInteractionsJSONL], and each customer is checked with
// [Customer.Validate].
func ReadCustomersJSONL(r io.Reader) iter.Seq2[Customer, error] {
	return readJSONL(r, decodeCustomer)
}

// readJSONL yields what decode makes of each non-blank line of r.
func readJSONL[T any](r io.Reader, decode func([]byte) (T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		in := jsonlInput{br: bufio.NewReaderSize(r, 64<<10)}
		var zero T
		for {
			line, err := in.next()
			if err == io.EOF {
				return
			}
			if err == nil {
				var v T
				if v, err = decode(line); err == nil {
					if !yield(v, nil) {
						return
					}
					continue
				}
				err = atLine(err, in.line, "")
			}
			if !yield(zero, err) || in.stopped {
				return
			}
		}
	}
}

// jsonlInput splits a JSON Lines file into lines.
type jsonlInput struct {
	br      *bufio.Reader
	buf     []byte
	line    int  // the number of the line last returned
	stopped bool // true at the end of the input or after a read error
}

// next returns the next non-blank line without its line break. It returns
// io.EOF at the end, a *FieldError for an over-long line, and a wrapped
// error (setting in.stopped) when reading fails.
func (in *jsonlInput) next() ([]byte, error) {
	for !in.stopped {
		in.buf = in.buf[:0]
		tooLong := false
		var err error
		for {
			var chunk []byte
			chunk, err = in.br.ReadSlice('\n')
			if len(in.buf)+len(chunk) > MaxRecordLen+len("\r\n") {
				tooLong = true // keep what we have for the error message, drop the rest
			} else if !tooLong {
				in.buf = append(in.buf, chunk...)
			}
			if err != bufio.ErrBufferFull {
				break
			}
		}
		if err != nil {
			in.stopped = true
			if err != io.EOF {
				return nil, fmt.Errorf("engagement: reading line %d: %w", in.line+1, err)
			}
			if len(in.buf) == 0 && !tooLong {
				break
			}
		}
		in.line++
		line := bytes.TrimSuffix(in.buf, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if in.line == 1 {
			line = bytes.TrimPrefix(line, []byte("\ufeff")) // a byte order mark
		}
		if tooLong || len(line) > MaxRecordLen {
			return nil, &FieldError{Line: in.line, Field: "json", Value: shorten(string(line)),
				Err: errors.New("line is longer than " + strconv.Itoa(MaxRecordLen) + " bytes")}
		}
		if len(bytes.TrimSpace(line)) > 0 {
			return line, nil
		}
	}
	return nil, io.EOF
}

// The members of the JSON forms, for error messages.
const (
	interactionMembers = "id, customer, time, kind, touchpoint, amount, rating or properties"
	ratingMembers      = "scale or value"
	customerMembers    = "id, name, group, consent, account, attributes or traits"
)

// decodeInteraction reads an interaction from one JSON object.
func decodeInteraction(data []byte) (Interaction, error) {
	var it Interaction
	var given jsonGiven
	err := walkObject(data, "json", true, func(key string, raw []byte) error {
		var err error
		var s string
		switch strings.ToLower(key) {
		case "id":
			it.ID, err = jsonString("id", raw)
		case "customer":
			s, err = jsonString("customer", raw)
			it.Customer = CustomerID(s)
		case "time":
			if s, err = jsonString("time", raw); err == nil {
				given.time = s
				it.Time, err = parseTime(s)
			}
		case "kind":
			if s, err = jsonString("kind", raw); err == nil {
				err = it.Kind.UnmarshalText([]byte(s))
			}
		case "touchpoint":
			it.Touchpoint, err = jsonString("touchpoint", raw)
		case "amount":
			it.Amount, given.amount, err = jsonAmount(raw)
		case "rating":
			it.Rating, given.rating, err = jsonRating(raw)
		case "properties":
			it.Properties, err = jsonProperties("properties", raw)
		default:
			return fieldError(shorten(key), string(raw), "unknown member; want "+interactionMembers)
		}
		return err
	})
	if err != nil {
		return Interaction{}, err
	}
	if err := it.Validate(); err != nil {
		return Interaction{}, given.restate(err)
	}
	return it, nil
}

// jsonGiven keeps the text of the members whose validation errors would
// otherwise show a value other than the one given.
type jsonGiven struct {
	time, amount, rating string
}

// restate puts on a validation error the member's name and value as given.
func (g jsonGiven) restate(err error) error {
	var fe *FieldError
	if !errors.As(err, &fe) {
		return err
	}
	c := *fe
	switch c.Field {
	case "time":
		c.Value = shorten(g.time)
	case "amount":
		c.Value = shorten(g.amount)
	case "rating":
		c.Field, c.Value = "rating.value", shorten(g.rating)
	case "scale":
		c.Field = "rating.scale"
	}
	return &c
}

// jsonRating reads a rating object, returning also the text of its value;
// null is no rating.
func jsonRating(raw []byte) (Rating, string, error) {
	var r Rating
	if string(raw) == "null" {
		return r, "", nil
	}
	hasValue := false
	var value string
	err := walkObject(raw, "rating", true, func(key string, raw []byte) error {
		switch strings.ToLower(key) {
		case "scale":
			s, err := jsonString("rating.scale", raw)
			if err != nil {
				return err
			}
			if err := r.Scale.UnmarshalText([]byte(s)); err != nil {
				return fieldError("rating.scale", s, "want satisfaction or recommend")
			}
			return nil
		case "value":
			if string(raw) == "null" {
				return nil
			}
			value = string(raw)
			if !isJSONNumber(raw) {
				return fieldError("rating.value", value, "want a whole number")
			}
			var err error
			r.Value, err = parseRatingValue("rating.value", value)
			hasValue = err == nil
			return err
		}
		return fieldError("rating."+shorten(key), string(raw), "unknown member; want "+ratingMembers)
	})
	if err == nil && r.Scale != NoScale && !hasValue {
		err = fieldError("rating.value", "", "a rating needs its value")
	}
	return r, value, err
}

// jsonAmount reads an amount given as a string or a bare number, returning
// also its text; null is zero.
func jsonAmount(raw []byte) (decimal.Decimal, string, error) {
	switch {
	case string(raw) == "null":
		return decimal.Decimal{}, "", nil
	case isJSONNumber(raw):
		d, err := parseAmount(string(raw))
		return d, string(raw), err
	}
	s, err := jsonString("amount", raw)
	if err != nil {
		return decimal.Decimal{}, "", fieldError("amount", string(raw), "want a decimal number, as a string or a bare number")
	}
	d, err := parseAmount(s)
	return d, s, err
}

// isJSONNumber reports whether raw, a valid JSON value, is a number.
func isJSONNumber(raw []byte) bool {
	return len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9')
}

// jsonString reads a JSON string; null is the empty string.
func jsonString(field string, raw []byte) (string, error) {
	if string(raw) == "null" {
		return "", nil
	}
	if len(raw) == 0 || raw[0] != '"' {
		return "", fieldError(field, string(raw), "want a JSON string")
	}
	return unquote(raw), nil
}

// decodeCustomer reads a customer from one JSON object.
func decodeCustomer(data []byte) (Customer, error) {
	var c Customer
	err := walkObject(data, "json", true, func(key string, raw []byte) error {
		var err error
		switch strings.ToLower(key) {
		case "id":
			var s string
			s, err = jsonString("id", raw)
			c.ID = CustomerID(s)
		case "name":
			c.Name, err = jsonString("name", raw)
		case "group":
			var s string
			if s, err = jsonString("group", raw); err == nil {
				err = c.Group.UnmarshalText([]byte(s))
			}
		case "consent":
			s := string(raw) // true and false read as yes and no
			if s != "true" && s != "false" {
				s, err = jsonString("consent", raw)
			}
			if err == nil {
				err = c.Consent.UnmarshalText([]byte(s))
			}
		case "account":
			var s string
			s, err = jsonString("account", raw)
			c.Account = AccountID(s)
		case "attributes":
			c.Attributes, err = jsonAttributes(raw)
		case "traits":
			c.Traits, err = jsonProperties("traits", raw)
		default:
			return fieldError(shorten(key), string(raw), "unknown member; want "+customerMembers)
		}
		return err
	})
	if err != nil {
		return Customer{}, err
	}
	if err := c.Validate(); err != nil {
		return Customer{}, err
	}
	return c, nil
}

// jsonAttributes reads an object of strings; null and {} are no
// attributes. Keys are compared exactly.
func jsonAttributes(raw []byte) (map[string]string, error) {
	if string(raw) == "null" {
		return nil, nil
	}
	var m map[string]string
	err := walkObject(raw, "attributes", false, func(key string, raw []byte) error {
		v, err := jsonString("attributes."+shorten(key), raw)
		if err != nil {
			return err
		}
		if m == nil {
			m = make(map[string]string)
		}
		m[key] = v
		return nil
	})
	return m, err
}

// jsonProperties reads an object of [Value] JSON forms for field
// (properties, traits); null and {} are none. Names are compared exactly.
// An error names field.<name> and the value as given.
func jsonProperties(field string, raw []byte) (Properties, error) {
	if string(raw) == "null" {
		return nil, nil
	}
	var ps Properties
	err := walkObject(raw, field, false, func(key string, raw []byte) error {
		var v Value
		if err := v.UnmarshalJSON(raw); err != nil {
			return renamed(err, field+"."+shorten(key))
		}
		if ps == nil {
			ps = make(Properties)
		}
		ps[key] = v
		return nil
	})
	return ps, err
}

// renamed returns a copy of err with the field set when err is a
// *FieldError, and err otherwise.
func renamed(err error, field string) error {
	var fe *FieldError
	if !errors.As(err, &fe) {
		return err
	}
	c := *fe
	c.Field = field
	return &c
}

// walkObject calls fn with the key and raw value of each member of the
// JSON object data, in order. It reports, as a *FieldError for field, data
// that is not exactly one JSON object, and as one for field.key (just key
// when field is "json", the whole line) a key given twice, ignoring case
// when fold is set.
//
// It checks the syntax with [json.Valid] and then walks the members by
// hand, which is several times faster than a [json.Decoder]; the walk
// relies on the syntax being valid but never indexes out of range.
func walkObject(data []byte, field string, fold bool, fn func(key string, raw []byte) error) error {
	if !json.Valid(data) {
		var v json.RawMessage
		err := json.Unmarshal(data, &v) // for the position and reason
		var se *json.SyntaxError
		if errors.As(err, &se) {
			err = fmt.Errorf("at byte %d: %w", se.Offset, se)
		} else {
			err = errors.New("malformed JSON")
		}
		return &FieldError{Field: field, Value: shorten(string(data)), Err: err}
	}
	prefix := field + "." // of the members' names in errors
	if field == "json" {
		prefix = ""
	}
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return fieldError(field, string(data), "want a JSON object")
	}
	var seenBuf [8]string
	seen := seenBuf[:0]
	for i = skipSpace(data, i+1); i < len(data) && data[i] == '"'; {
		end := endOfString(data, i)
		key := unquote(data[i:end])
		i = skipSpace(data, end)
		if i < len(data) && data[i] == ':' {
			i = skipSpace(data, i+1)
		}
		end = endOfValue(data, i)
		raw := data[i:end]
		name := key
		if fold {
			name = strings.ToLower(key)
		}
		if slices.Contains(seen, name) {
			return fieldError(prefix+shorten(key), string(raw), "member given twice")
		}
		seen = append(seen, name)
		if err := fn(key, raw); err != nil {
			return err
		}
		i = skipSpace(data, end)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return nil
}

// skipSpace returns the index of the first byte at or after i in b that is
// not JSON white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// endOfString returns the index just past the JSON string starting at
// b[i].
func endOfString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// endOfValue returns the index just past the valid JSON value starting at
// b[i].
func endOfValue(b []byte, i int) int {
	if i >= len(b) {
		return len(b)
	}
	switch b[i] {
	case '"':
		return endOfString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = endOfString(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(b)
	}
	for i < len(b) && !strings.ContainsRune(",}] \t\r\n", rune(b[i])) { // a number, true, false or null
		i++
	}
	return i
}

// unquote returns the text of a valid JSON string.
func unquote(raw []byte) string {
	plain := len(raw) >= 2
	for _, c := range raw {
		if c == '\\' || c >= utf8.RuneSelf {
			plain = false // escapes, or bytes that may be invalid UTF-8
			break
		}
	}
	if plain {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return string(raw) // not reached for a valid string
	}
	return s
}

// WriteInteractionsJSONL writes the interactions of seq to w as JSON
// Lines, one [Interaction] per line in its JSON form, which
// [ReadInteractionsJSONL] reads back to equal interactions. Times keep
// their offset from UTC unless RFC 3339 cannot state it exactly, when they
// are written in UTC.
//
// It stops at the first interaction that fails [Interaction.Validate] and
// returns that error (matching [ErrInvalid]), having written those before
// it; it also returns the first error writing to w.
func WriteInteractionsJSONL(w io.Writer, seq iter.Seq[Interaction]) error {
	return writeJSONL(w, seq, func(it Interaction) (any, error) {
		if err := it.Validate(); err != nil {
			return nil, err
		}
		it.Time = exactOffset(it.Time)
		return it, nil
	})
}

// WriteCustomersJSONL writes the customers of seq to w as JSON Lines, one
// [Customer] per line in its JSON form, which [ReadCustomersJSONL] reads
// back to equal customers. Errors are as for [WriteInteractionsJSONL], with
// [Customer.Validate].
func WriteCustomersJSONL(w io.Writer, seq iter.Seq[Customer]) error {
	return writeJSONL(w, seq, func(c Customer) (any, error) {
		return c, c.Validate()
	})
}

// writeJSONL writes what prepare makes of each value of seq, one per line.
func writeJSONL[T any](w io.Writer, seq iter.Seq[T], prepare func(T) (any, error)) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for v := range seq {
		x, err := prepare(v)
		if err == nil {
			err = enc.Encode(x)
		}
		if err != nil {
			if ferr := bw.Flush(); ferr != nil {
				return ferr
			}
			return err
		}
	}
	return bw.Flush()
}
