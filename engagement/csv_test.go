package engagement_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/engagekit/engage/engagement"
)

// collect ranges over seq, returning the values and the errors apart.
func collect[T any](seq iter.Seq2[T, error]) ([]T, []error) {
	var vs []T
	var errs []error
	for v, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		vs = append(vs, v)
	}
	return vs, errs
}

// fieldErrors describes errs for comparison: line, field and value, and
// whether each matches ErrFormat.
type fieldErr struct {
	Line         int
	Field, Value string
	Format       bool
}

func fieldErrors(t testing.TB, errs []error) []fieldErr {
	t.Helper()
	var got []fieldErr
	for _, err := range errs {
		var fe *engagement.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, engagement.ErrInvalid) {
			t.Fatalf("error %v (%T) is not a *FieldError matching ErrInvalid", err, err)
		}
		if !strings.HasPrefix(err.Error(), "engagement: ") {
			t.Errorf("error %q lacks the package prefix", err)
		}
		got = append(got, fieldErr{fe.Line, fe.Field, fe.Value, errors.Is(err, engagement.ErrFormat)})
	}
	return got
}

func TestReadInteractionsCSV(t *testing.T) {
	// A byte order mark, columns in another order and case, CRLF line
	// breaks, a quoted touchpoint, a properties object over two lines,
	// blank lines, a date alone, an empty amount, a scale without a rating.
	const file = "\ufeffKind, ID ,customer,Time,touchpoint,amount,rating,Scale,Properties\r\n" +
		"purchase,o-1,c-1,2024-03-01T15:04:05.123456789+01:00,\"shop, \"\"north\"\"\",12.50,,,\"{\"\"sku\"\":\"\"A-1\"\",\"\"qty\"\":1.50}\"\r\n" +
		"\r\n" +
		"Service request,o-2,c-1,2024-03-02,desk,,,satisfaction,\"{\"\"note\"\":\"\"line one\\nline two\"\",\n \"\"ships\"\":{\"\"time\"\":\"\"2024-03-05T10:00:00+01:00\"\"},\"\"gift\"\":false}\"\r\n" +
		"rating,s-1,c-2,2024-03-03T00:00:00Z,web,,9,NPS,\r\n"
	got, errs := collect(engagement.ReadInteractionsCSV(strings.NewReader(file)))
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := []engagement.Interaction{
		{ID: "o-1", Customer: "c-1", Time: time.Date(2024, 3, 1, 14, 4, 5, 123456789, time.UTC),
			Kind: engagement.Purchase, Touchpoint: `shop, "north"`, Amount: decimal.RequireFromString("12.5"),
			Properties: engagement.Properties{"sku": engagement.StringValue("A-1"), "qty": engagement.NumberValue(decimal.New(150, -2))}},
		{ID: "o-2", Customer: "c-1", Time: time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC),
			Kind: engagement.ServiceRequest, Touchpoint: "desk",
			Properties: engagement.Properties{
				"note":  engagement.StringValue("line one\nline two"),
				"ships": engagement.TimeValue(time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC)),
				"gift":  engagement.BoolValue(false),
			}},
		{ID: "s-1", Customer: "c-2", Time: time.Date(2024, 3, 3, 0, 0, 0, 0, time.UTC),
			Kind: engagement.RatingGiven, Touchpoint: "web", Rating: engagement.Recommends(9)},
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("interactions mismatch (-want +got):\n%s", diff)
	}
	if len(got) > 0 {
		if qty := got[0].Properties["qty"].String(); qty != "1.50" {
			t.Errorf("qty read as %s, want 1.50: the scale is kept", qty)
		}
	}
}

