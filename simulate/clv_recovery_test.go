package simulate_test

import (
	"errors"
	"math"
	"testing"

	"github.com/engagekit/engage/engagement/clv"
	"github.com/engagekit/engage/simulate"
)

// summaries folds a base's purchases into clv summaries in weeks, as of
// the base's as-of time.
func summaries(t *testing.T, b *simulate.Base) []clv.Summary {
	t.Helper()
	summ := clv.NewSummarizer(b.AsOf, clv.SummaryOptions{})
	for _, in := range b.Interactions {
		if err := summ.AddInteraction(in); err != nil {
			t.Fatal(err)
		}
	}
	return summ.Summaries()
}

// near checks that a fitted parameter lies within 4 standard errors of the
// value the base was built with: an unbiased, normal estimate misses that
// with probability 6e-5. The standard error is the fit's own, from the
// curvature of the likelihood, so the tolerance follows the sample size.
func near(t *testing.T, name string, got, stdErr, want float64) {
	t.Helper()
	t.Logf("%s: fitted %.4f ± %.4f, built with %.4f", name, got, stdErr, want)
	if !(stdErr > 0) || math.Abs(got-want) > 4*stdErr {
		t.Errorf("%s = %.4f (standard error %.4f), want %.4f within 4 standard errors", name, got, stdErr, want)
	}
}

var noMentions = simulate.MentionConfig{PerMonth: -1, Crisis: simulate.Crisis{Mentions: -1}}

// TestGammaGammaRecovered: with Config.GammaGamma, clv.FitGammaGamma finds
// the parameters the spend was drawn with, on the repeat buyers of 10,000
// customers.
func TestGammaGammaRecovered(t *testing.T) {
	want := clv.GammaGamma{P: 4, Q: 6, Gamma: 100}
	b, err := simulate.Generate(simulate.Config{Seed: 3, Customers: 10_000, GammaGamma: &want, Mentions: noMentions})
	if err != nil {
		t.Fatal(err)
	}
	fit, err := clv.FitGammaGamma(summaries(t, b))
	if err != nil || !fit.Converged {
		t.Fatalf("Gamma-Gamma: %+v, converged %v, %v", fit.Model, fit.Converged, err)
	}
	t.Logf("from %d repeat buyers", fit.Customers)
	near(t, "p", fit.Model.P, fit.StdErr.P, want.P)
	near(t, "q", fit.Model.Q, fit.StdErr.Q, want.Q)
	near(t, "gamma", fit.Model.Gamma, fit.StdErr.Gamma, want.Gamma)
	for _, c := range b.Customers {
		if tr := b.Truth[c.ID]; tr.Multiplier != 0 {
			t.Fatalf("%s: multiplier %v, want 0: the levels do not set spend", c.ID, tr.Multiplier)
		}
	}
	if r := b.ExpectedRatio(nil); !math.IsNaN(r) {
		t.Errorf("ExpectedRatio = %v, want NaN", r)
	}
}

// TestBGNBDRecovered: with Config.BGNBD, clv.FitBGNBD finds the parameters
// the purchases were drawn with, from 10,000 customers over two years.
func TestBGNBDRecovered(t *testing.T) {
	want := clv.BGNBD{R: 0.5, Alpha: 4, A: 1, B: 3}
	end := simulate.DefaultEnd()
	b, err := simulate.Generate(simulate.Config{Seed: 4, Customers: 10_000, Start: end.AddDate(-2, 0, 0),
		Mix: simulate.Mix{Transactional: 1}, BGNBD: &want, Mentions: noMentions})
	if err != nil {
		t.Fatal(err)
	}
	fit, err := clv.FitBGNBD(summaries(t, b))
	if err != nil || !fit.Converged {
		t.Fatalf("BG/NBD: %+v, converged %v, %v", fit.Model, fit.Converged, err)
	}
	t.Logf("from %d customers", fit.Customers)
	near(t, "r", fit.Model.R, fit.StdErr.R, want.R)
	near(t, "alpha", fit.Model.Alpha, fit.StdErr.Alpha, want.Alpha)
	near(t, "a", fit.Model.A, fit.StdErr.A, want.A)
	near(t, "b", fit.Model.B, fit.StdErr.B, want.B)
}

