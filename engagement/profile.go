package engagement

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/shopspring/decimal"
)

// noTime marks a time field that holds no time yet. Valid interaction times
// are later (see Interaction.Validate).
const noTime = math.MinInt64

// basis is what a profile is relative to: its as-of time and goodwill rules.
// Profiles folded together share one.
type basis struct {
	asOf     time.Time
	at       int64 // asOf in Unix nanoseconds
	goodwill *goodwill
}

func newBasis(asOf time.Time, rules *GoodwillRules) (*basis, error) {
	if asOf.IsZero() || !asOf.After(minTime) || asOf.After(maxTime) {
		return nil, fieldError("as_of", asOf.Format(time.RFC3339), "as-of time must lie within the years 1678 to 2262")
	}
	if err := rules.Validate(); err != nil {
		return nil, err
	}
	return &basis{asOf: asOf, at: asOf.UnixNano(), goodwill: rules.compile()}, nil
}

func (b *basis) equal(c *basis) bool {
	return b == c || b.at == c.at && b.goodwill.equal(c.goodwill)
}

// Profile is what one customer's interactions add up to as of a time:
// recency, frequency and monetary value, satisfaction and its trend, the
// latest likelihood to recommend, referrals, complaints and goodwill.
//
// A Profile is a fold: [Profile.Add] takes one interaction at a time, and
// [Profile.Merge] combines two profiles of the same customer built from
// disjoint sets of interactions. However a customer's interactions (with
// distinct IDs) are split and ordered, adding and merging give the same
// profile. Profiles do not remove duplicates: a [Store] does.
//
// Make one with [NewProfile], or many at once with [Fold]. A Profile is not
// safe for concurrent use.
type Profile struct {
	customer CustomerID
	basis    *basis
	money    money   // purchases less returns
	days     daySet  // distinct UTC days with a purchase
	goodwill int64   // balance at basis.asOf, in millionths of a point
	firstBuy int64   // Unix nanoseconds, or noTime
	lastBuy  int64   // Unix nanoseconds, or noTime
	lastSeen int64   // latest interaction of any kind, or noTime
	lastAdv  int64   // latest advocacy signal, or noTime
	recAt    int64   // time of the latest likelihood-to-recommend answer, or noTime
	sat      satStat // satisfaction answers
	events   uint32  // interactions folded in
	buys     uint32  // purchases
	refs     uint32  // referrals
	compl    uint32  // complaints
	resolved uint32  // complaints resolved
	rec      int8    // the latest likelihood-to-recommend answer; valid when recAt != noTime
}

// satStat holds the sums that give the mean satisfaction and its
// least-squares trend exactly: y is the answer, x its UTC day number.
type satStat struct {
	n, sy, sx, sxx, sxy int64
}

func (s *satStat) add(x, y int64) {
	s.n++
	s.sy += y
	s.sx += x
	s.sxx += x * x
	s.sxy += x * y
}

func (s *satStat) merge(o satStat) {
	s.n += o.n
	s.sy += o.sy
	s.sx += o.sx
	s.sxx += o.sxx
	s.sxy += o.sxy
}

// NewProfile returns an empty profile of customer as of asOf, with goodwill
// reckoned by rules (nil for the defaults). It fails on an empty customer
// ID, an as-of time outside the years 1678 to 2262, or invalid rules.
func NewProfile(customer CustomerID, asOf time.Time, rules *GoodwillRules) (*Profile, error) {
	if customer == "" {
		return nil, fieldError("customer", "", "customer id is empty")
	}
	b, err := newBasis(asOf, rules)
	if err != nil {
		return nil, err
	}
	p := newProfile(customer, b)
	return &p, nil
}

func newProfile(customer CustomerID, b *basis) Profile {
	return Profile{customer: customer, basis: b, firstBuy: noTime, lastBuy: noTime,
		lastSeen: noTime, lastAdv: noTime, recAt: noTime}
}