// TestReadCSVRefusesControlCharacters checks that keys (IDs, touch
// points, accounts, property and trait names) with control characters are
// refused with the line, field and value, while text values may hold them.
func TestReadCSVRefusesControlCharacters(t *testing.T) {
	const interactions = "id,customer,time,kind,touchpoint,properties\n" +
		"o\t1,c-1,2024-03-01,visit,,\n" +
		"o-2,\"c\n1\",2024-03-01,visit,,\n" + // lines 3 and 4
		"o-3,c-1,2024-03-01,visit,web\x00,\n" +
		"o-4,c-1,2024-03-01,visit,,\"{\"\"a\\u0007\"\":1}\"\n" +
		"o-5,c-1,2024-03-01,visit,,\"{\"\"note\"\":\"\"tab\\there\"\"}\"\n" +
		"o-6\u0085,c-1,2024-03-01,visit,,\n" +
		"o-7,c-1,2024-03-01,visit,\x7f,\n" +
		"o-8,c-1,2024-03-01,visit,,\n"
	got, errs := collect(engagement.ReadInteractionsCSV(strings.NewReader(interactions)))
	want := []fieldErr{
		{2, "id", "o\t1", false},
		{3, "customer", "c\n1", false},
		{5, "touchpoint", "web\x00", false},
		{6, "properties name", "a\a", false},
		{8, "id", "o-6\u0085", false},
		{9, "touchpoint", "\x7f", false},
	}
	if diff := gocmp.Diff(want, fieldErrors(t, errs)); diff != "" {
		t.Errorf("interactions: errors mismatch (-want +got):\n%s\nerrors: %v", diff, errs)
	}
	if len(got) != 2 || got[0].Properties["note"].String() != "tab\there" {
		t.Errorf("read %v, want o-5 with its tab and o-8", got)
	}

	const customers = "id,name,account,traits\n" +
		"c\x01,Ada,,\n" +
		"c-2,Bob,\"acme\n\",\n" + // lines 3 and 4
		"c-3,Cy,acme,\"{\"\"plan\\u000a\"\":\"\"pro\"\"}\"\n" +
		"c-4,\"Di\nx\",acme,\"{\"\"seats\"\":12,\"\"since\"\":{\"\"time\"\":\"\"2024-03-01T00:00:00Z\"\"}}\"\n" + // lines 6 and 7
		"c-5,,,\"{\"\"seats\"\":\"\"12\"\"\"\n" +
		"c-6,,,\"{\"\"seats\"\":\"\"12\"\",\"\"seats\"\":13}\"\n" +
		"c-7,,,\"[1]\"\n"
	cs, errs := collect(engagement.ReadCustomersCSV(strings.NewReader(customers)))
	want = []fieldErr{
		{2, "id", "c\x01", false},
		{3, "account", "acme\n", false},
		{5, "traits name", "plan\n", false},
		{8, "traits", `{"seats":"12"`, false},
		{9, "traits.seats", "13", false},
		{10, "traits", "[1]", false},
	}
	if diff := gocmp.Diff(want, fieldErrors(t, errs)); diff != "" {
		t.Errorf("customers: errors mismatch (-want +got):\n%s\nerrors: %v", diff, errs)
	}
	wantCs := []engagement.Customer{{ID: "c-4", Name: "Di\nx", Account: "acme", Traits: engagement.Properties{
		"seats": engagement.IntValue(12), "since": engagement.TimeValue(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))}}}
	if diff := gocmp.Diff(wantCs, cs); diff != "" {
		t.Errorf("customers mismatch (-want +got):\n%s", diff)
	}
}

