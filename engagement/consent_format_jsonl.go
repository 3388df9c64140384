package engagement

import (
	"errors"
	"io"
	"iter"
	"strings"
)

// ReadConsentsJSONL returns the consent records in the JSON Lines file
// read from r, in file order: one JSON object per line with the members
// of [ConsentRecord]'s JSON form, such as
//
//	{"customer":"c-7","purpose":"marketing","channel":"email","state":"given","time":"2024-03-01T10:00:00Z","expires":"2025-03-01","source":"signup form"}
//
// Member names match in any case. customer, purpose, state and time are
// required. Strings are read as [ReadConsentsCSV] reads the same column;
// state may also be a JSON boolean (true is given, false refused), and
// null means an absent member. Lines, errors and the end of the sequence
// are as for [ReadInteractionsJSONL], and each record is checked with
// [ConsentRecord.Validate].
func ReadConsentsJSONL(r io.Reader) iter.Seq2[ConsentRecord, error] {
	return readJSONL(r, decodeConsent)
}

// consentMembers are the members of a consent record's JSON form, for
// error messages.
const consentMembers = "customer, purpose, channel, state, time, expires or source"

// decodeConsent reads a consent record from one JSON object.
func decodeConsent(data []byte) (ConsentRecord, error) {
	var r ConsentRecord
	var givenTime, givenExpires string
	err := walkObject(data, "json", true, func(key string, raw []byte) error {
		var err error
		var s string
		switch strings.ToLower(key) {
		case "customer":
			s, err = jsonString("customer", raw)
			r.Customer = CustomerID(s)
		case "purpose":
			s, err = jsonString("purpose", raw)
			r.Purpose = Purpose(s)
		case "channel":
			r.Channel, err = jsonString("channel", raw)
		case "state":
			s = string(raw) // true and false read as yes and no
			if s != "true" && s != "false" {
				s, err = jsonString("state", raw)
			}
			if err == nil {
				r.State, err = parseConsentState(s)
			}
		case "time":
			if s, err = jsonString("time", raw); err == nil {
				givenTime = s
				r.Time, err = parseTime(s)
			}
		case "expires":
			if s, err = jsonString("expires", raw); err == nil {
				givenExpires = s
				r.Expires, err = parseTime(s)
				err = renamed(err, "expires")
			}
		case "source":
			r.Source, err = jsonString("source", raw)
		default:
			return fieldError(shorten(key), string(raw), "unknown member; want "+consentMembers)
		}
		return err
	})
	if err != nil {
		return ConsentRecord{}, err
	}
	if err := r.Validate(); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) && (fe.Field == "time" || fe.Field == "expires") {
			c := *fe // restate the time as given
			c.Value = shorten(map[string]string{"time": givenTime, "expires": givenExpires}[fe.Field])
			return ConsentRecord{}, &c
		}
		return ConsentRecord{}, err
	}
	return r, nil
}

// WriteConsentsJSONL writes the consent records of seq to w as JSON
// Lines, one [ConsentRecord] per line in its JSON form, which
// [ReadConsentsJSONL] reads back to equal records. Times are written as
// [WriteInteractionsJSONL] writes them. Errors are as for
// [WriteInteractionsJSONL], with [ConsentRecord.Validate].
func WriteConsentsJSONL(w io.Writer, seq iter.Seq[ConsentRecord]) error {
	return writeJSONL(w, seq, func(r ConsentRecord) (any, error) {
		if err := r.Validate(); err != nil {
			return nil, err
		}
		r.Time = exactOffset(r.Time)
		if !r.Expires.IsZero() {
			r.Expires = exactOffset(r.Expires)
		}
		return r, nil
	})
}
