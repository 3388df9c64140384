package engagement_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
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

func TestReadInteractionsJSONL(t *testing.T) {
	// A byte order mark, CRLF line breaks, blank lines, members in any
	// case, amounts as strings and bare numbers, a date alone, nulls, white
	// space and escapes.
	const file = "\ufeff{\"id\":\"o-1\",\"customer\":\"c-1\",\"time\":\"2024-03-01T15:04:05.5+01:00\",\"kind\":\"purchase\",\"amount\":\"12.50\"}\r\n" +
		"\r\n   \n" +
		"{\"ID\":\"o-2\",\"Customer\":\"c-1\",\"time\":\"2024-03-02\",\"kind\":\"Service request\",\"amount\":3.5,\"touchpoint\":null,\"rating\":null}\n" +
		"{\"id\":\"s-1\",\"customer\":\"c-2\",\"time\":\"2024-03-03T00:00:00Z\",\"kind\":\"rating\",\"rating\":{\"scale\":\"nps\",\"value\":0}}\n" +
		"\t{ \"i\\u0064\" : \"s-2\" , \"customer\" :\"c-\\\"2\\\"\", \"time\":\"2024-03-04\",\"kind\":\"review\", \"rating\" : { \"value\" : 5 , \"scale\" : \"csat\" } } "
	got, errs := collect(engagement.ReadInteractionsJSONL(strings.NewReader(file)))
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := []engagement.Interaction{
		{ID: "o-1", Customer: "c-1", Time: time.Date(2024, 3, 1, 14, 4, 5, 5e8, time.UTC),
			Kind: engagement.Purchase, Amount: decimal.RequireFromString("12.5")},
		{ID: "o-2", Customer: "c-1", Time: time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC),
			Kind: engagement.ServiceRequest, Amount: decimal.RequireFromString("3.5")},
		{ID: "s-1", Customer: "c-2", Time: time.Date(2024, 3, 3, 0, 0, 0, 0, time.UTC),
			Kind: engagement.RatingGiven, Rating: engagement.Recommends(0)},
		{ID: "s-2", Customer: `c-"2"`, Time: time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC),
			Kind: engagement.Review, Rating: engagement.Satisfied(5)},
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("interactions mismatch (-want +got):\n%s", diff)
	}
}

