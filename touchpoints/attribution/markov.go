package attribution

import (
	"math"
	"math/big"
)

// Markov is first-order Markov-chain attribution (Anderl et al. 2016), as
// ChannelAttribution and the other reference tools define it, solved
// analytically (exactly, up to [ExactChannels] channels) instead of by
// simulation.
//
// The chain has a start state, a state per channel, and two absorbing
// states, conversion and null. Each path is read with consecutive repeats
// of a channel collapsed ("a > a > b" is "a > b"); its transitions (start
// to the first channel, each channel to the next) count conversions +
// nulls times, and its last channel goes to conversion Conversions times
// and to null Nulls times. The transition probabilities are the counts
// divided by the state's total. The removal effect of channel k is
//
//	RE_k = 1 - P(conversion with k removed) / P(conversion)
//
// where removing k sends every visit to k to null, and k's credit is its
// share of the removal effects: total × RE_k / Σ RE. A channel only on
// paths with neither conversions nor nulls is not in the chain: its
// removal effect and credit are zero. Without conversions every credit is
// zero.
//
// Up to [ExactChannels] channels the probabilities are exact rationals:
// the absorbing chain's fundamental matrix is found once, in whole
// numbers, by fraction-free elimination (see the package documentation),
// and every removal effect follows from it, since P(conversion with k
// removed) = P(conversion) - P(visiting k) × P(conversion from k). So the
// credits do not depend on the order of the paths, and are the same from
// run to run and machine to machine. The numbers grow with the chain, and
// the cost with about the fourth power of the channels: on 20,000
// journeys, on the machine of BENCHMARKS.md, 12 channels take 6 ms, 32
// take 90 ms, 64 take 1.3 s and 100 take 9 s.
//
// A chain of more channels is solved the same way in float64, by
// Gauss-Jordan elimination with partial pivoting, in a fixed order of
// operations and without fused multiply-adds (100 channels take 10 ms, 300
// take 70 ms, 1,000 take 1.7 s), and the results are still the same from run to run,
// machine to machine and whatever the order of the paths, but the removal
// effects are within rounding error of the exact ones (the tests hold
// them to 1e-9 relative), and a credit can differ from the exact one by a
// unit in its last place. The credits still add up
// exactly. [MarkovAnalysis].Exact says which way a chain was solved; set
// Exact to solve exactly however many channels there are.
//
// The zero value is the model with credits rounded to [DefaultPlaces],
// solved exactly up to ExactChannels channels.
//
// # Value removal effects
//
// By default the value credits are the same shares of the removal
// effects as the conversion credits. With ValueRemoval set they follow
// the value instead, as ChannelAttribution's markov_model does when given
// a conversion value (its removal_effects_conversion_value and
// total_conversion_value): every transition to conversion carries the
// mean value of the conversions that ended in that state, so that the
// expected value of a walk from the start is
//
//	E[value] = Σ_s P(visiting s) × value_s / out_s
//
// where value_s is the value of the paths whose last channel is s and
// out_s the count of transitions out of s, and the value removal effect
// of channel k is
//
//	RV_k = 1 - E[value with k removed] / E[value]
//
// and k's value credit is total value × RV_k / Σ RV. Without values both
// are zero. A channel that ends costly journeys thus earns more of the
// value than one that ends cheap ones with the same probability. The
// solve is shared with the conversion removal effects and is exact under
// the same condition.
type Markov struct {
	// Places is how many decimal places the credits are rounded to (more
	// for values whose total has more); zero means DefaultPlaces.
	Places int32
	// Exact, when set, solves the chain in exact rational arithmetic
	// however many channels it has, at the cost told above.
	Exact bool
	// ValueRemoval, when set, divides the value by the value removal
	// effects instead of the conversion removal effects (see above).
	ValueRemoval bool
}

// ExactChannels is the most channels in the chain that [Markov] solves in
// exact rational arithmetic unless Exact is set.
const ExactChannels = 64

