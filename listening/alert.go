package listening

import (
	"fmt"
	"math"
	"time"
)

// Defaults for [AlertRule].
const (
	// DefaultBaseline is how many windows before the current one make up
	// its baseline: 24, a day of hourly windows.
	DefaultBaseline = 24
	// DefaultK is how many standard deviations above the baseline mean a
	// window's negative count must rise to alert: 3, the usual control
	// chart limit.
	DefaultK = 3.0
	// DefaultMinCount is the fewest negative mentions in a window that can
	// raise an alert: 5, so that two or three grumbles on a quiet night do
	// not page anyone.
	DefaultMinCount = 5
	// DefaultPoissonBelow is the baseline mean below which the Poisson
	// tail replaces the standard-deviation test: 1 negative mention per
	// window. Below it a few zeros make the standard deviation useless.
	DefaultPoissonBelow = 1.0
	// DefaultPoissonFloor is the least rate the Poisson test assumes, so
	// that a baseline of all zeros does not make one mention a crisis: 0.5
	// per window.
	DefaultPoissonFloor = 0.5
	// DefaultTailProb is the Poisson tail probability under which a count
	// alerts: 0.001, about the false-alarm rate of the 3-sigma test.
	DefaultTailProb = 0.001
	// DefaultCooldown is how many windows after an alert a series stays
	// quiet: 6, so that one crisis raises one alert, not one an hour.
	DefaultCooldown = 6
)

// AlertRule says when the negative volume of a series (one topic, or all
// mentions) breaks from its baseline. The zero AlertRule uses the defaults
// above; each field's zero value means its default.
//
// The method, for window w of a series:
//
//   - The baseline is the negative counts of the Baseline windows before w
//     (w-N to w-1; an empty window counts 0), with mean μ and population
//     standard deviation σ.
//   - When μ >= PoissonBelow, the alert level is the least whole count
//     strictly above μ + K·max(σ, √μ). Using at least √μ, the standard
//     deviation of a Poisson count, keeps a perfectly flat baseline (σ = 0)
//     from alerting at one mention over its mean.
//   - When μ < PoissonBelow, the alert level is the least count x with
//     P(X >= x) < TailProb for X ~ Poisson(max(μ, PoissonFloor)).
//   - The level is raised to MinCount if below it. The window alerts as
//     soon as its negative count reaches the level: alerts come while the
//     window is still open, not when it closes.
//   - A series raises at most one alert per window, and none in the
//     Cooldown windows after one (w+1 to w+M); windows earlier than the
//     last alert are not checked again.
//   - No alert is raised until the [Centre] has heard Baseline windows of
//     history: w must be at least Baseline windows after the earliest
//     window it has heard.
//
// With the defaults, a series steady at c negative mentions per window
// never alerts (c never exceeds c + 3√c), and a step from a steady c >= 1
// to 5c or more alerts within the first window of the step (5c > c + 3√c
// once c > 0.57, and 5c >= MinCount): the bound is one window.
type AlertRule struct {
	Baseline     int     `json:"baseline,omitempty"`      // N windows of baseline; zero means DefaultBaseline
	K            float64 `json:"k,omitempty"`             // standard deviations; zero means DefaultK
	MinCount     int     `json:"min_count,omitempty"`     // fewest negatives that alert; zero means DefaultMinCount
	PoissonBelow float64 `json:"poisson_below,omitempty"` // baseline mean under which the Poisson test applies; zero means DefaultPoissonBelow
	PoissonFloor float64 `json:"poisson_floor,omitempty"` // least Poisson rate; zero means DefaultPoissonFloor
	TailProb     float64 `json:"tail_prob,omitempty"`     // Poisson tail probability; zero means DefaultTailProb
	Cooldown     int     `json:"cooldown,omitempty"`      // M quiet windows after an alert; zero means DefaultCooldown, negative means none
}

// withDefaults fills zero fields with the defaults.
func (r AlertRule) withDefaults() AlertRule {
	if r.Baseline == 0 {
		r.Baseline = DefaultBaseline
	}
	if r.K == 0 {
		r.K = DefaultK
	}
	if r.MinCount == 0 {
		r.MinCount = DefaultMinCount
	}
	if r.PoissonBelow == 0 {
		r.PoissonBelow = DefaultPoissonBelow
	}
	if r.PoissonFloor == 0 {
		r.PoissonFloor = DefaultPoissonFloor
	}
	if r.TailProb == 0 {
		r.TailProb = DefaultTailProb
	}
	if r.Cooldown == 0 {
		r.Cooldown = DefaultCooldown
	}
	if r.Cooldown < 0 {
		r.Cooldown = 0
	}
	return r
}

