package simulate

import (
	"errors"
	"maps"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/clv"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

// DefaultCustomers is how many customers a zero Config generates: 3,000,
// the population the seeds' 90-9-1 rule needs for about 30 contributing
// members of a community (DOMAIN.md, "Communities").
const DefaultCustomers = 3000

// DefaultEnd returns the end, and as-of time, of a Config whose End is zero: a
// fixed date, so that a zero Config is complete and reproducible. The
// generator never reads the clock.
func DefaultEnd() time.Time { return time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC) }

// DefaultSpan is the length of the simulated record when Start is zero:
// a year before End.
const DefaultSpan = 365 * 24 * time.Hour

// MinSpan is the shortest record Generate accepts: 180 days, long enough
// for a returning customer's repeat purchases and for the recency windows
// the stage rules read (a purchase in the last 180 days, a promoter's
// answer in the last 90).
const MinSpan = 180 * 24 * time.Hour

// MaxCustomers bounds Config.Customers, so that a mistyped figure fails
// instead of exhausting memory.
const MaxCustomers = 10_000_000

// Mix is the share of customers intended for each stage: the ground truth
// the generated behaviour is built to show. Shares need not sum to 1: they
// are weights, normalised by their sum.
type Mix struct {
	Prospect      float64 // known to the business, has not bought
	Transactional float64 // bought, but not a returning customer
	Returning     float64 // repeat buyer, satisfied, holding goodwill
	Advocate      float64 // returning, and recommends the business
	Former        float64 // bought in the past, silent for over a year
}

// DefaultMix returns the stage mix of a Config whose Mix is zero: 20% prospects,
// 35% transactional, 22% returning, 10% advocates, 13% former customers.
// Library calibration, not a published figure: a base of an ordinary
// business, most of whose customers are still transactional and whose
// advocates are the smallest group, as the seeds describe. With the default
// level shares it puts 12.5% of the customers who have a level in
// FullyEngaged and 23% in ActivelyDisengaged, near Gallup's 19% and 24%
// for an average organisation (DOMAIN.md, "Engagement ratio").
func DefaultMix() Mix {
	return Mix{Prospect: 0.20, Transactional: 0.35, Returning: 0.22, Advocate: 0.10, Former: 0.13}
}

// shares returns the mix as weights indexed by stage.
func (m Mix) shares() [stages.NumStages + 1]float64 {
	var w [stages.NumStages + 1]float64
	w[stages.Prospect] = m.Prospect
	w[stages.Transactional] = m.Transactional
	w[stages.Returning] = m.Returning
	w[stages.Advocate] = m.Advocate
	w[stages.Former] = m.Former
	return w
}

// Share returns the share of stage s in the mix, normalised by the sum of
// all shares; 0 for a stage the mix does not name or a mix summing to 0.
func (m Mix) Share(s stages.Stage) float64 {
	w := m.shares()
	var sum float64
	for _, v := range w {
		sum += v
	}
	if sum <= 0 || !s.Valid() {
		return 0
	}
	return w[s] / sum
}

// The default spending multipliers, relative to the average customer.
// FullyEngaged and ActivelyDisengaged are Gallup's customer-level figures
// (DOMAIN.md, "Customer-level figures"): fully engaged customers represent
// a 23% premium over the average customer in share of wallet, profitability,
// revenue and relationship growth (Gallup CE11), actively disengaged ones a
// 13% discount (Gallup, State of the American Consumer, 2014). Gallup
// publishes no figure for the two middle groups; Engaged and NotEngaged are
// this library's choice, set so that the levels stay ordered and the
// customers of [DefaultMix] with the default level shares average 1.0005:
//
//	0.125·1.23 + 0.275·1.10 + 0.371·0.93 + 0.229·0.87 ≈ 1.0
const (
	DefaultFullyEngagedMultiplier       = 1.23
	DefaultEngagedMultiplier            = 1.10
	DefaultNotEngagedMultiplier         = 0.93
	DefaultActivelyDisengagedMultiplier = 0.87
)

// DefaultMultipliers returns the default spending multiplier of each level
// (see [DefaultFullyEngagedMultiplier]). The map is new on each call.
func DefaultMultipliers() map[stages.Level]float64 {
	return map[stages.Level]float64{
		stages.FullyEngaged:       DefaultFullyEngagedMultiplier,
		stages.Engaged:            DefaultEngagedMultiplier,
		stages.NotEngaged:         DefaultNotEngagedMultiplier,
		stages.ActivelyDisengaged: DefaultActivelyDisengagedMultiplier,
	}
}