// TestReadInteractionsCSVPropertyErrors checks that a bad properties cell
// names the line, the column or the property, and the value.
func TestReadInteractionsCSVPropertyErrors(t *testing.T) {
	many := make([]string, engagement.MaxProperties+1)
	for i := range many {
		many[i] = `""p` + strconv.Itoa(i) + `"":1`
	}
	const header = "id,customer,time,kind,properties\n"
	file := header +
		"o-1,c-1,2024-03-01,visit,{bad\n" +
		"o-2,c-1,2024-03-01,visit,\"{\"\"qty\"\":1e}\"\n" +
		"o-3,c-1,2024-03-01,visit,\"{\"\"qty\"\":[1]}\"\n" +
		"o-4,c-1,2024-03-01,visit,\"{\"\"at\"\":{\"\"time\"\":\"\"soon\"\"}}\"\n" +
		"o-5,c-1,2024-03-01,visit,\"{\"\"at\"\":{\"\"when\"\":\"\"2024-03-01T00:00:00Z\"\"}}\"\n" +
		"o-6,c-1,2024-03-01,visit,\"{\"\"at\"\":{\"\"time\"\":\"\"1500-03-01T00:00:00Z\"\"}}\"\n" +
		"o-7,c-1,2024-03-01,visit,\"{\"\"\"\":true}\"\n" +
		"o-8,c-1,2024-03-01,visit,\"{\"\"s\"\":\"\"" + strings.Repeat("x", engagement.MaxValueBytes+1) + "\"\"}\"\n" +
		"o-9,c-1,2024-03-01,visit,\"{" + strings.Join(many, ",") + "}\"\n" +
		"o-10,c-1,2024-03-01,visit,\"{\"\"qty\"\":null}\"\n" +
		"o-11,c-1,2024-03-01,visit, null \n" +
		"o-12,c-1,2024-03-01,visit,  \n" +
		"o-13,c-1,2024-03-01,visit,{}\n"
	got, errs := collect(engagement.ReadInteractionsCSV(strings.NewReader(file)))
	gotErrs := fieldErrors(t, errs)
	want := []fieldErr{
		{2, "properties", "{bad", false},
		{3, "properties", `{"qty":1e}`, false},
		{4, "properties.qty", "[1]", false},
		{5, "properties.at", "soon", false},
		{6, "properties.at", `{"when":"2024-03-01T00:00:00Z"}`, false},
		{7, "properties.at", "1500-03-01T00:00:00Z", false},
		{8, "properties name", "", false},
		{9, "properties.s", short(strings.Repeat("x", engagement.MaxValueBytes+1)), false},
		{10, "properties", short("{" + strings.ReplaceAll(strings.Join(many, ","), `""`, `"`) + "}"), false},
		{11, "properties.qty", "null", false},
		{12, "properties", " null ", false},
	}
	if diff := gocmp.Diff(want, gotErrs); diff != "" {
		t.Errorf("errors mismatch (-want +got):\n%s\nerrors: %v", diff, errs)
	}
	if len(got) != 2 {
		t.Errorf("read %d interactions, want o-12 and o-13, without properties", len(got))
	}
	for _, in := range got {
		if in.Properties != nil {
			t.Errorf("%s: properties %v, want none", in.ID, in.Properties)
		}
	}
}

