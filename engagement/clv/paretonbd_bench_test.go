package clv

import "testing"

// BenchmarkFitParetoNBD fits Pareto/NBD, standard errors included, to the
// 2,357 CDNOW customers of cdnow_customers_summary.csv.
func BenchmarkFitParetoNBD(b *testing.B) {
	ss := readCDNOWSummary(b, false)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitParetoNBD(ss, FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFitMBGNBD fits MBG/NBD, standard errors included, to the 2,357
// CDNOW customers.
func BenchmarkFitMBGNBD(b *testing.B) {
	ss := readCDNOWSummary(b, false)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitMBGNBD(ss, FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
