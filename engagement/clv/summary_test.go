package clv

import (
	"errors"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

var day0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func at(days int, hour int) time.Time {
	return day0.AddDate(0, 0, days).Add(time.Duration(hour) * time.Hour)
}

func TestSummarize(t *testing.T) {
	cents := func(c int64) decimal.Decimal { return decimal.New(c, -2) }
	txs := []Transaction{
		{Customer: "b", Time: at(14, 9), Amount: cents(500)},
		{Customer: "a", Time: at(0, 10), Amount: cents(1000)},
		{Customer: "a", Time: at(7, 8), Amount: cents(250)},
		{Customer: "a", Time: at(7, 20), Amount: cents(750)}, // same day: one purchase of 10.00
		{Customer: "a", Time: at(21, 0), Amount: cents(2001)},
		{Customer: "a", Time: at(30, 0), Amount: cents(300)},  // holdout
		{Customer: "a", Time: at(30, 5), Amount: cents(100)},  // holdout, same day
		{Customer: "a", Time: at(40, 0), Amount: cents(999)},  // after the holdout: ignored
		{Customer: "c", Time: at(35, 0), Amount: cents(1000)}, // first buys after calibration: left out
	}
	got, err := Summarize(txs, at(28, 23), SummaryOptions{HoldoutEnd: at(35, 0)})
	if err != nil {
		t.Fatal(err)
	}
	want := []Summary{
		{Customer: "a", First: at(0, 0), Frequency: 2, Recency: 3, Age: 4,
			MeanSpend: decimal.RequireFromString("15.005"), HoldoutFrequency: 1, HoldoutSpend: cents(400)},
		{Customer: "b", First: at(14, 0), Age: 2},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Summarize (-want +got):\n%s", diff)
	}

	days, err := Summarize(txs, at(28, 0), SummaryOptions{Unit: 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if s := days[0]; s.Recency != 21 || s.Age != 28 || s.HoldoutFrequency != 0 {
		t.Errorf("in days: %+v, want recency 21, age 28, no holdout", s)
	}
}

func TestSummarizeInteractionsIgnoresOtherKinds(t *testing.T) {
	ins := []engagement.Interaction{
		{ID: "1", Customer: "a", Time: at(0, 0), Kind: engagement.Purchase, Amount: decimal.NewFromInt(10)},
		{ID: "2", Customer: "a", Time: at(7, 0), Kind: engagement.Return, Amount: decimal.NewFromInt(10)},
		{ID: "3", Customer: "a", Time: at(8, 0), Kind: engagement.Complaint},
		{ID: "4", Customer: "a", Time: at(14, 0), Kind: engagement.Purchase, Amount: decimal.NewFromInt(4)},
	}
	got, err := SummarizeInteractions(ins, at(21, 0), SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Summary{{Customer: "a", First: at(0, 0), Frequency: 1, Recency: 2, Age: 3, MeanSpend: decimal.NewFromInt(4)}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SummarizeInteractions (-want +got):\n%s", diff)
	}
}

func TestSummarizeRefusesBadTransactions(t *testing.T) {
	for _, c := range []struct {
		name  string
		tx    Transaction
		field string
	}{
		{"negative amount", Transaction{Customer: "a", Time: day0, Amount: decimal.NewFromInt(-1)}, "amount"},
		{"no customer", Transaction{Time: day0}, "customer"},
		{"no time", Transaction{Customer: "a"}, "time"},
	} {
		_, err := Summarize([]Transaction{c.tx}, day0, SummaryOptions{})
		var fe *FieldError
		if !errors.Is(err, ErrInvalid) || !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("%s: err = %v, want a *FieldError on %s", c.name, err, c.field)
		}
	}
}

// transactionsGen draws transactions of a few customers over two months,
// at any hour, with amounts in cents (and the odd finer one).
var transactionsGen = rapid.Custom(func(t *rapid.T) []Transaction {
	n := rapid.IntRange(0, 60).Draw(t, "n")
	txs := make([]Transaction, n)
	for i := range txs {
		txs[i] = Transaction{
			Customer: engagement.CustomerID(rapid.SampledFrom([]string{"a", "b", "c", "d"}).Draw(t, "customer")),
			Time:     at(rapid.IntRange(0, 60).Draw(t, "day"), rapid.IntRange(0, 23).Draw(t, "hour")),
			Amount: decimal.New(rapid.Int64Range(0, 1_000_000).Draw(t, "coefficient"),
				int32(rapid.IntRange(-4, 0).Draw(t, "exponent"))),
		}
	}
	return txs
})

func TestSummaryOrderInvariant(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		txs := transactionsGen.Draw(t, "transactions")
		shuffled := rapid.Permutation(txs).Draw(t, "shuffled")
		opts := SummaryOptions{HoldoutEnd: at(50, 0)}
		want, err1 := Summarize(txs, at(30, 0), opts)
		got, err2 := Summarize(shuffled, at(30, 0), opts)
		if err := errors.Join(err1, err2); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("shuffled (-want +got):\n%s", diff)
		}
	})
}

func TestSummarizerMergeEqualsWhole(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		txs := transactionsGen.Draw(t, "transactions")
		split := rapid.IntRange(0, len(txs)).Draw(t, "split")
		opts := SummaryOptions{HoldoutEnd: at(50, 0)}
		left, right := NewSummarizer(at(30, 0), opts), NewSummarizer(at(30, 0), opts)
		for i, tx := range txs {
			s := left
			if i >= split {
				s = right
			}
			if err := s.Add(tx); err != nil {
				t.Fatal(err)
			}
		}
		if err := left.Merge(right); err != nil {
			t.Fatal(err)
		}
		want, err := Summarize(txs, at(30, 0), opts)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, left.Summaries()); diff != "" {
			t.Fatalf("merged (-want +got):\n%s", diff)
		}
	})
}

func TestSummarizerMergeMismatch(t *testing.T) {
	a := NewSummarizer(day0, SummaryOptions{})
	b := NewSummarizer(day0, SummaryOptions{Unit: time.Hour})
	if err := a.Merge(b); !errors.Is(err, ErrMismatch) {
		t.Errorf("Merge = %v, want ErrMismatch", err)
	}
}

// TestSumMatchesDecimal checks the integer fast path of sum against plain
// decimal addition, overflow included.
func TestSumMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var s sum
		want := decimal.Zero
		for range rapid.IntRange(0, 20).Draw(t, "n") {
			d := decimal.New(rapid.Int64().Draw(t, "coefficient"), int32(rapid.IntRange(-20, 20).Draw(t, "exponent")))
			s.add(d)
			want = want.Add(d)
		}
		if got := s.value(); !got.Equal(want) {
			t.Fatalf("sum = %s, want %s", got, want)
		}
		if k := rapid.IntRange(1, 1000).Draw(t, "k"); want.Sign() >= 0 {
			if got, want := s.mean(k), want.DivRound(decimal.NewFromInt(int64(k)), meanPlaces); !got.Equal(want) {
				t.Fatalf("mean over %d = %s, want %s", k, got, want)
			}
		}
	})
}