func TestReadInteractionsJSONLProperties(t *testing.T) {
	const file = `{"id":"o-1","customer":"c-1","time":"2024-03-01","kind":"purchase","Properties":{"sku":"A-1","qty":1.50,"gift":true,"ships":{"time":"2024-03-05T10:00:00+01:00"},"note":"tab\there"}}` + "\n" +
		`{"id":"o-2","customer":"c-1","time":"2024-03-01","kind":"visit","properties":null}` + "\n" +
		`{"id":"o-3","customer":"c-1","time":"2024-03-01","kind":"visit","properties":{}}`
	got, errs := collect(engagement.ReadInteractionsJSONL(strings.NewReader(file)))
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	want := []engagement.Interaction{
		{ID: "o-1", Customer: "c-1", Time: at, Kind: engagement.Purchase, Properties: engagement.Properties{
			"sku":   engagement.StringValue("A-1"),
			"qty":   engagement.NumberValue(decimal.New(150, -2)),
			"gift":  engagement.BoolValue(true),
			"ships": engagement.TimeValue(time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC)),
			"note":  engagement.StringValue("tab\there"),
		}},
		{ID: "o-2", Customer: "c-1", Time: at, Kind: engagement.Visit},
		{ID: "o-3", Customer: "c-1", Time: at, Kind: engagement.Visit},
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

// TestReadJSONLRefusesControlCharacters checks that keys (IDs, touch
// points, accounts, property and trait names) with control characters are
// refused with the line, field and value.
func TestReadJSONLRefusesControlCharacters(t *testing.T) {
	const ok = `{"id":"o-1","customer":"c-1","time":"2024-03-01","kind":"visit"}`
	spoil := func(old, new string) string { return strings.Replace(ok, old, new, 1) }
	lines := []string{
		spoil(`"o-1"`, `"o\t1"`),
		spoil(`"c-1"`, `"c\r\n1"`),
		spoil(`"kind":"visit"`, `"kind":"visit","touchpoint":"web\u0000"`),
		spoil(`"kind":"visit"`, `"kind":"visit","touchpoint":"\u007f"`),
		spoil(`"o-1"`, `"o-1\u0085"`),
		spoil(`"kind":"visit"`, `"kind":"visit","properties":{"ok":1,"a\u0007":1}`),
		spoil(`"kind":"visit"`, `"kind":"visit","properties":{"note":"line\nbreak"}`),
	}
	got, errs := collect(engagement.ReadInteractionsJSONL(strings.NewReader(strings.Join(lines, "\n"))))
	want := []fieldErr{
		{1, "id", "o\t1", false},
		{2, "customer", "c\r\n1", false},
		{3, "touchpoint", "web\x00", false},
		{4, "touchpoint", "\x7f", false},
		{5, "id", "o-1\u0085", false},
		{6, "properties name", "a\a", false},
	}
	if diff := gocmp.Diff(want, fieldErrors(t, errs)); diff != "" {
		t.Errorf("interactions: errors mismatch (-want +got):\n%s\nerrors: %v", diff, errs)
	}
	if len(got) != 1 {
		t.Errorf("read %d interactions, want the one with a line break in a property value", len(got))
	}

	const customers = `{"id":"c\u0001"}` + "\n" +
		`{"id":"c-2","account":"acme\n"}` + "\n" +
		`{"id":"c-3","traits":{"plan\n":"pro"}}` + "\n" +
		`{"id":"c-4","name":"Di\r\nx","account":"acme","traits":{"seats":12,"since":{"time":"2024-03-01T00:00:00Z"}}}` + "\n" +
		`{"id":"c-5","traits":{"seats":"12","seats":13}}` + "\n" +
		`{"id":"c-6","traits":[1]}` + "\n" +
		`{"id":"c-7","traits":{"seats":{"time":"2024-03-01"}}}` + "\n" +
		`{"id":"c-8","account":7}`
	cs, errs := collect(engagement.ReadCustomersJSONL(strings.NewReader(customers)))
	want = []fieldErr{
		{1, "id", "c\x01", false},
		{2, "account", "acme\n", false},
		{3, "traits name", "plan\n", false},
		{5, "traits.seats", "13", false},
		{6, "traits", "[1]", false},
		{7, "traits.seats", "2024-03-01", false},
		{8, "account", "7", false},
	}
	if diff := gocmp.Diff(want, fieldErrors(t, errs)); diff != "" {
		t.Errorf("customers: errors mismatch (-want +got):\n%s\nerrors: %v", diff, errs)
	}
	wantCs := []engagement.Customer{{ID: "c-4", Name: "Di\r\nx", Account: "acme", Traits: engagement.Properties{
		"seats": engagement.IntValue(12), "since": engagement.TimeValue(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))}}}
	if diff := gocmp.Diff(wantCs, cs); diff != "" {
		t.Errorf("customers mismatch (-want +got):\n%s", diff)
	}
}