func TestReadInteractionsCSVErrors(t *testing.T) {
	const header = "id,customer,time,kind,touchpoint,amount,rating,scale\n"
	tests := []struct {
		name string
		file string
		want []fieldErr
		n    int // interactions read
	}{{
		name: "empty input",
		file: "",
		want: []fieldErr{{1, "header", "", true}},
	}, {
		name: "header only",
		file: header,
	}, {
		name: "unknown column stops",
		file: "id,customer,time,kind,colour\no-1,c-1,2024-03-01,purchase,red\n",
		want: []fieldErr{{1, "header", "colour", true}},
	}, {
		name: "missing column stops",
		file: "id,time,kind\no-1,2024-03-01,purchase\n",
		want: []fieldErr{{1, "header", "customer", true}},
	}, {
		name: "repeated column stops",
		file: "id,customer,time,kind,ID\n",
		want: []fieldErr{{1, "header", "ID", true}},
	}, {
		name: "malformed header stops",
		file: "id,cust\"omer,time,kind\no-1,c-1,2024-03-01,purchase\n",
		want: []fieldErr{{1, "header", "", true}},
	}, {
		name: "bad rows are reported and skipped",
		file: header +
			"o-1,c-1,2024-03-01,purchase,,,,\n" +
			"o-2,c-1,yesterday,purchase,,,,\n" + // line 3
			"o-3,c-1,2024-03-01,Not a kind!,,,,\n" +
			"o-4,c-1,2024-03-01,purchase,,-1,,\n" +
			"o-5,c-1,2024-03-01,purchase,,1x,,\n" +
			"o-6,c-1,2024-03-01,rating,,,6,satisfaction\n" +
			"o-7,c-1,2024-03-01,rating,,,4,\n" +
			"o-8,c-1,2024-03-01,rating,,,four,satisfaction\n" +
			"o-9,c-1,2024-03-01,rating,,,4,stars\n" +
			",c-1,2024-03-01,purchase,,,,\n" +
			"o-11,,2024-03-01,purchase,,,,\n" +
			"o-12,c-1,1600-01-01,purchase,,,,\n" +
			"o-13,c-1,2024-03-01,purchase\n" +
			"o-14,c-1,2024-03-01,rating,,,300,recommend\n" +
			"o-15,c-1,2024-03-01,purchase,,,,\n",
		want: []fieldErr{
			{3, "time", "yesterday", false},
			{4, "kind", "Not a kind!", false},
			{5, "amount", "-1", false},
			{6, "amount", "1x", false},
			{7, "rating", "6", false},
			{8, "scale", "", false},
			{9, "rating", "four", false},
			{10, "scale", "stars", false},
			{11, "id", "", false},
			{12, "customer", "", false},
			{13, "time", "1600-01-01", false},
			{14, "record", "o-13,c-1,2024-03-01,purchase", false},
			{15, "rating", "300", false},
		},
		n: 2,
	}, {
		name: "a bad value on the second line of a record",
		file: header + "o-1,c-1,2024-03-01,purchase,\"two\nlines\",nine,,\n",
		want: []fieldErr{{3, "amount", "nine", false}},
	}, {
		name: "bad quoting names the column and goes on",
		file: header +
			"o-1,c-1,2024-03-01,purchase,sh\"op,,,\n" +
			"o-2,c-1,2024-03-01,purchase,\"shop\"x,,,\n" +
			"o-3,c-1,2024-03-01,purchase,,,,\n" +
			"o-4,c-1,2024-03-01,purchase,\"never closed,,,\n",
		want: []fieldErr{
			{2, "touchpoint", "", false},
			{3, "touchpoint", "", false},
			{5, "touchpoint", "", false},
		},
		n: 1,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := collect(engagement.ReadInteractionsCSV(strings.NewReader(tt.file)))
			if diff := gocmp.Diff(tt.want, fieldErrors(t, errs)); diff != "" {
				t.Errorf("errors mismatch (-want +got):\n%s\nerrors: %v", diff, errs)
			}
			if len(got) != tt.n {
				t.Errorf("read %d interactions, want %d", len(got), tt.n)
			}
		})
	}
}

func TestReadInteractionsCSVMessages(t *testing.T) {
	const file = "id,customer,time,kind,touchpoint\n" +
		"o-1,c-1,2024-03-01,Not a kind!,\n" +
		"o-2,c-1,2024-03-01,visit,sh\"op\n"
	_, errs := collect(engagement.ReadInteractionsCSV(strings.NewReader(file)))
	want := []string{
		`engagement: line 2: kind "Not a kind!": want lower-case letters, digits and underscores, starting with a letter`,
		`engagement: line 3: touchpoint "": column 28: bare " in non-quoted-field`,
	}
	var got []string
	for _, err := range errs {
		got = append(got, err.Error())
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("messages mismatch (-want +got):\n%s", diff)
	}
	if len(errs) == 2 && !errors.Is(errs[1], csv.ErrBareQuote) {
		t.Errorf("quoting error %v does not match csv.ErrBareQuote", errs[1])
	}
}

func TestReadInteractionsCSVRecordTooLong(t *testing.T) {
	// A quoted field of many short lines never closes: the reader must stop
	// at the bound, not read the whole input into one record.
	long := io.MultiReader(
		strings.NewReader("id,customer,time,kind,touchpoint\no-1,c-1,2024-03-01,purchase,x\no-2,c-1,2024-03-01,purchase,\""),
		strings.NewReader(strings.Repeat("a\n", engagement.MaxRecordLen)),
		strings.NewReader("\"\no-3,c-1,2024-03-01,purchase,x\n"),
	)
	got, errs := collect(engagement.ReadInteractionsCSV(long))
	if diff := gocmp.Diff([]fieldErr{{3, "record", "", true}}, fieldErrors(t, errs)); diff != "" {
		t.Errorf("errors mismatch (-want +got):\n%s", diff)
	}
	if len(got) != 1 {
		t.Errorf("read %d interactions, want 1", len(got))
	}
}

