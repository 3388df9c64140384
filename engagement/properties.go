package engagement

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on [Properties], so that one event or customer cannot grow
// without bound and every store can index what it keeps.
const (
	MaxProperties = 64   // properties on one interaction, or traits on one customer
	MaxKeyBytes   = 128  // bytes in a property name
	MaxValueBytes = 4096 // bytes in a text value
)

// Properties are the typed facts an [Interaction] carries (order_id, sku,
// utm_source, utm_campaign, device, locale) or a [Customer] has as traits
// (plan, seats, signed_up_at). Names are case-sensitive text of 1 to
// [MaxKeyBytes] bytes without control characters; at most [MaxProperties]
// names per map. A nil map and an empty one mean the same: none.
type Properties map[string]Value

// Get returns the value of name, and whether it is set.
func (ps Properties) Get(name string) (Value, bool) {
	v, ok := ps[name]
	return v, ok
}

// Keys returns the names set, in ascending byte-wise order.
func (ps Properties) Keys() []string { return slices.Sorted(maps.Keys(ps)) }

// Clone returns a copy of ps that shares no memory with it; nil for none.
func (ps Properties) Clone() Properties {
	if len(ps) == 0 {
		return nil
	}
	return maps.Clone(ps)
}

// Equal reports whether ps and qs set the same names to equal values
// ([Value.Equal]). A nil and an empty map are equal.
func (ps Properties) Equal(qs Properties) bool {
	return maps.EqualFunc(ps, qs, Value.Equal)
}

// With returns a copy of ps with the names of qs set to their values in
// qs (qs wins), or nil when both are empty.
func (ps Properties) With(qs Properties) Properties {
	if len(ps)+len(qs) == 0 {
		return nil
	}
	out := make(Properties, len(ps)+len(qs))
	maps.Copy(out, ps)
	maps.Copy(out, qs)
	return out
}

// Validate reports the first problem with ps as a *[FieldError] whose
// field is field, a dot and the property name ("properties.sku"), or nil.
// Names are checked in ascending order, so the error is the same each
// time.
func (ps Properties) Validate(field string) error {
	if len(ps) == 0 {
		return nil // the common case, without the allocations of Keys
	}
	if len(ps) > MaxProperties {
		return fieldError(field, fmt.Sprint(len(ps)), fmt.Sprintf("more than %d properties", MaxProperties))
	}
	for _, k := range ps.Keys() {
		if err := checkKey(field+" name", k, MaxKeyBytes); err != nil {
			return err
		}
		if err := ps[k].validate(field + "." + k); err != nil {
			return err
		}
	}
	return nil
}

// checkKey reports whether s can serve as a key (an ID, a property name):
// not empty, valid UTF-8, no control characters (a carriage return or a
// NUL would not survive every file format and database), and at most max
// bytes when max > 0.
func checkKey(field, s string, max int) error {
	switch {
	case s == "":
		return fieldError(field, "", "is empty")
	case max > 0 && len(s) > max:
		return fieldError(field, s, fmt.Sprintf("is longer than %d bytes", max))
	}
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b == 0x7f {
			return fieldError(field, s, fmt.Sprintf("holds the control character %U at byte %d", rune(b), i))
		} else if b >= utf8.RuneSelf {
			return checkKeyUnicode(field, s[i:], i, s)
		}
	}
	return nil
}

// checkKeyUnicode is checkKey past the first non-ASCII byte of whole, at
// offset off: rest must be valid UTF-8 without control characters.
func checkKeyUnicode(field, rest string, off int, whole string) error {
	if !utf8.ValidString(rest) {
		return fieldError(field, whole, "is not valid UTF-8")
	}
	if i := strings.IndexFunc(rest, unicode.IsControl); i >= 0 {
		r, _ := utf8.DecodeRuneInString(rest[i:])
		return fieldError(field, whole, fmt.Sprintf("holds the control character %U at byte %d", r, off+i))
	}
	return nil
}
