package engagement_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"iter"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/engagekit/engage/engagement"
)

// impConsent draws a valid consent record. Without crlf its source never
// holds "\r\n", which CSV reads back as "\n".
func impConsent(crlf bool) *rapid.Generator[engagement.ConsentRecord] {
	return rapid.Custom(func(t *rapid.T) engagement.ConsentRecord {
		r := engagement.ConsentRecord{
			Customer: engagement.CustomerID(impKey(1).Draw(t, "customer")),
			Purpose: rapid.OneOf(rapid.SampledFrom([]engagement.Purpose{engagement.PurposeMarketing, engagement.PurposeService}),
				rapid.Map(impKey(1), func(s string) engagement.Purpose { return engagement.Purpose(s) })).Draw(t, "purpose"),
			Channel: rapid.OneOf(rapid.SampledFrom([]string{"", engagement.ChannelEmail}), impKey(1)).Draw(t, "channel"),
			State:   rapid.SampledFrom([]engagement.Consent{engagement.ConsentGiven, engagement.ConsentRefused}).Draw(t, "state"),
			Time:    impTime().Draw(t, "time"),
			Source:  impText(0, crlf).Draw(t, "source"),
		}
		if r.State == engagement.ConsentGiven && rapid.Bool().Draw(t, "expires_at_all") {
			r.Expires = r.Time.Add(time.Duration(rapid.Int64Range(1, int64(400*24*time.Hour)).Draw(t, "lasts")))
		}
		return r
	})
}

func TestReadConsentsCSV(t *testing.T) {
	// Columns in another order and case, yes/no spellings, a date alone,
	// an empty channel and expiry, a source over two lines.
	const file = "\ufeffState,Customer,purpose,TIME,expires,channel,source\r\n" +
		"given,c-1,marketing,2024-03-01T10:00:00+01:00,2025-03-01,email,signup form\r\n" +
		"No,c-1,marketing,2024-04-01,,,\"unsubscribe link,\nfooter\"\r\n" +
		"Y,c-2,service,2024-03-02,,sms,\r\n"
	got, errs := collect(engagement.ReadConsentsCSV(strings.NewReader(file)))
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := []engagement.ConsentRecord{
		{Customer: "c-1", Purpose: engagement.PurposeMarketing, Channel: "email", State: engagement.ConsentGiven,
			Time: time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC), Expires: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), Source: "signup form"},
		{Customer: "c-1", Purpose: engagement.PurposeMarketing, State: engagement.ConsentRefused,
			Time: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), Source: "unsubscribe link,\nfooter"},
		{Customer: "c-2", Purpose: engagement.PurposeService, Channel: "sms", State: engagement.ConsentGiven,
			Time: time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC)},
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("records mismatch (-want +got):\n%s", diff)
	}
}

func TestReadConsentsCSVErrors(t *testing.T) {
	const header = "customer,purpose,channel,state,time,expires,source\n"
	tests := []struct {
		name string
		file string
		want []fieldErr
		n    int
	}{{
		name: "missing required column stops",
		file: "customer,purpose,time\nc-1,marketing,2024-03-01\n",
		want: []fieldErr{{1, "header", "state", true}},
	}, {
		name: "unknown column stops",
		file: "customer,purpose,state,time,colour\n",
		want: []fieldErr{{1, "header", "colour", true}},
	}, {
		name: "bad rows are reported and skipped",
		file: header +
			"c-1,marketing,,given,2024-03-01,,\n" +
			"c-1,marketing,,unknown,2024-03-01,,\n" + // line 3
			"c-1,marketing,,,2024-03-01,,\n" +
			"c-1,marketing,,maybe,2024-03-01,,\n" +
			"c-1,marketing,,given,yesterday,,\n" +
			"c-1,marketing,,given,2024-03-01,soon,\n" +
			"c-1,marketing,,given,2024-03-01,2024-02-01,\n" +
			"c-1,marketing,,refused,2024-03-01,2025-03-01,\n" +
			",marketing,,given,2024-03-01,,\n" +
			"c-1,,,given,2024-03-01,,\n" +
			"c\t1,marketing,,given,2024-03-01,,\n" +
			"c-1,market\ring,,given,2024-03-01,,\n" +
			"c-1,marketing,\"e\nmail\",given,2024-03-01,,\n" + // lines 14 and 15
			"c-1,marketing,,given,,,\n" +
			"c-1,marketing,,given,1500-01-01,,\n" +
			"c-1,marketing,,given,2024-03-01,,\n",
		want: []fieldErr{
			{3, "state", "unknown", false},
			{4, "state", "", false},
			{5, "state", "maybe", false},
			{6, "time", "yesterday", false},
			{7, "expires", "soon", false},
			{8, "expires", "2024-02-01", false},
			{9, "expires", "2025-03-01", false},
			{10, "customer", "", false},
			{11, "purpose", "", false},
			{12, "customer", "c\t1", false},
			{13, "purpose", "market\ring", false},
			{14, "channel", "e\nmail", false},
			{16, "time", "", false},
			{17, "time", "1500-01-01", false},
		},
		n: 2,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := collect(engagement.ReadConsentsCSV(strings.NewReader(tt.file)))
			if diff := gocmp.Diff(tt.want, fieldErrors(t, errs)); diff != "" {
				t.Errorf("errors mismatch (-want +got):\n%s\nerrors: %v", diff, errs)
			}
			if len(got) != tt.n {
				t.Errorf("read %d records, want %d", len(got), tt.n)
			}
		})
	}
}