func TestReadInteractionsJSONLErrors(t *testing.T) {
	const ok = `{"id":"o-1","customer":"c-1","time":"2024-03-01","kind":"visit"}`
	spoil := func(old, new string) string { return strings.Replace(ok, old, new, 1) }
	lines := []string{
		ok,
		spoil(`"kind":"visit"`, `"kind":"visit","colour":"red"`),
		spoil(`"id":"o-1"`, `"id":"o-1","ID":"o-2"`),
		spoil(`"id":"o-1"`, `"id":42`),
		spoil(`"time":"2024-03-01"`, `"time":"yesterday"`),
		spoil(`"time":"2024-03-01"`, `"time":"1600-01-01"`),
		spoil(`"kind":"visit"`, `"kind":"Not a kind!"`),
		spoil(`"kind":"visit"`, `"kind":"visit","amount":"-2"`),
		spoil(`"kind":"visit"`, `"kind":"visit","amount":true`),
		spoil(`"kind":"visit"`, `"kind":"visit","rating":{"scale":"csat","value":9}`),
		spoil(`"kind":"visit"`, `"kind":"visit","rating":{"scale":"csat","value":4.5}`),
		spoil(`"kind":"visit"`, `"kind":"visit","rating":{"scale":"csat"}`),
		spoil(`"kind":"visit"`, `"kind":"visit","rating":{"scale":"stars","value":4}`),
		spoil(`"kind":"visit"`, `"kind":"visit","rating":{"value":4}`),
		spoil(`"kind":"visit"`, `"kind":"visit","rating":{"scale":"csat","value":4,"stars":5}`),
		spoil(`"kind":"visit"`, `"kind":"visit","rating":"4"`),
		spoil(`"customer":"c-1",`, ``),
		`{"id":"o-1",`,
		`[1,2]`,
		ok + ok,
		ok + ` x`,
		`{"id":"o-1","customer":"c-1",}`,
		ok,
	}
	want := []fieldErr{
		{2, "colour", `"red"`, false},
		{3, "ID", `"o-2"`, false},
		{4, "id", "42", false},
		{5, "time", "yesterday", false},
		{6, "time", "1600-01-01", false},
		{7, "kind", "Not a kind!", false},
		{8, "amount", "-2", false},
		{9, "amount", "true", false},
		{10, "rating.value", "9", false},
		{11, "rating.value", "4.5", false},
		{12, "rating.value", "", false},
		{13, "rating.scale", "stars", false},
		{14, "rating.value", "4", false},
		{15, "rating.stars", "5", false},
		{16, "rating", `"4"`, false},
		{17, "customer", "", false},
		{18, "json", `{"id":"o-1",`, false},
		{19, "json", "[1,2]", false},
		{20, "json", short(lines[19]), false},
		{21, "json", short(lines[20]), false},
		{22, "json", lines[21], false},
	}
	got, errs := collect(engagement.ReadInteractionsJSONL(strings.NewReader(strings.Join(lines, "\n"))))
	if diff := gocmp.Diff(want, fieldErrors(t, errs)); diff != "" {
		t.Errorf("errors mismatch (-want +got):\n%s\nerrors: %v", diff, errs)
	}
	if len(got) != 2 {
		t.Errorf("read %d interactions, want 2", len(got))
	}
}

// short cuts a value as FieldError does.
func short(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

func TestReadInteractionsJSONLMessages(t *testing.T) {
	const file = `{"id":"o-1","customer":"c-1","time":"2024-03-01","kind":"visit","colour":"red"}` + "\n" +
		`{"id":"o-1","customer":"c-1","time":"2024-03-01","kind":"visit","rating":{"scale":"csat","value":9}}`
	_, errs := collect(engagement.ReadInteractionsJSONL(strings.NewReader(file)))
	want := []string{
		`engagement: line 1: colour "\"red\"": unknown member; want id, customer, time, kind, touchpoint, amount, rating or properties`,
		`engagement: line 2: rating.value "9": satisfaction rating must be 1 to 5`,
	}
	var got []string
	for _, err := range errs {
		got = append(got, err.Error())
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("messages mismatch (-want +got):\n%s", diff)
	}
}

func TestReadInteractionsJSONLLineTooLong(t *testing.T) {
	const ok = `{"id":"o-1","customer":"c-1","time":"2024-03-01","kind":"visit"}` + "\n"
	long := `{"id":"` + strings.Repeat("x", engagement.MaxRecordLen) + `"}` + "\n"
	got, errs := collect(engagement.ReadInteractionsJSONL(strings.NewReader(ok + long + ok)))
	want := []fieldErr{{2, "json", short(long), false}}
	if diff := gocmp.Diff(want, fieldErrors(t, errs)); diff != "" {
		t.Errorf("errors mismatch (-want +got):\n%s", diff)
	}
	if len(got) != 2 {
		t.Errorf("read %d interactions, want the 2 around the long line", len(got))
	}
}

func TestReadInteractionsJSONLReadError(t *testing.T) {
	broken := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader(`{"id":"o-1","customer":"c-1","time":"2024-03-01","kind":"visit"}`+"\n{\"id\""), iotest.ErrReader(broken))
	got, errs := collect(engagement.ReadInteractionsJSONL(r))
	if len(got) != 1 || len(errs) != 1 || !errors.Is(errs[0], broken) || errors.Is(errs[0], engagement.ErrInvalid) {
		t.Errorf("got %d interactions and errors %v; want 1 and the read error", len(got), errs)
	}
}