func TestReadInteractionsCSVReadError(t *testing.T) {
	broken := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader("id,customer,time,kind\no-1,c-1,2024-03-01,purchase\no-2,c-1,20"), iotest.ErrReader(broken))
	got, errs := collect(engagement.ReadInteractionsCSV(r))
	if len(got) != 1 || len(errs) != 1 || !errors.Is(errs[0], broken) || errors.Is(errs[0], engagement.ErrInvalid) {
		t.Errorf("got %d interactions and errors %v; want 1 and the read error", len(got), errs)
	}
}

func TestReadInteractionsCSVStopsWhenAsked(t *testing.T) {
	const file = "id,customer,time,kind\no-1,c-1,2024-03-01,purchase\no-2,c-1,bad,purchase\no-3,c-1,2024-03-01,purchase\n"
	n := 0
	for range engagement.ReadInteractionsCSV(strings.NewReader(file)) {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Errorf("ranged over %d values, want 2", n)
	}
}

func TestReadCustomersCSV(t *testing.T) {
	const file = "ID,Name,Attr.Region,group,attributes.Tier,consent\n" +
		"c-1,\"Lovelace, Ada\",north,customer,gold,yes\n" +
		"c-2,,,,,\n" +
		"c-3,Cy,south,stranger,,\n" + // line 4
		"c-4,Di,,former,,maybe\n"
	got, errs := collect(engagement.ReadCustomersCSV(strings.NewReader(file)))
	want := []engagement.Customer{
		{ID: "c-1", Name: "Lovelace, Ada", Group: engagement.GroupCustomer, Consent: engagement.ConsentGiven,
			Attributes: map[string]string{"Region": "north", "Tier": "gold"}},
		{ID: "c-2"},
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("customers mismatch (-want +got):\n%s", diff)
	}
	wantErrs := []fieldErr{{4, "group", "stranger", false}, {5, "consent", "maybe", false}}
	if diff := gocmp.Diff(wantErrs, fieldErrors(t, errs)); diff != "" {
		t.Errorf("errors mismatch (-want +got):\n%s", diff)
	}

	for _, header := range []string{"id,attr.,name", "id,attr.x,Attributes.x", "name", "id,region"} {
		_, errs := collect(engagement.ReadCustomersCSV(strings.NewReader(header + "\n")))
		if len(errs) != 1 || !errors.Is(errs[0], engagement.ErrFormat) {
			t.Errorf("header %q: errors %v, want one matching ErrFormat", header, errs)
		}
	}
}

func TestWriteInteractionsCSV(t *testing.T) {
	ams := time.FixedZone("AMT", 19*60+32) // RFC 3339 cannot state this offset
	ins := []engagement.Interaction{
		{ID: "o-1", Customer: "c-1", Time: time.Date(2024, 3, 1, 15, 4, 5, 500, time.FixedZone("", 3600)),
			Kind: engagement.Purchase, Touchpoint: "shop, \"north\"", Amount: decimal.RequireFromString("12.50"),
			Properties: engagement.Properties{
				"sku":   engagement.StringValue("<A-1>"),
				"qty":   engagement.NumberValue(decimal.New(150, -2)),
				"gift":  engagement.BoolValue(true),
				"ships": engagement.TimeValue(time.Date(2024, 3, 2, 1, 0, 0, 0, time.FixedZone("", 3600))),
			}},
		{ID: "s-1", Customer: "c-2", Time: time.Date(1909, 3, 1, 0, 0, 0, 0, ams), Kind: "webinar",
			Rating: engagement.Recommends(0)},
	}
	var buf bytes.Buffer
	if err := engagement.WriteInteractionsCSV(&buf, slices.Values(ins)); err != nil {
		t.Fatal(err)
	}
	want := "id,customer,time,kind,touchpoint,amount,rating,scale,properties\n" +
		"o-1,c-1,2024-03-01T15:04:05.0000005+01:00,purchase,\"shop, \"\"north\"\"\",12.5,,," +
		"\"{\"\"gift\"\":true,\"\"qty\"\":1.50,\"\"ships\"\":{\"\"time\"\":\"\"2024-03-02T00:00:00Z\"\"},\"\"sku\"\":\"\"<A-1>\"\"}\"\n" +
		"s-1,c-2,1909-02-28T23:40:28Z,webinar,,,0,recommend,\n"
	if diff := gocmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("output mismatch (-want +got):\n%s", diff)
	}

	bad := append(ins, engagement.Interaction{ID: "o-2", Customer: "c-1", Kind: engagement.Purchase})
	buf.Reset()
	err := engagement.WriteInteractionsCSV(&buf, slices.Values(bad))
	if !errors.Is(err, engagement.ErrInvalid) {
		t.Errorf("writing an interaction without a time: error %v, want one matching ErrInvalid", err)
	}
	if !strings.HasPrefix(buf.String(), want) {
		t.Errorf("output before the bad interaction = %q, want %q", buf.String(), want)
	}
}

