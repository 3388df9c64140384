package engagement_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	_ "time/tzdata" // the zones the generators draw from, on any machine

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/engagekit/engage/engagement"
)

// Generators for the import and round-trip properties. They are named imp*
// so as not to clash with other test files of package engagement_test.

// impZones are the zones generated times are in: whole-hour, half-hour and
// negative offsets, an offset with seconds (which RFC 3339 cannot state), one
// of a day or more, and real zones whose history has such offsets.
var impZones = func() []*time.Location {
	zones := []*time.Location{
		time.UTC,
		time.FixedZone("IST", 5*3600+1800),
		time.FixedZone("PST", -8*3600),
		time.FixedZone("AMT", 19*60+32), // Amsterdam mean time, 1909
		time.FixedZone("far", -25*3600),
	}
	for _, name := range []string{"Europe/Amsterdam", "America/New_York", "Asia/Kathmandu"} {
		if loc, err := time.LoadLocation(name); err == nil {
			zones = append(zones, loc)
		}
	}
	return zones
}()

// impTime draws a time with nanoseconds, within the years an interaction
// may carry, in one of impZones.
func impTime() *rapid.Generator[time.Time] {
	return rapid.Custom(func(t *rapid.T) time.Time {
		sec := rapid.Int64Range(-9e9, 9e9).Draw(t, "unix_seconds") // 1684 to 2255
		nsec := rapid.Int64Range(0, 1e9-1).Draw(t, "nanoseconds")
		zone := rapid.SampledFrom(impZones).Draw(t, "zone")
		return time.Unix(sec, nsec).In(zone)
	})
}

// impText draws short free text (a name, an attribute value, a string
// property) full of what CSV must quote: commas, quotes, line breaks,
// leading and trailing spaces. Without crlf it never holds "\r\n", which
// CSV reads back as "\n" (as WriteCustomersCSV documents).
func impText(minLen int, crlf bool) *rapid.Generator[string] {
	runes := []rune{'a', 'Z', '7', ',', '"', '\n', '\r', ' ', '\t', 'é', '€', ';', '\\', '.', '{'}
	return rapid.Custom(func(t *rapid.T) string {
		s := rapid.StringOfN(rapid.RuneFrom(runes), minLen, 12, -1).Draw(t, "text")
		for !crlf && strings.Contains(s, "\r\n") {
			s = strings.ReplaceAll(s, "\r\n", "\n")
		}
		return s
	})
}

// impKey draws a short key (an ID, a touchpoint, a property name): what
// CSV must quote but no control characters, which keys refuse.
func impKey(minLen int) *rapid.Generator[string] {
	runes := []rune{'a', 'Z', '7', ',', '"', ' ', 'é', '€', ';', '\\', '.', '{', '<', '&'}
	return rapid.StringOfN(rapid.RuneFrom(runes), minLen, 12, -1)
}

// impValue draws a valid Value of any kind: text with line breaks and
// quotes, a number with a scale of up to eight places or a power of ten, a
// truth value, or a time.
func impValue() *rapid.Generator[engagement.Value] {
	return rapid.Custom(func(t *rapid.T) engagement.Value {
		switch rapid.IntRange(0, 3).Draw(t, "value_kind") {
		case 0:
			return engagement.StringValue(impText(0, true).Draw(t, "value_text"))
		case 1:
			return engagement.NumberValue(decimal.New(rapid.Int64().Draw(t, "value_number"), rapid.Int32Range(-8, 4).Draw(t, "value_exp")))
		case 2:
			return engagement.BoolValue(rapid.Bool().Draw(t, "value_bool"))
		}
		return engagement.TimeValue(impTime().Draw(t, "value_time"))
	})
}

// impProperties draws up to max valid properties, nil now and then.
func impProperties(max int) *rapid.Generator[engagement.Properties] {
	return rapid.Custom(func(t *rapid.T) engagement.Properties {
		m := rapid.MapOfN(impKey(1), impValue(), 0, max).Draw(t, "properties")
		if len(m) == 0 {
			return nil
		}
		return engagement.Properties(m)
	})
}