func TestReadCustomersJSONL(t *testing.T) {
	const file = `{"id":"c-1","name":"Ada","group":"customer","consent":true,"attributes":{"Region":"north","region":"south"}}` + "\n" +
		`{"id":"c-2","consent":"no","attributes":{}}` + "\n" +
		`{"id":"c-3","attributes":{"tier":1}}` + "\n" +
		`{"id":"c-4","attributes":{"tier":"a","tier":"b"}}` + "\n" +
		`{"id":"c-5","group":"stranger"}` + "\n" +
		`{"name":"Bob"}` + "\n" +
		`{"id":"c-7","email":"bob@example.com"}`
	got, errs := collect(engagement.ReadCustomersJSONL(strings.NewReader(file)))
	want := []engagement.Customer{
		{ID: "c-1", Name: "Ada", Group: engagement.GroupCustomer, Consent: engagement.ConsentGiven,
			Attributes: map[string]string{"Region": "north", "region": "south"}},
		{ID: "c-2", Consent: engagement.ConsentRefused},
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("customers mismatch (-want +got):\n%s", diff)
	}
	wantErrs := []fieldErr{
		{3, "attributes.tier", "1", false},
		{4, "attributes.tier", `"b"`, false},
		{5, "group", "stranger", false},
		{6, "id", "", false},
		{7, "email", `"bob@example.com"`, false},
	}
	if diff := gocmp.Diff(wantErrs, fieldErrors(t, errs)); diff != "" {
		t.Errorf("errors mismatch (-want +got):\n%s", diff)
	}
}

func TestWriteInteractionsJSONL(t *testing.T) {
	ams := time.FixedZone("AMT", 19*60+32) // RFC 3339 cannot state this offset
	ins := []engagement.Interaction{
		{ID: "o-1", Customer: "c-1", Time: time.Date(2024, 3, 1, 15, 4, 5, 500, time.FixedZone("", 3600)),
			Kind: engagement.Purchase, Touchpoint: "<shop>", Amount: decimal.RequireFromString("12.50")},
		{ID: "s-1", Customer: "c-2", Time: time.Date(1909, 3, 1, 0, 0, 0, 0, ams), Kind: "webinar",
			Rating: engagement.Recommends(0), Properties: engagement.Properties{
				"sku": engagement.StringValue("A-1"), "qty": engagement.NumberValue(decimal.New(150, -2)),
				"gift": engagement.BoolValue(false), "at": engagement.TimeValue(time.Date(2024, 3, 1, 1, 0, 0, 0, time.FixedZone("", 3600))),
			}},
	}
	var buf bytes.Buffer
	if err := engagement.WriteInteractionsJSONL(&buf, slices.Values(ins)); err != nil {
		t.Fatal(err)
	}
	want := `{"id":"o-1","customer":"c-1","time":"2024-03-01T15:04:05.0000005+01:00","kind":"purchase","touchpoint":"<shop>","amount":"12.5"}` + "\n" +
		`{"id":"s-1","customer":"c-2","time":"1909-02-28T23:40:28Z","kind":"webinar","rating":{"scale":"recommend","value":0},` +
		`"properties":{"at":{"time":"2024-03-01T00:00:00Z"},"gift":false,"qty":1.50,"sku":"A-1"}}` + "\n"
	if diff := gocmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("output mismatch (-want +got):\n%s", diff)
	}
	buf.Reset()
	bad := append(ins, engagement.Interaction{ID: "o-2", Customer: "c-1", Time: ins[0].Time, Kind: "Bad kind"})
	if err := engagement.WriteInteractionsJSONL(&buf, slices.Values(bad)); !errors.Is(err, engagement.ErrInvalid) {
		t.Errorf("writing a bad kind: error %v, want one matching ErrInvalid", err)
	}
	if buf.String() != want {
		t.Errorf("output before the bad interaction = %q, want %q", buf.String(), want)
	}
}

func TestInteractionsJSONLRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		roundTrip(t, impInteractions(10).Draw(t, "values"), engagement.WriteInteractionsJSONL, engagement.ReadInteractionsJSONL)
	})
}

func TestCustomersJSONLRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		roundTrip(t, rapid.SliceOfN(impCustomer(true), 0, 6).Draw(t, "values"), engagement.WriteCustomersJSONL, engagement.ReadCustomersJSONL)
	})
}

func TestWriteCustomersJSONL(t *testing.T) {
	cs := []engagement.Customer{
		{ID: "c-1", Name: "Ada", Account: "acme", Traits: engagement.Properties{
			"seats": engagement.IntValue(12), "plan": engagement.StringValue("pro")}},
		{ID: "c-2"},
	}
	var buf bytes.Buffer
	if err := engagement.WriteCustomersJSONL(&buf, slices.Values(cs)); err != nil {
		t.Fatal(err)
	}
	want := `{"id":"c-1","name":"Ada","account":"acme","traits":{"plan":"pro","seats":12}}` + "\n" +
		`{"id":"c-2"}` + "\n"
	if diff := gocmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("output mismatch (-want +got):\n%s", diff)
	}
}

