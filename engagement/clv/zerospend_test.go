package clv

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestSkipZeroSpendHandMade summarises a hand-made history in which one
// repeat buyer paid nothing after the first purchase and another paid
// nothing once among paid days: only the first is left out.
func TestSkipZeroSpendHandMade(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 12, 0, 0, 0, time.UTC) }
	txs := []Transaction{
		{Customer: "free", Time: day(1), Amount: decimal.RequireFromString("20")},
		{Customer: "free", Time: day(5), Amount: decimal.Zero},
		{Customer: "free", Time: day(9), Amount: decimal.Zero},
		{Customer: "mixed", Time: day(2), Amount: decimal.Zero},
		{Customer: "mixed", Time: day(6), Amount: decimal.RequireFromString("30")},
		{Customer: "mixed", Time: day(8), Amount: decimal.Zero},
		{Customer: "once", Time: day(3), Amount: decimal.Zero},
	}
	ss, err := Summarize(txs, day(28), SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	paid := synthetic(11, 300, cdnowBGNBD, cdnowGammaGamma)
	all := append(slices.Clone(paid), ss...)

	var fe *FieldError
	if _, err := FitGammaGamma(all); !errors.As(err, &fe) || fe.Customer != "free" || fe.Field != "mean spend" {
		t.Fatalf("FitGammaGamma: %v, want a mean spend error for customer free", err)
	}
	got, err := FitGammaGammaWith(all, FitOptions{SkipZeroSpend: true})
	if err != nil {
		t.Fatal(err)
	}
	// "mixed" (mean 15 over two repeat days) stays; "once" has no repeat
	// purchase and was never in the fit.
	want, err := FitGammaGamma(append(slices.Clone(paid), ss[1]))
	if err != nil {
		t.Fatal(err)
	}
	want.Skipped = 1
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FitGammaGammaWith(SkipZeroSpend) (-want +got):\n%s", diff)
	}
	if ss[1].Customer != "mixed" || !ss[1].MeanSpend.Equal(decimal.RequireFromString("15")) {
		t.Errorf("summary of mixed: %+v, want mean spend 15", ss[1])
	}
}

// TestSkipZeroSpendProperty checks that skipping zero-spend repeat buyers
// gives the fit without them, whatever their number and place, and counts
// them.
func TestSkipZeroSpendProperty(t *testing.T) {
	paid := synthetic(12, 300, cdnowBGNBD, cdnowGammaGamma)
	want, err := FitGammaGamma(paid)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(0, 20).Draw(t, "zero-spend buyers")
		ss := slices.Clone(paid)
		for i := range k {
			x := rapid.IntRange(1, 10).Draw(t, "frequency")
			s := Summary{Customer: engagement.CustomerID(fmt.Sprintf("zero%d", i)), Frequency: x, Recency: float64(x), Age: 39}
			at := rapid.IntRange(0, len(ss)).Draw(t, "position")
			ss = slices.Insert(ss, at, s)
		}
		got, err := FitGammaGammaWith(ss, FitOptions{SkipZeroSpend: true})
		if err != nil {
			t.Fatal(err)
		}
		w := want
		w.Skipped = k
		if diff := cmp.Diff(w, got); diff != "" {
			t.Fatalf("(-want +got):\n%s", diff)
		}
	})
}

// TestSkipZeroSpendOnlyZero checks that a fit with nothing left after
// skipping reports no repeat buyers.
func TestSkipZeroSpendOnlyZero(t *testing.T) {
	ss := []Summary{{Customer: "a", Frequency: 2, Recency: 3, Age: 5}, {Customer: "b", Age: 4}}
	if _, err := FitGammaGammaWith(ss, FitOptions{SkipZeroSpend: true}); !errors.Is(err, ErrNoRepeatBuyers) {
		t.Errorf("got %v, want ErrNoRepeatBuyers", err)
	}
}

// TestSkipZeroSpendCDNOW fits the spend model on the CDNOW master file,
// whose 80 zero-value transactions leave one repeat buyer (customer 10244)
// with a zero mean spend in the calibration period: without the option the
// fit refuses it, with it the other 9,450 repeat buyers are fitted.
func TestSkipZeroSpendCDNOW(t *testing.T) {
	txs := parseCDNOW(t, readCDNOWFile(t, "CDNOW_master.txt"), false)
	zero := 0
	for _, tx := range txs {
		if tx.Amount.IsZero() {
			zero++
		}
	}
	if zero != 80 {
		t.Errorf("%d zero-value transactions, want 80", zero)
	}
	ss, err := Summarize(txs, cdnowCalEnd, SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var fe *FieldError
	if _, err := FitGammaGamma(ss); !errors.As(err, &fe) || fe.Customer != "10244" {
		t.Fatalf("FitGammaGamma: %v, want a mean spend error for customer 10244", err)
	}
	fit, err := FitGammaGammaWith(ss, FitOptions{SkipZeroSpend: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fit: %+v", fit)
	if fit.Skipped != 1 || fit.Customers != 9450 || !fit.Converged {
		t.Errorf("Skipped = %d, Customers = %d, Converged = %v; want 1, 9450, true", fit.Skipped, fit.Customers, fit.Converged)
	}
}

// TestGammaGammaPenalizer checks that a penalised Gamma-Gamma fit has a
// smaller Σθ² than the plain one and that the options are validated.
func TestGammaGammaPenalizer(t *testing.T) {
	ss := synthetic(13, 300, cdnowBGNBD, cdnowGammaGamma)
	plain, err1 := FitGammaGamma(ss)
	zero, err2 := FitGammaGammaWith(ss, FitOptions{})
	pen, err3 := FitGammaGammaWith(ss, FitOptions{Penalizer: 0.01})
	if err := errors.Join(err1, err2, err3); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(plain, zero); diff != "" {
		t.Errorf("zero options (-FitGammaGamma +FitGammaGammaWith):\n%s", diff)
	}
	sq := func(m GammaGamma) float64 { return m.P*m.P + m.Q*m.Q + m.Gamma*m.Gamma }
	if sq(pen.Model) >= sq(plain.Model) {
		t.Errorf("penalised Σθ² = %g, plain %g", sq(pen.Model), sq(plain.Model))
	}
	var fe *FieldError
	if _, err := FitGammaGammaWith(ss, FitOptions{Penalizer: -1}); !errors.As(err, &fe) || fe.Field != "penalizer" {
		t.Errorf("penalizer -1: %v", err)
	}
}
