package simulate

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

// Truth is what the simulation built a customer to be: the ground truth a
// classifier or an estimate is checked against.
type Truth struct {
	// Stage is the intended stage: the behaviour was generated to show it.
	Stage stages.Stage
	// Level is the intended engagement level; NoLevel for prospects.
	Level stages.Level
	// Multiplier is the level's spending multiplier: the customer's
	// expected spend is BaselineSpend × years × Multiplier. It is 0 for
	// prospects, who do not buy, and for everyone when Config.GammaGamma
	// or Config.BGNBD is set: the levels do not set spend then.
	Multiplier float64
	// Basket is the customer's mean basket, in currency units: the mean
	// of the gamma distribution each of their purchases is drawn from
	// (before any return), the per-customer mean spend the Gamma-Gamma
	// model of package engagement/clv estimates. It is drawn around
	// BaselineSpend × years × Multiplier over the number of purchases the
	// stage expects; 0 for prospects.
	Basket float64
}

// Base is a generated customer base and its ground truth.
type Base struct {
	// Start and AsOf bound the record (Config.Start and Config.End);
	// AsOf is the time the ground truth describes. Former customers'
	// interactions lie 400 to 775 days before AsOf, so before Start when
	// the record is shorter than that.
	Start, AsOf time.Time
	// Customers are in ID order (c0001, c0002, ...). Group is the
	// relationship group the business would record for the intended stage
	// (advocates GroupAdvocate, transactional and returning customers
	// GroupCustomer); Consent is given for about ConsentShare of them.
	Customers []engagement.Customer
	// Interactions are sorted by time, then ID; every one is valid, no
	// later than AsOf, and has a unique ID (i000001, ... in that order).
	Interactions []engagement.Interaction
	// Mentions are sorted by time, then ID, each with its topic in Topics.
	Mentions []listening.Mention
	// MentionTruth says what each mention was written to say; it runs
	// parallel to Mentions.
	MentionTruth []MentionTruth
	// Truth is each customer's intended stage, level and multiplier.
	Truth map[engagement.CustomerID]Truth
	// Touchpoints are the touch points the interactions name.
	Touchpoints []TouchpointSpec
	// Multipliers are the spending multipliers the base was built with,
	// defaults applied.
	Multipliers map[stages.Level]float64
}

// EngagedLevel is the default split of [Base.ExpectedRatio]: Engaged and
// FullyEngaged customers against the rest.
func EngagedLevel(l stages.Level) bool { return l >= stages.Engaged }

// ExpectedRatio returns the multiplier the base was built with: the ratio
// of the expected mean spend of the customers engaged says are engaged to
// that of the other customers with a level, given the levels realised.
// Prospects (NoLevel) are left out. A nil engaged means [EngagedLevel]. It
// returns NaN when either group is empty, and when the levels did not set
// spend (Config.GammaGamma or Config.BGNBD).
func (b *Base) ExpectedRatio(engaged func(stages.Level) bool) float64 {
	if engaged == nil {
		engaged = EngagedLevel
	}
	var se, so float64
	var ne, no int
	for _, c := range b.Customers {
		t := b.Truth[c.ID]
		switch {
		case t.Level == stages.NoLevel:
		case engaged(t.Level):
			se += t.Multiplier
			ne++
		default:
			so += t.Multiplier
			no++
		}
	}
	if ne == 0 || no == 0 {
		return math.NaN()
	}
	return (se / float64(ne)) / (so / float64(no))
}