// DefaultBaselineSpend returns what a customer with a multiplier of 1 spends, on
// average, per year of the record: 400 currency units. Library calibration.
func DefaultBaselineSpend() decimal.Decimal { return decimal.NewFromInt(400) }

// DefaultSpendSpread is the standard deviation of the logarithm of a
// customer's mean basket around its expectation: 0.5, so that about two
// thirds of customers' baskets are between 0.6 and 1.6 times what their
// stage and level predict.
const DefaultSpendSpread = 0.5

// DefaultBasketShape is the shape of the gamma distribution each purchase's
// value is drawn from around the customer's mean basket: 4, so that a
// customer's baskets vary by about half their mean (a coefficient of
// variation of 1/√4), and about 90% lie between 0.3 and 1.9 times it.
// Library calibration, near the 6.25 Gamma-Gamma finds in the CDNOW sample
// (package engagement/clv).
const DefaultBasketShape = 4.0

// PurchaseRates are the mean numbers of purchases per year of the record
// for customers intended for each stage. They shape how often and when
// customers buy, which the stage rules read; they do not change what a
// customer is expected to spend in total, which the level's multiplier
// sets: the more purchases a stage expects, the smaller its baskets (see
// the package documentation, "Spending").
type PurchaseRates struct {
	// Transactional is the rate of transactional customers who buy more
	// than once; zero means 2.5. One-off buyers (see [Config].OneOffShare)
	// buy exactly once.
	Transactional float64
	// Returning is the rate of returning customers; zero means 8. Each buys
	// on at least three days.
	Returning float64
	// Advocate is the rate of advocates; zero means 8. Each buys on at
	// least three days.
	Advocate float64
	// Former is the rate of former customers over their year of buying;
	// zero means 2. Each bought at least once.
	Former float64
}

// DefaultPurchaseRates returns the purchase rates of a zero PurchaseRates.
// Library calibration: the seeds give no frequencies, only the order
// (advocates and returning customers come back, transactional ones mostly
// do not). Returning customers' and advocates' 8 a year, on at least
// three days, are what keeps the goodwill the stage rules ask of them (2
// and 5 points, with a 90-day half-life) from purchases that arrive
// steadily, not bunched before End. With fewer (6 a year, at least two
// days), about one returning customer in eleven fell short of it; having
// bought least, they had spent least, so classifying them as transactional
// inflated the premium observed through classified levels.
func DefaultPurchaseRates() PurchaseRates {
	return PurchaseRates{Transactional: 2.5, Returning: 8, Advocate: 8, Former: 2}
}

// The defaults of the level shares within stages and of the other shares
// in [Config].
const (
	// DefaultTransactionalDisengaged is the share of transactional
	// customers who are ActivelyDisengaged rather than NotEngaged: 0.3.
	DefaultTransactionalDisengaged = 0.3
	// DefaultFormerDisengaged is the share of former customers who left
	// ActivelyDisengaged (after complaints) rather than NotEngaged
	// (drifting away): 0.6.
	DefaultFormerDisengaged = 0.6
	// DefaultOneOffShare is the share of transactional customers who
	// bought exactly once: 0.45.
	DefaultOneOffShare = 0.45
	// DefaultConsentShare is the share of customers who gave consent to be
	// contacted: 0.8. Of the rest, half refused and half were never asked.
	DefaultConsentShare = 0.8
)

