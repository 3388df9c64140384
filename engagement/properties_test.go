package engagement_test

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/engagekit/engage/engagement"
)

func TestPropertiesValidateAcceptsValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ps := impProperties(engagement.MaxProperties).Draw(t, "properties")
		if err := ps.Validate("properties"); err != nil {
			t.Fatalf("Validate(%v) = %v", ps, err)
		}
	})
}

// TestPropertiesValidateRefusesWhatTheLimitsSay checks Validate against
// the limits stated one by one: a name of 1 to MaxKeyBytes bytes of valid
// UTF-8 without control characters, text of at most MaxValueBytes, times
// within the years an interaction may carry, no zero Value.
func TestPropertiesValidateRefusesWhatTheLimitsSay(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		name := rapid.OneOf(
			impKey(0),
			rapid.StringOfN(rapid.RuneFrom([]rune{'a', 'é', '\t', '\n', 0, 0x7f, 0x85, 0x2028}), 0, 6, -1),
			rapid.Map(rapid.IntRange(engagement.MaxKeyBytes-2, engagement.MaxKeyBytes+2), func(n int) string { return strings.Repeat("k", n) }),
			rapid.Just("a\xffb"),
		).Draw(t, "name")
		var v engagement.Value
		valueOK := true
		switch rapid.IntRange(0, 3).Draw(t, "value_shape") {
		case 0:
			v = impValue().Draw(t, "value")
		case 1:
			n := rapid.IntRange(engagement.MaxValueBytes-2, engagement.MaxValueBytes+2).Draw(t, "text_bytes")
			v, valueOK = engagement.StringValue(strings.Repeat("x", n)), n <= engagement.MaxValueBytes
		case 2:
			// Interactions may carry times from 1677-09-21 to 2262-04-11.
			at := rapid.SampledFrom([]time.Time{
				time.Date(1677, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC),
				time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2262, 6, 1, 0, 0, 0, 0, time.UTC),
			}).Draw(t, "time")
			v, valueOK = engagement.TimeValue(at), at.Month() == time.January
		case 3:
			valueOK = false // the zero Value
		}
		nameOK := name != "" && len(name) <= engagement.MaxKeyBytes && utf8.ValidString(name) &&
			!strings.ContainsFunc(name, unicode.IsControl)
		ps := engagement.Properties{name: v}
		err := ps.Validate("traits")
		if (err == nil) != (nameOK && valueOK) {
			t.Fatalf("Validate({%q: %v}) = %v; want name ok %v, value ok %v", name, v, err, nameOK, valueOK)
		}
		if err == nil {
			return
		}
		var fe *engagement.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, engagement.ErrInvalid) {
			t.Fatalf("error %v (%T) is not a *FieldError matching ErrInvalid", err, err)
		}
		wantField := "traits." + name
		if !nameOK {
			wantField = "traits name"
		}
		if fe.Field != wantField {
			t.Fatalf("error %v names field %q, want %q", err, fe.Field, wantField)
		}
	})
}

func TestPropertiesValidateCountsNames(t *testing.T) {
	ps := engagement.Properties{}
	for i := range engagement.MaxProperties {
		ps["p"+strconv.Itoa(i)] = engagement.IntValue(int64(i))
	}
	if err := ps.Validate("properties"); err != nil {
		t.Errorf("%d properties: %v", len(ps), err)
	}
	ps["one more"] = engagement.BoolValue(true)
	var fe *engagement.FieldError
	if err := ps.Validate("properties"); !errors.As(err, &fe) || fe.Field != "properties" {
		t.Errorf("%d properties: error %v, want a *FieldError on properties", len(ps), err)
	}
}

func TestPropertiesCloneWithKeys(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ps := impProperties(6).Draw(t, "ps")
		qs := impProperties(6).Draw(t, "qs")
		c := ps.Clone()
		if !c.Equal(ps) || !ps.Equal(c) {
			t.Fatalf("Clone(%v) = %v, not Equal", ps, c)
		}
		if c != nil {
			c["added by the test"] = engagement.BoolValue(true)
			if _, ok := ps["added by the test"]; ok {
				t.Fatalf("Clone shares memory with the original")
			}
		}
		w := ps.With(qs)
		for k, v := range w {
			want, ok := qs[k]
			if !ok {
				want, ok = ps[k]
			}
			if !ok || !v.Equal(want) {
				t.Fatalf("With: %q = %v, want %v (set %v)", k, v, want, ok)
			}
		}
		if len(w) != len(ps.With(nil))+len(qs)-countShared(ps, qs) {
			t.Fatalf("With(%v, %v) = %v: wrong names", ps, qs, w)
		}
		if keys := w.Keys(); !slices.IsSorted(keys) || len(keys) != len(w) {
			t.Fatalf("Keys() = %q, want the %d names sorted", keys, len(w))
		}
		if diff := gocmp.Diff(slices.Sorted(maps.Keys(w)), w.Keys()); diff != "" {
			t.Fatalf("Keys mismatch (-want +got):\n%s", diff)
		}
		if !engagement.Properties(nil).Equal(engagement.Properties{}) {
			t.Fatalf("nil and empty properties are not Equal")
		}
	})
}

// countShared counts the names set in both ps and qs.
func countShared(ps, qs engagement.Properties) int {
	n := 0
	for k := range qs {
		if _, ok := ps[k]; ok {
			n++
		}
	}
	return n
}

// Validate is on the fold's path for every interaction: without
// properties it must not allocate (Keys would, twice).
func TestValidateWithoutPropertiesAllocatesNothing(t *testing.T) {
	in := engagement.Interaction{ID: "i-1", Customer: "c-1", Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Kind: engagement.Purchase, Touchpoint: "web"}
	if n := testing.AllocsPerRun(100, func() {
		if err := in.Validate(); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("Interaction.Validate allocates %v times; want 0", n)
	}
}