// Generate builds a customer base as cfg describes. The same cfg gives the
// same base, field for field, on the same Go release. It fails only on a
// bad cfg, with a *[ConfigError] matching [ErrInvalidConfig].
func Generate(cfg Config) (*Base, error) {
	s, err := cfg.settings()
	if err != nil {
		return nil, err
	}
	g := &generator{s: s, day0: dayStart(s.end), days: windowsOf(stages.DefaultRules())}
	g.kmax = int(g.day0.Sub(s.start) / (24 * time.Hour))
	g.baskets()

	plan := g.plan(newRand(s.seed, streamPlan))
	width := len(strconv.Itoa(len(plan)))
	b := &Base{
		Start: s.start, AsOf: s.end,
		Customers:   make([]engagement.Customer, len(plan)),
		Truth:       make(map[engagement.CustomerID]Truth, len(plan)),
		Touchpoints: cloneTouchpoints(s.touchpoints),
		Multipliers: make(map[stages.Level]float64, stages.NumLevels),
	}
	for l := stages.ActivelyDisengaged; l <= stages.FullyEngaged; l++ {
		b.Multipliers[l] = s.multipliers[l]
	}
	var who authors
	for i, t := range plan {
		id := engagement.CustomerID(fmt.Sprintf("c%0*d", width, i+1))
		r := newRand(s.seed, streamCustomer+uint64(i))
		c := engagement.Customer{ID: id, Group: groupOf(t.Stage)}
		switch x := r.Float64(); {
		case x < s.consent:
			c.Consent = engagement.ConsentGiven
		case x < s.consent+(1-s.consent)/2:
			c.Consent = engagement.ConsentRefused
		}
		b.Customers[i] = c
		t.Basket = g.customer(r, int32(i), id, t)
		b.Truth[id] = t

		if t.Stage != stages.Prospect {
			who.any = append(who.any, id)
		}
		switch t.Level {
		case stages.FullyEngaged:
			who.positive = append(who.positive, id)
		case stages.ActivelyDisengaged:
			who.negative = append(who.negative, id)
		}
	}

	slices.SortFunc(g.events, func(a, b event) int {
		return cmp.Or(a.in.Time.Compare(b.in.Time), cmp.Compare(a.cust, b.cust), cmp.Compare(a.seq, b.seq))
	})
	b.Interactions = make([]engagement.Interaction, len(g.events))
	iw := len(strconv.Itoa(len(g.events)))
	for i := range g.events {
		in := g.events[i].in
		in.ID = fmt.Sprintf("i%0*d", iw, i+1)
		b.Interactions[i] = in
	}
	b.Mentions, b.MentionTruth = generateMentions(s, newRand(s.seed, streamMentions), who)
	return b, nil
}

// The random streams: each customer has its own, so that changing one
// part of a Config leaves the rest of the base as it was where it can.
const (
	streamPlan     = 0
	streamMentions = 1
	streamCustomer = 2
)

// newRand returns a PCG generator for one stream of a seed.
func newRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(splitmix(seed), splitmix(stream^0x5851f42d4c957f2d)))
}

// splitmix is the SplitMix64 finaliser: it spreads nearby seeds apart.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func groupOf(s stages.Stage) engagement.Group {
	switch s {
	case stages.Prospect:
		return engagement.GroupProspect
	case stages.Advocate:
		return engagement.GroupAdvocate
	case stages.Former:
		return engagement.GroupFormer
	}
	return engagement.GroupCustomer
}

func cloneTouchpoints(tps []TouchpointSpec) []TouchpointSpec {
	out := slices.Clone(tps)
	for i := range out {
		out[i].Kinds = maps.Clone(out[i].Kinds)
	}
	return out
}

