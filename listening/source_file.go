package listening

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/internal/fielderr"
)

// FileFormat is the layout of a file of mentions.
type FileFormat uint8

// The file formats. The zero FileFormat means "decide by the file name's
// extension": .csv is CSV, .jsonl, .ndjson and .json are JSONLines.
const (
	FormatByExtension FileFormat = iota
	// JSONLines holds one JSON object per line, with the fields of
	// [Mention] under their JSON names; time is RFC 3339. Unknown fields
	// are an error; blank lines are skipped.
	JSONLines
	// CSV holds a header line naming the columns, in any order and any
	// case: id, time and text are required; source, author, url, customer
	// and topics are optional. Time is RFC 3339; topics are separated by
	// '|'. Unknown or repeated columns are an error.
	CSV
)

// DefaultFileMaxBytes is how many bytes [FileSource.Fetch] reads at most
// per call when [FileSource.MaxBytes] is zero, and so also the longest
// record it accepts: 4 MiB.
const DefaultFileMaxBytes = 4 << 20

// maxLineBytes is the longest line or record [ReadJSONL] and [ReadCSV]
// accept: 1 MiB.
const maxLineBytes = 1 << 20

// ReadJSONL yields the mentions in r, one JSON object per line (see
// [JSONLines]). It stops at the first bad line, yielding an error: a
// *[FieldError] naming the line, the field and the value, which
// matches [ErrInvalid], or an error matching [ErrTooLarge] for a
// line over 1 MiB, or the error from r. Every mention yielded passes
// [Mention.Validate].
func ReadJSONL(r io.Reader) iter.Seq2[Mention, error] {
	return func(yield func(Mention, error) bool) {
		sc := bufio.NewScanner(r)
		sc.Buffer(nil, maxLineBytes)
		line := 0
		for sc.Scan() {
			line++
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			m, err := parseJSONLine(line, b)
			if !yield(m, err) || err != nil {
				return
			}
		}
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				err = fmt.Errorf("listening: line %d longer than %d bytes: %w", line+1, maxLineBytes, ErrTooLarge)
			} else {
				err = fmt.Errorf("listening: reading mentions: %w", err)
			}
			yield(Mention{}, err)
		}
	}
}

// jsonMention is the JSON form of a Mention with every field as text, so
// that a bad value is reported with its field's name.
type jsonMention struct {
	ID       string   `json:"id"`
	Source   string   `json:"source"`
	Author   string   `json:"author"`
	Time     string   `json:"time"`
	Text     string   `json:"text"`
	URL      string   `json:"url"`
	Customer string   `json:"customer"`
	Topics   []string `json:"topics"`
}

// parseJSONLine decodes one line of JSON Lines.
func parseJSONLine(line int, b []byte) (Mention, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var j jsonMention
	if err := dec.Decode(&j); err != nil {
		field := "json"
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			field = te.Field
		}
		return Mention{}, &FieldError{Line: line, Field: field, Value: fielderr.Shorten(string(b)), Err: err}
	}
	if dec.More() {
		return Mention{}, invalidAt(line, "json", string(b), "more than one value on the line")
	}
	return buildMention(line, j.ID, j.Source, j.Author, j.Time, j.Text, j.URL, j.Customer, j.Topics)
}

// buildMention turns text fields into a validated Mention.
func buildMention(line int, id, source, author, tm, text, url, customer string, topics []string) (Mention, error) {
	t, err := time.Parse(time.RFC3339, tm)
	if err != nil {
		return Mention{}, &FieldError{Line: line, Field: "time", Value: fielderr.Shorten(tm), Err: errors.New("want RFC 3339, such as 2024-05-01T09:30:00Z")}
	}
	m := Mention{
		ID: id, Source: source, Author: author, Time: t, Text: text,
		URL: url, Customer: engagement.CustomerID(customer), Topics: topics,
	}
	if err := m.Validate(); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			fe.Line = line
		}
		return Mention{}, err
	}
	return m, nil
}

// The CSV columns.
const (
	colID = iota
	colSource
	colAuthor
	colTime
	colText
	colURL
	colCustomer
	colTopics
	numCols
)

var csvColumnNames = [numCols]string{"id", "source", "author", "time", "text", "url", "customer", "topics"}

// csvLayout maps each known column to its index in a record, or -1.
type csvLayout [numCols]int

