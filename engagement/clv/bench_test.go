package clv

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkFitBGNBD fits BG/NBD, standard errors included, to the 2,357
// CDNOW customers of cdnow_customers_summary.csv.
func BenchmarkFitBGNBD(b *testing.B) {
	ss := readCDNOWSummary(b, false)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitBGNBD(ss); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFitGammaGamma fits Gamma-Gamma, standard errors included, to the
// 946 CDNOW repeat buyers.
func BenchmarkFitGammaGamma(b *testing.B) {
	ss := readCDNOWSummary(b, true)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitGammaGamma(ss); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSummarize summarises the 69,659 transactions of CDNOW_master.txt,
// parsed beforehand (the parse is not timed), with a holdout period.
func BenchmarkSummarize(b *testing.B) {
	txs := parseCDNOW(b, readCDNOWFile(b, "CDNOW_master.txt"), false)
	opts := SummaryOptions{HoldoutEnd: cdnowHoldEnd}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Summarize(txs, cdnowCalEnd, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(txs))*float64(b.N)/b.Elapsed().Seconds(), "transactions/s")
}

// BenchmarkSummarizeShuffled is BenchmarkSummarize on the transactions in
// a shuffled order, which Summarize cannot take customer by customer.
func BenchmarkSummarizeShuffled(b *testing.B) {
	txs := parseCDNOW(b, readCDNOWFile(b, "CDNOW_master.txt"), false)
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(txs), func(i, j int) { txs[i], txs[j] = txs[j], txs[i] })
	opts := SummaryOptions{HoldoutEnd: cdnowHoldEnd}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Summarize(txs, cdnowCalEnd, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(txs))*float64(b.N)/b.Elapsed().Seconds(), "transactions/s")
}

// BenchmarkForecastBase forecasts a year (12 months, discounted) for the
// 2,357 CDNOW customers.
func BenchmarkForecastBase(b *testing.B) {
	ss := readCDNOWSummary(b, true)
	m := Model{Purchases: cdnowBGNBD, Spend: cdnowGammaGamma}
	h := Horizon{Periods: 12, PeriodLength: 52.0 / 12, DiscountRate: 0.01}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.ForecastBase(ss, h); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHyp2F1 evaluates 2F1 at a typical BG/NBD point (CDNOW, x = 2,
// T = 38.86, t = 39).
func BenchmarkHyp2F1(b *testing.B) {
	b.ReportAllocs()
	var s float64
	for b.Loop() {
		s += hyp2f1(2.243, 4.426, 5.219, 39/(4.414+38.86+39))
	}
	_ = s
}