// MarkovAnalysis is what [Markov.Analyze] finds.
type MarkovAnalysis struct {
	// Credits are the credits Markov.Attribute returns.
	Credits Credits
	// Conversion is the probability that a walk from the start state ends
	// in conversion, rounded to the nearest float64.
	Conversion float64
	// RemovalEffects holds the removal effect of every channel on the
	// paths, rounded to the nearest float64 (see [Markov]).
	RemovalEffects map[string]float64
	// ValueRemovalEffects holds the value removal effect of every channel
	// (see [Markov]), rounded to the nearest float64, when
	// Markov.ValueRemoval is set; otherwise it is nil.
	ValueRemovalEffects map[string]float64
	// Exact reports whether the chain was solved in exact rational
	// arithmetic, rather than in float64 (see [Markov]).
	Exact bool
}

// Attribute implements [Model].
func (m Markov) Attribute(paths []Path) (Credits, error) {
	a, err := m.Analyze(paths)
	if err != nil {
		return nil, err
	}
	return a.Credits, nil
}

// chain counts the transitions of the paths. State 0 is the start, state
// k+1 the channel numbered k.
type chain struct {
	next              [][]sum // [from][to]
	conv, null, value []sum   // [from]; value in units of 10^-scale
}

func (c *chain) grow(states int) {
	for len(c.next) < states {
		c.next = append(c.next, nil)
		c.conv = append(c.conv, sum{})
		c.null = append(c.null, sum{})
		c.value = append(c.value, sum{})
	}
}

func (c *chain) add(from, to int, n uint64) {
	row := c.next[from]
	if to >= len(row) {
		row = append(row, make([]sum, to+1-len(row))...)
		c.next[from] = row
	}
	row[to].add(n)
}

// Analyze returns the credits, the probability of conversion and the
// removal effects. It checks paths as Attribute does.
func (m Markov) Analyze(paths []Path) (MarkovAnalysis, error) {
	return m.analyze(paths, ExactChannels)
}

// analyze is Analyze, solving chains of more than exactUpTo channels in
// float64 unless m.Exact is set.
func (m Markov) analyze(paths []Path, exactUpTo int) (MarkovAnalysis, error) {
	places, err := checkPlaces("Markov", m.Places)
	if err != nil {
		return MarkovAnalysis{}, err
	}
	scale, err := check(paths)
	if err != nil {
		return MarkovAnalysis{}, err
	}
	var (
		in  interner
		tot = totals{scale: scale}
		ch  chain
		ids []int32
	)
	ch.grow(1)
	for i := range paths {
		p := &paths[i]
		ids = in.intern(p, ids[:0])
		var v amount
		if p.Conversions > 0 {
			v = scaled(p.Value.Normalize(), scale)
			tot.conv.add(uint64(p.Conversions))
			tot.value.addAmount(v)
		}
		n := uint64(p.Conversions) + uint64(p.Nulls) // < 2^64
		if n == 0 {
			continue
		}
		ch.grow(len(in.names) + 1)
		from := 0
		for _, k := range ids {
			if to := int(k) + 1; to != from {
				ch.add(from, to, n)
				from = to
			}
		}
		ch.conv[from].add(uint64(p.Conversions))
		ch.null[from].add(uint64(p.Nulls))
		ch.value[from].addAmount(v)
	}
	ch.grow(len(in.names) + 1)

	names, pos := in.sorted()
	d := removal(&ch, pos, m.Exact || len(names) <= exactUpTo, m.ValueRemoval)
	conv := make([]*big.Rat, len(names))
	value := make([]*big.Rat, len(names))
	effects := make(map[string]float64, len(names))
	convTotal := new(big.Rat).SetInt(tot.conv.int())
	valueTotal := new(big.Rat).SetFrac(tot.value.int(), pow10(scale))
	var sumD big.Rat
	for _, x := range d.drop {
		sumD.Add(&sumD, x)
	}
	for k, name := range names {
		conv[k], value[k] = new(big.Rat), new(big.Rat)
		effects[name] = 0
		if d.p.Sign() == 0 || sumD.Sign() == 0 {
			continue
		}
		x := d.drop[k]
		f, _ := new(big.Rat).Quo(x, d.p).Float64()
		effects[name] = f
		share := new(big.Rat).Quo(x, &sumD)
		conv[k].Mul(convTotal, share)
		value[k].Mul(valueTotal, share)
	}
	var valueEffects map[string]float64
	if m.ValueRemoval {
		valueEffects = valueShares(names, d.vp, d.vdrop, valueTotal, value)
	}
	conversion, _ := d.p.Float64()
	e := &exact{names: names, conv: conv, value: value, convTotal: convTotal, valueTotal: valueTotal}
	return MarkovAnalysis{
		Credits:             e.round(places),
		Conversion:          conversion,
		RemovalEffects:      effects,
		ValueRemovalEffects: valueEffects,
		Exact:               d.exact,
	}, nil
}