// impKind draws a built-in kind or a user-defined one.
func impKind() *rapid.Generator[engagement.Kind] {
	return rapid.OneOf(
		rapid.SampledFrom(engagement.BuiltinKinds()),
		rapid.Map(rapid.StringMatching(`[a-z][a-z0-9_]{0,31}`), func(s string) engagement.Kind {
			return engagement.Kind(s)
		}),
	)
}

// impAmount draws a non-negative amount with up to six decimal places,
// sometimes zero.
func impAmount() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		if rapid.IntRange(0, 4).Draw(t, "amount_zero") == 0 {
			return decimal.Decimal{}
		}
		return decimal.New(rapid.Int64Range(0, 1e12).Draw(t, "amount_value"), rapid.Int32Range(-6, 2).Draw(t, "amount_exp"))
	})
}

// impRating draws no rating or one within its scale.
func impRating() *rapid.Generator[engagement.Rating] {
	return rapid.Custom(func(t *rapid.T) engagement.Rating {
		switch rapid.IntRange(0, 2).Draw(t, "rating_scale") {
		case 1:
			return engagement.Satisfied(rapid.IntRange(1, 5).Draw(t, "satisfaction"))
		case 2:
			return engagement.Recommends(rapid.IntRange(0, 10).Draw(t, "recommend"))
		}
		return engagement.Rating{}
	})
}

// impInteraction draws a valid interaction. Its IDs and touch point hold
// no control characters, and string properties any text: both formats
// carry every valid interaction exactly.
func impInteraction() *rapid.Generator[engagement.Interaction] {
	return rapid.Custom(func(t *rapid.T) engagement.Interaction {
		return engagement.Interaction{
			ID:         impKey(1).Draw(t, "id"),
			Customer:   engagement.CustomerID(impKey(1).Draw(t, "customer")),
			Time:       impTime().Draw(t, "time"),
			Kind:       impKind().Draw(t, "kind"),
			Touchpoint: impKey(0).Draw(t, "touchpoint"),
			Amount:     impAmount().Draw(t, "amount"),
			Rating:     impRating().Draw(t, "rating"),
			Properties: impProperties(4).Draw(t, "properties"),
		}
	})
}

// impInteractions draws up to max valid interactions with distinct IDs.
func impInteractions(max int) *rapid.Generator[[]engagement.Interaction] {
	return rapid.Custom(func(t *rapid.T) []engagement.Interaction {
		ins := rapid.SliceOfN(impInteraction(), 0, max).Draw(t, "interactions")
		for i := range ins {
			ins[i].ID += "#" + strconv.Itoa(i)
		}
		return ins
	})
}

// impCustomer draws a valid customer. Attribute keys have no surrounding
// white space and values are not empty, since CSV cannot carry those.
func impCustomer(crlf bool) *rapid.Generator[engagement.Customer] {
	return rapid.Custom(func(t *rapid.T) engagement.Customer {
		c := engagement.Customer{
			ID:      engagement.CustomerID(impKey(1).Draw(t, "id")),
			Name:    impText(0, crlf).Draw(t, "name"),
			Group:   engagement.Group(rapid.IntRange(0, 4).Draw(t, "group")),
			Consent: engagement.Consent(rapid.IntRange(0, 2).Draw(t, "consent")),
			Account: engagement.AccountID(impKey(0).Draw(t, "account")),
			Traits:  impProperties(4).Draw(t, "traits"),
		}
		keys := rapid.SliceOfN(rapid.StringMatching(`[A-Za-z][A-Za-z0-9 _.,-]{0,6}[a-z0-9]`), 0, 3).Draw(t, "attribute_keys")
		for _, k := range keys {
			if c.Attributes == nil {
				c.Attributes = make(map[string]string)
			}
			c.Attributes[k] = impText(1, crlf).Draw(t, "attribute_value")
		}
		return c
	})
}

// impCorruption is a bad value put in one column (CSV) or member (JSON) of
// a row, and the error field it must produce in each format.
type impCorruption struct {
	column    string // the column or member to spoil
	text      string // the bad value: a JSON value for the properties member
	csvField  string // the field the CSV reader's error names
	jsonField string // the field the JSON Lines reader's error names
	value     string // the value the errors name, when not text
}

