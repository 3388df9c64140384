package clv

import (
	"math"
	"strconv"
	"testing"
)

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// TestBGNBDOracle reproduces the BG/NBD fit of Fader, Hardie & Lee (2005) on
// the 2,357 CDNOW customers, weeks 1-39.
func TestBGNBDOracle(t *testing.T) {
	ss := readCDNOWSummary(t, false)
	fit, err := FitBGNBD(ss)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fit: %+v", fit)
	m := fit.Model
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"r", m.R, 0.243}, {"alpha", m.Alpha, 4.414}, {"a", m.A, 0.793}, {"b", m.B, 2.426},
	} {
		if !near(c.got, c.want, 0.0005) {
			t.Errorf("%s = %.6f, want %.3f", c.name, c.got, c.want)
		}
	}
	if !near(fit.LogLikelihood, -9582.4256, 0.01) {
		t.Errorf("log-likelihood = %.4f, want -9582.4256", fit.LogLikelihood)
	}
	if !fit.Converged || fit.Customers != 2357 {
		t.Errorf("Converged = %v, Customers = %d; want true, 2357", fit.Converged, fit.Customers)
	}
	got, err := m.ConditionalExpectedPurchases(Summary{Frequency: 2, Recency: 30.43, Age: 38.86}, 39)
	if err != nil {
		t.Fatal(err)
	}
	if !near(got, 1.226, 0.0005) {
		t.Errorf("E[Y(39) | 2, 30.43, 38.86] = %.6f, want 1.226", got)
	}
}

// TestGammaGammaOracle reproduces the Gamma-Gamma fit of Fader & Hardie
// (note 025) on the 946 CDNOW repeat buyers: p = 6.25, q = 3.74,
// gamma = 15.44, log-likelihood -4055.92. The published fit used the exact
// mean spends, which the summary rebuilt from CDNOW_sample.txt carries; the
// zbar column of cdnow_customers_summary_with_transactions.csv is rounded to
// cents, which moves gamma to 15.448 (lifetimes, fitting that file, prints
// 15.45), so on the file gamma is held to 0.01.
func TestGammaGammaOracle(t *testing.T) {
	rebuilt, err := Summarize(parseCDNOW(t, readCDNOWFile(t, "CDNOW_sample.txt"), true), cdnowCalEnd, SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		ss       []Summary
		gammaTol float64
		llTol    float64
	}{
		{"rebuilt from CDNOW_sample.txt", rebuilt, 0.005, 0.005},
		{"cdnow_customers_summary_with_transactions.csv", readCDNOWSummary(t, true), 0.01, 0.01},
	} {
		t.Run(c.name, func(t *testing.T) {
			fit, err := FitGammaGamma(c.ss)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("fit: %+v", fit)
			m := fit.Model
			for _, v := range []struct {
				name           string
				got, want, tol float64
			}{
				{"p", m.P, 6.25, 0.005}, {"q", m.Q, 3.74, 0.005}, {"gamma", m.Gamma, 15.44, c.gammaTol},
				{"log-likelihood", fit.LogLikelihood, -4055.92, c.llTol},
			} {
				if !near(v.got, v.want, v.tol) {
					t.Errorf("%s = %.6f, want %.2f ± %g", v.name, v.got, v.want, v.tol)
				}
			}
			if !fit.Converged || fit.Customers != 946 {
				t.Errorf("Converged = %v, Customers = %d; want true, 946", fit.Converged, fit.Customers)
			}
		})
	}
}

// TestSummaryOracle rebuilds cdnow_customers_summary.csv (and the zbar of
// cdnow_customers_summary_with_transactions.csv) from CDNOW_sample.txt.
func TestSummaryOracle(t *testing.T) {
	txs := parseCDNOW(t, readCDNOWFile(t, "CDNOW_sample.txt"), true)
	got, err := Summarize(txs, cdnowCalEnd, SummaryOptions{HoldoutEnd: cdnowHoldEnd})
	if err != nil {
		t.Fatal(err)
	}
	want := readCDNOWSummary(t, true)
	if len(got) != len(want) {
		t.Fatalf("%d summaries, want %d", len(got), len(want))
	}
	byID := make(map[int]Summary, len(got))
	for _, s := range got {
		id, err := strconv.Atoi(string(s.Customer))
		if err != nil {
			t.Fatal(err)
		}
		byID[id] = s
	}
	bad := 0
	for _, w := range want {
		id, _ := strconv.Atoi(string(w.Customer))
		g, ok := byID[id]
		switch {
		case !ok:
			t.Errorf("customer %s missing", w.Customer)
		case g.Frequency != w.Frequency || !near(g.Recency, w.Recency, 0.005+1e-9) || !near(g.Age, w.Age, 0.005+1e-9):
			t.Errorf("customer %s: (x, t_x, T) = (%d, %.4f, %.4f), want (%d, %.2f, %.2f)",
				w.Customer, g.Frequency, g.Recency, g.Age, w.Frequency, w.Recency, w.Age)
		case !near(g.MeanSpend.InexactFloat64(), w.MeanSpend.InexactFloat64(), 0.005+1e-9):
			t.Errorf("customer %s: zbar = %s, want %s", w.Customer, g.MeanSpend, w.MeanSpend)
		default:
			continue
		}
		if bad++; bad > 10 {
			t.Fatal("too many differences")
		}
	}
}
