package engagement

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// ValueKind is the type of a [Value]: text, an exact number, a truth value
// or an instant. The zero ValueKind is ValueNone.
type ValueKind uint8

// The value kinds.
const (
	ValueNone   ValueKind = iota // the zero Value: nothing
	ValueString                  // text: an order id, a SKU, a UTM source
	ValueNumber                  // an exact decimal: a quantity, a price
	ValueBool                    // true or false: opted in, first order
	ValueTime                    // an instant: signed up at, trial ends at
)

var valueKindNames = [...]string{"none", "string", "number", "bool", "time"}

// String returns "none", "string", "number", "bool" or "time".
func (k ValueKind) String() string {
	if int(k) < len(valueKindNames) {
		return valueKindNames[k]
	}
	return "ValueKind(" + strconv.Itoa(int(k)) + ")"
}

// Value is one typed fact: a property of an [Interaction] (order id, SKU,
// UTM campaign, device) or a trait of a [Customer] (plan, seats, signed
// up at). Make one with [StringValue], [NumberValue], [IntValue],
// [BoolValue] or [TimeValue]; the zero Value holds nothing and is not
// allowed in [Properties].
//
// Values are immutable. Compare them with [Value.Equal]: numbers compare
// as numbers (1.5 equals 1.50) and times as instants.
type Value struct {
	kind ValueKind
	s    string          // ValueString
	n    decimal.Decimal // ValueNumber
	b    bool            // ValueBool
	t    time.Time       // ValueTime, in UTC without a monotonic reading
}

// StringValue returns a text Value.
func StringValue(s string) Value { return Value{kind: ValueString, s: s} }

// NumberValue returns an exact numeric Value.
func NumberValue(d decimal.Decimal) Value { return Value{kind: ValueNumber, n: d} }

// IntValue returns a numeric Value holding n.
func IntValue(n int64) Value { return NumberValue(decimal.NewFromInt(n)) }

// BoolValue returns a truth Value.
func BoolValue(b bool) Value { return Value{kind: ValueBool, b: b} }

// TimeValue returns an instant Value, kept in UTC to the nanosecond.
func TimeValue(t time.Time) Value { return Value{kind: ValueTime, t: t.UTC().Round(0)} }

// Kind returns the type of v.
func (v Value) Kind() ValueKind { return v.kind }

// Str returns the text of a ValueString; ok is false for any other kind.
func (v Value) Str() (s string, ok bool) { return v.s, v.kind == ValueString }

// Num returns the number of a ValueNumber; ok is false for any other kind.
func (v Value) Num() (d decimal.Decimal, ok bool) { return v.n, v.kind == ValueNumber }

// Truth returns the truth of a ValueBool; ok is false for any other kind.
func (v Value) Truth() (b, ok bool) { return v.b, v.kind == ValueBool }

// Instant returns the time of a ValueTime; ok is false for any other kind.
func (v Value) Instant() (t time.Time, ok bool) { return v.t, v.kind == ValueTime }

// Equal reports whether v and w are of one kind and hold the same value.
func (v Value) Equal(w Value) bool {
	if v.kind != w.kind {
		return false
	}
	switch v.kind {
	case ValueString:
		return v.s == w.s
	case ValueNumber:
		return v.n.Equal(w.n)
	case ValueBool:
		return v.b == w.b
	case ValueTime:
		return v.t.Equal(w.t)
	}
	return true
}

// Compare orders two values of one kind: text byte-wise, numbers and times
// by value, false before true. ok is false when the kinds differ or are
// ValueNone, and then the order is 0.
func (v Value) Compare(w Value) (order int, ok bool) {
	if v.kind != w.kind {
		return 0, false
	}
	switch v.kind {
	case ValueString:
		switch {
		case v.s < w.s:
			return -1, true
		case v.s > w.s:
			return 1, true
		}
		return 0, true
	case ValueNumber:
		return v.n.Cmp(w.n), true
	case ValueBool:
		switch {
		case v.b == w.b:
			return 0, true
		case w.b:
			return -1, true
		}
		return 1, true
	case ValueTime:
		return v.t.Compare(w.t), true
	}
	return 0, false
}