var impCorruptions = []impCorruption{
	{"kind", "Not a kind!", "kind", "kind", ""},
	{"amount", "-3.5", "amount", "amount", ""},
	{"amount", "12,50", "amount", "amount", ""},
	{"time", "yesterday", "time", "time", ""},
	{"time", "1500-01-01", "time", "time", ""},
	{"rating", "11", "rating", "rating.value", ""},
	{"scale", "stars", "scale", "rating.scale", ""},
	{"customer", "", "customer", "customer", ""},
	{"id", "o\t1", "id", "id", ""},
	{"customer", "c\n1", "customer", "customer", ""},
	{"touchpoint", "web\x7f", "touchpoint", "touchpoint", ""},
	{"properties", `{"qty":[2]}`, "properties.qty", "properties.qty", "[2]"},
	{"properties", `{"sku":null}`, "properties.sku", "properties.sku", "null"},
	{"properties", `{"ships":{"time":"soon"}}`, "properties.ships", "properties.ships", "soon"},
	{"properties", `{"a\u0001b":1}`, "properties name", "properties name", "a\x01b"},
	{"properties", `{"":1}`, "properties name", "properties name", ""},
	{"properties", `{"sku":"a","sku":"b"}`, "properties.sku", "properties.sku", `"b"`},
}

// want returns the value the errors of c name.
func (c impCorruption) want() string {
	if c.value != "" || c.column == "properties" {
		return c.value
	}
	return c.text
}

// impRow is one row of a generated file: an interaction, spoilt when bad is
// not nil.
type impRow struct {
	in  engagement.Interaction
	bad *impCorruption
}

// impWant is the error a bad row must yield.
type impWant struct {
	Line         int
	Field, Value string
}

// impRows draws up to max rows with distinct IDs, each bad with
// probability badPercent/100.
func impRows(max, badPercent int) *rapid.Generator[[]impRow] {
	return rapid.Custom(func(t *rapid.T) []impRow {
		ins := impInteractions(max).Draw(t, "rows")
		rows := make([]impRow, len(ins))
		for i, in := range ins {
			rows[i].in = in
			if rapid.IntRange(0, 99).Draw(t, "bad_roll") < badPercent {
				c := rapid.SampledFrom(impCorruptions).Draw(t, "corruption")
				rows[i].bad = &c
			}
		}
		return rows
	})
}

// impCSV writes rows as CSV with the columns in the given order, by its own
// means rather than WriteInteractionsCSV, and returns the errors the bad
// rows must yield. The line of a bad value is the row's first line plus the
// line breaks in the cells before it.
func impCSV(t rapid.TB, rows []impRow, columns []string) ([]byte, []impWant) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(columns); err != nil {
		t.Fatal(err)
	}
	var wants []impWant
	line := 2
	for _, r := range rows {
		cells := map[string]string{
			"id":         r.in.ID,
			"customer":   string(r.in.Customer),
			"time":       r.in.Time.UTC().Format(time.RFC3339Nano),
			"kind":       string(r.in.Kind),
			"touchpoint": r.in.Touchpoint,
		}
		if len(r.in.Properties) > 0 {
			b, err := json.Marshal(r.in.Properties)
			if err != nil {
				t.Fatal(err)
			}
			cells["properties"] = string(b)
		}
		if !r.in.Amount.IsZero() {
			cells["amount"] = r.in.Amount.String()
		}
		if !r.in.Rating.IsZero() {
			cells["rating"] = strconv.Itoa(int(r.in.Rating.Value))
			cells["scale"] = r.in.Rating.Scale.String()
		}
		if r.bad != nil {
			cells[r.bad.column] = r.bad.text
			switch r.bad.column {
			case "rating":
				cells["scale"] = "satisfaction"
			case "scale":
				cells["rating"] = "4"
			}
		}
		rec := make([]string, len(columns))
		for i, c := range columns {
			rec[i] = cells[c]
			if r.bad != nil && c == r.bad.column {
				wants = append(wants, impWant{Line: line + strings.Count(strings.Join(rec[:i], ""), "\n"),
					Field: r.bad.csvField, Value: r.bad.want()})
			}
		}
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
		line += 1 + strings.Count(strings.Join(rec, ""), "\n")
	}
	w.Flush()
	return buf.Bytes(), wants
}

