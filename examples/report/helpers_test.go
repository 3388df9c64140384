package main

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func decimalInt(n int) decimal.Decimal { return decimal.NewFromInt(int64(n)) }

// cents returns n hundredths.
func cents(n int64) decimal.Decimal { return decimal.New(n, -2) }