func TestReadConsentsJSONL(t *testing.T) {
	const ok = `{"customer":"c-1","purpose":"marketing","state":"given","time":"2024-03-01"}`
	spoil := func(old, new string) string { return strings.Replace(ok, old, new, 1) }
	lines := []string{
		`{"Customer":"c-1","PURPOSE":"marketing","state":true,"time":"2024-03-01T10:00:00+01:00","expires":"2025-03-01","source":"signup form","channel":null}`,
		spoil(`"state":"given"`, `"state":"unknown"`),
		spoil(`"state":"given"`, `"state":null`),
		spoil(`"state":"given"`, `"state":1`),
		spoil(`"time":"2024-03-01"`, `"time":"yesterday"`),
		spoil(`"time":"2024-03-01"`, `"time":"2024-03-01","expires":"2024-02-01"`),
		spoil(`"time":"2024-03-01"`, `"time":"1500-01-01"`),
		spoil(`"time":"2024-03-01"`, `"time":"2024-03-01","expires":7`),
		spoil(`"c-1"`, `"c\u0000"`),
		spoil(`"marketing"`, `""`),
		spoil(`"time":"2024-03-01"`, `"time":"2024-03-01","colour":"red"`),
		spoil(`"time":"2024-03-01"`, `"time":"2024-03-01","Time":"2024-03-02"`),
		spoil(`"state":"given"`, `"state":false`),
		`{"customer":"c-1",`,
	}
	got, errs := collect(engagement.ReadConsentsJSONL(strings.NewReader(strings.Join(lines, "\n"))))
	wantErrs := []fieldErr{
		{2, "state", "unknown", false},
		{3, "state", "", false},
		{4, "state", "1", false},
		{5, "time", "yesterday", false},
		{6, "expires", "2024-02-01", false},
		{7, "time", "1500-01-01", false},
		{8, "expires", "7", false},
		{9, "customer", "c\x00", false},
		{10, "purpose", "", false},
		{11, "colour", `"red"`, false},
		{12, "Time", `"2024-03-02"`, false},
		{14, "json", `{"customer":"c-1",`, false},
	}
	if diff := gocmp.Diff(wantErrs, fieldErrors(t, errs)); diff != "" {
		t.Errorf("errors mismatch (-want +got):\n%s\nerrors: %v", diff, errs)
	}
	want := []engagement.ConsentRecord{
		{Customer: "c-1", Purpose: engagement.PurposeMarketing, Channel: "", State: engagement.ConsentGiven,
			Time: time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC), Expires: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), Source: "signup form"},
		{Customer: "c-1", Purpose: engagement.PurposeMarketing, State: engagement.ConsentRefused,
			Time: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("records mismatch (-want +got):\n%s", diff)
	}
}