// impJSONL writes rows as JSON Lines, by its own means rather than
// WriteInteractionsJSONL, putting blank[i] blank lines before row i, and
// returns the errors the bad rows must yield.
func impJSONL(t rapid.TB, rows []impRow, blank []int) ([]byte, []impWant) {
	var buf bytes.Buffer
	var wants []impWant
	line := 0
	for i, r := range rows {
		for range blank[i] {
			buf.WriteString(" \n")
			line++
		}
		m := map[string]any{
			"id":         r.in.ID,
			"customer":   r.in.Customer,
			"time":       r.in.Time.UTC().Format(time.RFC3339Nano),
			"kind":       r.in.Kind,
			"touchpoint": r.in.Touchpoint,
			"amount":     r.in.Amount.String(),
		}
		if len(r.in.Properties) > 0 {
			m["properties"] = r.in.Properties
		}
		rating := map[string]any{"scale": r.in.Rating.Scale.String(), "value": r.in.Rating.Value}
		if r.bad != nil {
			switch r.bad.column {
			case "rating":
				rating = map[string]any{"scale": "satisfaction", "value": json.Number(r.bad.text)}
			case "scale":
				rating = map[string]any{"scale": r.bad.text, "value": 4}
			case "properties":
				m["properties"] = json.RawMessage(r.bad.text)
			default:
				m[r.bad.column] = r.bad.text
			}
		}
		m["rating"] = rating
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
		line++
		if r.bad != nil {
			wants = append(wants, impWant{Line: line, Field: r.bad.jsonField, Value: r.bad.want()})
		}
	}
	return buf.Bytes(), wants
}

// impFile draws a format and writes rows in it.
func impFile(t *rapid.T, rows []impRow) (format string, data []byte, wants []impWant,
	read func(io.Reader) iter.Seq2[engagement.Interaction, error]) {
	if rapid.Bool().Draw(t, "jsonl") {
		blank := rapid.SliceOfN(rapid.IntRange(0, 2), len(rows), len(rows)).Draw(t, "blank_lines")
		data, wants = impJSONL(t, rows, blank)
		return "jsonl", data, wants, engagement.ReadInteractionsJSONL
	}
	columns := rapid.Permutation([]string{"id", "customer", "time", "kind", "touchpoint", "amount", "rating", "scale", "properties"}).Draw(t, "columns")
	data, wants = impCSV(t, rows, columns)
	return "csv", data, wants, engagement.ReadInteractionsCSV
}

// impGot turns errors into what impWant compares, failing on any that is
// not a *FieldError.
func impGot(t rapid.TB, errs []error) []impWant {
	var got []impWant
	for _, err := range errs {
		var fe *engagement.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, engagement.ErrInvalid) {
			t.Fatalf("error %v (%T) is not a *FieldError matching ErrInvalid", err, err)
		}
		got = append(got, impWant{Line: fe.Line, Field: fe.Field, Value: fe.Value})
	}
	return got
}

// stored returns every interaction in s, ordered by ID.
func stored(t rapid.TB, s engagement.Store) []engagement.Interaction {
	var got []engagement.Interaction
	for in, err := range s.Interactions(context.Background(), engagement.Query{}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, in)
	}
	return impSorted(got)
}

// countingStore counts the calls that reach the store.
type countingStore struct {
	engagement.Store
	appends, puts int
}

func (s *countingStore) Append(ctx context.Context, batch ...engagement.Interaction) error {
	s.appends++
	return s.Store.Append(ctx, batch...)
}

func (s *countingStore) PutCustomers(ctx context.Context, cs ...engagement.Customer) error {
	s.puts++
	return s.Store.PutCustomers(ctx, cs...)
}

