package clv

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// summarizeOneByOne is Summarize through a Summarizer, one transaction at
// a time: the general path, whatever the order.
func summarizeOneByOne(txs []Transaction, calEnd time.Time, opts SummaryOptions) ([]Summary, error) {
	s := NewSummarizer(calEnd, opts)
	for _, tx := range txs {
		if err := s.Add(tx); err != nil {
			return nil, err
		}
	}
	return s.Summaries(), nil
}

// TestSummarizeGroupedEqualsSummarizer checks the path for transactions
// grouped by customer in ID order against the general one, errors
// included.
func TestSummarizeGroupedEqualsSummarizer(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		txs := transactionsGen.Draw(t, "transactions")
		if rapid.Bool().Draw(t, "a bad transaction") && len(txs) > 0 {
			i := rapid.IntRange(0, len(txs)-1).Draw(t, "bad at")
			switch rapid.IntRange(0, 2).Draw(t, "fault") {
			case 0:
				txs[i].Amount = decimal.New(-1, 0)
			case 1:
				txs[i].Time = time.Time{}
			default:
				txs[i].Amount = decimal.RequireFromString("12345678901234567890.5") // too long for a row
			}
		}
		slices.SortStableFunc(txs, func(a, b Transaction) int { return cmp.Compare(a.Customer, b.Customer) })
		if _, ok := groupedByCustomer(txs); !ok {
			t.Fatal("sorted transactions not seen as grouped")
		}
		calEnd := at(rapid.IntRange(0, 60).Draw(t, "calibration end"), 0)
		opts := SummaryOptions{Unit: rapid.SampledFrom([]time.Duration{0, 24 * time.Hour}).Draw(t, "unit")}
		if rapid.Bool().Draw(t, "holdout") {
			opts.HoldoutEnd = calEnd.AddDate(0, 0, rapid.IntRange(-5, 30).Draw(t, "holdout days"))
		}
		want, wantErr := summarizeOneByOne(txs, calEnd, opts)
		got, err := Summarize(txs, calEnd, opts)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("error %v, want %v", err, wantErr)
		}
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Fatalf("grouped (-general +grouped):\n%s", diff)
		}
	})
}

func TestGroupedByCustomer(t *testing.T) {
	for _, c := range []struct {
		ids    []string
		starts []int32
		ok     bool
	}{
		{nil, nil, true},
		{[]string{"a"}, []int32{0, 1}, true},
		{[]string{"a", "a", "b", "c", "c"}, []int32{0, 2, 3, 5}, true},
		{[]string{"a", "b", "a"}, nil, false},
		{[]string{"b", "a"}, nil, false},
	} {
		var txs []Transaction
		for _, id := range c.ids {
			txs = append(txs, Transaction{Customer: engagement.CustomerID(id)})
		}
		starts, ok := groupedByCustomer(txs)
		if diff := gocmp.Diff(c.starts, starts); diff != "" || ok != c.ok {
			t.Errorf("groupedByCustomer(%v) = %v, %v; want %v, %v", c.ids, starts, ok, c.starts, c.ok)
		}
	}
}

// TestSummarizeCDNOWPaths checks that the CDNOW master file, grouped by
// customer, summarises as it does one transaction at a time in a shuffled
// order.
func TestSummarizeCDNOWPaths(t *testing.T) {
	txs := parseCDNOW(t, readCDNOWFile(t, "CDNOW_master.txt"), false)
	opts := SummaryOptions{HoldoutEnd: cdnowHoldEnd}
	if starts, ok := groupedByCustomer(txs); !ok || len(starts) != 23570+1 {
		t.Fatalf("groupedByCustomer = %d starts, %v; want 23571, true", len(starts), ok)
	}
	got, err := Summarize(txs, cdnowCalEnd, opts)
	if err != nil {
		t.Fatal(err)
	}
	shuffled := slices.Clone(txs)
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	want, err := summarizeOneByOne(shuffled, cdnowCalEnd, opts)
	if err != nil {
		t.Fatal(err)
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("(-shuffled, one by one +grouped):\n%s", diff)
	}
}
