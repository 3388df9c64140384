// Package fielderr holds what the field errors of the engage packages
// share: how much of a bad value a message repeats, and how the message
// reads, so that an error reads the same whichever package reports it:
//
//	touchpoints: line 3: cost "ten": not a decimal number
//
// Each package keeps its own FieldError type and sentinel, so that
// errors.Is and errors.As tell the packages apart.
package fielderr

import (
	"strconv"
	"unicode/utf8"
)

// MaxValue bounds how many bytes of a bad value a message repeats.
const MaxValue = 64

// Shorten returns value cut to at most MaxValue bytes at a character
// boundary, the cut marked with "...".
func Shorten(value string) string {
	if len(value) <= MaxValue {
		return value
	}
	cut := MaxValue
	for cut > 0 && !utf8.RuneStart(value[cut]) {
		cut--
	}
	return value[:cut] + "..."
}

// Line says where a value was read: "line n", or "" for n ≤ 0 (a value
// that did not come from a file).
func Line(n int) string {
	if n <= 0 {
		return ""
	}
	return "line " + strconv.Itoa(n)
}

// Message returns `pkg: where: field "value": reason`, leaving out where
// when it is empty and saying "invalid" when reason is nil.
func Message(pkg, where, field, value string, reason error) string {
	msg := pkg + ": "
	if where != "" {
		msg += where + ": "
	}
	why := "invalid"
	if reason != nil {
		why = reason.Error()
	}
	return msg + field + " " + strconv.Quote(value) + ": " + why
}