func TestImportStrictOneBadRowAppendsNothing(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rows := impRows(8, 0).Filter(func(rs []impRow) bool { return len(rs) > 0 }).Draw(t, "rows")
		bad := rapid.IntRange(0, len(rows)-1).Draw(t, "bad_row")
		c := rapid.SampledFrom(impCorruptions).Draw(t, "corruption")
		rows[bad].bad = &c
		format, data, wants, read := impFile(t, rows)

		s := engagement.NewMemoryStore()
		res, err := engagement.ImportInteractions(context.Background(), s, read(bytes.NewReader(data)), engagement.ImportOptions{})
		if err == nil {
			t.Fatalf("%s import of a file with a bad row: no error", format)
		}
		if diff := gocmp.Diff(wants, impGot(t, []error{err})); diff != "" {
			t.Errorf("%s: error %v mismatch (-want +got):\n%s", format, err, diff)
		}
		if res.Imported != 0 || res.Skipped != nil {
			t.Errorf("result = %+v, want zero", res)
		}
		if n := s.Len(); n != 0 {
			t.Errorf("store holds %d interactions, want none", n)
		}
	})
}

func TestImportLenientAppendsGoodRowsReportsBadOnes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rows := impRows(12, 30).Draw(t, "rows")
		format, data, wants, read := impFile(t, rows)
		batch := rapid.IntRange(0, 4).Draw(t, "batch_size")

		s := &countingStore{Store: engagement.NewMemoryStore()}
		opt := engagement.ImportOptions{Lenient: true, BatchSize: batch}
		res, err := engagement.ImportInteractions(context.Background(), s, read(bytes.NewReader(data)), opt)
		if err != nil {
			t.Fatalf("%s: lenient import: %v", format, err)
		}
		var good []engagement.Interaction
		for _, r := range rows {
			if r.bad == nil {
				good = append(good, r.in)
			}
		}
		if diff := gocmp.Diff(impSorted(good), stored(t, s)); diff != "" {
			t.Errorf("%s: stored interactions mismatch (-want +got):\n%s", format, diff)
		}
		if res.Imported != len(good) {
			t.Errorf("Imported = %d, want %d", res.Imported, len(good))
		}
		if diff := gocmp.Diff(wants, impGot(t, res.Skipped)); diff != "" {
			t.Errorf("%s: skipped rows mismatch (-want +got):\n%s", format, diff)
		}
		if batch == 0 {
			batch = engagement.DefaultBatchSize
		}
		if want := (len(good) + batch - 1) / batch; s.appends != want {
			t.Errorf("%d calls to Append for %d rows in batches of %d, want %d", s.appends, len(good), batch, want)
		}
	})
}

func TestImportStrictAppendsOnce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rows := impRows(12, 0).Draw(t, "rows")
		format, data, _, read := impFile(t, rows)
		s := &countingStore{Store: engagement.NewMemoryStore()}
		opt := engagement.ImportOptions{BatchSize: 2} // ignored when strict
		res, err := engagement.ImportInteractions(context.Background(), s, read(bytes.NewReader(data)), opt)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if res.Imported != len(rows) || len(res.Skipped) != 0 {
			t.Errorf("result = %+v, want %d imported", res, len(rows))
		}
		if want := min(len(rows), 1); s.appends != want {
			t.Errorf("%d calls to Append, want %d", s.appends, want)
		}
	})
}

func TestImportReturnsStoreErrorAsIs(t *testing.T) {
	ctx := context.Background()
	s := engagement.NewMemoryStore()
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	if err := s.Append(ctx, engagement.Interaction{ID: "o-2", Customer: "c-1", Time: at, Kind: engagement.Visit}); err != nil {
		t.Fatal(err)
	}
	const file = "id,customer,time,kind\no-1,c-1,2024-03-01,purchase\no-2,c-1,2024-03-01,purchase\n"
	for _, lenient := range []bool{false, true} {
		opt := engagement.ImportOptions{Lenient: lenient, BatchSize: 1}
		res, err := engagement.ImportInteractions(ctx, s, engagement.ReadInteractionsCSV(strings.NewReader(file)), opt)
		if !errors.Is(err, engagement.ErrConflict) {
			t.Errorf("lenient=%v: error = %v, want one matching ErrConflict", lenient, err)
		}
		// A lenient import keeps the batch appended before the conflict.
		if want := map[bool]int{false: 0, true: 1}[lenient]; res.Imported != want {
			t.Errorf("lenient=%v: Imported = %d, want %d", lenient, res.Imported, want)
		}
	}
}

