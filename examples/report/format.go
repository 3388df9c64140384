package main

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The report writes every date one way (2026-01-01, as the library's own
// texts do), and every figure of four digits or more with thousands
// separators.

const (
	dateLayout     = time.DateOnly
	dateTimeLayout = "2006-01-02 15:04 UTC"
)

func date(t time.Time) string     { return t.UTC().Format(dateLayout) }
func dateTime(t time.Time) string { return t.UTC().Format(dateTimeLayout) }

// count writes n with thousands separators: 26,223.
func count(n int) string { return group(strconv.Itoa(n)) }

// money writes d to cents with thousands separators: 813,699.85.
func money(d decimal.Decimal) string { return group(d.StringFixed(2)) }

// whole writes d rounded to a whole number with thousands separators.
func whole(d decimal.Decimal) string { return group(d.StringFixed(0)) }

// signed writes d to cents with its sign: +5,062.44, -12.00.
func signed(d decimal.Decimal) string {
	if d.Sign() >= 0 {
		return "+" + money(d)
	}
	return money(d)
}

// number writes v with prec decimals and thousands separators.
func number(v float64, prec int) string { return group(strconv.FormatFloat(v, 'f', prec, 64)) }

// group puts a comma between each three digits of the whole part of a
// number written in plain decimal (an optional sign, digits, an optional
// fraction).
func group(s string) string {
	sign := ""
	if s != "" && (s[0] == '-' || s[0] == '+') {
		sign, s = s[:1], s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(whole) <= 3 {
		return sign + s
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}
