package main

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// Thousands separators change how a figure reads, never its value: taking
// the commas out gives the plain figure back, and they fall every three
// digits of the whole part.
func TestGroupKeepsTheValue(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		units := rapid.Int64().Draw(t, "units")
		exp := rapid.Int32Range(-4, 0).Draw(t, "exp")
		plain := decimal.New(units, exp).StringFixed(2)
		got := group(plain)
		if back := strings.ReplaceAll(got, ",", ""); back != plain {
			t.Fatalf("group(%q) = %q, which reads back as %q", plain, got, back)
		}
		whole, _, _ := strings.Cut(strings.TrimLeft(got, "+-"), ".")
		parts := strings.Split(whole, ",")
		for i, p := range parts {
			if len(p) > 3 || len(p) == 0 || i > 0 && len(p) != 3 {
				t.Fatalf("group(%q) = %q: group %q is out of place", plain, got, p)
			}
		}
	})
}

func TestFiguresAsWritten(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{count(26223), "26,223"},
		{count(999), "999"},
		{count(-1234567), "-1,234,567"},
		{money(decimal.RequireFromString("813699.845")), "813,699.85"},
		{signed(decimal.RequireFromString("5062.44")), "+5,062.44"},
		{signed(decimal.RequireFromString("-12")), "-12.00"},
		{whole(decimal.RequireFromString("333031.37")), "333,031"},
		{number(6025.4, 0), "6,025"},
		{number(-179.2, 0), "-179"},
		{date(time.Date(2026, 1, 1, 23, 0, 0, 0, time.FixedZone("", -3600))), "2026-01-02"},
		{dateTime(time.Date(2025, 11, 20, 12, 0, 0, 0, time.UTC)), "2025-11-20 12:00 UTC"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