func TestImportLenientFailsOnBadFile(t *testing.T) {
	const file = "id,customer,time,knd\no-1,c-1,2024-03-01,purchase\n"
	s := engagement.NewMemoryStore()
	opt := engagement.ImportOptions{Lenient: true}
	res, err := engagement.ImportInteractions(context.Background(), s, engagement.ReadInteractionsCSV(strings.NewReader(file)), opt)
	if !errors.Is(err, engagement.ErrFormat) {
		t.Errorf("error = %v, want one matching ErrFormat", err)
	}
	if res.Imported != 0 || len(res.Skipped) != 0 || s.Len() != 0 {
		t.Errorf("result = %+v with %d stored, want nothing", res, s.Len())
	}
}

func TestImportLenientFailsOnReadError(t *testing.T) {
	const file = "id,customer,time,kind\no-1,c-1,2024-03-01,purchase\no-2,c-1,2024-03-02,purchase\n"
	broken := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader(file), iotest.ErrReader(broken))
	s := engagement.NewMemoryStore()
	opt := engagement.ImportOptions{Lenient: true, BatchSize: 1}
	res, err := engagement.ImportInteractions(context.Background(), s, engagement.ReadInteractionsCSV(r), opt)
	if !errors.Is(err, broken) || errors.Is(err, engagement.ErrInvalid) {
		t.Errorf("error = %v, want one wrapping the read error and not ErrInvalid", err)
	}
	if res.Imported != 2 || s.Len() != 2 {
		t.Errorf("Imported = %d with %d stored, want the 2 rows read before the failure", res.Imported, s.Len())
	}
}

func TestImportHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	const file = "id,customer,time,kind\no-1,c-1,2024-03-01,purchase\n"
	s := engagement.NewMemoryStore()
	for _, lenient := range []bool{false, true} {
		opt := engagement.ImportOptions{Lenient: lenient}
		_, err := engagement.ImportInteractions(ctx, s, engagement.ReadInteractionsCSV(strings.NewReader(file)), opt)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("lenient=%v: error = %v, want context.Canceled", lenient, err)
		}
	}
	if s.Len() != 0 {
		t.Errorf("store holds %d interactions, want none", s.Len())
	}
}

func TestImportValidatesRowsFromAnySequence(t *testing.T) {
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	good := engagement.Interaction{ID: "o-1", Customer: "c-1", Time: at, Kind: engagement.Purchase}
	bad := engagement.Interaction{ID: "o-2", Customer: "c-1", Time: at, Kind: "Not a kind"}
	seq := func(yield func(engagement.Interaction, error) bool) {
		_ = yield(good, nil) && yield(bad, nil)
	}
	s := engagement.NewMemoryStore()
	if _, err := engagement.ImportInteractions(context.Background(), s, seq, engagement.ImportOptions{}); !errors.Is(err, engagement.ErrInvalid) {
		t.Errorf("strict: error = %v, want one matching ErrInvalid", err)
	}
	res, err := engagement.ImportInteractions(context.Background(), s, seq, engagement.ImportOptions{Lenient: true})
	if err != nil || res.Imported != 1 || len(res.Skipped) != 1 || !errors.Is(res.Err(), engagement.ErrInvalid) {
		t.Errorf("lenient: result %+v, error %v; want 1 imported and 1 skipped", res, err)
	}
}

