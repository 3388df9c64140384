package estimate_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/engagekit/engage/estimate"
	"github.com/engagekit/engage/stages"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

var allLevels = []stages.Level{stages.ActivelyDisengaged, stages.NotEngaged, stages.Engaged, stages.FullyEngaged}

// calibratableMix draws a mix that calibrates on itself under the default
// figures (see the white-box generator of the same shape).
func calibratableMix() *rapid.Generator[estimate.Mix] {
	return rapid.Custom(func(t *rapid.T) estimate.Mix {
		mid := rapid.IntRange(1, 2000).Draw(t, "middle")
		e := rapid.IntRange(0, mid).Draw(t, "engaged")
		ad := rapid.IntRange(0, 23*mid/13).Draw(t, "actively_disengaged")
		fe := rapid.IntRange(0, 13*(mid+ad)/23).Draw(t, "fully_engaged")
		return estimate.Mix{ActivelyDisengaged: ad, NotEngaged: mid - e, Engaged: e, FullyEngaged: fe}
	})
}

// anyMix draws a mix with at least one customer.
func anyMix() *rapid.Generator[estimate.Mix] {
	return rapid.Custom(func(t *rapid.T) estimate.Mix {
		m := estimate.Mix{
			ActivelyDisengaged: rapid.IntRange(0, 2000).Draw(t, "actively_disengaged"),
			NotEngaged:         rapid.IntRange(0, 2000).Draw(t, "not_engaged"),
			Engaged:            rapid.IntRange(0, 2000).Draw(t, "engaged"),
			FullyEngaged:       rapid.IntRange(0, 2000).Draw(t, "fully_engaged"),
		}
		if m.Total() == 0 {
			m.NotEngaged = 1
		}
		return m
	})
}

func money() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		return decimal.New(rapid.Int64Range(0, 1_000_000_000).Draw(t, "money_coefficient"),
			int32(rapid.IntRange(-4, 2).Draw(t, "money_exponent")))
	})
}

// setup is a model and a mix it can estimate.
type setup struct {
	model estimate.CustomerModel
	mix   estimate.Mix
}

// setups draws a model under one of the three readings (own calibration,
// reference calibration, the per-customer assumption with a multiplier of
// at least 1) and a mix it can estimate.
func setups() *rapid.Generator[setup] {
	return rapid.Custom(func(t *rapid.T) setup {
		m := estimate.CustomerModel{Baseline: money().Draw(t, "baseline")}
		switch rapid.IntRange(0, 2).Draw(t, "reading") {
		case 0:
			return setup{m, calibratableMix().Draw(t, "mix")}
		case 1:
			m.CalibrateOn = estimate.DefaultFigures().AverageOrganisation.Mix()
		case 2:
			m.Assume = &estimate.PerCustomerAssumption{Multiplier: float64(rapid.IntRange(100, 500).Draw(t, "multiplier_percent")) / 100}
		}
		return setup{m, anyMix().Draw(t, "mix")}
	})
}

// upMoves draws moves, each to a more engaged level, that mix can carry.
func upMoves(t *rapid.T, mix estimate.Mix) []estimate.Move {
	var moves []estimate.Move
	for i, n := 0, rapid.IntRange(0, 4).Draw(t, "moves"); i < n; i++ {
		from := rapid.SampledFrom(allLevels[:3]).Draw(t, "from")
		to := rapid.SampledFrom(allLevels[from:]).Draw(t, "to") // allLevels[from:] starts one above from
		count := rapid.IntRange(0, mix.Count(from)).Draw(t, "count")
		moves = append(moves, estimate.Move{From: from, To: to, Count: count})
		mix = moveIn(mix, from, to, count)
	}
	return moves
}

// moveIn returns mix with n customers moved from one level to another.
func moveIn(mix estimate.Mix, from, to stages.Level, n int) estimate.Mix {
	mix = mix.With(from, mix.Count(from)-n)
	return mix.With(to, mix.Count(to)+n)
}

// anyMoves draws moves in any direction, by count or by fraction, and
// returns them with the mix they leave and the number each moves.
func anyMoves(t *rapid.T, mix estimate.Mix) ([]estimate.Move, estimate.Mix, []int) {
	moved := []int{}
	var moves []estimate.Move
	for i, n := 0, rapid.IntRange(0, 4).Draw(t, "moves"); i < n; i++ {
		from := rapid.SampledFrom(allLevels).Draw(t, "from")
		to := rapid.SampledFrom(allLevels).Draw(t, "to")
		mv := estimate.Move{From: from, To: to}
		n := 0
		if rapid.Bool().Draw(t, "by_fraction") {
			pc := rapid.IntRange(0, 100).Draw(t, "percent")
			mv.Fraction = float64(pc) / 100
			// pc% of the customers at from, rounded half to even.
			q, r := pc*mix.Count(from)/100, pc*mix.Count(from)%100
			if 2*r > 100 || 2*r == 100 && q%2 == 1 {
				q++
			}
			n = q
		} else {
			mv.Count = rapid.IntRange(0, mix.Count(from)).Draw(t, "count")
			n = mv.Count
		}
		moves = append(moves, mv)
		moved = append(moved, n)
		mix = moveIn(mix, from, to, n)
	}
	return moves, mix, moved
}