// Add folds one interaction into the profile. It fails, changing nothing,
// when in belongs to another customer ([ErrMismatch]), is invalid
// ([ErrInvalid]), or happened after the as-of time ([ErrAfterAsOf]).
func (p *Profile) Add(in Interaction) error {
	if p.basis == nil {
		return fmt.Errorf("engagement: profile not made by NewProfile or Fold: %w", ErrMismatch)
	}
	if in.Customer != p.customer {
		return fmt.Errorf("engagement: interaction %q of customer %q added to the profile of %q: %w",
			in.ID, in.Customer, p.customer, ErrMismatch)
	}
	if err := in.Validate(); err != nil {
		return err
	}
	if in.Time.After(p.basis.asOf) {
		return fmt.Errorf("engagement: interaction %q at %s is after %s: %w",
			in.ID, in.Time.Format(time.RFC3339), p.basis.asOf.Format(time.RFC3339), ErrAfterAsOf)
	}
	p.add(&in)
	return nil
}

// add folds in, which must be valid, of p's customer, and not after asOf.
// Contacts the business initiated are left out (see [Kind.Initiated]).
func (p *Profile) add(in *Interaction) {
	if in.Kind.Initiated() {
		return
	}
	t := in.Time.UnixNano()
	p.events++
	p.lastSeen = max(p.lastSeen, t)
	switch in.Kind {
	case Purchase:
		p.buys++
		if p.firstBuy == noTime || t < p.firstBuy {
			p.firstBuy = t
		}
		p.lastBuy = max(p.lastBuy, t)
		p.days.add(dayOf(t))
		p.money.add(in.Amount, false)
	case Return:
		p.money.add(in.Amount, true)
	case Complaint:
		p.compl++
	case ComplaintResolved:
		p.resolved++
	case Referral:
		p.refs++
	}
	switch in.Rating.Scale {
	case Satisfaction:
		p.sat.add(int64(dayOf(t)), int64(in.Rating.Value))
	case Recommend:
		if t > p.recAt || t == p.recAt && in.Rating.Value > p.rec {
			p.recAt, p.rec = t, in.Rating.Value
		}
	}
	if IsAdvocacy(*in) {
		p.lastAdv = max(p.lastAdv, t)
	}
	g := p.basis.goodwill
	if e := g.effect(in); e != 0 {
		p.goodwill += micro(e, g.remaining(p.basis.at-t))
	}
}

// IsAdvocacy reports whether in is a sign that the customer speaks for the
// business: a referral, a community post, a likelihood-to-recommend answer
// of 9 or 10, or a public review that is not negative (no rating, 4 or 5
// of 5, or a promoter's answer).
func IsAdvocacy(in Interaction) bool {
	switch in.Kind {
	case Referral, CommunityPost:
		return true
	case Review:
		switch in.Rating.Scale {
		case Satisfaction:
			return in.Rating.Value >= 4
		case Recommend:
			return in.Rating.Value >= 9
		}
		return true
	}
	return in.Rating.Scale == Recommend && in.Rating.Value >= 9
}

// Merge adds the interactions folded into q to p, as if each had been added
// to p. q must be a profile of the same customer, as of the same time,
// with the same goodwill rules ([ErrMismatch] otherwise, and p is left
// unchanged). q is not changed.
func (p *Profile) Merge(q *Profile) error {
	if p.basis == nil || q.basis == nil || p.customer != q.customer || !p.basis.equal(q.basis) {
		return fmt.Errorf("engagement: cannot merge the profile of %q into that of %q: %w", q.customer, p.customer, ErrMismatch)
	}
	p.merge(q)
	return nil
}

// merge adds q to p whoever q's customer is; the caller has checked that
// the two share a basis.
func (p *Profile) merge(q *Profile) {
	p.money.merge(q.money)
	if len(q.days) > 0 {
		p.days = p.days.union(q.days)
	}
	p.goodwill += q.goodwill
	if q.firstBuy != noTime && (p.firstBuy == noTime || q.firstBuy < p.firstBuy) {
		p.firstBuy = q.firstBuy
	}
	p.lastBuy = max(p.lastBuy, q.lastBuy)
	p.lastSeen = max(p.lastSeen, q.lastSeen)
	p.lastAdv = max(p.lastAdv, q.lastAdv)
	if q.recAt > p.recAt || q.recAt == p.recAt && q.rec > p.rec {
		p.recAt, p.rec = q.recAt, q.rec
	}
	p.sat.merge(q.sat)
	p.events += q.events
	p.buys += q.buys
	p.refs += q.refs
	p.compl += q.compl
	p.resolved += q.resolved
}

// Clone returns a deep copy of p.
func (p *Profile) Clone() *Profile {
	c := *p
	c.days = append(daySet(nil), p.days...)
	return &c
}

// Customer returns whose profile this is.
func (p *Profile) Customer() CustomerID { return p.customer }

