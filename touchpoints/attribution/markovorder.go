package attribution

import (
	"cmp"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// MarkovOrder is Markov-chain attribution of order 1 to [MaxMarkovOrder]:
// the states of the chain are the last k channels of the walk (the first
// states of a path hold the fewer channels met so far), so that where a
// journey goes next may depend on more than the channel it is on.
//
// Paths are read as [Markov] reads them: consecutive repeats collapsed,
// transitions counted conversions + nulls times, the last state going to
// conversion Conversions times and to null Nulls times. The removal
// effect of channel c is 1 - P(conversion with c removed) / P(conversion),
// where removing c sends every visit to a state that holds c to null, as
// in ChannelAttribution's markov_model with order > 1; the credits are
// the shares of the removal effects, and the value credits follow the
// same shares. Order 1 is the chain of [Markov] and gives the same
// removal effects and credits (the tests check this exactly).
//
// # Order selection
//
// With Order zero the order is chosen among 1 to MaxOrder by the Bayesian
// information criterion of the fitted transition model (Schwarz 1978), as
// is usual for the order of a Markov chain (Katz 1981):
//
//	BIC = p ln N - 2 ln L
//
// where ln L = Σ n_ij ln(n_ij / n_i) over the observed transitions
// (conversion and null included) at their maximum-likelihood
// probabilities, p = Σ_i (successors of state i - 1) the free
// probabilities of the states' observed successors, and N = Σ n_i the
// transitions observed. Every order models the same transitions of the
// same collapsed paths, so the likelihoods are comparable; the lowest BIC
// wins, the lower order among equals. [MarkovOrderAnalysis].Fits holds
// the figures, with AIC = 2p - 2 ln L beside them for reference.
//
// # Solving
//
// A chain of at most [ExactStates] transient states, or any chain with
// Exact set, is solved in exact rational arithmetic, one fraction-free
// elimination per channel. Larger chains (higher orders quickly have
// thousands of states) are solved in float64 by Gauss-Seidel sweeps over
// the observed transitions, in a fixed order, until no absorption
// probability changes by more than 1e-15 (or after 100,000 sweeps): the
// results are the same from run to run and whatever the order of the
// paths, and the removal effects are within about 1e-12 of the exact ones
// on chains that are left quickly. The credits still add up exactly.
//
// The zero value chooses the order among 1 to 4, with credits rounded to
// [DefaultPlaces].
type MarkovOrder struct {
	// Order is the order of the chain, 1 to MaxMarkovOrder; zero chooses
	// it by BIC (see above).
	Order int
	// MaxOrder is the highest order considered when Order is zero, 1 to
	// MaxMarkovOrder; zero means MaxMarkovOrder.
	MaxOrder int
	// Places is how many decimal places the credits are rounded to (more
	// for values whose total has more); zero means DefaultPlaces.
	Places int32
	// Exact, when set, solves the chain exactly however many states it
	// has, at a cost growing with about the fourth power of the states.
	Exact bool
}

// MaxMarkovOrder is the highest order [MarkovOrder] takes.
const MaxMarkovOrder = 4

// ExactStates is the most transient states (the start included) of a
// chain that [MarkovOrder] solves exactly unless Exact is set.
const ExactStates = 32

// OrderFit is how well a chain of one order fits the paths (see
// [MarkovOrder]).
type OrderFit struct {
	Order         int
	States        int     // transient states, the start included
	Parameters    int     // free transition probabilities
	Transitions   float64 // N, the transitions observed
	LogLikelihood float64
	AIC, BIC      float64
}

// MarkovOrderAnalysis is what [MarkovOrder.Analyze] finds.
type MarkovOrderAnalysis struct {
	// Credits are the credits MarkovOrder.Attribute returns.
	Credits Credits
	// Order is the order of the chain the credits come from: the one
	// asked for, or the one chosen.
	Order int
	// Fits holds the fit of every order considered, lowest first: only
	// the order asked for when Order was set.
	Fits []OrderFit
	// Conversion is the probability that a walk from the start ends in
	// conversion, rounded to the nearest float64.
	Conversion float64
	// RemovalEffects holds the removal effect of every channel on the
	// paths, rounded to the nearest float64.
	RemovalEffects map[string]float64
	// Exact reports whether the chain was solved in exact rational
	// arithmetic, rather than in float64.
	Exact bool
	// Transitions is the chain's transition matrix.
	Transitions TransitionMatrix
}

// Attribute implements [Model].
func (m MarkovOrder) Attribute(paths []Path) (Credits, error) {
	a, err := m.Analyze(paths)
	if err != nil {
		return nil, err
	}
	return a.Credits, nil
}

var _ Model = MarkovOrder{}

// Analyze returns the credits, the order and the fits, the probability of
// conversion, the removal effects and the transition matrix. It checks
// paths as Attribute does.
func (m MarkovOrder) Analyze(paths []Path) (MarkovOrderAnalysis, error) {
	places, err := checkPlaces("MarkovOrder", m.Places)
	if err != nil {
		return MarkovOrderAnalysis{}, err
	}
	if m.Order < 0 || m.Order > MaxMarkovOrder {
		return MarkovOrderAnalysis{}, invalid("MarkovOrder.Order", strconv.Itoa(m.Order), "outside 0 to 4")
	}
	if m.MaxOrder < 0 || m.MaxOrder > MaxMarkovOrder {
		return MarkovOrderAnalysis{}, invalid("MarkovOrder.MaxOrder", strconv.Itoa(m.MaxOrder), "outside 0 to 4")
	}
	scale, err := check(paths)
	if err != nil {
		return MarkovOrderAnalysis{}, err
	}
	var (
		in  interner
		tot = totals{scale: scale}
		seq = make([][]int32, len(paths)) // collapsed channel numbers
	)
	for i := range paths {
		p := &paths[i]
		ids := in.intern(p, nil)
		seq[i] = slices.Compact(ids)
		if p.Conversions > 0 {
			tot.conv.add(uint64(p.Conversions))
			tot.value.addAmount(scaled(p.Value.Normalize(), scale))
		}
	}
	names, pos := in.sorted()
	for _, s := range seq { // channel numbers in sorted order
		for j, id := range s {
			s[j] = int32(pos[id])
		}
	}
	lo, hi := m.Order, m.Order
	if m.Order == 0 {
		lo, hi = 1, cmp.Or(m.MaxOrder, MaxMarkovOrder)
	}
	var (
		out  MarkovOrderAnalysis
		best *kchain
	)
	for k := lo; k <= hi; k++ {
		c := buildKChain(k, paths, seq, names)
		fit := c.fit()
		out.Fits = append(out.Fits, fit)
		if best == nil || fit.BIC < out.Fits[best.k-lo].BIC {
			best = c
		}
	}
	out.Order = best.k
	out.Transitions = best.matrix()
	p, drop, solvedExactly := best.removal(len(names), m.Exact || len(best.states) <= ExactStates)
	out.Exact = solvedExactly
	out.Conversion, _ = p.Float64()
	out.RemovalEffects = make(map[string]float64, len(names))
	var sumD big.Rat
	for _, x := range drop {
		sumD.Add(&sumD, x)
	}
	convTotal := new(big.Rat).SetInt(tot.conv.int())
	valueTotal := new(big.Rat).SetFrac(tot.value.int(), pow10(scale))
	conv := make([]*big.Rat, len(names))
	value := make([]*big.Rat, len(names))
	for k, name := range names {
		conv[k], value[k] = new(big.Rat), new(big.Rat)
		out.RemovalEffects[name] = 0
		if p.Sign() == 0 || sumD.Sign() == 0 {
			continue
		}
		out.RemovalEffects[name], _ = new(big.Rat).Quo(drop[k], p).Float64()
		share := new(big.Rat).Quo(drop[k], &sumD)
		conv[k].Mul(convTotal, share)
		value[k].Mul(valueTotal, share)
	}
	e := &exact{names: names, conv: conv, value: value, convTotal: convTotal, valueTotal: valueTotal}
	out.Credits = e.round(places)
	return out, nil
}

// kchain counts the transitions of a chain of order k. State 0 is the
// start; the others hold up to k channel numbers (in sorted order) and
// are numbered in the order of their names.
type kchain struct {
	k          int
	names      []string  // channel names, sorted
	states     [][]int32 // [state] channels; states[0] is empty
	next       [][]kedge // [from], by state
	conv, null []sum     // [from]
}

// kedge is a count of transitions to a state.
type kedge struct {
	to int
	n  sum
}

// stateKey encodes channel numbers as a map key.
func stateKey(ids []int32) string {
	var b strings.Builder
	for _, id := range ids {
		b.WriteString(strconv.Itoa(int(id)))
		b.WriteByte(',')
	}
	return b.String()
}

// buildKChain counts the transitions of order k of the collapsed paths seq.
func buildKChain(k int, paths []Path, seq [][]int32, names []string) *kchain {
	index := map[string]int{"": 0}
	states := [][]int32{nil}
	type edgeKey struct{ from, to int }
	edges := map[edgeKey]*sum{}
	var conv, null []sum
	grow := func() {
		for len(conv) < len(states) {
			conv, null = append(conv, sum{}), append(null, sum{})
		}
	}
	for i := range paths {
		p := &paths[i]
		n := uint64(p.Conversions) + uint64(p.Nulls)
		if n == 0 {
			continue
		}
		from := 0
		for t := range seq[i] {
			tuple := seq[i][max(0, t+1-k) : t+1]
			key := stateKey(tuple)
			to, ok := index[key]
			if !ok {
				to = len(states)
				index[key] = to
				states = append(states, slices.Clone(tuple))
			}
			e := edges[edgeKey{from, to}]
			if e == nil {
				e = new(sum)
				edges[edgeKey{from, to}] = e
			}
			e.add(n)
			from = to
		}
		grow()
		conv[from].add(uint64(p.Conversions))
		null[from].add(uint64(p.Nulls))
	}
	grow()
	// Renumber the states by name, so that nothing depends on the order
	// of the paths.
	c := &kchain{k: k, names: names}
	order := make([]int, len(states))
	for i := range order {
		order[i] = i
	}
	labels := make([]string, len(states))
	for s, ids := range states {
		labels[s] = c.stateName(ids)
	}
	slices.SortFunc(order[1:], func(a, b int) int {
		return cmp.Or(cmp.Compare(labels[a], labels[b]), slices.Compare(states[a], states[b]))
	})
	renum := make([]int, len(states))
	for newI, old := range order {
		renum[old] = newI
	}
	c.states = make([][]int32, len(states))
	c.conv = make([]sum, len(states))
	c.null = make([]sum, len(states))
	c.next = make([][]kedge, len(states))
	for old, s := range states {
		c.states[renum[old]] = s
		c.conv[renum[old]] = conv[old]
		c.null[renum[old]] = null[old]
	}
	for key, n := range edges {
		f := renum[key.from]
		c.next[f] = append(c.next[f], kedge{to: renum[key.to], n: *n})
	}
	for _, row := range c.next {
		slices.SortFunc(row, func(a, b kedge) int { return cmp.Compare(a.to, b.to) })
	}
	return c
}

// stateName names a state: "(start)", or its channels joined by " > ".
func (c *kchain) stateName(ids []int32) string {
	if len(ids) == 0 {
		return StartState
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = c.names[id]
	}
	return strings.Join(parts, " > ")
}

// outTotal returns the count of transitions out of state s.
func (c *kchain) outTotal(s int) *big.Int {
	t := new(big.Int).Add(c.conv[s].int(), c.null[s].int())
	for _, e := range c.next[s] {
		t.Add(t, e.n.int())
	}
	return t
}

// fit returns the log-likelihood and the information criteria of the
// chain.
func (c *kchain) fit() OrderFit {
	f := OrderFit{Order: c.k, States: len(c.states)}
	for s := range c.states {
		total := c.outTotal(s)
		if total.Sign() == 0 {
			continue
		}
		tf, _ := new(big.Float).SetInt(total).Float64()
		f.Transitions += tf
		succ := 0
		term := func(n *sum) {
			if n.isZero() {
				return
			}
			succ++
			x, _ := new(big.Float).SetInt(n.int()).Float64()
			f.LogLikelihood += x * math.Log(x/tf)
		}
		for i := range c.next[s] {
			term(&c.next[s][i].n)
		}
		term(&c.conv[s])
		term(&c.null[s])
		f.Parameters += succ - 1
	}
	f.AIC = 2*float64(f.Parameters) - 2*f.LogLikelihood
	f.BIC = float64(f.Parameters)*math.Log(max(f.Transitions, 1)) - 2*f.LogLikelihood
	return f
}

// removal returns the probability of conversion and, for each of the n
// channels, how much it falls when the states holding the channel are
// removed, and whether they were found exactly.
func (c *kchain) removal(n int, exact bool) (*big.Rat, []*big.Rat, bool) {
	drop := make([]*big.Rat, n)
	for k := range drop {
		drop[k] = new(big.Rat)
	}
	// holds[k] lists the states holding channel k.
	holds := make([][]bool, n)
	for k := range holds {
		holds[k] = make([]bool, len(c.states))
	}
	for s, ids := range c.states {
		for _, id := range ids {
			holds[id][s] = true
		}
	}
	none := make([]bool, len(c.states))
	if exact {
		p := c.exactConversion(none)
		if p.Sign() == 0 {
			return p, drop, true
		}
		for k := range n {
			drop[k].Sub(p, c.exactConversion(holds[k]))
		}
		return p, drop, true
	}
	f := c.float()
	pf := c.floatConversion(f, none)
	p := new(big.Rat)
	setFloat(p, pf)
	if p.Sign() == 0 {
		return p, drop, false
	}
	for k := range n {
		setFloat(drop[k], pf-c.floatConversion(f, holds[k]))
	}
	return p, drop, false
}

// exactConversion returns the exact probability that a walk from the
// start ends in conversion when the removed states go to null.
func (c *kchain) exactConversion(removed []bool) *big.Rat {
	row := make([]int, len(c.states)) // state -> row, -1 when not solved
	m := 0
	for s := range c.states {
		row[s] = -1
		if !removed[s] && (s == 0 || c.outTotal(s).Sign() > 0) {
			row[s] = m
			m++
		}
	}
	if m == 0 || row[0] < 0 {
		return new(big.Rat)
	}
	a := make([][]*big.Int, m)
	b := make([]*big.Int, m)
	for s, i := range row {
		if i < 0 {
			continue
		}
		a[i] = make([]*big.Int, m)
		for j := range a[i] {
			a[i][j] = new(big.Int)
		}
		a[i][i] = c.outTotal(s)
		for _, e := range c.next[s] {
			if j := row[e.to]; j >= 0 {
				a[i][j].Sub(a[i][j], e.n.int())
			}
		}
		b[i] = c.conv[s].int()
	}
	if a[0][0].Sign() == 0 {
		return new(big.Rat) // no path counts
	}
	det, _, y, ok := solve(a, b)
	if !ok || det.Sign() == 0 {
		return new(big.Rat) // cannot happen: every state is left
	}
	return new(big.Rat).SetFrac(y[row[0]], det)
}

// floatChain is a chain's transition probabilities in float64.
type floatChain struct {
	conv []float64   // [state] P(conversion next)
	prob [][]float64 // [state][edge] P(the edge's state next)
	left []bool      // the state is ever left
}

// float returns the transition probabilities of the chain in float64.
func (c *kchain) float() *floatChain {
	ns := len(c.states)
	f := &floatChain{conv: make([]float64, ns), prob: make([][]float64, ns), left: make([]bool, ns)}
	for s := range ns {
		t, _ := new(big.Float).SetInt(c.outTotal(s)).Float64()
		if t == 0 {
			continue
		}
		f.left[s] = true
		x, _ := new(big.Float).SetInt(c.conv[s].int()).Float64()
		f.conv[s] = x / t
		f.prob[s] = make([]float64, len(c.next[s]))
		for i := range c.next[s] {
			x, _ := new(big.Float).SetInt(c.next[s][i].n.int()).Float64()
			f.prob[s][i] = x / t
		}
	}
	return f
}

// floatConversion is exactConversion in float64, by Gauss-Seidel sweeps
// from the last state to the start.
func (c *kchain) floatConversion(f *floatChain, removed []bool) float64 {
	ns := len(c.states)
	y := make([]float64, ns)
	for range 100_000 {
		change := 0.0
		for s := ns - 1; s >= 0; s-- {
			if !f.left[s] || removed[s] {
				continue
			}
			v := f.conv[s]
			for i, e := range c.next[s] {
				v += float64(f.prob[s][i] * y[e.to])
			}
			change = max(change, math.Abs(v-y[s]))
			y[s] = v
		}
		if change <= 1e-15 {
			break
		}
	}
	return y[0]
}