func sumLevels(r estimate.Revenue) decimal.Decimal {
	var s decimal.Decimal
	for _, l := range r.Levels {
		s = s.Add(l.Revenue)
	}
	return s
}

// TestPropertyMoneySums: the level revenues add up to the total exactly,
// and the total is within rounding of customers times baseline.
func TestPropertyMoneySums(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := setups().Draw(t, "setup")
		r, err := s.model.Revenue(s.mix)
		if err != nil {
			t.Fatal(err)
		}
		if got := sumLevels(r); !got.Equal(r.Total) {
			t.Fatalf("levels add up to %s, total %s", got, r.Total)
		}
		want := s.model.Baseline.Mul(decimal.NewFromInt(int64(s.mix.Total())))
		if d := r.Total.Sub(want).Abs(); d.GreaterThan(decimal.New(5, -3)) {
			t.Fatalf("total %s is %s from customers times baseline %s", r.Total, d, want)
		}
	})
}

// TestPropertyLinearInBaseline: scaling the baseline by k scales every
// figure by k, within the rounding to cents (half a cent of each side).
func TestPropertyLinearInBaseline(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := setups().Draw(t, "setup")
		k := rapid.Int64Range(0, 1000).Draw(t, "scale")
		r1, err := s.model.Revenue(s.mix)
		if err != nil {
			t.Fatal(err)
		}
		m := s.model
		m.Baseline = m.Baseline.Mul(decimal.NewFromInt(k))
		r2, err := m.Revenue(s.mix)
		if err != nil {
			t.Fatal(err)
		}
		// |round(kx) - k·round(x)| <= 1/2 + k/2 cents for a total, and a
		// cent more each way for an apportioned level.
		tol := decimal.New(1+k, -2).Div(decimal.NewFromInt(2))
		if d := r2.Total.Sub(r1.Total.Mul(decimal.NewFromInt(k))).Abs(); d.GreaterThan(tol) {
			t.Fatalf("total %s at %d times the baseline, %s at 1", r2.Total, k, r1.Total)
		}
		levelTol := decimal.New(1+k, -2) // under a cent for X2, under k cents for k·X1
		for i := range r1.Levels {
			if d := r2.Levels[i].Revenue.Sub(r1.Levels[i].Revenue.Mul(decimal.NewFromInt(k))).Abs(); d.GreaterThan(levelTol) {
				t.Fatalf("level %v: %s at %d times the baseline, %s at 1", r1.Levels[i].Level, r2.Levels[i].Revenue, k, r1.Levels[i].Revenue)
			}
		}
	})
}

// TestPropertyMonotone: moving customers to more engaged levels never
// lowers revenue.
func TestPropertyMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := setups().Draw(t, "setup")
		moves := upMoves(t, s.mix)
		o, err := s.model.Scenario(s.mix, moves...)
		if err != nil {
			t.Fatal(err)
		}
		if o.Change.Sign() < 0 {
			t.Fatalf("moving up %v changed revenue by %s", moves, o.Change)
		}
	})
}

// TestPropertyScenarioAddsUp: the level changes add up to the total
// change exactly, as do the level befores and afters, and the before of a
// scenario is the revenue of its mix.
func TestPropertyScenarioAddsUp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := setups().Draw(t, "setup")
		moves, wantAfter, moved := anyMoves(t, s.mix)
		o, err := s.model.Scenario(s.mix, moves...)
		if err != nil {
			t.Fatal(err)
		}
		if o.MixAfter != wantAfter || o.MixBefore != s.mix {
			t.Fatalf("mixes %v -> %v, want %v -> %v", o.MixBefore, o.MixAfter, s.mix, wantAfter)
		}
		if diff := cmp.Diff(moved, o.Moved, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("moved (-want +got):\n%s", diff)
		}
		var before, after, change decimal.Decimal
		for _, l := range o.Levels {
			before, after, change = before.Add(l.Before), after.Add(l.After), change.Add(l.Change)
			if !l.Change.Equal(l.After.Sub(l.Before)) {
				t.Fatalf("level %v: change %s, after less before %s", l.Level, l.Change, l.After.Sub(l.Before))
			}
		}
		for _, c := range []struct {
			name      string
			sum, want decimal.Decimal
		}{{"before", before, o.Before}, {"after", after, o.After}, {"change", change, o.Change}, {"after less before", o.After.Sub(o.Before), o.Change}} {
			if !c.sum.Equal(c.want) {
				t.Fatalf("%s: levels give %s, total %s", c.name, c.sum, c.want)
			}
		}
		r, err := s.model.Revenue(s.mix)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Total.Equal(o.Before) {
			t.Fatalf("scenario before %s, revenue of the mix %s", o.Before, r.Total)
		}
	})
}