// AsOf returns the time the profile describes.
func (p *Profile) AsOf() time.Time {
	if p.basis == nil {
		return time.Time{}
	}
	return p.basis.asOf
}

// Interactions returns how many interactions were folded in, not counting
// contacts the business initiated.
func (p *Profile) Interactions() int { return int(p.events) }

// LastSeen returns the time of the latest interaction of any kind, in UTC,
// and false when there is none.
func (p *Profile) LastSeen() (time.Time, bool) { return unixTime(p.lastSeen) }

// SinceSeen returns how long before the as-of time the latest interaction
// of any kind was, and false when there is none.
func (p *Profile) SinceSeen() (time.Duration, bool) { return p.since(p.lastSeen) }

// since returns the time from nanos to the as-of time.
func (p *Profile) since(nanos int64) (time.Duration, bool) {
	if nanos == noTime {
		return 0, false
	}
	return time.Duration(p.basis.at - nanos), true
}

// Purchases returns the number of purchases.
func (p *Profile) Purchases() int { return int(p.buys) }

// PurchaseDays returns the number of distinct days (UTC calendar days) with
// a purchase: the frequency measure that does not count a basket split
// into several transactions as several visits.
func (p *Profile) PurchaseDays() int { return len(p.days) }

// FirstPurchase returns the time of the first purchase, in UTC, and false
// when there is none.
func (p *Profile) FirstPurchase() (time.Time, bool) { return unixTime(p.firstBuy) }

// LastPurchase returns the time of the latest purchase, in UTC, and false
// when there is none.
func (p *Profile) LastPurchase() (time.Time, bool) { return unixTime(p.lastBuy) }

// Recency returns how long before the as-of time the latest purchase was,
// and false when there is none.
func (p *Profile) Recency() (time.Duration, bool) { return p.since(p.lastBuy) }

// Monetary returns what the customer spent, exactly: the amounts of
// purchases less the amounts of returns.
func (p *Profile) Monetary() decimal.Decimal { return p.money.total() }

// Satisfaction returns the mean satisfaction answer (1 to 5) and how many
// answers it is the mean of; the mean is 0 when there are none.
func (p *Profile) Satisfaction() (mean float64, answers int) {
	if p.sat.n == 0 {
		return 0, 0
	}
	return float64(p.sat.sy) / float64(p.sat.n), int(p.sat.n)
}

// SatisfactionTrend returns the least-squares slope of satisfaction answers
// against the UTC day they were given, in points per 30 days: positive when
// satisfaction is rising. It is false when there are fewer than two answers
// or all were given on one day.
func (p *Profile) SatisfactionTrend() (perMonth float64, ok bool) {
	s := p.sat
	if s.n < 2 {
		return 0, false
	}
	// slope = (n·Σxy − Σx·Σy) / (n·Σxx − (Σx)²), in exact integers: the
	// products outgrow int64 for long histories.
	n, sx, sy := big.NewInt(s.n), big.NewInt(s.sx), big.NewInt(s.sy)
	num := new(big.Int).Mul(n, big.NewInt(s.sxy))
	num.Sub(num, new(big.Int).Mul(sx, sy))
	den := new(big.Int).Mul(n, big.NewInt(s.sxx))
	den.Sub(den, new(big.Int).Mul(sx, sx))
	if den.Sign() == 0 {
		return 0, false
	}
	slope, _ := new(big.Rat).SetFrac(num, den).Float64()
	return 30 * slope, true
}

// Recommend returns the latest likelihood-to-recommend answer (0 to 10),
// when it was given, and false when there is none. Of two answers given at
// the same instant, the higher counts.
func (p *Profile) Recommend() (answer int, at time.Time, ok bool) {
	if p.recAt == noTime {
		return 0, time.Time{}, false
	}
	t, _ := unixTime(p.recAt)
	return int(p.rec), t, true
}

// NPSClass returns the Net Promoter class of the latest
// likelihood-to-recommend answer, or NoNPSClass.
func (p *Profile) NPSClass() NPSClass {
	if p.recAt == noTime {
		return NoNPSClass
	}
	return ClassifyNPS(int(p.rec))
}

// LastAdvocacy returns the time of the latest sign of advocacy (see
// [IsAdvocacy]), and false when there is none.
func (p *Profile) LastAdvocacy() (time.Time, bool) { return unixTime(p.lastAdv) }