func TestWriteConsents(t *testing.T) {
	ams := time.FixedZone("AMT", 19*60+32) // RFC 3339 cannot state this offset
	rs := []engagement.ConsentRecord{
		{Customer: "c-1", Purpose: engagement.PurposeMarketing, Channel: "email", State: engagement.ConsentGiven,
			Time: time.Date(2024, 3, 1, 10, 0, 0, 0, time.FixedZone("", 3600)), Expires: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
			Source: "signup form, <footer>"},
		{Customer: "c-2", Purpose: engagement.PurposeService, State: engagement.ConsentRefused,
			Time: time.Date(1909, 3, 1, 0, 0, 0, 0, ams)},
	}
	var buf bytes.Buffer
	if err := engagement.WriteConsentsCSV(&buf, slices.Values(rs)); err != nil {
		t.Fatal(err)
	}
	wantCSV := "customer,purpose,channel,state,time,expires,source\n" +
		"c-1,marketing,email,given,2024-03-01T10:00:00+01:00,2025-03-01T00:00:00Z,\"signup form, <footer>\"\n" +
		"c-2,service,,refused,1909-02-28T23:40:28Z,,\n"
	if diff := gocmp.Diff(wantCSV, buf.String()); diff != "" {
		t.Errorf("CSV output mismatch (-want +got):\n%s", diff)
	}
	buf.Reset()
	if err := engagement.WriteConsentsJSONL(&buf, slices.Values(rs)); err != nil {
		t.Fatal(err)
	}
	wantJSONL := `{"customer":"c-1","purpose":"marketing","channel":"email","state":"given","time":"2024-03-01T10:00:00+01:00","expires":"2025-03-01T00:00:00Z","source":"signup form, <footer>"}` + "\n" +
		`{"customer":"c-2","purpose":"service","state":"refused","time":"1909-02-28T23:40:28Z"}` + "\n"
	if diff := gocmp.Diff(wantJSONL, buf.String()); diff != "" {
		t.Errorf("JSONL output mismatch (-want +got):\n%s", diff)
	}

	bad := append(slices.Clone(rs), engagement.ConsentRecord{Customer: "c-3", Purpose: engagement.PurposeService, Time: rs[0].Time})
	for name, write := range map[string]func(*bytes.Buffer) error{
		"csv":   func(b *bytes.Buffer) error { return engagement.WriteConsentsCSV(b, slices.Values(bad)) },
		"jsonl": func(b *bytes.Buffer) error { return engagement.WriteConsentsJSONL(b, slices.Values(bad)) },
	} {
		buf.Reset()
		err := write(&buf)
		var fe *engagement.FieldError
		if !errors.As(err, &fe) || fe.Field != "state" {
			t.Errorf("%s: writing a record of unknown state: error %v, want a *FieldError on state", name, err)
		}
		if want := map[string]string{"csv": wantCSV, "jsonl": wantJSONL}[name]; buf.String() != want {
			t.Errorf("%s: output before the bad record = %q, want %q", name, buf.String(), want)
		}
	}
}

func TestConsentsCSVRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		roundTrip(t, rapid.SliceOfN(impConsent(false), 0, 8).Draw(t, "values"), engagement.WriteConsentsCSV, engagement.ReadConsentsCSV)
	})
}

func TestConsentsJSONLRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		roundTrip(t, rapid.SliceOfN(impConsent(true), 0, 8).Draw(t, "values"), engagement.WriteConsentsJSONL, engagement.ReadConsentsJSONL)
	})
}

func FuzzReadConsentsCSV(f *testing.F) {
	f.Add([]byte("customer,purpose,channel,state,time,expires,source\n" +
		"c-1,marketing,email,given,2024-03-01T10:00:00+01:00,2025-03-01,\"signup, form\"\n" +
		"c-1,marketing,,no,2024-04-01,,\"two\r\nlines\"\n" +
		"c-2,service,sms,unknown,2024-03-02,,\n"))
	f.Add([]byte("State,Customer,Purpose,Time\r\nY,c,research,2024-03-01\r\n1,c,research,2024-03-01T00:00:00.5-08:00\r\n"))
	f.Add([]byte("customer,purpose,state,time,expires\nc,m,refused,2024-03-01,2025-03-01\nc\t1,m,given,2024-03-01,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, engagement.ReadConsentsCSV, engagement.WriteConsentsCSV, engagement.ConsentRecord.Validate)
	})
}