// TestPropertyMoveAndBack: a scenario that moves customers and moves them
// back ends where it began.
func TestPropertyMoveAndBack(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := setups().Draw(t, "setup")
		from := rapid.SampledFrom(allLevels).Draw(t, "from")
		to := rapid.SampledFrom(allLevels).Draw(t, "to")
		n := rapid.IntRange(0, s.mix.Count(from)).Draw(t, "count")
		o, err := s.model.Scenario(s.mix, estimate.Move{From: from, To: to, Count: n}, estimate.Move{From: to, To: from, Count: n})
		if err != nil {
			t.Fatal(err)
		}
		if !o.Change.IsZero() || o.MixAfter != s.mix {
			t.Fatalf("there and back: change %s, mix %v", o.Change, o.MixAfter)
		}
	})
}

// TestPropertySizingRoundTrip: the population needed for n members of a
// group holds at least n of them, one person fewer holds fewer, and a
// population holds enough for the population its members need.
func TestPropertySizingRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var p estimate.Participation
		if rapid.Bool().Draw(t, "custom") {
			// Shares in thousandths, adding up to 1.
			c := rapid.IntRange(0, 1000).Draw(t, "contributors_permille")
			k := rapid.IntRange(0, 1000-c).Draw(t, "creators_permille")
			p = estimate.Participation{Readers: float64(1000-c-k) / 1000, Contributors: float64(c) / 1000, Creators: float64(k) / 1000}
		}
		g := rapid.SampledFrom([]estimate.Group{estimate.Readers, estimate.Contributors, estimate.Creators, estimate.Posters}).Draw(t, "group")
		target := rapid.IntRange(0, 1_000_000).Draw(t, "target")
		need, err := p.PopulationFor(target, g)
		if err != nil {
			if full, _ := p.Size(1); full.Count(g) == 0 && target > 0 {
				t.Skip("the group is empty")
			}
			t.Fatal(err)
		}
		c, err := p.Size(need)
		if err != nil {
			t.Fatal(err)
		}
		if c.Count(g) < float64(target) {
			t.Fatalf("%d people hold %v %s, want at least %d", need, c.Count(g), g, target)
		}
		if need > 0 {
			fewer, _ := p.Size(need - 1)
			if fewer.Count(g) >= float64(target) {
				t.Fatalf("%d people already hold %v %s, want fewer than %d", need-1, fewer.Count(g), g, target)
			}
		}
		// The other direction: a population, its members, and back.
		pop := rapid.IntRange(0, 10_000_000).Draw(t, "population")
		c, err = p.Size(pop)
		if err != nil {
			t.Fatal(err)
		}
		members := int(math.Floor(c.Count(g)))
		back, err := p.PopulationFor(members, g)
		if err != nil {
			t.Fatal(err)
		}
		if back > pop {
			t.Fatalf("%d people hold %d %s, which need %d people", pop, members, g, back)
		}
	})
}

func sample() *rapid.Generator[estimate.Sample] {
	return rapid.Custom(func(t *rapid.T) estimate.Sample {
		return estimate.Sample{
			Level:   rapid.SampledFrom(allLevels).Draw(t, "level"),
			Revenue: decimal.New(rapid.Int64Range(1, 1_000_000).Draw(t, "revenue_cents"), -2),
		}
	})
}

// TestPropertyBootstrapDeterministic: the same samples, in any order, and
// the same options give the same result, and the interval is ordered.
func TestPropertyBootstrapDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ss := rapid.SliceOfN(sample(), 0, 60).Draw(t, "samples")
		opts := estimate.ObserveOptions{
			Seed:       rapid.Uint64().Draw(t, "seed"),
			Resamples:  rapid.IntRange(0, 300).Draw(t, "resamples"),
			Confidence: float64(rapid.IntRange(0, 99).Draw(t, "confidence_percent")) / 100,
		}
		o1, err1 := estimate.ObserveMultiplier(ss, opts)
		shuffled := slices.Clone(ss)
		rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "shuffle"), 0)).Shuffle(len(shuffled), func(i, j int) {
			shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
		})
		o2, err2 := estimate.ObserveMultiplier(shuffled, opts)
		if diff := cmp.Diff(o1, o2); diff != "" {
			t.Fatalf("the same samples in another order give another result (-first +shuffled):\n%s", diff)
		}
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("errors differ: %v, %v", err1, err2)
		}
		if err1 != nil {
			if !errorsIs(err1, estimate.ErrTooFewSamples) {
				t.Fatalf("unexpected error %v", err1)
			}
			return
		}
		if !(o1.Low <= o1.High) {
			t.Fatalf("interval %v to %v not ordered", o1.Low, o1.High)
		}
	})
}

