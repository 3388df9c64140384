package estimate

import (
	"fmt"
	"iter"
	"math"
	"math/big"
	"strconv"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

// Mix is how many customers of a base are at each engagement level. The
// zero Mix is an empty base.
type Mix struct {
	ActivelyDisengaged int
	NotEngaged         int
	Engaged            int
	FullyEngaged       int
}

// levels lists the engagement levels in order, least engaged first.
var levels = [stages.NumLevels]stages.Level{stages.ActivelyDisengaged, stages.NotEngaged, stages.Engaged, stages.FullyEngaged}

func validLevel(l stages.Level) bool {
	return l >= stages.ActivelyDisengaged && l <= stages.FullyEngaged
}

// counts returns the counts in level order.
func (m Mix) counts() [stages.NumLevels]int {
	return [stages.NumLevels]int{m.ActivelyDisengaged, m.NotEngaged, m.Engaged, m.FullyEngaged}
}

func (m *Mix) slot(l stages.Level) *int {
	switch l {
	case stages.ActivelyDisengaged:
		return &m.ActivelyDisengaged
	case stages.NotEngaged:
		return &m.NotEngaged
	case stages.Engaged:
		return &m.Engaged
	case stages.FullyEngaged:
		return &m.FullyEngaged
	}
	return nil
}

// Count returns the customers at level l: 0 for NoLevel and unknown levels.
func (m Mix) Count(l stages.Level) int {
	if p := m.slot(l); p != nil {
		return *p
	}
	return 0
}

// With returns m with n customers at level l. It returns m unchanged for
// NoLevel and unknown levels.
func (m Mix) With(l stages.Level, n int) Mix {
	if p := m.slot(l); p != nil {
		*p = n
	}
	return m
}

// Total returns the number of customers. It saturates at the largest int
// rather than overflow; [Mix.Validate] rejects such a mix.
func (m Mix) Total() int {
	t := 0
	for _, n := range m.counts() {
		if n > 0 && t > math.MaxInt-n {
			return math.MaxInt
		}
		t += n
	}
	return t
}

// Share returns the share of the customers at level l, and 0 for an empty
// mix.
func (m Mix) Share(l stages.Level) float64 {
	t := m.Total()
	if t == 0 {
		return 0
	}
	return ratFloat(big.NewRat(int64(m.Count(l)), int64(t)))
}

// Ratio returns Gallup's engagement ratio of the mix: fully engaged to
// actively disengaged customers, to set beside the benchmarks of
// [Figures] (0.8 : 1 average, 8 : 1 world-class). It is false when the mix
// has no actively disengaged customers.
func (m Mix) Ratio() (float64, bool) {
	if m.ActivelyDisengaged <= 0 {
		return 0, false
	}
	return ratFloat(big.NewRat(int64(m.FullyEngaged), int64(m.ActivelyDisengaged))), true
}

// Validate reports a negative count, or a total that overflows an int, as
// an *[InvalidError].
func (m Mix) Validate() error { return m.validate("Mix") }

func (m Mix) validate(field string) error {
	t := 0
	for i, n := range m.counts() {
		if n < 0 {
			return invalid(field+"."+levelField(levels[i]), strconv.Itoa(n), "count must not be negative")
		}
		if t > math.MaxInt-n {
			return invalid(field, m.String(), "total overflows an int")
		}
		t += n
	}
	return nil
}

// levelField returns the Go field name of a level, for error messages.
func levelField(l stages.Level) string {
	switch l {
	case stages.ActivelyDisengaged:
		return "ActivelyDisengaged"
	case stages.NotEngaged:
		return "NotEngaged"
	case stages.Engaged:
		return "Engaged"
	case stages.FullyEngaged:
		return "FullyEngaged"
	}
	return l.String()
}

// String returns the counts, such as
// "actively_disengaged=24 not_engaged=30 engaged=27 fully_engaged=19".
func (m Mix) String() string {
	return fmt.Sprintf("actively_disengaged=%d not_engaged=%d engaged=%d fully_engaged=%d",
		m.ActivelyDisengaged, m.NotEngaged, m.Engaged, m.FullyEngaged)
}

// MixOf counts levels into a mix, skipping NoLevel and unknown levels.
func MixOf(ls iter.Seq[stages.Level]) Mix {
	var m Mix
	if ls == nil {
		return m
	}
	for l := range ls {
		if p := m.slot(l); p != nil {
			*p++
		}
	}
	return m
}

// Base is a customer base observed from profiles: the mix of its levels and
// its revenue, over the same customers.
type Base struct {
	Mix Mix

	// Revenue is the exact sum of the Monetary value (purchases less
	// returns) of the customers counted in Mix.
	Revenue decimal.Decimal
}

// BaseOf counts the profiles into a Base: each profile's level, given by
// level, and its [engagement.Profile.Monetary]. Profiles whose level is
// NoLevel (prospects, former customers) or unknown, and nil profiles, are
// skipped, so the mix and the revenue cover the same customers. A nil
// profiles or level gives the zero Base. [stages.ProfileLevel] is the
// library's default level.
//
// A caller who also needs the samples, for [ObserveMultiplier], should
// take them once with [SamplesOf] and count them with [BaseFrom], so that
// each customer is classified once.
func BaseOf(profiles iter.Seq[*engagement.Profile], level func(*engagement.Profile) stages.Level) Base {
	if profiles == nil || level == nil {
		return Base{}
	}
	return BaseFrom(func(yield func(Sample) bool) {
		for p := range profiles {
			if p != nil && !yield(Sample{Level: level(p), Revenue: p.Monetary()}) {
				return
			}
		}
	})
}

// BaseFrom counts samples into a Base: each sample's level into the mix
// and its revenue into the total. Samples whose level is NoLevel or
// unknown are skipped, so the mix and the revenue cover the same
// customers. A nil samples gives the zero Base.
func BaseFrom(samples iter.Seq[Sample]) Base {
	var b Base
	if samples == nil {
		return b
	}
	for s := range samples {
		slot := b.Mix.slot(s.Level)
		if slot == nil {
			continue
		}
		*slot++
		b.Revenue = b.Revenue.Add(s.Revenue)
	}
	return b
}

// BaselinePlaces is the number of decimal places [Base.Baseline] keeps: a
// mean revenue kept to cents would put the total of a large base off by up
// to half a cent a customer.
const BaselinePlaces = 8

// Baseline returns the revenue of the base's average customer, Revenue
// divided by the customers counted, rounded half to even to
// [BaselinePlaces] decimal places: the baseline of a [CustomerModel]. It
// fails on an empty base.
func (b Base) Baseline() (decimal.Decimal, error) {
	if err := b.Mix.validate("Base.Mix"); err != nil {
		return decimal.Decimal{}, err
	}
	n := b.Mix.Total()
	if n == 0 {
		return decimal.Decimal{}, invalid("Base.Mix", b.Mix.String(), "no customers to average over")
	}
	return roundTo(new(big.Rat).Quo(b.Revenue.Rat(), ratInt(n)), BaselinePlaces), nil
}
