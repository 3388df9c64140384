package main

import (
	"fmt"

	"github.com/engagekit/engage/engagement/clv"
	"github.com/engagekit/engage/estimate"
)

// weeklyDiscount discounts the forecast at about 10% a year.
const weeklyDiscount = 0.0018

// forecastSection is section 4: BG/NBD and Gamma-Gamma fitted to the
// purchases forecast the next year's revenue, price the first scenario of
// section 3 looking ahead, and are checked against a holdout.
type forecastSection struct {
	Forecast    *clv.BaseForecast
	ForecastErr string            // why there is no forecast, when there is none
	ZeroSpend   int               // repeat buyers left out of the spend model: all their purchases were worth nothing
	Ahead       *estimate.Outcome // the first scenario at the forecast's baseline
	Diagnostics *diagnostics
}

func newForecastSection(r *record, worth *worthSection) (*forecastSection, error) {
	s := &forecastSection{Diagnostics: checkForecast(r)}
	// A base the models cannot be fitted to (too few buyers, or no repeat
	// purchases) is a finding: the section says why there is no forecast.
	ss := r.Summaries.Summaries()
	bg, err := clv.FitBGNBD(ss)
	if err != nil {
		s.ForecastErr = err.Error()
		return s, nil
	}
	// A repeat buyer whose purchases were all worth nothing would stop the
	// spend model; they are left out of its fit, counted, and still
	// forecast.
	gg, err := clv.FitGammaGammaWith(ss, clv.FitOptions{SkipZeroSpend: true})
	if err != nil {
		s.ForecastErr = err.Error()
		return s, nil
	}
	s.ZeroSpend = gg.Skipped
	base, err := clv.Model{Purchases: bg.Model, Spend: gg.Model}.ForecastBase(ss, clv.Horizon{Periods: 52, DiscountRate: weeklyDiscount})
	if err != nil {
		s.ForecastErr = err.Error()
		return s, nil
	}
	s.Forecast = &base
	if worth.Revenue == nil {
		return s, nil
	}
	// The estimates look back at what customers spent; the same move at
	// the forecast's revenue per customer looks ahead. It runs on the mix
	// and calibration section 3 estimated with, so it cannot fail but by
	// a fault.
	model := estimate.CustomerModel{Baseline: base.RevenuePerCustomer(), CalibrateOn: worth.calibrateOn}
	out, err := model.Scenario(worth.Mix, aheadMove())
	if err != nil {
		return nil, fmt.Errorf("forecast scenario: %w", err)
	}
	s.Ahead = &out
	return s, nil
}

func (s *forecastSection) layout(d *doc) {
	d.section("4. Customer value forecast (BG/NBD and Gamma-Gamma)")
	if f := s.Forecast; f != nil {
		d.line(1, "Next 52 weeks: revenue %s from the %s customers who have bought (%s each); value discounted at 10%% a year %s.",
			money(f.Revenue), count(len(f.Customers)), money(f.RevenuePerCustomer()), money(f.Value))
		switch {
		case s.ZeroSpend == 1:
			d.line(1, "Note: 1 repeat buyer whose purchases were all worth nothing is left out of the spend model's fit (and still forecast).")
		case s.ZeroSpend > 1:
			d.line(1, "Note: %s repeat buyers whose purchases were all worth nothing are left out of the spend model's fit (and still forecast).", count(s.ZeroSpend))
		}
		if s.Ahead != nil {
			d.line(1, "At that revenue per customer, moving 10%% of returning customers to advocates is worth %s over the next 52 weeks.",
				signed(s.Ahead.Change))
		}
	} else {
		d.line(1, "Not available: %s.", s.ForecastErr)
	}
	s.Diagnostics.layout(d)
}