// parseCSVHeader reads the header record.
func parseCSVHeader(rec []string) (csvLayout, error) {
	var l csvLayout
	for i := range l {
		l[i] = -1
	}
	for i, name := range rec {
		if i == 0 {
			name = strings.TrimPrefix(name, "\ufeff")
		}
		key := strings.ToLower(strings.TrimSpace(name))
		col := -1
		for c, n := range csvColumnNames {
			if n == key {
				col = c
			}
		}
		switch {
		case col < 0:
			return l, invalidAt(1, "header", name, "unknown column; want id, source, author, time, text, url, customer, topics")
		case l[col] >= 0:
			return l, invalidAt(1, "header", name, "column appears twice")
		}
		l[col] = i
	}
	for _, c := range []int{colID, colTime, colText} {
		if l[c] < 0 {
			return l, invalidAt(1, "header", strings.Join(rec, ","), "missing column "+csvColumnNames[c])
		}
	}
	return l, nil
}

// mention builds a Mention from a record; lineOf gives the line of a field.
func (l csvLayout) mention(rec []string, lineOf func(field int) int) (Mention, error) {
	get := func(c int) string {
		if l[c] < 0 {
			return ""
		}
		return rec[l[c]]
	}
	var topics []string
	if s := get(colTopics); s != "" {
		topics = strings.Split(s, "|")
	}
	line := lineOf(0)
	m, err := buildMention(line, get(colID), get(colSource), get(colAuthor), get(colTime),
		get(colText), get(colURL), get(colCustomer), topics)
	if err != nil {
		// Point at the line of the offending column, which differs from
		// the record's first line when a quoted field spans lines.
		var fe *FieldError
		if errors.As(err, &fe) {
			for c, n := range csvColumnNames {
				if n == fe.Field && l[c] >= 0 {
					fe.Line = lineOf(l[c])
				}
			}
		}
	}
	return m, err
}

// csvError converts an encoding/csv error into a FieldError.
func csvError(err error, lineBase int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		field := "column " + strconv.Itoa(pe.Column)
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			field = "record"
		}
		return &FieldError{Line: lineBase + pe.Line - 1, Field: field, Err: pe.Err}
	}
	return fmt.Errorf("listening: reading mentions: %w", err)
}

// ReadCSV yields the mentions in r, a CSV file with a header line (see
// [CSV]). It stops at the first bad record, yielding an error: a
// *[FieldError] naming the line, the column and the value,
// which matches [ErrInvalid], or the error from r. Every
// mention yielded passes [Mention.Validate].
func ReadCSV(r io.Reader) iter.Seq2[Mention, error] {
	return func(yield func(Mention, error) bool) {
		cr := csv.NewReader(r)
		header, err := cr.Read()
		if err == io.EOF {
			yield(Mention{}, invalidAt(1, "header", "", "missing header line"))
			return
		}
		if err != nil {
			yield(Mention{}, csvError(err, 1))
			return
		}
		layout, err := parseCSVHeader(header)
		if err != nil {
			yield(Mention{}, err)
			return
		}
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(Mention{}, csvError(err, 1))
				return
			}
			m, err := layout.mention(rec, func(f int) int { l, _ := cr.FieldPos(f); return l })
			if !yield(m, err) || err != nil {
				return
			}
		}
	}
}

// FileSource is a [Source] that reads a JSON Lines or CSV file of mentions
// (see [JSONLines] and [CSV]) that may grow by appending, such as an export
// written by another tool. Its cursor holds the byte offset and line number
// of the first unread record, so each Fetch reads only what was appended.
//
// Only complete records are read: a final line without a newline, or a CSV
// record whose quoted field is still open at the end of the file, is taken
// as still being written and left for a later Fetch. A file must therefore
// end with a newline for its last record to be read.
//
// The zero FileSource reads nothing useful; set Path. A FileSource is safe
// for concurrent use; it holds no state between calls.
type FileSource struct {
	// Path is the file to read.
	Path string
	// Format is the file's layout; zero decides by Path's extension.
	Format FileFormat
	// MaxBytes bounds the bytes read per Fetch, and so the longest record
	// accepted; zero means DefaultFileMaxBytes. A longer record fails with
	// ErrTooLarge.
	MaxBytes int
}

var _ Source = (*FileSource)(nil)

func (s *FileSource) format() (FileFormat, error) {
	if s.Format != FormatByExtension {
		return s.Format, nil
	}
	switch strings.ToLower(filepath.Ext(s.Path)) {
	case ".csv":
		return CSV, nil
	case ".jsonl", ".ndjson", ".json":
		return JSONLines, nil
	}
	return 0, invalid("path", s.Path, "cannot tell the format from the extension; set Format")
}

