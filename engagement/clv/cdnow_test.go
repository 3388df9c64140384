package clv

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/shopspring/decimal"

	"github.com/engagekit/engage/internal/shareddata"
)

// The CDNOW calibration period ends on 1997-09-30 and the holdout on
// 1998-06-30 (data/cdnow/README.md).
var (
	cdnowCalEnd  = time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC)
	cdnowHoldEnd = time.Date(1998, 6, 30, 0, 0, 0, 0, time.UTC)
)

// cdnowDir returns the shared CDNOW folder (see shareddata.Dir).
func cdnowDir(tb testing.TB) string { return shareddata.Dir(tb, "cdnow") }

// readCDNOWFile returns the contents of a file of the CDNOW folder.
func readCDNOWFile(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(cdnowDir(tb), name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// readCDNOWSummary reads cdnow_customers_summary.csv (ID,frequency,recency,T)
// or, with zbar, cdnow_customers_summary_with_transactions.csv
// (ID,x,t_x,T,zbar).
func readCDNOWSummary(tb testing.TB, withSpend bool) []Summary {
	tb.Helper()
	name := "cdnow_customers_summary.csv"
	if withSpend {
		name = "cdnow_customers_summary_with_transactions.csv"
	}
	var out []Summary
	sc := bufio.NewScanner(bytes.NewReader(readCDNOWFile(tb, name)))
	for line := 1; sc.Scan(); line++ {
		if line == 1 {
			continue
		}
		f := strings.Split(strings.TrimSpace(sc.Text()), ",")
		if len(f) < 4 {
			tb.Fatalf("%s:%d: %q", name, line, sc.Text())
		}
		x, err1 := strconv.Atoi(f[1])
		tx, err2 := strconv.ParseFloat(f[2], 64)
		age, err3 := strconv.ParseFloat(f[3], 64)
		s := Summary{Customer: engagement.CustomerID(f[0]), Frequency: x, Recency: tx, Age: age}
		var err4 error
		if withSpend {
			s.MeanSpend, err4 = decimal.NewFromString(f[4])
		}
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			tb.Fatalf("%s:%d: %v", name, line, err)
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// parseCDNOW parses the whitespace-separated CDNOW transaction files:
// CDNOW_master.txt (customer_id date number_of_cds dollar_value, with a
// header) and CDNOW_sample.txt (master id, sample id, date, CDs, dollars; no
// header), where the customer is the sample id. Dates are YYYYMMDD in UTC.
func parseCDNOW(tb testing.TB, b []byte, sample bool) []Transaction {
	tb.Helper()
	txs := make([]Transaction, 0, bytes.Count(b, []byte{'\n'})+1)
	for line := 1; len(b) > 0; line++ {
		var l []byte
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			l, b = b[:i], b[i+1:]
		} else {
			l, b = b, nil
		}
		f := bytes.Fields(l)
		if len(f) == 0 {
			continue
		}
		if !sample && line == 1 && string(f[0]) == "customer_id" {
			continue
		}
		id, date, amount := f[0], f[1], f[3]
		if sample {
			if len(f) != 5 {
				tb.Fatalf("line %d: %q", line, l)
			}
			id, date, amount = f[1], f[2], f[4]
		} else if len(f) != 4 {
			tb.Fatalf("line %d: %q", line, l)
		}
		t, err1 := time.Parse("20060102", string(date))
		a, err2 := decimal.NewFromString(string(amount))
		if err := errors.Join(err1, err2); err != nil {
			tb.Fatalf("line %d: %v", line, err)
		}
		txs = append(txs, Transaction{Customer: engagement.CustomerID(id), Time: t, Amount: a})
	}
	return txs
}