// Config describes the customer base to generate. A zero Config is a valid
// configuration: every zero field takes the default named in its comment,
// and a few fields take a negative value to mean "none".
type Config struct {
	// Seed seeds every random choice: the same Config gives the same Base,
	// byte for byte when written out, on the same Go release.
	Seed uint64

	// Customers is how many customers to generate; zero means
	// DefaultCustomers (3,000).
	Customers int

	// Start and End bound the record: the interactions of every customer
	// but former ones lie within them (former customers' lie earlier; see
	// the package documentation). End is also the as-of time of the ground
	// truth. Zero End means DefaultEnd; zero Start means End minus
	// DefaultSpan (one year). End - Start must be at least MinSpan.
	Start, End time.Time

	// Mix is the share of customers intended for each stage; a zero Mix
	// means DefaultMix. A Mix with some zero shares generates no customers
	// of those stages.
	Mix Mix

	// TransactionalDisengaged is the share of transactional customers who
	// are ActivelyDisengaged (the rest are NotEngaged); zero means
	// DefaultTransactionalDisengaged, negative means none.
	TransactionalDisengaged float64
	// FormerDisengaged is the share of former customers who are
	// ActivelyDisengaged (the rest are NotEngaged); zero means
	// DefaultFormerDisengaged, negative means none.
	FormerDisengaged float64
	// OneOffShare is the share of transactional customers who bought
	// exactly once; zero means DefaultOneOffShare, negative means none.
	OneOffShare float64

	// BaselineSpend is what a customer with a spending multiplier of 1
	// spends, on average, per year of the record (End - Start); zero means
	// DefaultBaselineSpend. A customer's expected spend over the record is
	// BaselineSpend × years × Multipliers[level]: the expected number of
	// purchases of their stage times a mean basket set to match.
	BaselineSpend decimal.Decimal
	// Multipliers is the spending multiplier of each level, relative to the
	// average customer; levels it leaves out (and a nil map) take
	// [DefaultMultipliers]. Each must be a positive, finite number.
	Multipliers map[stages.Level]float64
	// SpendSpread is the standard deviation of the logarithm of a
	// customer's mean basket around its expectation (a log-normal factor
	// with mean 1); zero means DefaultSpendSpread, negative means none:
	// every customer of a stage and level has the same mean basket.
	SpendSpread float64
	// BasketShape is the shape of the gamma distribution each purchase's
	// value is drawn from, independently, around the customer's mean
	// basket (its coefficient of variation is 1/√BasketShape); zero means
	// DefaultBasketShape, negative means none: every purchase is the mean
	// basket, to the cent. With SpendSpread negative as well, spending is
	// deterministic: each purchase, net of what came back, is
	// [Truth].Basket rounded to the cent.
	BasketShape float64
	// PurchaseRates are the purchase frequencies per stage; zero fields
	// take DefaultPurchaseRates.
	PurchaseRates PurchaseRates

	// GammaGamma, when set, draws every purchase's value from this
	// Gamma-Gamma model of package engagement/clv instead of from the
	// stages' and levels' baskets: each customer who buys has a ν drawn
	// from a gamma distribution of shape Q and rate Gamma, and each of
	// their purchases a value from a gamma distribution of shape P and
	// rate ν (mean P/ν, [Truth].Basket), in whole cents and at least one,
	// independent of stage, level and how often they buy. A partial return
	// then takes back part of a purchase rather than raising it, so that
	// each purchase's amount is the value drawn, as the model reads it.
	// The levels no longer set spend: BaselineSpend, Multipliers,
	// SpendSpread and BasketShape are ignored, every [Truth].Multiplier is
	// 0 and [Base.ExpectedRatio] is NaN.
	GammaGamma *clv.GammaGamma
	// BGNBD, when set, draws every buying customer's purchase days from
	// this BG/NBD model of package engagement/clv, with Alpha in weeks
	// ([clv.Week], the summaries' default unit), instead of from the
	// stages' processes: a first purchase on a day drawn uniformly over
	// the record, then, while the customer is alive, purchases at a
	// Poisson rate λ per week, λ drawn from a gamma distribution of shape
	// R and rate Alpha, the customer dropping out after each repeat
	// purchase with probability p, drawn from a beta distribution (A, B).
	// Purchases stop at End; one falling on a day that already has a
	// purchase moves to the next day, as summaries count purchases by
	// day. The purchases then no longer show the intended stages (the
	// other interactions still follow them), and the levels no longer set
	// spend: every [Truth].Multiplier is 0 and [Base.ExpectedRatio] is
	// NaN. R/Alpha, the mean rate, must be at most 7 purchases a week.
	BGNBD *clv.BGNBD

	// ConsentShare is the share of customers who gave consent to be
	// contacted; zero means DefaultConsentShare, negative means none.
	ConsentShare float64

	// Touchpoints are where interactions happen and which kinds each
	// serves; nil means [DefaultTouchpoints]. An interaction of a kind no
	// touch point serves has an empty Touchpoint.
	Touchpoints []TouchpointSpec

	// Mentions says what the public says about the business.
	Mentions MentionConfig
}

// ErrInvalidConfig is matched (with [errors.Is]) by every error Generate
// returns for a bad Config. The error itself is a *[ConfigError].
var ErrInvalidConfig = errors.New("simulate: invalid config")

