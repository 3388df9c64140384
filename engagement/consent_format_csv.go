package engagement

import (
	"encoding/csv"
	"io"
	"iter"
)

// The columns of a consents CSV file, in the order the writer puts them.
var consentColumns = [...]string{"customer", "purpose", "channel", "state", "time", "expires", "source"}

// requiredConsentColumns are the columns a consents CSV file must have.
var requiredConsentColumns = []string{"customer", "purpose", "state", "time"}

// Indexes into consentColumns.
const (
	kcCustomer = iota
	kcPurpose
	kcChannel
	kcState
	kcTime
	kcExpires
	kcSource
)

// ReadConsentsCSV returns the consent records in the CSV file read from r,
// in file order, for [ImportConsents] or a [ConsentStore]. It reads r as
// the sequence is ranged over, so the sequence can be ranged over once.
//
// The first record is a header naming the columns, in any order and any
// case: customer, purpose, state and time are required; channel, expires
// and source are optional. A column with another name is an error. Each
// value is read as follows:
//   - customer, purpose, channel, source: as given, white space included;
//     an empty channel means every channel;
//   - state: given or refused, or a yes/no spelling that
//     [Consent.UnmarshalText] reads (yes, no, true, false, y, n, 1, 0), in
//     any case; unknown and empty are errors, since a record grants or
//     withdraws;
//   - time, expires: as the time column of [ReadInteractionsCSV]; an empty
//     expires means the grant does not lapse.
//
// Each row is checked with [ConsentRecord.Validate]. Errors and the end of
// the sequence are as for [ReadInteractionsCSV].
func ReadConsentsCSV(r io.Reader) iter.Seq2[ConsentRecord, error] {
	return func(yield func(ConsentRecord, error) bool) {
		in := newCSVInput(r)
		var pos [len(consentColumns)]int
		if err := in.readHeader(consentColumns[:], requiredConsentColumns, pos[:], nil); err != nil {
			yield(ConsentRecord{}, err)
			return
		}
		yieldRows(in, yield, func(rec []string) (ConsentRecord, error) { return in.consent(rec, &pos) })
	}
}

// consent builds a consent record from a record.
func (in *csvInput) consent(rec []string, pos *[len(consentColumns)]int) (ConsentRecord, error) {
	var r ConsentRecord
	r.Customer = CustomerID(rec[pos[kcCustomer]])
	r.Purpose = Purpose(rec[pos[kcPurpose]])
	if pos[kcChannel] >= 0 {
		r.Channel = rec[pos[kcChannel]]
	}
	if pos[kcSource] >= 0 {
		r.Source = rec[pos[kcSource]]
	}
	var err error
	text, line := in.cell(rec, pos[kcState])
	if r.State, err = parseConsentState(text); err != nil {
		return ConsentRecord{}, atLine(err, line, "")
	}
	text, line = in.cell(rec, pos[kcTime])
	if r.Time, err = parseTime(text); err != nil {
		return ConsentRecord{}, atLine(err, line, "")
	}
	text, line = in.cell(rec, pos[kcExpires])
	if r.Expires, err = parseTime(text); err != nil {
		return ConsentRecord{}, atLine(renamed(err, "expires"), line, "")
	}
	if err := r.Validate(); err != nil {
		return ConsentRecord{}, in.atColumn(err, rec, pos[:], consentColumns[:])
	}
	return r, nil
}

// parseConsentState reads the state of a consent record: given or
// refused, in any of the spellings Consent.UnmarshalText reads.
func parseConsentState(text string) (Consent, error) {
	var c Consent
	if err := c.UnmarshalText([]byte(text)); err != nil || c == ConsentUnknown {
		return ConsentUnknown, fieldError("state", text, "want given or refused (or yes or no)")
	}
	return c, nil
}

// WriteConsentsCSV writes the consent records of seq to w as CSV with the
// header customer,purpose,channel,state,time,expires,source, which
// [ReadConsentsCSV] reads back to equal records. States are written given
// or refused, times as [WriteInteractionsCSV] writes them, and an empty
// channel or no expiry as an empty cell. A source holding \r\n reads back
// with \n (CSV cannot tell the two apart; JSON Lines can).
//
// It stops at the first record that fails [ConsentRecord.Validate] and
// returns that error (matching [ErrInvalid]), having written those before
// it; it also returns the first error writing to w.
func WriteConsentsCSV(w io.Writer, seq iter.Seq[ConsentRecord]) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(consentColumns[:]); err != nil {
		return err
	}
	rec := make([]string, len(consentColumns))
	for r := range seq {
		if err := r.Validate(); err != nil {
			cw.Flush()
			return err
		}
		rec[kcCustomer] = string(r.Customer)
		rec[kcPurpose] = string(r.Purpose)
		rec[kcChannel] = r.Channel
		rec[kcState] = r.State.String()
		rec[kcTime] = formatTime(r.Time)
		rec[kcExpires] = ""
		if !r.Expires.IsZero() {
			rec[kcExpires] = formatTime(r.Expires)
		}
		rec[kcSource] = r.Source
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