// validate reports a rule field out of range, defaults applied.
func (r AlertRule) validate() error {
	switch {
	case r.Baseline < 1 || r.Baseline > 10000:
		return invalid("alert baseline", fmt.Sprint(r.Baseline), "want 1 to 10000 windows")
	case !(r.K > 0) || math.IsInf(r.K, 0):
		return invalid("alert k", fmt.Sprint(r.K), "want a positive number of standard deviations")
	case r.MinCount < 1:
		return invalid("alert min count", fmt.Sprint(r.MinCount), "want at least 1")
	case !(r.PoissonBelow >= 0 && r.PoissonBelow <= 100):
		return invalid("alert poisson below", fmt.Sprint(r.PoissonBelow), "want 0 to 100")
	case !(r.PoissonFloor > 0 && r.PoissonFloor <= 100):
		return invalid("alert poisson floor", fmt.Sprint(r.PoissonFloor), "want more than 0, at most 100")
	case !(r.TailProb >= 1e-12 && r.TailProb <= 0.1):
		return invalid("alert tail prob", fmt.Sprint(r.TailProb), "want 1e-12 to 0.1")
	}
	return nil
}

// Baseline is what a window's negative count was judged against.
type Baseline struct {
	Mean   float64 `json:"mean"`   // mean negative count of the baseline windows
	SD     float64 `json:"sd"`     // their population standard deviation
	Method string  `json:"method"` // "sigma" or "poisson": which test set the level
	Level  int     `json:"level"`  // the negative count at which the window alerts
}

// Level returns the baseline of history, the negative counts of the
// windows before the one judged (oldest first), and the count at which
// that window alerts, by the method of [AlertRule]. Zero fields of r mean
// their defaults.
func (r AlertRule) Level(history []int) Baseline {
	r = r.withDefaults()
	var b Baseline
	if n := float64(len(history)); n > 0 {
		for _, x := range history {
			b.Mean += float64(x)
		}
		b.Mean /= n
		for _, x := range history {
			d := float64(x) - b.Mean
			b.SD += d * d
		}
		b.SD = math.Sqrt(b.SD / n)
	}
	if b.Mean >= r.PoissonBelow {
		b.Method = "sigma"
		limit := b.Mean + r.K*max(b.SD, math.Sqrt(b.Mean))
		b.Level = int(min(math.Floor(limit), math.MaxInt32-1)) + 1
	} else {
		b.Method = "poisson"
		b.Level = poissonLevel(max(b.Mean, r.PoissonFloor), r.TailProb)
	}
	b.Level = max(b.Level, r.MinCount)
	return b
}

// maxPoissonLevel bounds the search for a Poisson level.
const maxPoissonLevel = 1 << 20

// poissonLevel returns the least x with P(X >= x) < p for X ~ Poisson(λ).
func poissonLevel(lambda, p float64) int {
	if !(lambda > 0) {
		return 1
	}
	for x := 1; x < maxPoissonLevel; x++ {
		if float64(x) > lambda && poissonTail(lambda, x) < p {
			return x
		}
	}
	return maxPoissonLevel
}

// poissonTail returns P(X >= x) for X ~ Poisson(λ) and x > λ, summing the
// terms upward (they shrink geometrically), which stays accurate far into
// the tail.
func poissonTail(lambda float64, x int) float64 {
	lg, _ := math.Lgamma(float64(x) + 1)
	term := math.Exp(-lambda + float64(x)*math.Log(lambda) - lg)
	sum := 0.0
	for i := x; term > 0 && term > sum*1e-17 && i < x+100000; i++ {
		sum += term
		term *= lambda / float64(i+1)
	}
	return sum
}

// Alert says that the negative volume of a topic, or of all mentions,
// broke from its baseline.
type Alert struct {
	Topic    string    `json:"topic"`    // the topic; empty for all mentions
	Window   time.Time `json:"window"`   // start of the window that broke
	Negative int       `json:"negative"` // negative mentions in the window when the alert was raised
	Baseline Baseline  `json:"baseline"` // what the count was judged against
	Mention  string    `json:"mention"`  // ID of the mention that crossed the level
	At       time.Time `json:"at"`       // that mention's time
}

// String describes the alert in one line.
func (a Alert) String() string {
	topic := a.Topic
	if topic == "" {
		topic = "all mentions"
	}
	return fmt.Sprintf("%s: %d negative in window %s (baseline mean %.2f, sd %.2f, %s level %d)",
		topic, a.Negative, a.Window.Format(time.RFC3339), a.Baseline.Mean, a.Baseline.SD, a.Baseline.Method, a.Baseline.Level)
}
