package engagement

import (
	"context"
	"errors"
	"iter"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// ErrFormat is wrapped by the errors a reader yields when the input as a
// whole is not in the expected form, so that no further row can be read: a
// CSV header that lacks a required column or names an unknown or repeated
// one, a malformed CSV header row, a CSV record longer than [MaxRecordLen].
// The reader stops after such an error. It is also a *[FieldError] and so
// matches [ErrInvalid]; the imports ([ImportInteractions] and the others)
// fail on it even when lenient, since it is not one bad row but a bad file.
var ErrFormat = errors.New("engagement: malformed input")

// MaxRecordLen bounds the bytes of one CSV record or one JSON Lines line
// that the readers accept, so that a file without line breaks cannot
// exhaust memory. A JSON Lines line over the bound is one bad row; a CSV
// record over it (where a quoted field may span lines, so the next record
// cannot be found) ends the sequence with an error matching [ErrFormat].
const MaxRecordLen = 1 << 20

// DefaultBatchSize is the number of rows a lenient import hands to the
// store in one call when [ImportOptions.BatchSize] is zero: large enough to
// amortise a round trip to a database, small enough to bound the memory a
// batch holds.
const DefaultBatchSize = 1000

// ImportOptions tune [ImportInteractions], [ImportCustomers] and
// [ImportConsents]. The zero ImportOptions is a strict import.
type ImportOptions struct {
	// Lenient skips bad rows instead of failing on the first one: the good
	// rows are stored in batches and every bad row's error is returned in
	// [ImportResult.Skipped]. When false (strict), any bad row fails the
	// import and nothing is stored.
	Lenient bool

	// BatchSize is the number of rows a lenient import stores per call to
	// the [Store]; zero or less means [DefaultBatchSize]. A strict import
	// ignores it: it stores everything in one call, so that the store's
	// all-or-nothing guarantee covers the whole file.
	BatchSize int

	// Progress, when not nil, is called with the number of rows read so
	// far (good and bad) every ProgressEvery rows and once when the input
	// has been read, from the goroutine running the import.
	Progress func(rows int)

	// ProgressEvery is the interval between Progress calls; zero or less
	// means [DefaultProgressEvery].
	ProgressEvery int
}

// ImportResult tells what an import did.
type ImportResult struct {
	// Imported is the number of rows handed to the store in calls that
	// succeeded. An interaction the store held already (same ID, same
	// facts) counts, though the store skips it.
	Imported int

	// Skipped holds, in input order, the error of every bad row a lenient
	// import left out. Each matches [ErrInvalid]; those from the readers
	// are *[FieldError] values naming the line, field and value.
	Skipped []error
}

// Err returns the skipped rows' errors joined with [errors.Join], or nil
// when no row was skipped.
func (r ImportResult) Err() error { return errors.Join(r.Skipped...) }

// ImportInteractions stores the interactions of seq (typically from
// [ReadInteractionsCSV] or [ReadInteractionsJSONL]) in s with
// [Store.Append].
//
// Each interaction is checked with [Interaction.Validate]. A strict import
// (the zero opt) returns the first error seq yields or finds, stores
// nothing, and otherwise stores all the interactions in a single Append, so
// it holds the whole input in memory. A lenient import skips the rows whose
// error matches [ErrInvalid] (but not [ErrFormat]), listing them in
// [ImportResult.Skipped], and appends the rest in batches of
// opt.BatchSize, so it holds one batch at a time; batches appended before a
// failure stay appended.
//
// Any other error ends the import and is returned as is, with the result
// so far: an error matching ErrFormat or from reading the input, an error
// from Append (such as one matching [ErrConflict], which fails the whole
// batch), or ctx's error.
func ImportInteractions(ctx context.Context, s Store, seq iter.Seq2[Interaction, error], opt ImportOptions) (ImportResult, error) {
	return importRows(ctx, seq, opt, Interaction.Validate, func(batch []Interaction) error {
		return s.Append(ctx, batch...)
	})
}

// ImportCustomers stores the customers of seq (typically from
// [ReadCustomersCSV] or [ReadCustomersJSONL]) in s with
// [Store.PutCustomers], checking each with [Customer.Validate]. It treats
// errors, batches and memory as [ImportInteractions] does. A customer whose
// ID comes again later in the input is replaced by the later one.
func ImportCustomers(ctx context.Context, s Store, seq iter.Seq2[Customer, error], opt ImportOptions) (ImportResult, error) {
	return importRows(ctx, seq, opt, Customer.Validate, func(batch []Customer) error {
		return s.PutCustomers(ctx, batch...)
	})
}

// ImportConsents stores the consent records of seq (typically from
// [ReadConsentsCSV] or [ReadConsentsJSONL]) in s with
// [ConsentStore.RecordConsent], checking each with
// [ConsentRecord.Validate]. It treats errors, batches and memory as
// [ImportInteractions] does: a strict import stores all the records in one
// call or none, a lenient one skips and reports the bad rows. A record
// Equal to one stored already counts as imported, though the store keeps
// it once.
func ImportConsents(ctx context.Context, s ConsentStore, seq iter.Seq2[ConsentRecord, error], opt ImportOptions) (ImportResult, error) {
	return importRows(ctx, seq, opt, ConsentRecord.Validate, func(batch []ConsentRecord) error {
		return s.RecordConsent(ctx, batch...)
	})
}

// importRows is the import loop shared by interactions, customers and
// consent records.
func importRows[T any](ctx context.Context, seq iter.Seq2[T, error], opt ImportOptions,
	validate func(T) error, store func([]T) error) (ImportResult, error) {
	var res ImportResult
	batchSize := opt.BatchSize
	if batchSize <= 0 {
		batchSize = DefaultBatchSize
	}
	var batch []T
	prog := newProgress(opt.Progress, opt.ProgressEvery)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := store(batch); err != nil {
			return err
		}
		res.Imported += len(batch)
		clear(batch) // drop references to the rows stored
		batch = batch[:0]
		return nil
	}
	for row, err := range seq {
		if cerr := ctx.Err(); cerr != nil {
			return res, cerr
		}
		prog.add(1)
		if err == nil {
			err = validate(row)
		}
		if err != nil {
			if opt.Lenient && errors.Is(err, ErrInvalid) && !errors.Is(err, ErrFormat) {
				res.Skipped = append(res.Skipped, err)
				continue
			}
			return res, err // a strict import has stored nothing yet
		}
		batch = append(batch, row)
		if opt.Lenient && len(batch) >= batchSize {
			if err := flush(); err != nil {
				return res, err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	prog.done()
	if err := flush(); err != nil {
		return res, err
	}
	return res, nil
}

// formatError is the reason inside a *FieldError that matches ErrFormat.
type formatError string

func (e formatError) Error() string { return string(e) }

// Is reports whether target is [ErrFormat].
func (e formatError) Is(target error) bool { return target == ErrFormat }

// The text forms shared by the readers and writers of both formats.

// dateOnly is the layout of a time given as a date alone.
const dateOnly = "2006-01-02"

// parseTime reads an RFC 3339 time, or a date alone (YYYY-MM-DD) as
// midnight UTC. Surrounding white space is ignored; empty text is the zero
// time, which validation reports as missing.
func parseTime(text string) (time.Time, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return time.Time{}, nil
	}
	if len(s) == len(dateOnly) {
		if t, err := time.Parse(dateOnly, s); err == nil {
			return t, nil
		}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fieldError("time", text, "want an RFC 3339 time such as 2024-03-01T15:04:05Z, or a date such as 2024-03-01")
	}
	return t, nil
}

// formatTime writes t in RFC 3339 with as many fractional digits as it
// needs, keeping its offset from UTC unless RFC 3339 cannot state that
// offset exactly (it has seconds, or is a day or more), in which case it
// writes the same instant in UTC.
func formatTime(t time.Time) string {
	return exactOffset(t).Format(time.RFC3339Nano)
}

// exactOffset returns t, or t in UTC when RFC 3339 cannot state its offset.
func exactOffset(t time.Time) time.Time {
	if _, off := t.Zone(); off%60 != 0 || off <= -24*3600 || off >= 24*3600 {
		return t.UTC()
	}
	return t
}

// parseAmount reads a decimal amount; surrounding white space is ignored
// and empty text is zero.
func parseAmount(text string) (decimal.Decimal, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return decimal.Decimal{}, nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fieldError("amount", text, "want a decimal number such as 12.50")
	}
	return d, nil
}

// parseRatingValue reads a rating's integer value.
func parseRatingValue(field, text string) (int8, error) {
	v, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		return 0, fieldError(field, text, "want a whole number")
	case err != nil || v < math.MinInt8 || v > math.MaxInt8:
		return 0, fieldError(field, text, "rating is out of range")
	}
	return int8(v), nil
}

// atLine returns a copy of err with the line set when err is a
// *FieldError, and err otherwise; with value non-empty it also replaces
// the value, so that the error repeats the text as given.
func atLine(err error, line int, value string) error {
	var fe *FieldError
	if !errors.As(err, &fe) {
		return err
	}
	c := *fe
	c.Line = line
	if value != "" {
		c.Value = shorten(value)
	}
	return &c
}
