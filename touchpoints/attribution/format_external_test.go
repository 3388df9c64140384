package attribution_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

func path(conversions int64, value string, nulls int64, channels ...string) attribution.Path {
	p := attribution.Path{Conversions: conversions, Value: decimal.RequireFromString(value), Nulls: nulls}
	for _, c := range channels {
		p.Touches = append(p.Touches, attribution.Touch{Channel: c})
	}
	return p
}

func TestReadPaths(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []attribution.Path
	}{
		{"header", "path;total_conversions;total_conversion_value;total_null\nc1 > c2;1;1;0\n", []attribution.Path{path(1, "1", 0, "c1", "c2")}},
		{"no header", "c1 > c2;1;1;0\nc1;0;0;1", []attribution.Path{path(1, "1", 0, "c1", "c2"), path(0, "0", 1, "c1")}},
		{"header in capitals, spaces", " PATH ; Total_Conversions;total_conversion_value ;total_null\n", nil},
		{"empty", "", nil},
		{"byte order mark, CRLF, blank lines", "\ufeffpath;total_conversions;total_conversion_value;total_null\r\n\r\n a>b >c ; 2 ; 10.50 ; 3 \r\n\n", []attribution.Path{path(2, "10.5", 3, "a", "b", "c")}},
		{"names with inner spaces", "google ads > mailing;1;1;0", []attribution.Path{path(1, "1", 0, "google ads", "mailing")}},
		{"exponent and bare point", "a;1;1e+05;0\nb;1;.5;0\nc;1;2.;0", []attribution.Path{path(1, "100000", 0, "a"), path(1, "0.5", 0, "b"), path(1, "2", 0, "c")}},
		{"repeats kept", "a > a;1;1;0\na > a;1;1;0", []attribution.Path{path(1, "1", 0, "a", "a"), path(1, "1", 0, "a", "a")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := attribution.ReadPaths(strings.NewReader(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ReadPaths (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadPathsErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  attribution.FieldError // Err is not compared
	}{
		{"too few fields", "a;1;1", attribution.FieldError{Line: 1, Field: "line", Value: "a;1;1"}},
		{"too many fields", attribution.Header + "\na;1;1;0;", attribution.FieldError{Line: 2, Field: "line", Value: "a;1;1;0;"}},
		{"header not on the first line", "a;1;1;0\npath;total_conversions;total_conversion_value;total_null", attribution.FieldError{Line: 2, Field: "total_conversions", Value: "total_conversions"}},
		{"empty channel", "a > > b;1;1;0", attribution.FieldError{Line: 1, Field: "path", Value: "a > > b"}},
		{"empty path", " ;1;1;0", attribution.FieldError{Line: 1, Field: "path", Value: ""}},
		{"carriage return in a name", "a\rb;1;1;0", attribution.FieldError{Line: 1, Field: "path", Value: "a\rb"}},
		{"not UTF-8", "a\xffb;1;1;0", attribution.FieldError{Line: 1, Field: "path", Value: "a\xffb"}},
		{"negative conversions", "a;-1;0;0", attribution.FieldError{Line: 1, Field: "total_conversions", Value: "-1"}},
		{"fractional conversions", "\n\na;1.5;0;0", attribution.FieldError{Line: 3, Field: "total_conversions", Value: "1.5"}},
		{"huge conversions", "a;99999999999999999999;0;0", attribution.FieldError{Line: 1, Field: "total_conversions", Value: "99999999999999999999"}},
		{"negative value", "a;1;-1;0", attribution.FieldError{Line: 1, Field: "total_conversion_value", Value: "-1"}},
		{"signed value", "a;1;+1;0", attribution.FieldError{Line: 1, Field: "total_conversion_value", Value: "+1"}},
		{"value not a number", "a;1;one;0", attribution.FieldError{Line: 1, Field: "total_conversion_value", Value: "one"}},
		{"empty value", "a;1;;0", attribution.FieldError{Line: 1, Field: "total_conversion_value", Value: ""}},
		{"value with a wild exponent", "a;1;1e999999999;0", attribution.FieldError{Line: 1, Field: "total_conversion_value", Value: "1e999999999"}},
		{"value too large", "a;1;1e30;0", attribution.FieldError{Line: 1, Field: "total_conversion_value", Value: "1e30"}},
		{"value too fine", "a;1;1e-31;0", attribution.FieldError{Line: 1, Field: "total_conversion_value", Value: "1e-31"}},
		{"value without conversions", "a;0;5;1", attribution.FieldError{Line: 1, Field: "total_conversion_value", Value: "5"}},
		{"negative nulls", "a;1;1;-2", attribution.FieldError{Line: 1, Field: "total_null", Value: "-2"}},
		{"line too long", "a;1;1;0\n" + strings.Repeat("x", 2<<20), attribution.FieldError{Line: 2, Field: "line"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := attribution.ReadPaths(strings.NewReader(tt.input))
			if err == nil {
				t.Fatalf("ReadPaths = %v, want an error", got)
			}
			if !errors.Is(err, attribution.ErrInvalid) {
				t.Errorf("error %v does not match ErrInvalid", err)
			}
			var fe *attribution.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FieldError", err)
			}
			if diff := cmp.Diff(tt.want, *fe, cmpopts.IgnoreFields(attribution.FieldError{}, "Err")); diff != "" {
				t.Errorf("error %v (-want +got):\n%s", err, diff)
			}
		})
	}
}

func TestFieldErrorMessage(t *testing.T) {
	_, err := attribution.ReadPaths(strings.NewReader("path;total_conversions;total_conversion_value;total_null\na;x;1;0\n"))
	const want = `attribution: line 2: total_conversions "x": not a non-negative whole number`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

func TestWritePaths(t *testing.T) {
	paths := []attribution.Path{
		path(1, "2.50", 0, "google ads", "mailing"),
		path(0, "0", 3, "a"),
		{Touches: []attribution.Touch{{Channel: "b"}}, Conversions: 2, Value: decimal.New(15, 3)},
	}
	var buf bytes.Buffer
	if err := attribution.WritePaths(&buf, paths); err != nil {
		t.Fatal(err)
	}
	const want = attribution.Header + "\n" +
		"google ads > mailing;1;2.5;0\n" +
		"a;0;0;3\n" +
		"b;2;15000;0\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("WritePaths (-want +got):\n%s", diff)
	}
}

func TestWritePathsErrors(t *testing.T) {
	tests := []struct {
		name  string
		path  attribution.Path
		field string
	}{
		{"no touches", attribution.Path{Conversions: 1}, "paths[0].Touches"},
		{"empty name", path(1, "1", 0, "a", ""), "paths[0].Touches[1].Channel"},
		{"'>' in a name", path(1, "1", 0, "a>b"), "paths[0].Touches[0].Channel"},
		{"';' in a name", path(1, "1", 0, "a;b"), "paths[0].Touches[0].Channel"},
		{"newline in a name", path(1, "1", 0, "a\nb"), "paths[0].Touches[0].Channel"},
		{"space around a name", path(1, "1", 0, " a"), "paths[0].Touches[0].Channel"},
		{"negative conversions", path(-1, "0", 0, "a"), "paths[0].Conversions"},
		{"negative nulls", path(1, "1", -1, "a"), "paths[0].Nulls"},
		{"negative value", path(1, "-1", 0, "a"), "paths[0].Value"},
		{"value without conversions", path(0, "1", 1, "a"), "paths[0].Value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := attribution.WritePaths(&buf, []attribution.Path{tt.path})
			var fe *attribution.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, attribution.ErrInvalid) {
				t.Fatalf("WritePaths error = %v, want a *FieldError matching ErrInvalid", err)
			}
			if fe.Field != tt.field {
				t.Errorf("error %v names field %q, want %q", err, fe.Field, tt.field)
			}
			if buf.Len() != 0 {
				t.Errorf("WritePaths wrote %q before failing", buf.String())
			}
		})
	}
}

// FuzzReadPaths checks that ReadPaths never panics, that what it accepts
// WritePaths writes back and ReadPaths reads again unchanged, and that the
// written form is then stable.
func FuzzReadPaths(f *testing.F) {
	for _, seed := range []string{
		"path;total_conversions;total_conversion_value;total_null\nc1 > c2 > c3;1;1;0\nc1;0;0;1\nc2 > c3;0;0;1\n",
		"google ads;2;2;0\nmailing;1;1;0\ngoogle ads > mailing;1;1;0\ngoogle ads;0;0;1\n",
		"A > B > A > B > B > A;1;1;0\r\nA > A;1;1;0",
		"\ufeffa;1;1e+05;0\nb;1;.5;0\n\n",
		"a;1;1e-30;0\nb;1;999999999999999999999999999999;0",
		"a\rb;1;1;0",
		"a;0;5;1",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input string) {
		paths, err := attribution.ReadPaths(strings.NewReader(input))
		if err != nil {
			if !errors.Is(err, attribution.ErrInvalid) {
				t.Fatalf("error %v does not match ErrInvalid", err)
			}
			return
		}
		var first bytes.Buffer
		if err := attribution.WritePaths(&first, paths); err != nil {
			t.Fatalf("WritePaths of accepted input: %v", err)
		}
		again, err := attribution.ReadPaths(bytes.NewReader(first.Bytes()))
		if err != nil {
			t.Fatalf("ReadPaths of %q: %v", first.String(), err)
		}
		if diff := cmp.Diff(paths, again, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("paths read back (-want +got):\n%s", diff)
		}
		var second bytes.Buffer
		if err := attribution.WritePaths(&second, again); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("written twice differently:\n%q\n%q", first.String(), second.String())
		}
	})
}
