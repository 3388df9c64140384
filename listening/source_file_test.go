package listening_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/listening"
	"github.com/google/go-cmp/cmp"
)

func collect(t *testing.T, seq func(func(listening.Mention, error) bool)) ([]listening.Mention, error) {
	t.Helper()
	var ms []listening.Mention
	for m, err := range seq {
		if err != nil {
			return ms, err
		}
		ms = append(ms, m)
	}
	return ms, nil
}

func TestReadJSONL(t *testing.T) {
	in := `{"id":"1","source":"forum","author":"ann","time":"2024-05-06T09:00:00Z","text":"good shop","customer":"c1","topics":["service"]}

{"id":"2","time":"2024-05-06T10:00:00+02:00","text":"bad refund"}
`
	ms, err := collect(t, listening.ReadJSONL(strings.NewReader(in)))
	if err != nil {
		t.Fatal(err)
	}
	want := []listening.Mention{
		{ID: "1", Source: "forum", Author: "ann", Time: lcT0.Add(9 * time.Hour), Text: "good shop", Customer: "c1", Topics: []string{"service"}},
		{ID: "2", Time: time.Date(2024, 5, 6, 10, 0, 0, 0, time.FixedZone("", 2*3600)), Text: "bad refund"},
	}
	if diff := cmp.Diff(want, ms); diff != "" {
		t.Errorf("ReadJSONL mismatch (-want +got):\n%s", diff)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name        string
		read        func(string) func(func(listening.Mention, error) bool)
		in          string
		line        int
		field       string
		value       string
		okBeforeErr int
	}{
		{"jsonl bad time", jsonl, `{"id":"1","time":"2024-05-06T09:00:00Z","text":"a"}` + "\n" + `{"id":"2","time":"yesterday","text":"b"}`, 2, "time", "yesterday", 1},
		{"jsonl unknown field", jsonl, `{"id":"1","time":"2024-05-06T09:00:00Z","txt":"a"}`, 1, "json", `{"id":"1","time":"2024-05-06T09:00:00Z","txt":"a"}`, 0},
		{"jsonl wrong type", jsonl, `{"id":1,"time":"2024-05-06T09:00:00Z","text":"a"}`, 1, "id", `{"id":1,"time":"2024-05-06T09:00:00Z","text":"a"}`, 0},
		{"jsonl no text", jsonl, "\n\n" + `{"id":"1","time":"2024-05-06T09:00:00Z"}`, 3, "text", "", 0},
		{"jsonl two values", jsonl, `{"id":"1","time":"2024-05-06T09:00:00Z","text":"a"} {}`, 1, "json", `{"id":"1","time":"2024-05-06T09:00:00Z","text":"a"} {}`, 0},
		{"csv bad time", csvr, "id,time,text\n1,2024-05-06T09:00:00Z,a\n2,06/05/2024,b\n", 3, "time", "06/05/2024", 1},
		{"csv bad time after multi-line text", csvr, "id,text,time\n1,\"a\nb\",2024-05-06\n", 3, "time", "2024-05-06", 0},
		{"csv field count", csvr, "id,time,text\n1,2024-05-06T09:00:00Z\n", 2, "record", "", 0},
		{"csv unknown column", csvr, "id,time,text,mood\n", 1, "header", "mood", 0},
		{"csv missing column", csvr, "id,text\n", 1, "header", "id,text", 0},
		{"csv repeated column", csvr, "id,time,text,ID\n", 1, "header", "ID", 0},
		{"csv empty", csvr, "", 1, "header", "", 0},
		{"csv empty topic", csvr, "id,time,text,topics\n1,2024-05-06T09:00:00Z,a,x||y\n", 2, "topics", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := collect(t, tt.read(tt.in))
			var fe *listening.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, listening.ErrInvalid) {
				t.Fatalf("error = %v, want a *listening.FieldError", err)
			}
			got := [3]string{fe.Field, fe.Value, ""}
			want := [3]string{tt.field, tt.value, ""}
			if fe.Line != tt.line || got != want || len(ms) != tt.okBeforeErr {
				t.Errorf("error = line %d field %q value %q after %d mentions; want line %d field %q value %q after %d (%v)",
					fe.Line, fe.Field, fe.Value, len(ms), tt.line, tt.field, tt.value, tt.okBeforeErr, err)
			}
		})
	}
}

func jsonl(s string) func(func(listening.Mention, error) bool) {
	return listening.ReadJSONL(strings.NewReader(s))
}

func csvr(s string) func(func(listening.Mention, error) bool) {
	return listening.ReadCSV(strings.NewReader(s))
}

func TestReadCSV(t *testing.T) {
	in := "\ufeffID,Time,Text,Topics,Customer,URL,Author,Source\r\n" +
		"1,2024-05-06T09:00:00Z,\"good, really\",delivery|price,c1,https://x.test/1,ann,forum\r\n" +
		"2,2024-05-06T10:00:00Z,\"two\nlines\",,,,,\r\n"
	ms, err := collect(t, listening.ReadCSV(strings.NewReader(in)))
	if err != nil {
		t.Fatal(err)
	}
	want := []listening.Mention{
		{ID: "1", Source: "forum", Author: "ann", Time: lcT0.Add(9 * time.Hour), Text: "good, really", URL: "https://x.test/1", Customer: "c1", Topics: []string{"delivery", "price"}},
		{ID: "2", Time: lcT0.Add(10 * time.Hour), Text: "two\nlines"},
	}
	if diff := cmp.Diff(want, ms); diff != "" {
		t.Errorf("ReadCSV mismatch (-want +got):\n%s", diff)
	}
}