// String returns v as text: the text itself, the number with its scale
// (1.50), true or false, or the time in RFC 3339 with nanoseconds; "" for
// ValueNone.
func (v Value) String() string {
	switch v.kind {
	case ValueString:
		return v.s
	case ValueNumber:
		return numberText(v.n)
	case ValueBool:
		return strconv.FormatBool(v.b)
	case ValueTime:
		return v.t.Format(time.RFC3339Nano)
	}
	return ""
}

// numberText returns d as exact decimal text that keeps its scale: 1.50
// for decimal.New(150, -2).
func numberText(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

// jsonTimeMember is the one member of the JSON object that stands for a
// ValueTime: {"time":"2024-03-01T10:00:00Z"}. JSON has no time type, and a
// plain string would come back as text.
const jsonTimeMember = "time"

// MarshalJSON writes v as JSON: a string, a number (exactly, scale kept),
// true or false, or {"time":"RFC 3339"} for a time. ValueNone is an error.
func (v Value) MarshalJSON() ([]byte, error) {
	switch v.kind {
	case ValueString:
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // <, > and & as themselves, not six bytes each
		if err := enc.Encode(v.s); err != nil {
			return nil, err
		}
		return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
	case ValueNumber:
		return []byte(numberText(v.n)), nil
	case ValueBool:
		return []byte(strconv.FormatBool(v.b)), nil
	case ValueTime:
		return []byte(`{"` + jsonTimeMember + `":"` + v.t.Format(time.RFC3339Nano) + `"}`), nil
	}
	return nil, fieldError("value", "", "empty value")
}

// UnmarshalJSON reads the JSON forms MarshalJSON writes. A number is read
// exactly as decimal; null, arrays and other objects are errors (a
// *[FieldError]).
func (v *Value) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return fieldError("value", "", "empty JSON value")
	}
	switch c := data[0]; {
	case c == '"':
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return fieldError("value", string(data), "not a JSON string")
		}
		*v = StringValue(s)
	case c == 't' || c == 'f':
		var b bool
		if err := json.Unmarshal(data, &b); err != nil {
			return fieldError("value", string(data), "not true or false")
		}
		*v = BoolValue(b)
	case c == '-' || c >= '0' && c <= '9':
		if !json.Valid(data) {
			return fieldError("value", string(data), "not a JSON number")
		}
		d, err := decimal.NewFromString(string(data))
		if err != nil {
			return fieldError("value", string(data), "not a decimal number")
		}
		*v = NumberValue(d)
	case c == '{':
		var obj map[string]string
		if err := json.Unmarshal(data, &obj); err != nil || len(obj) != 1 {
			return fieldError("value", string(data), `want {"time":"RFC 3339 time"} for a time`)
		}
		s, ok := obj[jsonTimeMember]
		if !ok {
			return fieldError("value", string(data), `want {"time":"RFC 3339 time"} for a time`)
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return fieldError("value", s, "not an RFC 3339 time")
		}
		*v = TimeValue(t)
	default:
		return fieldError("value", string(data), "want a string, number, true, false or {\"time\":...}")
	}
	return nil
}

// validate reports whether v may be stored.
func (v Value) validate(field string) error {
	switch v.kind {
	case ValueNone:
		return fieldError(field, "", "value is empty")
	case ValueString:
		if len(v.s) > MaxValueBytes {
			return fieldError(field, v.s, fmt.Sprintf("text is longer than %d bytes", MaxValueBytes))
		}
		if !utf8.ValidString(v.s) {
			return fieldError(field, v.s, "text is not valid UTF-8")
		}
	case ValueTime:
		if !v.t.After(minTime) || v.t.After(maxTime) {
			return fieldError(field, v.String(), "time must lie within the years 1678 to 2262")
		}
	case ValueNumber, ValueBool:
	default:
		return fieldError(field, v.kind.String(), "unknown value kind")
	}
	return nil
}