// valueShares sets value[k] to channel k's share of total by the value
// removal effects, the drops of the expected value p, and returns the
// value removal effects.
func valueShares(names []string, p *big.Rat, drop []*big.Rat, total *big.Rat, value []*big.Rat) map[string]float64 {
	effects := make(map[string]float64, len(names))
	var sumD big.Rat
	for _, x := range drop {
		sumD.Add(&sumD, x)
	}
	for k, name := range names {
		value[k] = new(big.Rat)
		effects[name] = 0
		if p.Sign() == 0 || sumD.Sign() == 0 {
			continue
		}
		effects[name], _ = new(big.Rat).Quo(drop[k], p).Float64()
		value[k].Mul(total, new(big.Rat).Quo(drop[k], &sumD))
	}
	return effects
}

// drops holds the exact probability of conversion and, for each channel in
// sorted order, how much it falls when the channel is removed:
// P(conversion) - P(conversion with k removed).
type drops struct {
	p     *big.Rat
	drop  []*big.Rat
	exact bool // false when solved in float64
	// vp and vdrop are the same for the expected value of a walk (in
	// units of 10^-scale), when asked for.
	vp    *big.Rat
	vdrop []*big.Rat
}

// removal solves the chain, exactly or in float64. pos maps channel
// numbers to sorted positions.
func removal(ch *chain, pos []int, exact, withValue bool) drops {
	n := len(pos)
	out := drops{p: new(big.Rat), drop: make([]*big.Rat, n), exact: exact, vp: new(big.Rat), vdrop: make([]*big.Rat, n)}
	for k := range out.drop {
		out.drop[k] = new(big.Rat)
		out.vdrop[k] = new(big.Rat)
	}
	// The transient states: the start, then the channels the walks visit,
	// in the order of their names.
	byPos := make([]int, n) // sorted position -> state
	for id, k := range pos {
		byPos[k] = id + 1
	}
	outTotal := func(s int) *big.Int {
		t := new(big.Int).Add(ch.conv[s].int(), ch.null[s].int())
		for _, x := range ch.next[s] {
			if !x.isZero() {
				t.Add(t, x.int())
			}
		}
		return t
	}
	states := []int{0}
	index := make([]int, n+1) // state -> row, -1 when not in the chain
	for i := range index {
		index[i] = -1
	}
	index[0] = 0
	for _, s := range byPos {
		if ch.conv[s].isZero() && ch.null[s].isZero() && len(ch.next[s]) == 0 {
			continue // never visited: every visit leaves somewhere
		}
		index[s] = len(states)
		states = append(states, s)
	}
	if len(states) == 1 {
		return out // no path counts
	}
	// A = diag(out totals) - counts among transient states; c = counts to
	// conversion. (I - Q)⁻¹ = A⁻¹·diag(out totals) and the absorption
	// probabilities are A⁻¹c.
	m := len(states)
	a := make([][]*big.Int, m)
	c := make([]*big.Int, m)
	var cv []*big.Int // value to conversion, when asked for
	if withValue {
		cv = make([]*big.Int, m)
	}
	for i, s := range states {
		a[i] = make([]*big.Int, m)
		for j := range a[i] {
			a[i][j] = new(big.Int)
		}
		a[i][i] = outTotal(s)
		for to, x := range ch.next[s] {
			if !x.isZero() {
				j := index[to]
				a[i][j].Sub(a[i][j], x.int())
			}
		}
		c[i] = ch.conv[s].int()
		if withValue {
			cv[i] = ch.value[s].int()
		}
	}
	if !exact {
		removalFloat(a, c, cv, byPos, index, &out)
		return out
	}
	det, inv, y, ok := solve(a, c)
	if !ok || det.Sign() == 0 {
		// Cannot happen: every state reaches an absorbing one.
		return out
	}
	if withValue {
		valueDrops(det, inv, cv, byPos, index, &out)
	}
	out.p.SetFrac(y[0], det)
	if out.p.Sign() == 0 {
		return out
	}
	// P(conversion) - P(conversion with k removed) = P(visit k) × P(conversion
	// from k), and P(visit k) = N[0][k] / N[k][k] for the fundamental matrix
	// N = A⁻¹·diag(out totals), where the diagonal factor cancels.
	for k, s := range byPos {
		i := index[s]
		if i < 0 || inv[0][i].Sign() == 0 || y[i].Sign() == 0 {
			continue
		}
		visit := new(big.Rat).SetFrac(inv[0][i], inv[i][i])
		conv := new(big.Rat).SetFrac(y[i], det)
		out.drop[k].Mul(visit, conv)
	}
	return out
}