// TestPropertyUpliftSymmetric: moving a unit from A to B and back gives an
// uplift of 1, and returns its revenue exactly when B performs no worse
// than A (and within rounding otherwise).
func TestPropertyUpliftSymmetric(t *testing.T) {
	quadrant := rapid.Custom(func(t *rapid.T) estimate.Quadrant {
		return estimate.Quadrant{EmployeesAbove: rapid.Bool().Draw(t, "employees_above"), CustomersAbove: rapid.Bool().Draw(t, "customers_above")}
	})
	var m estimate.UnitModel
	rapid.Check(t, func(t *rapid.T) {
		a, b := quadrant.Draw(t, "a"), quadrant.Draw(t, "b")
		ab, err := m.Uplift(a, b)
		if err != nil {
			t.Fatal(err)
		}
		ba, err := m.Uplift(b, a)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(ab*ba-1) > 1e-15 {
			t.Fatalf("uplift %v then %v multiplies by %v", ab, ba, ab*ba)
		}
		rev := decimal.New(rapid.Int64Range(0, 1_000_000_000).Draw(t, "revenue_cents"), -2)
		there, err := m.Change(rev, a, b)
		if err != nil {
			t.Fatal(err)
		}
		back, err := m.Change(there.After, b, a)
		if err != nil {
			t.Fatal(err)
		}
		if ab >= 1 && !back.After.Equal(rev) {
			t.Fatalf("%s: %v -> %v -> %v gives %s", rev, a, b, a, back.After)
		}
		// Down first: off by at most half a cent times (1 + 1/uplift).
		if d := back.After.Sub(rev).Abs(); d.InexactFloat64() > 0.005*(1+ba)+1e-9 {
			t.Fatalf("%s: %v -> %v -> %v gives %s", rev, a, b, a, back.After)
		}
	})
}

// TestPropertyMultiplierOrdersChange: under the per-customer assumption,
// the total change of moves to more engaged levels grows with the
// multiplier, so runs at the two ends of an interval bound it.
func TestPropertyMultiplierOrdersChange(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		mix := anyMix().Draw(t, "mix")
		moves := upMoves(t, mix)
		lo := rapid.IntRange(100, 500).Draw(t, "low_percent")
		hi := rapid.IntRange(lo, 500).Draw(t, "high_percent")
		m := estimate.CustomerModel{Baseline: money().Draw(t, "baseline")}
		m.Assume = &estimate.PerCustomerAssumption{Multiplier: float64(lo) / 100}
		low, err := m.Scenario(mix, moves...)
		if err != nil {
			t.Fatal(err)
		}
		m.Assume = &estimate.PerCustomerAssumption{Multiplier: float64(hi) / 100}
		high, err := m.Scenario(mix, moves...)
		if err != nil {
			t.Fatal(err)
		}
		if low.Change.GreaterThan(high.Change) {
			t.Fatalf("change %s at %d%%, %s at %d%%", low.Change, lo, high.Change, hi)
		}
	})
}

// TestPropertyBaseFromCountsSamples: BaseFrom counts each sample with a
// level once, in any order, and skips NoLevel and unknown levels; its
// revenue is the exact sum of the counted samples'.
func TestPropertyBaseFromCountsSamples(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ss := rapid.SliceOf(sample()).Draw(t, "samples")
		junk := rapid.SliceOf(rapid.SampledFrom([]stages.Level{stages.NoLevel, stages.FullyEngaged + 1})).Draw(t, "unlevelled")
		all := slices.Clone(ss)
		for _, l := range junk {
			all = append(all, estimate.Sample{Level: l, Revenue: decimal.New(7, 0)})
		}
		perm := rapid.Permutation(all).Draw(t, "order")

		got := estimate.BaseFrom(slices.Values(perm))
		want := estimate.Base{Revenue: decimal.Zero}
		var levels []stages.Level
		for _, s := range ss {
			levels = append(levels, s.Level)
			want.Revenue = want.Revenue.Add(s.Revenue)
		}
		want.Mix = estimate.MixOf(slices.Values(levels))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("BaseFrom (-want +got):\n%s", diff)
		}
	})
}
