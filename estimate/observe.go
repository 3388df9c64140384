package estimate

import (
	"fmt"
	"iter"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

// Sample is one customer's engagement level and revenue, for
// [ObserveMultiplier].
type Sample struct {
	Level   stages.Level
	Revenue decimal.Decimal
}

// SamplesOf returns a sample for each profile: its level, given by level,
// and its [engagement.Profile.Monetary]. Profiles whose level is NoLevel
// (prospects, former customers), and nil profiles, are skipped. A nil
// profiles or level gives no samples. The library's default level is
// [stages.ProfileLevel]: [stages.LevelOf] of the profile's
// [stages.Classify] result; [stages.LevelFunc] gives it under other rules.
func SamplesOf(profiles iter.Seq[*engagement.Profile], level func(*engagement.Profile) stages.Level) []Sample {
	if profiles == nil || level == nil {
		return nil
	}
	var ss []Sample
	for p := range profiles {
		if p == nil {
			continue
		}
		if l := level(p); l != stages.NoLevel {
			ss = append(ss, Sample{Level: l, Revenue: p.Monetary()})
		}
	}
	return ss
}

// ObserveOptions configures [ObserveMultiplier]. The zero ObserveOptions
// is valid: seed 0, 1,000 resamples, a 95% interval, and engaged meaning
// Engaged or FullyEngaged.
type ObserveOptions struct {
	// Seed seeds the bootstrap's random numbers (a PCG, see
	// [ObserveMultiplier]): the same samples, in the same order, with the
	// same options give the same result.
	Seed uint64

	// Resamples is the number of bootstrap resamples; 0 means 1,000. It
	// must not be negative nor exceed [MaxResamples].
	Resamples int

	// Confidence is the coverage of the interval, within 0 and 1
	// exclusive; 0 means 0.95.
	Confidence float64

	// Engaged reports whether a level counts as engaged; nil means
	// Engaged or FullyEngaged (level >= stages.Engaged).
	Engaged func(stages.Level) bool
}

// Limits of [ObserveMultiplier].
const (
	// MaxResamples bounds ObserveOptions.Resamples.
	MaxResamples = 1_000_000

	// MinGroupSamples is the fewest samples [ObserveMultiplier] accepts in
	// either group. An interval from so few is of little use; it is the
	// least from which one can be computed at all.
	MinGroupSamples = 2
)

const (
	defaultResamples  = 1000
	defaultConfidence = 0.95

	// pcgStream is the second PCG seed word, fixed so that Seed alone
	// determines the stream.
	pcgStream = 0x9e3779b97f4a7c15
)

// Observed is the revenue multiplier of engaged customers over the others
// in a user's own data, with a bootstrap interval, beside the published
// figure it is usually compared with.
type Observed struct {
	// Ratio is the mean revenue of the engaged customers divided by the
	// mean revenue of the others.
	Ratio float64

	// Low and High bound the percentile bootstrap interval of Ratio at
	// Confidence. High is +Inf when resamples of the others can have a
	// mean revenue of zero.
	Low, High float64

	// Engaged and Others are the sample counts of the two groups.
	Engaged, Others int

	// Confidence and Resamples are those the interval was computed with.
	Confidence float64
	Resamples  int

	// Published is the figure the ratio is set beside: 1.7, the popular
	// per-customer reading of the HumanSigma business-unit figure (see
	// [Figures.CustomersAbove]). The study compared business units, not
	// customers; an observed ratio is the user's own evidence for the
	// per-customer reading, the published figure is not.
	Published float64
}

// Range returns the interval as a Range.
func (o Observed) Range() Range { return Range{o.Low, o.High} }

// String returns a one-line summary, such as
// "observed 1.52x (95% interval 1.31x to 1.78x; 120 engaged, 880 others) beside the published 1.7x, a business-unit figure".
func (o Observed) String() string {
	return fmt.Sprintf("observed %.2fx (%s%% interval %.2fx to %.2fx; %d engaged, %d others) beside the published %sx, a business-unit figure",
		o.Ratio, strconv.FormatFloat(100*o.Confidence, 'g', 4, 64), o.Low, o.High, o.Engaged, o.Others, floatString(o.Published))
}

// ObserveMultiplier returns the ratio of the mean revenue of the engaged
// customers to that of the others in samples, with a percentile bootstrap
// interval.
//
// The bootstrap resamples each group on its own, with replacement and at
// its own size (a stratified bootstrap, as the groups are fixed by level),
// computes the ratio of each resample, and takes the (1-Confidence)/2 and
// (1+Confidence)/2 quantiles of the ratios, interpolating linearly between
// order statistics (type 7 of Hyndman & Fan). The random numbers come from
// math/rand/v2's PCG seeded with (Seed, 0x9e3779b97f4a7c15); each resample
// draws the engaged group first, then the others, each from its values in
// ascending order, so the result does not depend on the order of samples.
// A resample whose others
// have a mean of zero has an infinite ratio.
//
// It fails, matching [ErrInvalid], on bad options, a sample with a level
// that is not an engagement level or a negative revenue, and others whose
// mean revenue is zero; and, matching [ErrTooFewSamples] as well, when
// either group has fewer than [MinGroupSamples] samples.
func ObserveMultiplier(samples []Sample, opts ObserveOptions) (Observed, error) {
	resamples, confidence := opts.Resamples, opts.Confidence
	if resamples == 0 {
		resamples = defaultResamples
	}
	if confidence == 0 {
		confidence = defaultConfidence
	}
	switch {
	case resamples < 0 || resamples > MaxResamples:
		return Observed{}, invalid("ObserveOptions.Resamples", strconv.Itoa(opts.Resamples),
			"must lie within 0 to "+strconv.Itoa(MaxResamples))
	case !finite(confidence) || confidence <= 0 || confidence >= 1:
		return Observed{}, invalid("ObserveOptions.Confidence", floatString(opts.Confidence),
			"must lie strictly between 0 and 1")
	}
	engaged := opts.Engaged
	if engaged == nil {
		engaged = func(l stages.Level) bool { return l >= stages.Engaged }
	}
	var eng, oth []float64
	var engSum, othSum decimal.Decimal
	for i, s := range samples {
		field := "samples[" + strconv.Itoa(i) + "]"
		if !validLevel(s.Level) {
			return Observed{}, invalid(field+".Level", s.Level.String(), "not an engagement level")
		}
		if s.Revenue.Sign() < 0 {
			return Observed{}, invalid(field+".Revenue", s.Revenue.String(), "revenue must not be negative")
		}
		if engaged(s.Level) {
			eng = append(eng, s.Revenue.InexactFloat64())
			engSum = engSum.Add(s.Revenue)
		} else {
			oth = append(oth, s.Revenue.InexactFloat64())
			othSum = othSum.Add(s.Revenue)
		}
	}
	if len(eng) < MinGroupSamples || len(oth) < MinGroupSamples {
		return Observed{}, &InvalidError{Field: "samples", Value: fmt.Sprintf("%d engaged, %d others", len(eng), len(oth)),
			Reason: "need at least " + strconv.Itoa(MinGroupSamples) + " samples in each group", Err: ErrTooFewSamples}
	}
	if othSum.Sign() == 0 {
		return Observed{}, invalid("samples", fmt.Sprintf("%d others", len(oth)), "the others' revenue is zero: the ratio is undefined")
	}
	// The point ratio, exactly: (engSum/nE) / (othSum/nO).
	ratio := new(big.Rat).Mul(engSum.Rat(), ratInt(len(oth)))
	ratio.Quo(ratio, new(big.Rat).Mul(othSum.Rat(), ratInt(len(eng))))

	// Resample from sorted values, so that the interval depends on the
	// samples and the seed, not on the order the samples came in.
	slices.Sort(eng)
	slices.Sort(oth)
	r := rand.New(rand.NewPCG(opts.Seed, pcgStream))
	ratios := make([]float64, resamples)
	for k := range ratios {
		e, o := resampleMean(r, eng), resampleMean(r, oth)
		switch {
		case o > 0:
			ratios[k] = e / o
		default:
			ratios[k] = math.Inf(1)
		}
	}
	slices.Sort(ratios)
	return Observed{
		Ratio:      ratFloat(ratio),
		Low:        quantile(ratios, (1-confidence)/2),
		High:       quantile(ratios, (1+confidence)/2),
		Engaged:    len(eng),
		Others:     len(oth),
		Confidence: confidence,
		Resamples:  resamples,
		Published:  unitCustomersAbove,
	}, nil
}

// resampleMean returns the mean of len(xs) draws from xs with replacement.
func resampleMean(r *rand.Rand, xs []float64) float64 {
	var s float64
	for range xs {
		s += xs[r.IntN(len(xs))]
	}
	return s / float64(len(xs))
}

// quantile returns the p quantile of the sorted xs (not empty), by linear
// interpolation between order statistics (Hyndman & Fan type 7).
func quantile(xs []float64, p float64) float64 {
	h := float64(len(xs)-1) * p
	lo := int(math.Floor(h))
	if lo >= len(xs)-1 {
		return xs[len(xs)-1]
	}
	frac := h - float64(lo)
	if frac == 0 || xs[lo] == xs[lo+1] {
		return xs[lo]
	}
	if math.IsInf(xs[lo+1], 1) {
		return math.Inf(1)
	}
	return xs[lo] + frac*(xs[lo+1]-xs[lo])
}
