package engagement_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/engagekit/engage/engagement"
)

// impValueLike draws a value of the kind of v, often equal to it: numbers
// at another scale, times in another zone.
func impValueLike(v engagement.Value) *rapid.Generator[engagement.Value] {
	return rapid.Custom(func(t *rapid.T) engagement.Value {
		if rapid.Bool().Draw(t, "fresh") {
			return impValue().Draw(t, "other")
		}
		switch v.Kind() {
		case engagement.ValueNumber:
			d, _ := v.Num()
			return engagement.NumberValue(d.Truncate(rapid.Int32Range(0, 10).Draw(t, "places")))
		case engagement.ValueTime:
			at, _ := v.Instant()
			return engagement.TimeValue(at.In(rapid.SampledFrom(impZones).Draw(t, "zone")))
		}
		return v
	})
}

func TestValueEqualIsAnEquivalence(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := impValue().Draw(t, "a")
		b := impValueLike(a).Draw(t, "b")
		c := impValueLike(b).Draw(t, "c")
		if !a.Equal(a) {
			t.Fatalf("%v is not Equal to itself", a)
		}
		if a.Equal(b) != b.Equal(a) {
			t.Fatalf("Equal is not symmetric on %v and %v", a, b)
		}
		if a.Equal(b) && b.Equal(c) && !a.Equal(c) {
			t.Fatalf("Equal is not transitive on %v, %v, %v", a, b, c)
		}
	})
}

func TestValueCompareAgreesWithEqual(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := impValue().Draw(t, "a")
		b := impValueLike(a).Draw(t, "b")
		ab, okAB := a.Compare(b)
		ba, okBA := b.Compare(a)
		if okAB != (a.Kind() == b.Kind()) || okAB != okBA {
			t.Fatalf("Compare(%v, %v) ok = %v, %v for kinds %v and %v", a, b, okAB, okBA, a.Kind(), b.Kind())
		}
		if !okAB {
			if ab != 0 || a.Equal(b) {
				t.Fatalf("Compare of kinds %v and %v = %d; Equal %v", a.Kind(), b.Kind(), ab, a.Equal(b))
			}
			return
		}
		if (ab == 0) != a.Equal(b) || ab != -ba || ab < -1 || ab > 1 {
			t.Fatalf("Compare(%v, %v) = %d, reversed %d, but Equal %v", a, b, ab, ba, a.Equal(b))
		}
	})
}

func TestValueJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := impValue().Draw(t, "value")
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var got engagement.Value
		if err := json.Unmarshal(data, &got); err != nil {
			t.Fatalf("reading %s back: %v", data, err)
		}
		// String shows a number's scale, so equal text means the scale was
		// kept (1.50 stays 1.50).
		if !got.Equal(v) || got.Kind() != v.Kind() || got.String() != v.String() {
			t.Fatalf("%s read back as %v (%v), want %v (%v)", data, got, got.Kind(), v, v.Kind())
		}
	})
}

func TestValueJSONForms(t *testing.T) {
	at := time.Date(2024, 3, 1, 9, 0, 0, 5, time.UTC)
	good := []struct {
		json string
		want engagement.Value
		text string
	}{
		{`"A-1"`, engagement.StringValue("A-1"), "A-1"},
		{`1.50`, engagement.NumberValue(decimal.New(150, -2)), "1.50"},
		{` -0.0 `, engagement.NumberValue(decimal.New(0, -1)), "0.0"},
		{`1e3`, engagement.IntValue(1000), "1000"},
		{`true`, engagement.BoolValue(true), "true"},
		{`{"time":"2024-03-01T10:00:00.000000005+01:00"}`, engagement.TimeValue(at), "2024-03-01T09:00:00.000000005Z"},
	}
	for _, g := range good {
		var v engagement.Value
		if err := json.Unmarshal([]byte(g.json), &v); err != nil || !v.Equal(g.want) || v.String() != g.text {
			t.Errorf("%s: read %v (%q), %v; want %v (%q)", g.json, v, v.String(), err, g.want, g.text)
		}
	}
	for _, bad := range []string{`null`, `[1]`, `{}`, `{"time":1}`, `{"when":"2024-03-01T00:00:00Z"}`,
		`{"time":"2024-03-01"}`, `{"time":"2024-03-01T00:00:00Z","zone":"x"}`, `1e`, `01`, `"open`, ``} {
		var v engagement.Value
		err := v.UnmarshalJSON([]byte(bad))
		var fe *engagement.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, engagement.ErrInvalid) || fe.Field != "value" {
			t.Errorf("%s: error %v, want a *FieldError on value", bad, err)
		}
	}
	if _, err := json.Marshal(engagement.Value{}); !errors.Is(err, engagement.ErrInvalid) {
		t.Errorf("writing the zero Value: error %v, want one matching ErrInvalid", err)
	}
}

// FuzzValueJSON checks that any JSON UnmarshalJSON accepts is written by
// MarshalJSON as valid JSON that reads back to an equal value of the same
// kind and text.
func FuzzValueJSON(f *testing.F) {
	for _, s := range []string{`"A-1"`, `"tab\there \u00e9"`, `1.50`, `-0.0`, `1e3`, `12345678901234567890.123456789`,
		`true`, `false`, `null`, `{"time":"2024-03-01T10:00:00.5+01:00"}`, `{"time":"0001-01-01T00:00:00Z"}`, `[]`, `{"time":"x"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v engagement.Value
		if err := v.UnmarshalJSON(data); err != nil {
			var fe *engagement.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, engagement.ErrInvalid) {
				t.Fatalf("error %v (%T) is not a *FieldError matching ErrInvalid", err, err)
			}
			return
		}
		out, err := v.MarshalJSON()
		if err != nil {
			t.Fatalf("writing %v read from %q: %v", v, data, err)
		}
		if !json.Valid(out) {
			t.Fatalf("%q read from %q is not valid JSON", out, data)
		}
		var got engagement.Value
		if err := got.UnmarshalJSON(out); err != nil {
			t.Fatalf("reading back %q: %v", out, err)
		}
		if !got.Equal(v) || got.Kind() != v.Kind() || got.String() != v.String() {
			t.Fatalf("%q read as %v, written %q, read back as %v", data, v, out, got)
		}
	})
}
