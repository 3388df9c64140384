package clv

import (
	"context"
	"runtime"
	"strconv"
	"testing"
)

// BenchmarkForecastBaseContext forecasts a year (12 months, discounted)
// for the 23,570 customers of CDNOW_master.txt, on one worker and on
// every core.
func BenchmarkForecastBaseContext(b *testing.B) {
	ss, err := Summarize(parseCDNOW(b, readCDNOWFile(b, "CDNOW_master.txt"), false), cdnowCalEnd, SummaryOptions{})
	if err != nil {
		b.Fatal(err)
	}
	m := Model{Purchases: cdnowBGNBD, Spend: cdnowGammaGamma}
	h := Horizon{Periods: 12, PeriodLength: 52.0 / 12, DiscountRate: 0.01}
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run("workers="+strconv.Itoa(workers), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.ForecastBaseContext(context.Background(), ss, h, ForecastOptions{Workers: workers}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(ss))*float64(b.N)/b.Elapsed().Seconds(), "customers/s")
		})
	}
}