// valueDrops sets out.vp and out.vdrop from B = det·A⁻¹ (see removal and
// solve) and the values cv reaching conversion from each state: the
// expected value from state i is (B·cv)_i / det, and removing k lowers
// the expected value from the start by P(visit k) times the expected
// value from k.
func valueDrops(det *big.Int, inv [][]*big.Int, cv []*big.Int, byPos, index []int, out *drops) {
	yv := make([]*big.Int, len(inv))
	var t big.Int
	for i, row := range inv {
		yv[i] = new(big.Int)
		for j, x := range row {
			if x.Sign() != 0 && cv[j].Sign() != 0 {
				yv[i].Add(yv[i], t.Mul(x, cv[j]))
			}
		}
	}
	out.vp.SetFrac(yv[0], det)
	if out.vp.Sign() == 0 {
		return
	}
	for k, s := range byPos {
		i := index[s]
		if i < 0 || inv[0][i].Sign() == 0 || yv[i].Sign() == 0 {
			continue
		}
		visit := new(big.Rat).SetFrac(inv[0][i], inv[i][i])
		out.vdrop[k].Mul(visit, new(big.Rat).SetFrac(yv[i], det))
	}
}

// removalFloat is the end of removal in float64: it solves A and c (see
// removal) and sets out.p and out.drop from the solution, and out.vp and
// out.vdrop when cv is not nil.
func removalFloat(a [][]*big.Int, c, cv []*big.Int, byPos, index []int, out *drops) {
	m := len(a)
	af := make([][]float64, m)
	cf := make([]float64, m)
	for i := range a {
		af[i] = make([]float64, m)
		for j, x := range a[i] {
			af[i][j], _ = new(big.Float).SetInt(x).Float64()
		}
		cf[i], _ = new(big.Float).SetInt(c[i]).Float64()
	}
	inv, y, ok := solveFloat(af, cf)
	if !ok || !(y[0] > 0) {
		return // singular cannot happen; no conversion is no credit
	}
	if cv != nil {
		yv := make([]float64, m)
		cvf := make([]float64, m)
		for j, x := range cv {
			cvf[j], _ = new(big.Float).SetInt(x).Float64()
		}
		for i, row := range inv {
			for j, x := range row {
				yv[i] += float64(x * cvf[j])
			}
		}
		if yv[0] > 0 {
			setFloat(out.vp, yv[0])
			for k, s := range byPos {
				if i := index[s]; i >= 0 && inv[0][i] != 0 && yv[i] != 0 {
					setFloat(out.vdrop[k], float64(inv[0][i]/inv[i][i])*yv[i])
				}
			}
		}
	}
	setFloat(out.p, y[0])
	for k, s := range byPos {
		i := index[s]
		if i < 0 || inv[0][i] == 0 || y[i] == 0 {
			continue
		}
		setFloat(out.drop[k], float64(inv[0][i]/inv[i][i])*y[i])
	}
}

// setFloat sets r to x, or to zero when x is not a positive finite number
// (rounding can push a vanishing drop below zero).
func setFloat(r *big.Rat, x float64) {
	if x > 0 && x <= math.MaxFloat64 {
		r.SetFloat64(x)
	}
}