// Fetch implements [Source]: it reads the records appended since cursor,
// up to MaxBytes at a time.
func (s *FileSource) Fetch(ctx context.Context, cursor Cursor) ([]Mention, Cursor, error) {
	if err := ctx.Err(); err != nil {
		return nil, cursor, fmt.Errorf("listening: file source: %w", err)
	}
	format, err := s.format()
	if err != nil {
		return nil, cursor, err
	}
	offset, line := int64(0), 1
	if cursor != "" {
		o, l, ok := strings.Cut(string(cursor), ":")
		var err1, err2 error
		offset, err1 = strconv.ParseInt(o, 10, 64)
		line, err2 = strconv.Atoi(l)
		if !ok || err1 != nil || err2 != nil || offset < 0 || line < 1 {
			return nil, cursor, fmt.Errorf("listening: file source cursor %q: %w", cursor, ErrCursor)
		}
	}
	limit := s.MaxBytes
	if limit <= 0 {
		limit = DefaultFileMaxBytes
	}
	f, err := os.Open(s.Path)
	if err != nil {
		return nil, cursor, fmt.Errorf("listening: file source: %w", err)
	}
	defer f.Close()

	var layout csvLayout
	if format == CSV {
		head := make([]byte, min(limit, 64<<10))
		n, err := io.ReadFull(f, head)
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return nil, cursor, fmt.Errorf("listening: file source: %w", err)
		}
		nl := bytes.IndexByte(head[:n], '\n')
		if nl < 0 {
			if n == len(head) {
				return nil, cursor, fmt.Errorf("listening: file source %s: header line longer than %d bytes: %w", s.Path, len(head), ErrTooLarge)
			}
			return nil, cursor, nil // the header is still being written
		}
		rec, err := csv.NewReader(bytes.NewReader(head[:nl+1])).Read()
		if err != nil {
			return nil, cursor, csvError(err, 1)
		}
		if layout, err = parseCSVHeader(rec); err != nil {
			return nil, cursor, err
		}
		if offset < int64(nl+1) {
			offset, line = int64(nl+1), 2
		}
	}
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return nil, cursor, fmt.Errorf("listening: file source: %w", err)
	}
	buf := make([]byte, limit)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, cursor, fmt.Errorf("listening: file source: %w", err)
	}
	cut := bytes.LastIndexByte(buf[:n], '\n')
	if cut < 0 {
		if n == limit {
			return nil, cursor, fmt.Errorf("listening: file source %s: line %d longer than %d bytes: %w", s.Path, line, limit, ErrTooLarge)
		}
		return nil, cursor, nil
	}
	chunk := buf[:cut+1]
	if format == CSV {
		return readCSVChunk(chunk, layout, offset, line, n == limit)
	}
	return readJSONLChunk(chunk, offset, line)
}

func fileCursor(offset int64, line int) Cursor {
	return Cursor(strconv.FormatInt(offset, 10) + ":" + strconv.Itoa(line))
}

// readJSONLChunk parses whole lines; chunk ends with a newline.
func readJSONLChunk(chunk []byte, offset int64, line int) ([]Mention, Cursor, error) {
	var ms []Mention
	pos := 0
	for pos < len(chunk) {
		nl := bytes.IndexByte(chunk[pos:], '\n')
		b := bytes.TrimSpace(chunk[pos : pos+nl])
		if len(b) > 0 {
			m, err := parseJSONLine(line, b)
			if err != nil {
				return ms, fileCursor(offset+int64(pos), line), err
			}
			ms = append(ms, m)
		}
		pos += nl + 1
		line++
	}
	return ms, fileCursor(offset+int64(pos), line), nil
}

// readCSVChunk parses whole records; chunk ends with a newline. capped
// says the chunk was cut at MaxBytes rather than at the end of the file.
func readCSVChunk(chunk []byte, layout csvLayout, offset int64, line int, capped bool) ([]Mention, Cursor, error) {
	cr := csv.NewReader(bytes.NewReader(chunk))
	cr.ReuseRecord = true
	var ms []Mention
	var end int64
	next := line
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, csv.ErrQuote) && cr.InputOffset() == int64(len(chunk)) {
				// An open quoted field at the end: a record still
				// being written, or cut short by MaxBytes.
				if len(ms) == 0 && capped {
					return nil, fileCursor(offset, line), fmt.Errorf("listening: line %d: record longer than the read limit: %w", line, ErrTooLarge)
				}
				break
			}
			return ms, fileCursor(offset+end, next), csvError(err, line)
		}
		m, err := layout.mention(rec, func(f int) int { l, _ := cr.FieldPos(f); return line + l - 1 })
		if err != nil {
			return ms, fileCursor(offset+end, next), err
		}
		ms = append(ms, m)
		newEnd := cr.InputOffset()
		next += bytes.Count(chunk[end:newEnd], []byte{'\n'})
		end = newEnd
	}
	return ms, fileCursor(offset+end, next), nil
}
