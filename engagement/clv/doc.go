// Package clv forecasts what customers will buy and spend, and what they
// are worth: customer lifetime value from transaction histories, with the
// BG/NBD model of repeat purchases and the Gamma-Gamma model of spend.
//
// # From transactions to summaries
//
// The models see each customer as a [Summary] as of the end of a
// calibration period: the number of repeat purchases x (Frequency), the
// time from the first purchase to the last t_x (Recency), the time from the
// first purchase to the end of the period T (Age), and the mean spend of the
// repeat purchases z̄ (MeanSpend). [Summarize] builds them from
// [Transaction] rows, [SummarizeInteractions] from the purchases among
// [engagement.Interaction]s and [SummarizeStore] from those kept in an
// [engagement.Store]; a [Summarizer] does the same one transaction at a
// time, in any order, and merges with another. Summarize is fastest on
// transactions grouped by customer in ascending order of ID, which it
// summarises one customer at a time.
//
// Purchases are counted by day, as Fader, Hardie & Lee do: all of a
// customer's transactions on one calendar date in UTC are one purchase,
// whose spend is their sum. Times are in a unit of your choice
// ([SummaryOptions.Unit], weeks by default), which is then the unit of the
// fitted models and their horizons. An optional holdout period after the
// calibration period records what each customer went on to buy, to check a
// forecast against.
//
// # The models
//
// [BGNBD] (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way:
// An Alternative to the Pareto/NBD Model", Marketing Science 24(2)): while
// alive, a customer buys at a Poisson rate that varies across customers as
// a gamma distribution (r, alpha); after each repeat purchase the customer
// drops out with a probability that varies as a beta distribution (a, b).
// [FitBGNBD] fits it by maximum likelihood; the model predicts the
// purchases of a new customer ([BGNBD.ExpectedPurchases],
// [BGNBD.ProbabilityPurchases]) and of a known one
// ([BGNBD.ConditionalExpectedPurchases], [BGNBD.ProbabilityAlive]).
//
// [GammaGamma] (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value
// Curves for Customer Base Analysis", Journal of Marketing Research 42(4);
// Fader & Hardie, "The Gamma-Gamma Model of Monetary Value", note 025): a
// customer's spends vary around a mean of their own, and the means vary
// across customers. [FitGammaGamma] fits it on the repeat buyers;
// [GammaGamma.ExpectedSpend] shrinks a customer's observed mean towards the
// population's, the less so the more purchases back it.
//
// [ParetoNBD] (Schmittlein, Morrison & Colombo 1987; Fader, Hardie & Lee
// 2005, "A Note on Deriving the Pareto/NBD Model and Related Expressions"):
// as BG/NBD, but a customer may drop out at any time, at an exponential
// rate that varies as a gamma distribution (s, beta); on the CDNOW sample
// [FitParetoNBD] reproduces the published r 0.553, alpha 10.578, s 0.606,
// beta 11.669 (11.668 here; the likelihood is flat in beta) and LL -9595.0.
// [MBGNBD] (Batislam, Denizel & Filiztekin 2007) lets a customer drop out
// at the first purchase too. Both fit with numerical derivatives, so they
// take tens to hundreds of milliseconds where BG/NBD takes one.
// [CompareModels] ranks fits by AIC and BIC; [FitOptions.Penalizer] adds
// an L2 penalty on the parameters, as the lifetimes library does.
//
// # Diagnostics
//
// [CalibrationHoldout] sets the mean predicted holdout purchases beside
// the actual ones by calibration frequency; [PurchaseMatrix] and
// [AliveMatrix] give expected purchases and P(alive) over frequency and
// recency, as a [Grid] that writes CSV; [TrackPurchases] sets actual
// cumulative repeat purchases, week by week, beside the model's. Each
// takes any [PurchasePredictor]: BG/NBD, Pareto/NBD or MBG/NBD.
//
// A [Model] joins BG/NBD (or, through [Model.Predictor], Pareto/NBD, MBG/NBD
// or any [PurchasePredictor]) and Gamma-Gamma: [Model.Forecast] gives a
// customer's expected purchases, revenue and lifetime value over a
// [Horizon] of periods, each discounted at a rate per period;
// [Model.ForecastBase] does it for a whole base, on every core, and
// [Model.ForecastBaseContext] does so with cancellation, a number of
// workers and progress reports, with the same result whatever the number
// of workers. The models assume spend is independent of purchase frequency.
//
// # Fitting
//
// The fits maximise the log-likelihood over the logarithms of the
// parameters by Newton's method with analytic gradients and Hessians (a
// Levenberg shift where the Hessian is not positive definite, a
// backtracking line search), falling back on Nelder-Mead with restarts when
// Newton stalls. Customers with equal (x, t_x, T) count once with a weight.
// A [Fit] reports the log-likelihood, the iterations, whether the optimiser
// reached a maximum, and standard errors from the inverse Hessian of the
// negative log-likelihood there. Fits refuse data they cannot fit:
// [ErrNoCustomers], [ErrNoRepeatBuyers], a *[FieldError] naming the
// customer and the field of an impossible summary; and a fit that did not
// converge returns its best parameters with [ErrNotConverged].
//
// On the CDNOW sample (2,357 customers, weeks 1-39) FitBGNBD gives r =
// 0.243, alpha = 4.414, a = 0.793, b = 2.426 and log-likelihood -9582.43, as
// published. FitGammaGamma on the 946 repeat buyers gives p = 6.25, q = 3.74,
// gamma = 15.44 and log-likelihood -4055.92, as published, when the summaries
// are built by [Summarize] from the raw transactions (CDNOW_sample.txt), whose
// mean spends are exact; on the published summary file, whose mean spends are
// rounded to cents, gamma is 15.448 (15.45 to two places) while p and q move
// by less than 0.001. The package's tests check both routes against the data
// in ../shared/data/cdnow.
//
// Gamma-Gamma spends are positive, so a repeat buyer whose every repeat
// purchase had a zero value cannot be fitted: [FitGammaGamma] refuses the
// data. [FitGammaGammaWith] with [FitOptions.SkipZeroSpend] leaves such
// customers out and counts them in [Fit.Skipped]; on the CDNOW master file
// (80 zero-value transactions) that is one customer of 9,451 repeat buyers.
//
// # Numbers
//
// Money is [decimal.Decimal]; rates, probabilities and expected counts are
// float64. The money figures a forecast returns are rounded once, at the
// edge, to [Places] (cents) with banker's rounding, and totals are exact sums
// of the rounded figures. No NaN or infinity leaves the package: a value
// that cannot be computed in float64 gives [ErrNumerical]. The Gauss
// hypergeometric function the BG/NBD expectations need is summed as a
// series, with Pfaff's transformation for negative arguments and the
// connection formula in 1-z very near 1.
//
// # Baseline for revenue estimates
//
// Revenue estimates need a baseline revenue per customer. Instead of
// history, they can take it from a forecast: [Model.ForecastBase] returns
// each customer's expected revenue over the horizon ([Forecast.Revenue],
// undiscounted, and [Forecast.Value], discounted) and the base's totals
// ([BaseForecast.Revenue], [BaseForecast.Value]), and
// [BaseForecast.RevenuePerCustomer] is the baseline per customer.
//
// # Example
//
//	ss, _ := clv.Summarize(txs, calibrationEnd, clv.SummaryOptions{})
//	bg, _ := clv.FitBGNBD(ss)
//	gg, _ := clv.FitGammaGamma(ss)
//	m := clv.Model{Purchases: bg.Model, Spend: gg.Model}
//	year, _ := m.ForecastBase(ss, clv.Horizon{Periods: 12, PeriodLength: 52.0 / 12, DiscountRate: 0.01})
//	baseline := year.RevenuePerCustomer()
package clv