// SinceAdvocacy returns how long before the as-of time the latest sign of
// advocacy was, and false when there is none.
func (p *Profile) SinceAdvocacy() (time.Duration, bool) { return p.since(p.lastAdv) }

// Referrals returns the number of referrals: the customer's conversation
// value, next to the monetary value.
func (p *Profile) Referrals() int { return int(p.refs) }

// Complaints returns the complaints still open (complaints less
// resolutions, never below zero) and those resolved.
func (p *Profile) Complaints() (open, resolved int) {
	return max(int(p.compl)-int(p.resolved), 0), int(p.resolved)
}

// Goodwill returns the goodwill balance as of the profile's time, in
// points (see [GoodwillRules]). Positive goodwill is the slack the seeds
// describe: a customer with more than a complaint's worth forgives an
// honest mistake.
func (p *Profile) Goodwill() float64 { return float64(p.goodwill) / 1e6 }

func unixTime(nanos int64) (time.Time, bool) {
	if nanos == noTime {
		return time.Time{}, false
	}
	return time.Unix(0, nanos).UTC(), true
}

// Snapshot is a profile's figures as plain fields, for printing and JSON.
// Times and amounts that do not apply are zero. Recommend holds the latest
// likelihood-to-recommend answer when NPSClass is not NoNPSClass; its JSON
// form is written then, 0 included, and left out when there is no answer.
type Snapshot struct {
	Customer            CustomerID      `json:"customer"`
	AsOf                time.Time       `json:"as_of"`
	Interactions        int             `json:"interactions"`
	Purchases           int             `json:"purchases"`
	PurchaseDays        int             `json:"purchase_days"`
	FirstPurchase       time.Time       `json:"first_purchase,omitzero"`
	LastPurchase        time.Time       `json:"last_purchase,omitzero"`
	RecencyDays         float64         `json:"recency_days,omitempty"`
	Monetary            decimal.Decimal `json:"monetary"`
	Satisfaction        float64         `json:"satisfaction,omitempty"`
	SatisfactionAnswers int             `json:"satisfaction_answers,omitempty"`
	SatisfactionTrend   float64         `json:"satisfaction_trend_per_month,omitempty"`
	Recommend           int             `json:"recommend"`
	NPSClass            NPSClass        `json:"nps_class,omitzero"`
	Referrals           int             `json:"referrals"`
	ComplaintsOpen      int             `json:"complaints_open"`
	ComplaintsResolved  int             `json:"complaints_resolved"`
	LastAdvocacy        time.Time       `json:"last_advocacy,omitzero"`
	Goodwill            float64         `json:"goodwill"`
}

// Snapshot returns the profile's figures as plain fields.
func (p *Profile) Snapshot() Snapshot {
	s := Snapshot{Customer: p.customer, AsOf: p.AsOf(), Interactions: p.Interactions(),
		Purchases: p.Purchases(), PurchaseDays: p.PurchaseDays(), Monetary: p.Monetary(),
		Referrals: p.Referrals(), NPSClass: p.NPSClass(), Goodwill: p.Goodwill()}
	s.FirstPurchase, _ = p.FirstPurchase()
	s.LastPurchase, _ = p.LastPurchase()
	if r, ok := p.Recency(); ok {
		s.RecencyDays = r.Hours() / 24
	}
	s.Satisfaction, s.SatisfactionAnswers = p.Satisfaction()
	s.SatisfactionTrend, _ = p.SatisfactionTrend()
	s.Recommend, _, _ = p.Recommend()
	s.ComplaintsOpen, s.ComplaintsResolved = p.Complaints()
	s.LastAdvocacy, _ = p.LastAdvocacy()
	return s
}

// snapshotJSON is Snapshot without its methods, for its JSON form.
type snapshotJSON Snapshot

// MarshalJSON encodes s, with the recommend member only when there is an
// answer, so that an answer of 0 is told apart from none.
func (s Snapshot) MarshalJSON() ([]byte, error) {
	var rec *int
	if s.NPSClass != NoNPSClass || s.Recommend != 0 {
		rec = &s.Recommend
	}
	return json.Marshal(struct {
		snapshotJSON
		Recommend *int `json:"recommend,omitempty"`
	}{snapshotJSON(s), rec})
}

// MarshalJSON encodes the profile's [Snapshot].
func (p *Profile) MarshalJSON() ([]byte, error) { return json.Marshal(p.Snapshot()) }