// dayStart returns the UTC midnight that begins t's UTC day.
func dayStart(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// event is an interaction before it has its ID, with the keys that order
// ties.
type event struct {
	in   engagement.Interaction
	cust int32
	seq  int32
}

type generator struct {
	s      *settings
	day0   time.Time                     // the UTC midnight at or before End
	kmax   int                           // the earliest day (in days before day0) within the record
	basket [stages.NumStages + 1]float64 // expected mean basket by stage, for a multiplier of 1
	days   days                          // the shape of the behaviour
	events []event
	taken  []bool // scratch for customerGen.days
}

// baskets sets each stage's expected mean basket for a multiplier of 1:
// BaselineSpend × years over the stage's expected number of purchases, so
// that a customer's expected spend is BaselineSpend × years × Multiplier
// whatever their stage's purchase rate.
func (g *generator) baskets() {
	s, k := g.s, g.kmax
	spend := s.baseline * s.years
	repeat := expectedCount(s.years*s.rates.Transactional, 2, k)
	g.basket[stages.Transactional] = spend / (s.oneOff + (1-s.oneOff)*repeat)
	g.basket[stages.Returning] = spend / expectedCount(s.years*s.rates.Returning, 3, k)
	g.basket[stages.Advocate] = spend / expectedCount(s.years*s.rates.Advocate, 3, k)
	lo, hi := g.formerWindow()
	g.basket[stages.Former] = spend / expectedCount(s.rates.Former*float64(hi-lo+1)/365, 1, hi-lo+1)
}

// expectedCount returns the mean of min(hi, max(lo, N)) for N a Poisson
// count with mean lambda: the expected number of purchase days of a stage
// that draws N, needs at least lo and has hi days to put them on.
func expectedCount(lambda float64, lo, hi int) float64 {
	if hi <= lo {
		return float64(hi)
	}
	// Sum the probabilities of the counts below hi in logarithms, so that
	// large means do not underflow; the rest of the mass counts as hi.
	var mean, below float64
	for n := 0; n < hi; n++ {
		lg, _ := math.Lgamma(float64(n) + 1)
		p := math.Exp(float64(n)*math.Log(lambda) - lambda - lg)
		if lambda == 0 && n == 0 {
			p = 1
		}
		below += p
		mean += p * float64(max(n, lo))
	}
	return mean + max(0, 1-below)*float64(hi)
}

// plan returns every customer's truth: exact counts per stage (largest
// remainders) and per level within stage, in shuffled order.
func (g *generator) plan(r *rand.Rand) []Truth {
	n := g.s.customers
	counts := apportion(n, g.s.shares[:])
	plan := make([]Truth, 0, n)
	add := func(st stages.Stage, l stages.Level, k int) {
		for range k {
			t := Truth{Stage: st, Level: l, Multiplier: g.s.multipliers[l]}
			if g.s.gg != nil || g.s.bg != nil {
				t.Multiplier = 0 // the levels do not set spend
			}
			plan = append(plan, t)
		}
	}
	split := func(st stages.Stage, low, high stages.Level, lowShare float64) {
		k := counts[st]
		nl := int(math.Round(float64(k) * lowShare))
		add(st, low, nl)
		add(st, high, k-nl)
	}
	add(stages.Prospect, stages.NoLevel, counts[stages.Prospect])
	split(stages.Transactional, stages.ActivelyDisengaged, stages.NotEngaged, g.s.trDis)
	add(stages.Returning, stages.Engaged, counts[stages.Returning])
	add(stages.Advocate, stages.FullyEngaged, counts[stages.Advocate])
	split(stages.Former, stages.ActivelyDisengaged, stages.NotEngaged, g.s.foDis)
	r.Shuffle(len(plan), func(i, j int) { plan[i], plan[j] = plan[j], plan[i] })
	return plan
}

// apportion splits n into whole parts proportional to shares (which sum
// to 1), by largest remainders, ties to the lower index.
func apportion(n int, shares []float64) []int {
	counts := make([]int, len(shares))
	rem := make([]float64, len(shares))
	left := n
	for i, sh := range shares {
		x := float64(n) * sh
		counts[i] = int(math.Floor(x))
		rem[i] = x - float64(counts[i])
		left -= counts[i]
	}
	for ; left > 0; left-- {
		best := -1
		for i := range rem {
			if shares[i] > 0 && (best < 0 || rem[i] > rem[best]) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		counts[best]++
		rem[best] = -1
	}
	return counts
}

// days is the shape of the behaviour, in days before End, derived from the
// stage rules the behaviour is drawn to show (see [windowsOf]). Each is the
// window a stage's latest event is moved into when the customer's own
// steady process leaves it empty, not where events are added, so that the
// base's activity stays level to End.
type days struct {
	advocateLastBuy     int // an advocate's latest purchase lies within this
	advocateSignals     int // an advocate's latest sign of advocacy: a promoter answer, referral, review or post
	returningLastBuy    int // a returning customer's latest purchase
	returningOldSignals int // promoters and referrals of returning customers are older than this
	transactionalLast   int // a transactional customer's latest purchase
	formerSilence       int // former customers' follow-ups end this many days before End, at the latest
	formerFollowUp      int // their purchases end this many days before that; follow-ups come within it
	formerRecord        int // their purchases begin this many days before End, or at Start if earlier
}

// windowsOf derives the shape of the behaviour from the stage rules, with
// a clear margin; with [stages.DefaultRules]: a returning customer's
// latest purchase lies within 120 days (two thirds of the 180 the rule
// allows), an advocate's within 90 (half), an advocate's latest promoter
// answer or referral within 75 (five sixths of the 90 the rule allows), a
// returning customer's promoter answers and referrals are older than 120
// days (the advocacy window an advocate stays within), a transactional
// customer's latest purchase within 300 days (65 short of the 365 after
// which a customer is former), and a former customer has been silent for
// at least 410 days (45 more than the rule asks) after buying over the
// year (365 days) before that.
func windowsOf(r stages.Rules) days {
	ret := int(r.ReturningWithin.Enter / stages.Day)
	adv := int(r.AdvocacyWithin.Enter / stages.Day)
	former := int(r.FormerAfter / stages.Day)
	silence := former + 45
	return days{
		advocateLastBuy:     ret / 2,
		advocateSignals:     adv * 5 / 6,
		returningLastBuy:    ret * 2 / 3,
		returningOldSignals: int(r.AdvocacyWithin.Stay / stages.Day),
		transactionalLast:   former - 65,
		formerSilence:       silence,
		formerFollowUp:      14,
		formerRecord:        silence + former,
	}
}

// The rates of the steady processes behind the behaviour: the share of
// purchases a satisfaction answer follows, by stage, and an advocate's
// promoter answers and referrals per year.
const (
	advocateAnswers      = 0.6
	returningAnswers     = 0.7
	transactionalAnswers = 0.4
	advocatePromoterRate = 2.5
	advocateReferralRate = 1.2
)

// formerWindow returns the days before End former customers buy on: from
// formerSilence + formerFollowUp to formerRecord, or to Start if that is
// earlier (kmax days before End).
func (g *generator) formerWindow() (lo, hi int) {
	return g.days.formerSilence + g.days.formerFollowUp, max(g.kmax, g.days.formerRecord)
}

// customerGen writes one customer's interactions.
type customerGen struct {
	g   *generator
	r   *rand.Rand
	id  engagement.CustomerID
	ci  int32
	seq int32
}

// add writes an interaction at a touch point that serves its kind. The
// pointer it returns is good until the next add.
func (c *customerGen) add(t time.Time, kind engagement.Kind, rating engagement.Rating) *engagement.Interaction {
	return c.addAt(t, kind, c.g.s.byKind[kind].pick(c.r), rating)
}

func (c *customerGen) addAt(t time.Time, kind engagement.Kind, tp string, rating engagement.Rating) *engagement.Interaction {
	c.g.events = append(c.g.events, event{
		in:   engagement.Interaction{Customer: c.id, Time: t, Kind: kind, Touchpoint: tp, Rating: rating},
		cust: c.ci, seq: c.seq,
	})
	c.seq++
	return &c.g.events[len(c.g.events)-1].in
}

// at returns a time on day k before End (k >= 1), between 08:00 and 22:00
// UTC.
func (c *customerGen) at(k int) time.Time {
	return c.g.day0.AddDate(0, 0, -k).Add(8*time.Hour + time.Duration(c.r.Int64N(14*3600))*time.Second)
}

// day returns a day in [lo, hi] before End.
func (c *customerGen) day(lo, hi int) int {
	if hi < lo {
		return lo
	}
	return lo + c.r.IntN(hi-lo+1)
}

// after returns a time from half an hour to maxDays days after t, never
// later than End.
func (c *customerGen) after(t time.Time, maxDays int) time.Time {
	limit := int64(c.g.s.end.Sub(t) / time.Second)
	d := 1800 + c.r.Int64N(int64(maxDays)*86400)
	if d > limit {
		d = limit / 2
	}
	return t.Add(time.Duration(d) * time.Second)
}

func (c *customerGen) chance(p float64) bool { return c.r.Float64() < p }

// poisson draws a Poisson count with mean lambda (Knuth's method, in
// pieces for large means).
func (c *customerGen) poisson(lambda float64) int {
	n := 0
	for lambda > 0 {
		l := min(lambda, 30)
		lambda -= l
		limit, p := math.Exp(-l), 1.0
		for {
			p *= c.r.Float64()
			if p <= limit {
				break
			}
			n++
		}
	}
	return n
}

// days returns n distinct days before End, or as many as there are: first
// the fixed ones (distinct), then draws from [lo, hi].
func (c *customerGen) days(n, lo, hi int, fixed ...int) []int {
	ds := append(make([]int, 0, n), fixed...)
	width := max(hi-lo+1, 0)
	taken := c.g.taken[:0]
	for range width {
		taken = append(taken, false)
	}
	c.g.taken = taken
	avail := width
	for _, d := range fixed {
		if d < lo || d > hi {
			avail++
		} else {
			taken[d-lo] = true
		}
	}
	for n = min(n, avail); len(ds) < n; {
		if d := c.day(lo, hi); !taken[d-lo] {
			taken[d-lo] = true
			ds = append(ds, d)
		}
	}
	return ds
}

// process returns the days before End of n events of a steady (Poisson)
// process over [lo, hi], given their number: n distinct days drawn
// uniformly, or as many as there are. When none of them lies within
// [lo, within], the window a stage needs its latest event in, one of them
// chosen at random moves to a day there: the least change that shows the
// stage. The window gains only the events it would otherwise lack, and
// the rest of the record loses them evenly, not just before the window.
func (c *customerGen) process(n, lo, hi, within int) []int {
	ds := c.days(n, lo, hi)
	if len(ds) > 0 && ds[argmin(ds)] > within {
		ds[c.r.IntN(len(ds))] = c.day(lo, within)
	}
	return ds
}

// argmin returns the index of the smallest of ds, which must not be empty.
func argmin(ds []int) int {
	i := 0
	for j, d := range ds {
		if d < ds[i] {
			i = j
		}
	}
	return i
}

// gamma draws from the gamma distribution with shape a and scale 1
// (Marsaglia and Tsang's method; for a < 1, boosted from a + 1).
func (c *customerGen) gamma(a float64) float64 {
	if a < 1 {
		return c.gamma(a+1) * math.Pow(c.r.Float64(), 1/a)
	}
	d := a - 1.0/3
	k := 1 / math.Sqrt(9*d)
	for {
		x := c.r.NormFloat64()
		v := 1 + k*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := c.r.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// meanBasket draws the customer's mean basket: the stage's expected
// basket times the level's multiplier, times a log-normal factor with mean
// 1 (SpendSpread); or, with Config.GammaGamma, P/ν for a ν drawn from a
// gamma distribution of shape Q and rate Gamma.
func (c *customerGen) meanBasket(t Truth) float64 {
	s := c.g.s
	if m := s.gg; m != nil {
		return m.P * m.Gamma / c.gamma(m.Q)
	}
	m := c.g.basket[t.Stage] * s.multipliers[t.Level]
	if s.spread > 0 {
		m *= math.Exp(s.spread*c.r.NormFloat64() - s.spread*s.spread/2)
	}
	return m
}

// buy writes purchases on the given days, each worth an independent draw
// from a gamma distribution with mean basket (BasketShape; exactly basket
// when there is none), in whole cents and at least one, and returns their
// times. With probability returnP one of them is partly returned: the
// purchase is raised by what came back, so that its net value is the
// value drawn; with Config.GammaGamma the purchase keeps the value drawn
// and part of it comes back.
func (c *customerGen) buy(days []int, basket, returnP float64) []time.Time {
	s := c.g.s
	times := make([]time.Time, len(days))
	cents := make([]int64, len(days))
	idx := make([]int, len(days))
	for i, d := range days {
		v := basket
		if s.shape > 0 {
			v *= c.gamma(s.shape) / s.shape
		}
		// Whole cents, at least one and at most 1e10 units, so that the
		// far tail of a model with a tiny shape still fits an int64.
		cents[i] = max(1, int64(math.Round(min(v, 1e10)*100)))
		times[i] = c.at(d)
		c.add(times[i], engagement.Purchase, engagement.Rating{}).Amount = decimal.New(cents[i], -2)
		idx[i] = len(c.g.events) - 1
	}
	if c.chance(returnP) {
		i := c.r.IntN(len(days))
		back := max(1, int64(float64(cents[i])*(0.3+0.7*c.r.Float64())))
		p := &c.g.events[idx[i]].in
		if s.gg == nil {
			p.Amount = decimal.New(cents[i]+back, -2)
		}
		returns := c.g.s.byKind[engagement.Return]
		tp := p.Touchpoint
		if !slices.Contains(returns.ids, tp) {
			tp = returns.pick(c.r)
		}
		c.addAt(c.after(times[i], c.g.days.formerFollowUp), engagement.Return, tp, engagement.Rating{}).Amount = decimal.New(back, -2)
	}
	return times
}

// purchaseDays returns the days of the stage's purchases, ds, or with
// Config.BGNBD the days of a draw from that model.
func (c *customerGen) purchaseDays(ds []int) []int {
	if c.g.s.bg == nil {
		return ds
	}
	return c.bgnbdDays()
}

// bgnbdDays draws purchase days from Config.BGNBD: a first purchase on a
// day drawn uniformly over the record, then purchases at the customer's
// rate λ per week while alive, dropping out after each repeat purchase
// with the customer's probability p, until End. A purchase on a day that
// already has one moves to the next day.
func (c *customerGen) bgnbdDays() []int {
	m, k := c.g.s.bg, c.g.kmax
	lambda := c.gamma(m.R) / m.Alpha
	x := c.gamma(m.A)
	p := x / (x + c.gamma(m.B))
	if math.IsNaN(p) { // both draws underflowed: tiny A and B
		p = m.A / (m.A + m.B)
	}
	first := c.day(1, k)
	ds := []int{first}
	if !(lambda > 0) {
		return ds
	}
	// t is in weeks from the first purchase, made a share u into its day.
	u := c.r.Float64()
	for t, prev := 0.0, 0; ; {
		t += c.r.ExpFloat64() / lambda
		// Days after the first purchase's: the day the time falls on, or
		// the next free one.
		at := u + t*7
		if !(at < float64(first)) {
			return ds // on or after End's day
		}
		off := max(int(at), prev+1)
		if off >= first {
			return ds
		}
		prev = off
		ds = append(ds, first-off)
		if c.chance(p) {
			return ds
		}
	}
}

// rate scales a yearly rate to the record.
func (c *customerGen) rate(perYear float64) float64 { return perYear * c.g.s.years }

// customer writes one customer's interactions and returns their mean
// basket (0 for a prospect).
func (g *generator) customer(r *rand.Rand, ci int32, id engagement.CustomerID, t Truth) float64 {
	c := &customerGen{g: g, r: r, id: id, ci: ci}
	switch t.Stage {
	case stages.Prospect:
		c.prospect()
		return 0
	case stages.Transactional:
		return c.transactional(t)
	case stages.Returning:
		return c.returning(t)
	case stages.Advocate:
		return c.advocate(t)
	case stages.Former:
		return c.former(t)
	}
	return 0
}

// prospect: visits only, and now and then a question.
func (c *customerGen) prospect() {
	k := c.g.kmax
	for range 1 + c.poisson(1.5) {
		c.add(c.at(c.day(1, k)), engagement.Visit, engagement.Rating{})
	}
	if c.chance(0.1) {
		c.add(c.at(c.day(1, k)), engagement.ServiceRequest, engagement.Rating{})
	}
}

// satisfaction draws an answer on the 1-5 scale from the weights of 1..5.
func (c *customerGen) satisfaction(w [5]float64) engagement.Rating {
	var sum float64
	for _, v := range w {
		sum += v
	}
	x := c.r.Float64() * sum
	for i, v := range w {
		if x < v {
			return engagement.Satisfied(i + 1)
		}
		x -= v
	}
	return engagement.Satisfied(5)
}

// recommend draws an answer on the 0-10 scale uniformly from [lo, hi].
func (c *customerGen) recommend(lo, hi int) engagement.Rating {
	return engagement.Recommends(lo + c.r.IntN(hi-lo+1))
}

// answerAfter writes a survey answer given within three days after t.
func (c *customerGen) answerAfter(t time.Time, rating engagement.Rating) {
	c.add(c.after(t, 3), engagement.RatingGiven, rating)
}

// advocate: frequent purchases, the latest within the last quarter, high
// satisfaction, and steady promoter answers, referrals, reviews and posts,
// the latest promoter answer or referral within the last two months.
func (c *customerGen) advocate(t Truth) float64 {
	k := c.g.kmax
	basket := c.meanBasket(t)
	n := max(3, c.poisson(c.rate(c.g.s.rates.Advocate)))
	buys := c.buy(c.purchaseDays(c.process(n, 1, k, c.g.days.advocateLastBuy)), basket, 0.05)
	for _, bt := range buys {
		if c.chance(advocateAnswers) {
			c.answerAfter(bt, c.satisfaction([5]float64{0, 0, 0, 0.3, 0.7}))
		}
	}
	// Promoter answers (at least one) and referrals come and go over the
	// record, and so do reviews and posts; when the latest of these signs
	// of advocacy misses the advocacy window, a promoter answer or referral
	// chosen at random moves into it.
	promoters := c.days(max(1, c.poisson(c.rate(advocatePromoterRate))), 2, k)
	referrals := c.days(c.poisson(c.rate(advocateReferralRate)), 1, k)
	var others []int // reviews, then posts
	reviewed := c.chance(0.4)
	if reviewed {
		others = append(others, c.day(1, k))
	}
	if c.chance(0.25) {
		for range 1 + c.poisson(1) {
			others = append(others, c.day(1, k))
		}
	}
	latest := promoters[argmin(promoters)]
	for _, ds := range [][]int{referrals, others} {
		if len(ds) > 0 {
			latest = min(latest, ds[argmin(ds)])
		}
	}
	if latest > c.g.days.advocateSignals {
		if i := c.r.IntN(len(promoters) + len(referrals)); i < len(promoters) {
			promoters[i] = c.day(2, c.g.days.advocateSignals)
		} else {
			referrals[i-len(promoters)] = c.day(1, c.g.days.advocateSignals)
		}
	}
	for _, d := range promoters {
		c.add(c.at(d), engagement.RatingGiven, c.recommend(9, 10))
	}
	for _, d := range referrals {
		c.add(c.at(d), engagement.Referral, engagement.Rating{})
	}
	for i, d := range others {
		if i == 0 && reviewed {
			c.add(c.at(d), engagement.Review, engagement.Satisfied(5))
		} else {
			c.add(c.at(d), engagement.CommunityPost, engagement.Rating{})
		}
	}
	for range c.poisson(4) {
		c.add(c.at(c.day(1, k)), engagement.Visit, engagement.Rating{})
	}
	if c.chance(0.2) {
		c.add(c.at(c.day(1, k)), engagement.ServiceRequest, engagement.Rating{})
	}
	return basket
}

// returning: repeat purchases with the latest in the last four months,
// satisfaction of 4 or 5, passives' answers, and now and then an honest
// mistake put right.
func (c *customerGen) returning(t Truth) float64 {
	k := c.g.kmax
	basket := c.meanBasket(t)
	n := max(3, c.poisson(c.rate(c.g.s.rates.Returning)))
	buys := c.buy(c.purchaseDays(c.process(n, 1, k, c.g.days.returningLastBuy)), basket, 0.08)
	for _, bt := range buys {
		// Quick feedback on a purchase is the dialogue a returning
		// customer welcomes.
		if c.chance(returningAnswers) {
			c.answerAfter(bt, c.satisfaction([5]float64{0, 0, 0, 0.5, 0.5}))
		}
	}
	if c.chance(0.4) {
		c.add(c.at(c.day(1, k)), engagement.RatingGiven, c.recommend(7, 8))
	}
	if c.chance(0.1) {
		c.add(c.at(c.day(c.g.days.returningOldSignals, k)), engagement.RatingGiven, c.recommend(9, 10))
	}
	if c.chance(0.1) {
		c.add(c.at(c.day(c.g.days.returningOldSignals, k)), engagement.Referral, engagement.Rating{})
	}
	if c.chance(0.15) {
		at := c.at(c.day(c.g.days.returningOldSignals, k))
		c.add(at, engagement.Complaint, engagement.Rating{})
		if c.chance(0.8) {
			c.add(c.after(at, 7), engagement.ComplaintResolved, engagement.Rating{})
		}
	}
	if c.chance(0.25) {
		c.add(c.at(c.day(1, k)), engagement.ServiceRequest, engagement.Rating{})
	}
	for range c.poisson(3) {
		c.add(c.at(c.day(1, k)), engagement.Visit, engagement.Rating{})
	}
	return basket
}

// transactional: one-off or occasional purchases with the latest within
// 300 days, mediocre satisfaction, service requests and complaints.
func (c *customerGen) transactional(t Truth) float64 {
	k := c.g.kmax
	basket := c.meanBasket(t)
	dis := t.Level == stages.ActivelyDisengaged
	// Not engaged is neutral: answers of 3 of 5, passives' ratings and
	// the odd complaint, put right. Actively disengaged is hostile:
	// answers of 1 or 2, detractors' ratings and complaints mostly left
	// open. Each shows its level to stages.LevelOf with a margin.
	sat := [5]float64{0, 0, 1, 0, 0}
	if dis {
		sat = [5]float64{0.4, 0.6, 0, 0, 0}
	}
	returnP := 0.15
	if dis {
		returnP = 0.3
	}
	last := min(k, c.g.days.transactionalLast)
	var buys []time.Time
	if c.chance(c.g.s.oneOff) {
		buys = c.buy(c.purchaseDays([]int{c.day(1, last)}), basket, returnP)
		if c.chance(0.5) {
			c.answerAfter(buys[0], c.satisfaction(sat))
		}
	} else {
		n := max(2, c.poisson(c.rate(c.g.s.rates.Transactional)))
		buys = c.buy(c.purchaseDays(c.process(n, 1, k, last)), basket, returnP)
		answered := false
		for _, bt := range buys {
			if c.chance(transactionalAnswers) {
				c.answerAfter(bt, c.satisfaction(sat))
				answered = true
			}
		}
		if !answered {
			// A repeat buyer who is not returning says why: satisfaction
			// stayed mediocre.
			c.answerAfter(buys[c.r.IntN(len(buys))], c.satisfaction(sat))
		}
	}
	if c.chance(0.3) {
		if dis {
			c.add(c.at(c.day(1, k)), engagement.RatingGiven, c.recommend(0, 6))
		} else {
			c.add(c.at(c.day(1, k)), engagement.RatingGiven, c.recommend(7, 8))
		}
	}
	requests, complaints, resolved := c.poisson(1.0), 0, 0.9
	if c.chance(0.2) {
		complaints = 1
	}
	if dis {
		requests, complaints, resolved = c.poisson(1.5), 1+c.poisson(0.5), 0.2
	}
	for range requests {
		c.add(c.at(c.day(1, k)), engagement.ServiceRequest, engagement.Rating{})
	}
	for range complaints {
		at := c.at(c.day(1, k))
		c.add(at, engagement.Complaint, engagement.Rating{})
		if c.chance(resolved) {
			c.add(c.after(at, 7), engagement.ComplaintResolved, engagement.Rating{})
		}
	}
	for range c.poisson(1.5) {
		c.add(c.at(c.day(1, k)), engagement.Visit, engagement.Rating{})
	}
	return basket
}

// former: bought over a year that ended more than a year before End, then
// fell silent; the actively disengaged left after a complaint.
func (c *customerGen) former(t Truth) float64 {
	lo, hi := c.g.formerWindow()
	basket := c.meanBasket(t)
	n := max(1, c.poisson(c.g.s.rates.Former*float64(hi-lo+1)/365))
	buys := c.buy(c.purchaseDays(c.days(n, lo, hi)), basket, 0.15)
	last := slices.MaxFunc(buys, time.Time.Compare)
	if t.Level == stages.ActivelyDisengaged {
		at := c.after(last, c.g.days.formerFollowUp/2)
		c.add(at, engagement.Complaint, engagement.Rating{})
		if c.chance(0.7) {
			c.answerAfter(at, c.satisfaction([5]float64{0.5, 0.5, 0, 0, 0}))
		}
		if c.chance(0.3) {
			c.add(c.after(at, c.g.days.formerFollowUp/2), engagement.RatingGiven, c.recommend(0, 4))
		}
		return basket
	}
	if c.chance(0.4) {
		c.answerAfter(buys[c.r.IntN(len(buys))], c.satisfaction([5]float64{0, 0, 1, 0, 0}))
	}
	for range c.poisson(1) {
		c.add(c.at(c.day(lo, hi)), engagement.Visit, engagement.Rating{})
	}
	return basket
}