func TestWriteCustomersCSV(t *testing.T) {
	cs := []engagement.Customer{
		{ID: "c-1", Name: "Ada", Group: engagement.GroupAdvocate, Consent: engagement.ConsentGiven, Account: "acme",
			Attributes: map[string]string{"tier": "gold", "Region": "north"},
			Traits:     engagement.Properties{"seats": engagement.IntValue(12), "plan": engagement.StringValue("pro")}},
		{ID: "c-2", Attributes: map[string]string{"segment": "b2b"}},
	}
	var buf bytes.Buffer
	if err := engagement.WriteCustomersCSV(&buf, slices.Values(cs)); err != nil {
		t.Fatal(err)
	}
	want := "id,name,group,consent,account,traits,attr.Region,attr.segment,attr.tier\n" +
		"c-1,Ada,advocate,given,acme,\"{\"\"plan\"\":\"\"pro\"\",\"\"seats\"\":12}\",north,,gold\n" +
		"c-2,,,unknown,,,,b2b,\n"
	if diff := gocmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("output mismatch (-want +got):\n%s", diff)
	}
	for _, key := range []string{"", " region"} {
		buf.Reset()
		c := engagement.Customer{ID: "c-1", Attributes: map[string]string{key: "x"}}
		err := engagement.WriteCustomersCSV(&buf, slices.Values([]engagement.Customer{c}))
		if !errors.Is(err, engagement.ErrInvalid) || buf.Len() != 0 {
			t.Errorf("attribute key %q: error %v, output %q; want ErrInvalid and no output", key, err, buf.String())
		}
	}
}

func TestInteractionsCSVRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		roundTrip(t, impInteractions(10).Draw(t, "values"), engagement.WriteInteractionsCSV, engagement.ReadInteractionsCSV)
	})
}

func TestCustomersCSVRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		roundTrip(t, rapid.SliceOfN(impCustomer(false), 0, 6).Draw(t, "values"), engagement.WriteCustomersCSV, engagement.ReadCustomersCSV)
	})
}

// checkRead is the property both fuzz targets of a format state for what a
// reader makes of any input: it does not panic; every error is a
// *FieldError on a line of the input, and one matching ErrFormat is the
// last; everything read is valid and survives writing and reading back.
func checkRead[T any](t *testing.T, data []byte,
	read func(io.Reader) iter.Seq2[T, error], write func(io.Writer, iter.Seq[T]) error, validate func(T) error) {
	var got []T
	lines := bytes.Count(data, []byte("\n")) + 1
	stopped := false
	for v, err := range read(bytes.NewReader(data)) {
		if stopped {
			t.Fatalf("reader went on after an error matching ErrFormat")
		}
		if err != nil {
			var fe *engagement.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, engagement.ErrInvalid) {
				t.Fatalf("error %v (%T) is not a *FieldError matching ErrInvalid", err, err)
			}
			if fe.Line < 1 || fe.Line > lines {
				t.Fatalf("error %v: line %d outside 1 to %d", err, fe.Line, lines)
			}
			stopped = errors.Is(err, engagement.ErrFormat)
			continue
		}
		if err := validate(v); err != nil {
			t.Fatalf("read %+v, which is invalid: %v", v, err)
		}
		got = append(got, v)
	}
	var buf bytes.Buffer
	if err := write(&buf, slices.Values(got)); err != nil {
		t.Fatalf("writing what was read: %v", err)
	}
	again, errs := collect(read(&buf))
	if len(errs) > 0 {
		t.Fatalf("reading back %q: %v", buf.String(), errs)
	}
	if diff := gocmp.Diff(got, again); diff != "" { // cmp uses the Equal methods
		t.Fatalf("write then read mismatch (-want +got):\n%s", diff)
	}
}