// ConfigError names the Config field and value that were wrong, and why.
type ConfigError struct {
	Field  string // such as "Mix.Returning" or "Touchpoints[2].ID"
	Value  string // the value as given
	Reason string
}

func (e *ConfigError) Error() string {
	return "simulate: " + e.Field + " " + strconv.Quote(e.Value) + ": " + e.Reason
}

// Is reports whether target is [ErrInvalidConfig].
func (e *ConfigError) Is(target error) bool { return target == ErrInvalidConfig }

func configError(field, value, reason string) error {
	return &ConfigError{Field: field, Value: value, Reason: reason}
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// settings is a Config with every default applied and checked.
type settings struct {
	seed        uint64
	customers   int
	start, end  time.Time
	shares      [stages.NumStages + 1]float64 // normalised, by stage
	trDis       float64
	foDis       float64
	oneOff      float64
	baseline    float64 // BaselineSpend per year
	years       float64
	multipliers [stages.NumLevels + 1]float64 // by level; NoLevel is 0
	spread      float64
	shape       float64 // BasketShape; 0 for none
	rates       PurchaseRates
	gg          *clv.GammaGamma // nil for the stages' baskets
	bg          *clv.BGNBD      // nil for the stages' processes
	consent     float64
	touchpoints []TouchpointSpec
	byKind      map[engagement.Kind]kindTouchpoints
	mentions    mentionSettings
}

// share resolves a share field: zero means def, negative none; it must not
// exceed 1.
func share(field string, v, def float64) (float64, error) {
	switch {
	case math.IsNaN(v) || v > 1:
		return 0, configError(field, ftoa(v), "share must be at most 1")
	case v == 0:
		return def, nil
	case v < 0:
		return 0, nil
	}
	return v, nil
}

// modelParam checks a parameter of a clv model: positive, finite and at
// most 1e6.
func modelParam(field string, v float64) error {
	if !(v > 0) || v > 1e6 {
		return configError(field, ftoa(v), "parameter must be a positive number up to 1e6")
	}
	return nil
}

// rate resolves a positive rate field: zero means def.
func rate(field string, v, def float64) (float64, error) {
	switch {
	case v == 0:
		return def, nil
	case !(v > 0) || math.IsInf(v, 0) || v > 1000:
		return 0, configError(field, ftoa(v), "rate must be a positive number up to 1000")
	}
	return v, nil
}

func (c Config) settings() (*settings, error) {
	s := &settings{seed: c.Seed, customers: c.Customers}
	switch {
	case c.Customers == 0:
		s.customers = DefaultCustomers
	case c.Customers < 0 || c.Customers > MaxCustomers:
		return nil, configError("Customers", strconv.Itoa(c.Customers), "want 0 (the default) to 10,000,000")
	}

	s.end = c.End
	if s.end.IsZero() {
		s.end = DefaultEnd()
	}
	s.start = c.Start
	if s.start.IsZero() {
		s.start = s.end.Add(-DefaultSpan)
	}
	// Former customers' records reach back 775 days before End; keep
	// every time well inside the span an Interaction may carry.
	lo, hi := time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
	if s.end.Before(lo) || s.end.After(hi) {
		return nil, configError("End", s.end.Format(time.RFC3339), "end must lie within the years 1700 to 2200")
	}
	if s.start.Before(lo) {
		return nil, configError("Start", s.start.Format(time.RFC3339), "start must lie after the year 1700")
	}
	if s.end.Sub(s.start) < MinSpan {
		return nil, configError("Start", s.start.Format(time.RFC3339), "the record from Start to End must span at least 180 days")
	}
	s.years = s.end.Sub(s.start).Hours() / (24 * 365)

	mix := c.Mix
	if mix == (Mix{}) {
		mix = DefaultMix()
	}
	w := mix.shares()
	names := [...]string{"", "Mix.Prospect", "Mix.Transactional", "Mix.Returning", "Mix.Advocate", "Mix.Former"}
	var sum float64
	for st := stages.Prospect; st <= stages.Former; st++ {
		if v := w[st]; !(v >= 0) || math.IsInf(v, 0) {
			return nil, configError(names[st], ftoa(v), "share must be a non-negative number")
		}
		sum += w[st]
	}
	if !(sum > 0) || math.IsInf(sum, 0) {
		return nil, configError("Mix", ftoa(sum), "shares must have a positive, finite sum")
	}
	for st := range w {
		s.shares[st] = w[st] / sum
	}

	var err error
	if s.trDis, err = share("TransactionalDisengaged", c.TransactionalDisengaged, DefaultTransactionalDisengaged); err != nil {
		return nil, err
	}
	if s.foDis, err = share("FormerDisengaged", c.FormerDisengaged, DefaultFormerDisengaged); err != nil {
		return nil, err
	}
	if s.oneOff, err = share("OneOffShare", c.OneOffShare, DefaultOneOffShare); err != nil {
		return nil, err
	}
	if s.consent, err = share("ConsentShare", c.ConsentShare, DefaultConsentShare); err != nil {
		return nil, err
	}

	base := c.BaselineSpend
	if base.IsZero() {
		base = DefaultBaselineSpend()
	}
	if base.Sign() < 0 || base.GreaterThan(decimal.NewFromInt(1e9)) {
		return nil, configError("BaselineSpend", base.String(), "want a positive amount up to 1e9")
	}
	s.baseline = base.InexactFloat64()

	defs := DefaultMultipliers()
	for _, l := range slices.Sorted(maps.Keys(c.Multipliers)) {
		v := c.Multipliers[l]
		if l == stages.NoLevel || l > stages.FullyEngaged {
			return nil, configError("Multipliers", l.String(), "not a level with a multiplier")
		}
		if !(v > 0) || math.IsInf(v, 0) || v > 1000 {
			return nil, configError("Multipliers["+l.String()+"]", ftoa(v), "multiplier must be a positive number up to 1000")
		}
		defs[l] = v
	}
	for l := stages.ActivelyDisengaged; l <= stages.FullyEngaged; l++ {
		s.multipliers[l] = defs[l]
	}

	s.spread = c.SpendSpread
	switch {
	case s.spread == 0:
		s.spread = DefaultSpendSpread
	case s.spread < 0:
		s.spread = 0
	case math.IsNaN(s.spread) || s.spread > 3:
		return nil, configError("SpendSpread", ftoa(s.spread), "spread must be at most 3")
	}

	s.shape = c.BasketShape
	switch {
	case s.shape == 0:
		s.shape = DefaultBasketShape
	case s.shape < 0:
		s.shape = 0
	case math.IsNaN(s.shape) || math.IsInf(s.shape, 0) || s.shape < 0.1 || s.shape > 1e4:
		return nil, configError("BasketShape", ftoa(s.shape), "shape must be from 0.1 to 10,000")
	}

	r, d := c.PurchaseRates, DefaultPurchaseRates()
	if s.rates.Transactional, err = rate("PurchaseRates.Transactional", r.Transactional, d.Transactional); err != nil {
		return nil, err
	}
	if s.rates.Returning, err = rate("PurchaseRates.Returning", r.Returning, d.Returning); err != nil {
		return nil, err
	}
	if s.rates.Advocate, err = rate("PurchaseRates.Advocate", r.Advocate, d.Advocate); err != nil {
		return nil, err
	}
	if s.rates.Former, err = rate("PurchaseRates.Former", r.Former, d.Former); err != nil {
		return nil, err
	}

	if m := c.GammaGamma; m != nil {
		for _, p := range []struct {
			name string
			v    float64
		}{{"P", m.P}, {"Q", m.Q}, {"Gamma", m.Gamma}} {
			if err := modelParam("GammaGamma."+p.name, p.v); err != nil {
				return nil, err
			}
		}
		g := *m
		s.gg = &g
		s.shape, s.spread = m.P, 0
	}
	if m := c.BGNBD; m != nil {
		for _, p := range []struct {
			name string
			v    float64
		}{{"R", m.R}, {"Alpha", m.Alpha}, {"A", m.A}, {"B", m.B}} {
			if err := modelParam("BGNBD."+p.name, p.v); err != nil {
				return nil, err
			}
		}
		if m.R/m.Alpha > 7 {
			return nil, configError("BGNBD.Alpha", ftoa(m.Alpha), "the mean rate R/Alpha must be at most 7 purchases a week")
		}
		b := *m
		s.bg = &b
	}

	s.touchpoints = c.Touchpoints
	if s.touchpoints == nil {
		s.touchpoints = DefaultTouchpoints()
	}
	if s.byKind, err = compileTouchpoints(s.touchpoints); err != nil {
		return nil, err
	}
	if s.mentions, err = c.Mentions.settings(s.start, s.end); err != nil {
		return nil, err
	}
	return s, nil
}