// TestReadCustomersJSONLAgreesWithEncodingJSON checks the hand-walked
// decoder against encoding/json for customers, traits included.
func TestReadCustomersJSONLAgreesWithEncodingJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := impCustomer(true).Draw(t, "customer")
		var buf bytes.Buffer
		if err := engagement.WriteCustomersJSONL(&buf, slices.Values([]engagement.Customer{c})); err != nil {
			t.Fatal(err)
		}
		var want engagement.Customer
		if err := json.Unmarshal(buf.Bytes(), &want); err != nil {
			t.Fatal(err)
		}
		got, errs := collect(engagement.ReadCustomersJSONL(&buf))
		if len(errs) > 0 || len(got) != 1 {
			t.Fatalf("read %v, errors %v", got, errs)
		}
		if diff := gocmp.Diff(want, got[0], cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("mismatch with encoding/json (-want +got):\n%s", diff)
		}
	})
}

// TestReadInteractionsJSONLAgreesWithEncodingJSON checks the hand-walked
// decoder against encoding/json on what both accept: the writer's output.
func TestReadInteractionsJSONLAgreesWithEncodingJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := impInteraction().Draw(t, "interaction")
		var buf bytes.Buffer
		if err := engagement.WriteInteractionsJSONL(&buf, slices.Values([]engagement.Interaction{in})); err != nil {
			t.Fatal(err)
		}
		var want engagement.Interaction
		if err := json.Unmarshal(buf.Bytes(), &want); err != nil {
			t.Fatal(err)
		}
		got, errs := collect(engagement.ReadInteractionsJSONL(&buf))
		if len(errs) > 0 || len(got) != 1 {
			t.Fatalf("read %v, errors %v", got, errs)
		}
		if diff := gocmp.Diff(want, got[0]); diff != "" {
			t.Errorf("mismatch with encoding/json (-want +got):\n%s", diff)
		}
	})
}

func FuzzReadInteractionsJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"o-1","customer":"c-1","time":"2024-03-01T15:04:05.5+01:00","kind":"purchase","touchpoint":"shop\n\"north\"","amount":"12.50"}` + "\n" +
		`{"id":"s-1","customer":"c-2","time":"2024-03-02","kind":"rating","rating":{"scale":"csat","value":4}}`))
	f.Add([]byte("\ufeff{\"ID\":\"v\",\"Customer\":\"c\",\"TIME\":\"2024-03-01\",\"kind\":\"Visit\",\"amount\":1e3}\r\n\r\n{\"id\":1}\n"))
	f.Add([]byte(`{"id":"o","customer":"c","time":"2024-03-01","kind":"visit","amount":null,"rating":{"scale":"nps","value":0}}{}`))
	f.Add([]byte(`{"id":"o","id":"p"}` + "\n[]\n\"x\"\n{\"rating\":{\"scale\":\"csat\"}}"))
	f.Add([]byte(`{"id":"o","customer":"c","time":"2024-03-01","kind":"visit","properties":{"sku":"A\u0000","qty":2.50,"n":-0,"big":1e300,"gift":true,"at":{"time":"2024-03-01T00:00:00.5+01:00"}}}` + "\n" +
		`{"id":"p","customer":"c","time":"2024-03-01","kind":"visit","properties":{"a":null,"b":[],"a\t":1,"t":{"time":1}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, engagement.ReadInteractionsJSONL, engagement.WriteInteractionsJSONL, engagement.Interaction.Validate)
	})
}

func FuzzReadCustomersJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"c-1","name":"Ada","group":"customer","consent":true,"attributes":{"region":"north","":"x"}}` + "\n" +
		`{"id":"c-2","consent":"no"}`))
	f.Add([]byte(`{"id":"c","attributes":{"a":1}}` + "\n" + `{"id":"c","attributes":null,"group":null}`))
	f.Add([]byte(`{"id":"c","account":"acme","traits":{"plan":"pro","seats":12.0,"since":{"time":"2024-03-01T00:00:00Z"}}}` + "\n" +
		`{"id":"d","account":"a\nb","traits":{"":1}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, engagement.ReadCustomersJSONL, engagement.WriteCustomersJSONL, engagement.Customer.Validate)
	})
}