func TestImportCustomers(t *testing.T) {
	const file = "id,name,group,consent,attr.region\n" +
		"c-1,Ada,customer,yes,north\n" +
		"c-2,Bob,stranger,no,\n" + // line 3: bad group
		"c-3,Cy,,,south\n" +
		"c-1,Ada L.,advocate,yes,north\n" // the later c-1 wins
	ctx := context.Background()

	s := engagement.NewMemoryStore()
	_, err := engagement.ImportCustomers(ctx, s, engagement.ReadCustomersCSV(strings.NewReader(file)), engagement.ImportOptions{})
	var fe *engagement.FieldError
	if !errors.As(err, &fe) || fe.Line != 3 || fe.Field != "group" || fe.Value != "stranger" {
		t.Errorf("strict: error = %v, want line 3, group, stranger", err)
	}
	if _, err := s.Customer(ctx, "c-1"); !errors.Is(err, engagement.ErrNotFound) {
		t.Errorf("strict import stored c-1 (%v), want nothing stored", err)
	}

	cs := &countingStore{Store: s}
	res, err := engagement.ImportCustomers(ctx, cs, engagement.ReadCustomersCSV(strings.NewReader(file)), engagement.ImportOptions{Lenient: true, BatchSize: 2})
	if err != nil || res.Imported != 3 || len(res.Skipped) != 1 || cs.puts != 2 {
		t.Errorf("lenient: result %+v, error %v, %d calls; want 3 imported in 2 calls, 1 skipped", res, err, cs.puts)
	}
	var got []engagement.Customer
	for c, err := range s.Customers(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c)
	}
	want := []engagement.Customer{
		{ID: "c-1", Name: "Ada L.", Group: engagement.GroupAdvocate, Consent: engagement.ConsentGiven, Attributes: map[string]string{"region": "north"}},
		{ID: "c-3", Name: "Cy", Attributes: map[string]string{"region": "south"}},
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("stored customers mismatch (-want +got):\n%s", diff)
	}
}

// impSorted returns ins ordered by ID, for comparing sets.
func impSorted(ins []engagement.Interaction) []engagement.Interaction {
	ins = slices.Clone(ins)
	slices.SortFunc(ins, func(a, b engagement.Interaction) int { return cmp.Compare(a.ID, b.ID) })
	return ins
}

// impBenchFile writes n interactions in the format write makes.
func impBenchFile(b *testing.B, n int, write func(io.Writer, iter.Seq[engagement.Interaction]) error) []byte {
	at := time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)
	ins := func(yield func(engagement.Interaction) bool) {
		for i := range n {
			in := engagement.Interaction{
				ID: "o-" + strconv.Itoa(i), Customer: engagement.CustomerID("c-" + strconv.Itoa(i%1000)),
				Time: at.Add(time.Duration(i) * time.Minute), Kind: engagement.Purchase,
				Touchpoint: "web", Amount: decimal.New(int64(1000+i%5000), -2),
			}
			if i%10 == 0 {
				in.Kind, in.Amount, in.Rating = engagement.RatingGiven, decimal.Decimal{}, engagement.Satisfied(1+i%5)
			}
			if !yield(in) {
				return
			}
		}
	}
	var buf bytes.Buffer
	if err := write(&buf, ins); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkReadInteractions(b *testing.B) {
	const n = 10000
	for _, f := range []struct {
		name  string
		write func(io.Writer, iter.Seq[engagement.Interaction]) error
		read  func(io.Reader) iter.Seq2[engagement.Interaction, error]
	}{
		{"csv", engagement.WriteInteractionsCSV, engagement.ReadInteractionsCSV},
		{"jsonl", engagement.WriteInteractionsJSONL, engagement.ReadInteractionsJSONL},
	} {
		b.Run(f.name+"/n=10000", func(b *testing.B) {
			data := impBenchFile(b, n, f.write)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				for _, err := range f.read(bytes.NewReader(data)) {
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

func TestImportProgress(t *testing.T) {
	var file strings.Builder
	file.WriteString("id,customer,time,kind\n")
	const rows = 25
	for i := range rows {
		if i == 7 {
			file.WriteString("bad,c-1,not a time,purchase\n") // counted, though skipped
			continue
		}
		file.WriteString("o-" + strconv.Itoa(i) + ",c-1,2024-03-01,purchase\n")
	}
	var calls []int
	opt := engagement.ImportOptions{Lenient: true, Progress: func(n int) { calls = append(calls, n) }, ProgressEvery: 10}
	res, err := engagement.ImportInteractions(context.Background(), engagement.NewMemoryStore(),
		engagement.ReadInteractionsCSV(strings.NewReader(file.String())), opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != rows-1 || len(res.Skipped) != 1 {
		t.Fatalf("imported %d, skipped %d; want %d, 1", res.Imported, len(res.Skipped), rows-1)
	}
	if d := gocmp.Diff([]int{10, 20, 25}, calls); d != "" {
		t.Errorf("progress calls (-want +got):\n%s", d)
	}
}