func TestFileSourceGrowing(t *testing.T) {
	for _, format := range []string{"jsonl", "csv"} {
		t.Run(format, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "mentions."+format)
			rec := func(id, text string) string {
				if format == "csv" {
					return id + ",2024-05-06T09:00:00Z,\"" + text + "\"\n"
				}
				return `{"id":"` + id + `","time":"2024-05-06T09:00:00Z","text":"` + text + `"}` + "\n"
			}
			head := ""
			if format == "csv" {
				head = "id,time,text\n"
			}
			write := func(s string) {
				f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if _, err := f.WriteString(s); err != nil {
					t.Fatal(err)
				}
			}
			src := &listening.FileSource{Path: path}
			ids := func(ms []listening.Mention) []string {
				var out []string
				for _, m := range ms {
					out = append(out, m.ID)
				}
				return out
			}
			// A half-written record (no newline yet) is left for later.
			r3 := rec("3", "three")
			write(head + rec("1", "one") + rec("2", "two") + r3[:10])
			ms, c, err := src.Fetch(ctx, "")
			if err != nil || !slices.Equal(ids(ms), []string{"1", "2"}) {
				t.Fatalf("first Fetch = %v, %v; want 1, 2", ids(ms), err)
			}
			ms, c2, err := src.Fetch(ctx, c)
			if err != nil || len(ms) != 0 || c2 != c {
				t.Fatalf("Fetch with nothing new = %v, %q, %v", ids(ms), c2, err)
			}
			write(r3[10:] + rec("4", "four"))
			ms, c, err = src.Fetch(ctx, c)
			if err != nil || !slices.Equal(ids(ms), []string{"3", "4"}) {
				t.Fatalf("second Fetch = %v, %v; want 3, 4", ids(ms), err)
			}
			// A bad record: the good ones before it come back, with a
			// cursor pointing at it and an error naming its line.
			write(rec("5", "five") + rec("", "no id") + rec("7", "seven"))
			ms, c2, err = src.Fetch(ctx, c)
			var fe *listening.FieldError
			wantLine := 6
			if format == "csv" {
				wantLine = 7 // after the header
			}
			if !errors.As(err, &fe) || fe.Line != wantLine || fe.Field != "id" || !slices.Equal(ids(ms), []string{"5"}) {
				t.Fatalf("Fetch over a bad record = %v, %v; want 5 and an error on line %d", ids(ms), err, wantLine)
			}
			if _, _, err := src.Fetch(ctx, c2); !errors.As(err, &fe) || fe.Line != wantLine {
				t.Fatalf("Fetch from the bad record = %v; want the same error", err)
			}
			if _, _, err := src.Fetch(ctx, "nonsense"); !errors.Is(err, listening.ErrCursor) {
				t.Errorf("Fetch(nonsense) = %v, want ErrCursor", err)
			}
		})
	}
}

func TestFileSourceLimits(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "m.jsonl")
	line := `{"id":"1","time":"2024-05-06T09:00:00Z","text":"` + strings.Repeat("x", 200) + `"}` + "\n"
	if err := os.WriteFile(path, []byte(line+line), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := (&listening.FileSource{Path: path, MaxBytes: 100}).Fetch(ctx, ""); !errors.Is(err, listening.ErrTooLarge) {
		t.Errorf("Fetch of a record over MaxBytes = %v, want ErrTooLarge", err)
	}
	// A limit between one and two records reads one per Fetch.
	src := &listening.FileSource{Path: path, MaxBytes: len(line) + 10}
	ms, c, err := src.Fetch(ctx, "")
	if err != nil || len(ms) != 1 {
		t.Fatalf("first Fetch = %d mentions, %v; want 1", len(ms), err)
	}
	if ms, _, err = src.Fetch(ctx, c); err != nil || len(ms) != 1 {
		t.Fatalf("second Fetch = %d mentions, %v; want 1", len(ms), err)
	}
	if _, _, err := (&listening.FileSource{Path: filepath.Join(dir, "m.txt")}).Fetch(ctx, ""); !errors.Is(err, listening.ErrInvalid) {
		t.Errorf("Fetch of an unknown extension = %v, want listening.ErrInvalid", err)
	}
	if _, _, err := (&listening.FileSource{Path: filepath.Join(dir, "missing.csv")}).Fetch(ctx, ""); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Fetch of a missing file = %v, want os.ErrNotExist", err)
	}
}

// TestFileSourceOpenQuote: a CSV record whose quoted field spans lines and
// is only half written is left for a later Fetch.
func TestFileSourceOpenQuote(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.csv")
	head := "id,time,text\n1,2024-05-06T09:00:00Z,one\n2,2024-05-06T09:00:00Z,\"two lines,\n"
	if err := os.WriteFile(path, []byte(head), 0o600); err != nil {
		t.Fatal(err)
	}
	src := &listening.FileSource{Path: path}
	ms, c, err := src.Fetch(ctx, "")
	if err != nil || len(ms) != 1 {
		t.Fatalf("Fetch = %d mentions, %v; want the complete one only", len(ms), err)
	}
	if err := os.WriteFile(path, []byte(head+"second\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ms, _, err = src.Fetch(ctx, c)
	if err != nil || len(ms) != 1 || ms[0].Text != "two lines,\nsecond" {
		t.Fatalf("Fetch after completing the record = %+v, %v", ms, err)
	}
}