func FuzzReadInteractionsCSV(f *testing.F) {
	f.Add([]byte("id,customer,time,kind,touchpoint,amount,rating,scale\n" +
		"o-1,c-1,2024-03-01T15:04:05.5+01:00,purchase,\"shop, \"\"north\"\"\",12.50,,\n" +
		"s-1,c-2,2024-03-02,rating,\"two\nlines\",,4,csat\n"))
	f.Add([]byte("\ufeffKind,ID,Customer,TIME\r\nvisit,v-1,c-1,2024-03-01\r\n\r\nvisit,v-2,c-1,2024-13-01\r\n"))
	f.Add([]byte("id,customer,time,kind,amount\no-1,c-1,2024-03-01,purchase,1e3\no-2,c-1,2024-03-01,purchase,-1\n"))
	f.Add([]byte("id,customer,time,kind\no-1,c-1,2024-03-01,purch\"ase\n\"o-2,c-1\n"))
	f.Add([]byte("id,customer,time,colour\n"))
	f.Add([]byte("id,customer,time,kind\r\no,c,2024-03-01,visit\r"))
	f.Add([]byte("id,customer,time,kind,properties\n" +
		"o-1,c-1,2024-03-01,visit,\"{\"\"sku\"\":\"\"A-1\"\",\"\"qty\"\":2.50,\"\"gift\"\":true,\"\"ships\"\":{\"\"time\"\":\"\"2024-03-01T00:00:00+01:00\"\"}}\"\n" +
		"o-2,c-1,2024-03-01,visit,\"{\"\"a\\u0000\"\":1e3,\"\"b\"\":null,\"\"c\"\":-0.0}\"\n" +
		"o-3,c\t1,2024-03-01,visit,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, engagement.ReadInteractionsCSV, engagement.WriteInteractionsCSV, engagement.Interaction.Validate)
	})
}

func FuzzReadCustomersCSV(f *testing.F) {
	f.Add([]byte("id,name,group,consent,attr.region,attributes.Tier\n" +
		"c-1,\"Lovelace, Ada\",customer,yes,north,gold\nc-2,,,,,\n"))
	f.Add([]byte("ID,attr. x ,Name\nc-1,\"a\nb\",\" Cy \"\nc-2,,stranger\n"))
	f.Add([]byte("id,attr.\n"))
	f.Add([]byte("id\n\"\r\n\"\n")) // an ID of \r\n, which once came back as \n
	f.Add([]byte("id,account,traits\nc-1,acme,\"{\"\"plan\"\":\"\"pro\"\",\"\"seats\"\":12,\"\"since\"\":{\"\"time\"\":\"\"2024-03-01T00:00:00Z\"\"}}\"\nc-2,\"a\nb\",[]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, engagement.ReadCustomersCSV, engagement.WriteCustomersCSV, engagement.Customer.Validate)
	})
}

// roundTrip writes vs with write, reads them back with read, and fails
// unless it gets vs again, without errors.
func roundTrip[T any](t *rapid.T, vs []T, write func(io.Writer, iter.Seq[T]) error, read func(io.Reader) iter.Seq2[T, error]) {
	var buf bytes.Buffer
	if err := write(&buf, slices.Values(vs)); err != nil {
		t.Fatal(err)
	}
	got, errs := collect(read(&buf))
	if len(errs) > 0 {
		t.Fatalf("reading back: %v", errs)
	}
	if diff := gocmp.Diff(vs, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
}