func FuzzReadConsentsJSONL(f *testing.F) {
	f.Add([]byte(`{"customer":"c-1","purpose":"marketing","channel":"email","state":"given","time":"2024-03-01T10:00:00+01:00","expires":"2025-03-01","source":"signup\r\nform"}` + "\n" +
		`{"customer":"c-1","purpose":"marketing","state":false,"time":"2024-04-01"}`))
	f.Add([]byte(`{"CUSTOMER":"c","purpose":"m","state":"y","time":"2024-03-01","expires":null,"channel":null}` + "\n" + `{"customer":"c","customer":"d"}` + "\n[]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, engagement.ReadConsentsJSONL, engagement.WriteConsentsJSONL, engagement.ConsentRecord.Validate)
	})
}

// consentLog is a ConsentStore keeping records in a slice, all or nothing
// per call, counting the calls.
type consentLog struct {
	records []engagement.ConsentRecord
	calls   int
}

func (l *consentLog) RecordConsent(ctx context.Context, rs ...engagement.ConsentRecord) error {
	l.calls++
	for _, r := range rs {
		if err := r.Validate(); err != nil {
			return err
		}
	}
	l.records = append(l.records, rs...)
	return nil
}

func (l *consentLog) ConsentRecords(ctx context.Context, id engagement.CustomerID) iter.Seq2[engagement.ConsentRecord, error] {
	return func(yield func(engagement.ConsentRecord, error) bool) {
		for _, r := range l.records {
			if r.Customer == id && !yield(r, nil) {
				return
			}
		}
	}
}

func TestImportConsents(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rs := rapid.SliceOfN(impConsent(false), 1, 10).Draw(t, "records")
		bad := rapid.SliceOfN(rapid.Bool(), len(rs), len(rs)).Draw(t, "bad")
		// Write the file by hand, spoiling the state of the bad rows. The
		// state cell is on a record's first line: only the source, after
		// it, may hold line breaks.
		var good []engagement.ConsentRecord
		var wantSkipped []impWant
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write([]string{"customer", "purpose", "channel", "state", "time", "expires", "source"})
		line := 2
		for i, r := range rs {
			state := r.State.String()
			if bad[i] {
				state = "unknown"
				wantSkipped = append(wantSkipped, impWant{Line: line, Field: "state", Value: state})
			} else {
				good = append(good, r)
			}
			expires := ""
			if !r.Expires.IsZero() {
				expires = r.Expires.UTC().Format(time.RFC3339Nano)
			}
			_ = w.Write([]string{string(r.Customer), string(r.Purpose), r.Channel, state, r.Time.UTC().Format(time.RFC3339Nano), expires, r.Source})
			line += 1 + strings.Count(r.Source, "\n")
		}
		w.Flush()
		data := buf.String()
		ctx := context.Background()

		strict := &consentLog{}
		res, err := engagement.ImportConsents(ctx, strict, engagement.ReadConsentsCSV(strings.NewReader(data)), engagement.ImportOptions{})
		switch {
		case len(wantSkipped) > 0:
			if diff := gocmp.Diff(wantSkipped[:1], impGot(t, []error{err})); diff != "" {
				t.Errorf("strict: error %v mismatch (-want +got):\n%s", err, diff)
			}
			if strict.calls != 0 || res.Imported != 0 {
				t.Errorf("strict import of a bad file: %d calls, %d imported; want none", strict.calls, res.Imported)
			}
		case err != nil || strict.calls != 1 || res.Imported != len(rs):
			t.Errorf("strict: %+v, %v, %d calls; want %d imported in one call", res, err, strict.calls, len(rs))
		}

		lenient := &consentLog{}
		batch := rapid.IntRange(1, 4).Draw(t, "batch_size")
		res, err = engagement.ImportConsents(ctx, lenient, engagement.ReadConsentsCSV(strings.NewReader(data)), engagement.ImportOptions{Lenient: true, BatchSize: batch})
		if err != nil {
			t.Fatalf("lenient: %v", err)
		}
		if diff := gocmp.Diff(good, lenient.records); diff != "" {
			t.Errorf("lenient: stored records mismatch (-want +got):\n%s", diff)
		}
		if diff := gocmp.Diff(wantSkipped, impGot(t, res.Skipped)); diff != "" {
			t.Errorf("lenient: skipped mismatch (-want +got):\n%s", diff)
		}
		if res.Imported != len(good) || lenient.calls != (len(good)+batch-1)/batch {
			t.Errorf("lenient: %d imported in %d calls; want %d in batches of %d", res.Imported, lenient.calls, len(good), batch)
		}
	})
}
