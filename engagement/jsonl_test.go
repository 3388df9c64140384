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
		`engagement: line 1: colour "\"red\"": unknown member; want id, customer, time, kind, touchpoint, amount or rating`,
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
			Rating: engagement.Recommends(0)},
	}
	var buf bytes.Buffer
	if err := engagement.WriteInteractionsJSONL(&buf, slices.Values(ins)); err != nil {
		t.Fatal(err)
	}
	want := `{"id":"o-1","customer":"c-1","time":"2024-03-01T15:04:05.0000005+01:00","kind":"purchase","touchpoint":"<shop>","amount":"12.5"}` + "\n" +
		`{"id":"s-1","customer":"c-2","time":"1909-02-28T23:40:28Z","kind":"webinar","rating":{"scale":"recommend","value":0}}` + "\n"
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
		roundTrip(t, impInteractions(10, true).Draw(t, "values"), engagement.WriteInteractionsJSONL, engagement.ReadInteractionsJSONL)
	})
}

func TestCustomersJSONLRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		roundTrip(t, rapid.SliceOfN(impCustomer(true), 0, 6).Draw(t, "values"), engagement.WriteCustomersJSONL, engagement.ReadCustomersJSONL)
	})
}

// TestReadInteractionsJSONLAgreesWithEncodingJSON checks the hand-walked
// decoder against encoding/json on what both accept: the writer's output.
func TestReadInteractionsJSONLAgreesWithEncodingJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := impInteraction(true).Draw(t, "interaction")
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
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, engagement.ReadInteractionsJSONL, engagement.WriteInteractionsJSONL, engagement.Interaction.Validate)
	})
}

func FuzzReadCustomersJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"c-1","name":"Ada","group":"customer","consent":true,"attributes":{"region":"north","":"x"}}` + "\n" +
		`{"id":"c-2","consent":"no"}`))
	f.Add([]byte(`{"id":"c","attributes":{"a":1}}` + "\n" + `{"id":"c","attributes":null,"group":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, engagement.ReadCustomersJSONL, engagement.WriteCustomersJSONL, engagement.Customer.Validate)
	})
}