// TestDefaultSpendDepartsFromGammaGamma pins the departure the package
// documentation describes: by default a customer's mean basket follows
// their stage, whose purchase rate it offsets, so across the base mean
// spend falls as purchase frequency rises, which Gamma-Gamma assumes it
// does not.
func TestDefaultSpendDepartsFromGammaGamma(t *testing.T) {
	b, err := simulate.Generate(simulate.Config{Seed: 5, Mentions: noMentions})
	if err != nil {
		t.Fatal(err)
	}
	var xs, ys []float64
	for _, s := range summaries(t, b) {
		if s.Frequency > 0 {
			xs = append(xs, float64(s.Frequency))
			ys = append(ys, s.MeanSpend.InexactFloat64())
		}
	}
	r := correlation(xs, ys)
	t.Logf("correlation of frequency and mean spend over %d repeat buyers: %.3f", len(xs), r)
	if !(r < -0.2) {
		t.Errorf("correlation of frequency and mean spend = %.3f, want below -0.2", r)
	}
}

// correlation is Pearson's correlation of xs and ys.
func correlation(xs, ys []float64) float64 {
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx /= float64(len(xs))
	my /= float64(len(ys))
	var sxy, sxx, syy float64
	for i := range xs {
		dx, dy := xs[i]-mx, ys[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	return sxy / math.Sqrt(sxx*syy)
}

// Bad model parameters are refused with the field named.
func TestCLVModelConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		cfg   simulate.Config
		field string
	}{
		{simulate.Config{GammaGamma: &clv.GammaGamma{P: 0, Q: 6, Gamma: 100}}, "GammaGamma.P"},
		{simulate.Config{GammaGamma: &clv.GammaGamma{P: 4, Q: math.NaN(), Gamma: 100}}, "GammaGamma.Q"},
		{simulate.Config{GammaGamma: &clv.GammaGamma{P: 4, Q: 6, Gamma: math.Inf(1)}}, "GammaGamma.Gamma"},
		{simulate.Config{BGNBD: &clv.BGNBD{R: -1, Alpha: 4, A: 1, B: 3}}, "BGNBD.R"},
		{simulate.Config{BGNBD: &clv.BGNBD{R: 0.5, Alpha: 0.01, A: 1, B: 3}}, "BGNBD.Alpha"},
		{simulate.Config{BGNBD: &clv.BGNBD{R: 0.5, Alpha: 4, A: 1, B: 0}}, "BGNBD.B"},
	} {
		_, err := simulate.Generate(tc.cfg)
		var ce *simulate.ConfigError
		if !errors.As(err, &ce) || !errors.Is(err, simulate.ErrInvalidConfig) || ce.Field != tc.field {
			t.Errorf("%+v: %v, want a *ConfigError for %s", tc.cfg, err, tc.field)
		}
	}
}

// Extreme model parameters give a valid base, not a panic: shapes so small
// that draws underflow, and a rate of one purchase a week.
func TestCLVModelExtremes(t *testing.T) {
	b, err := simulate.Generate(simulate.Config{Seed: 9, Customers: 300, Mentions: noMentions,
		GammaGamma: &clv.GammaGamma{P: 1e-3, Q: 1e-3, Gamma: 1e6},
		BGNBD:      &clv.BGNBD{R: 1e-3, Alpha: 1e-3, A: 1e-6, B: 1e-6}})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range b.Interactions {
		if err := in.Validate(); err != nil {
			t.Fatalf("%+v: %v", in, err)
		}
		if in.Time.After(b.AsOf) {
			t.Fatalf("%+v lies after the as-of time %v", in, b.AsOf)
		}
	}
}
