package stages

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Explanation puts one reason of a classification in words, with the
// figure and the threshold behind it.
type Explanation struct {
	Reason    Reason
	Signal    string // the figure the rule read, such as "goodwill"
	Value     string // its value, such as "1.25"
	Threshold string // the threshold it was held to, such as "at least 2"
	Text      string // a sentence for a reader
}

func (e Explanation) String() string { return e.Text }

// Explain returns one explanation per reason of the classification, in the
// order of the reason constants. It reads the rules the result was made
// with, so change no rules between Classify and Explain.
func (res Result) Explain() []Explanation {
	r := res.rules
	if r == nil {
		r = &defaults
	}
	s := res.Signals
	stayRet := res.Previous.AtLeast(Returning)
	stayAdv := res.Previous == Advocate
	var out []Explanation
	for reason := range res.Why.All() {
		e := Explanation{Reason: reason}
		switch reason {
		case NoPurchase:
			e.Signal, e.Value, e.Threshold = "purchase days", "0", "at least 1"
			e.Text = "has never bought: a prospect"
		case Lapsed:
			e.Signal, e.Threshold = "days since last seen", "at most "+days(r.FormerAfter)
			e.Value = "never"
			if s.Seen {
				e.Value = daysApart(s.SinceSeen, r.FormerAfter)
			}
			e.Text = "not seen for " + e.Value + " days (more than " + days(r.FormerAfter) + "): a former customer"
		case OneOff:
			e.Signal, e.Value = "purchase days", fmt.Sprint(s.PurchaseDays)
			e.Threshold = fmt.Sprintf("at least %d", r.RepeatPurchaseDays)
			e.Text = fmt.Sprintf("bought on %d day(s); a returning customer has bought on at least %d", s.PurchaseDays, r.RepeatPurchaseDays)
		case NotRecent:
			w := r.ReturningWithin.pick(stayRet)
			e.Signal, e.Value, e.Threshold = "days since last purchase", daysApart(s.SincePurchase, w), "at most "+days(w)
			e.Text = "last bought " + e.Value + " days ago; returning customers have bought within " + days(w) + " days"
		case LowGoodwill:
			b := r.ReturningGoodwill.pick(stayRet)
			e.Signal, e.Value, e.Threshold = "goodwill", pointsApart(s.Goodwill, b), "at least "+points(b)
			e.Text = "goodwill " + e.Value + " is below the " + points(b) + " a returning customer holds"
		case Dissatisfied:
			b := r.ReturningSatisfaction.pick(stayRet)
			e.Signal, e.Value, e.Threshold = "mean satisfaction", pointsApart(s.Satisfaction, b), "at least "+points(b)
			e.Text = "mean satisfaction " + e.Value + "/5 is below " + points(b) + ": satisfaction has not become loyalty"
		case Loyal:
			e.Signal, e.Value = "returning rules", "met"
			e.Text = fmt.Sprintf("bought on %d days, last %s days ago, goodwill %s: can count on the business and returns",
				s.PurchaseDays, days(s.SincePurchase), points(s.Goodwill))
		case NoAdvocacy:
			e.Signal, e.Value = "referrals", fmt.Sprint(s.Referrals)
			e.Threshold = fmt.Sprintf("at least %d, or a promoter rating", r.AdvocateReferrals)
			e.Text = fmt.Sprintf("%d referral(s) and no promoter rating: does not yet tell others", s.Referrals)
		case Neglected:
			w := r.AdvocacyWithin.pick(stayAdv)
			e.Signal, e.Threshold, e.Value = "days since last advocacy", "at most "+days(w), "never"
			e.Text = "no sign of advocacy yet"
			if s.Advocated {
				e.Value = daysApart(s.SinceAdvocacy, w)
				e.Text = "last spoke for the business " + e.Value + " days ago (advocacy lapses after " + days(w) + " days)"
			}
		case ThinGoodwill:
			b := r.AdvocateGoodwill.pick(stayAdv)
			e.Signal, e.Value, e.Threshold = "goodwill", pointsApart(s.Goodwill, b), "at least "+points(b)
			e.Text = "goodwill " + e.Value + " is below the " + points(b) + " an advocate holds"
		case Advocacy:
			e.Signal, e.Value = "advocate rules", "met"
			e.Text = fmt.Sprintf("%d referral(s), NPS class %q, last advocacy %s days ago, goodwill %s: tells others about the business",
				s.Referrals, s.NPS.String(), days(s.SinceAdvocacy), points(s.Goodwill))
		}
		out = append(out, e)
	}
	return out
}

// String returns the stage and its reasons on one line, such as
// "transactional: bought on 1 day(s); ...".
func (res Result) String() string {
	var b strings.Builder
	b.WriteString(res.Stage.String())
	for i, e := range res.Explain() {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(e.Text)
	}
	return b.String()
}

func days(d time.Duration) string { return fmt.Sprintf("%.0f", d.Hours()/24) }

func points(v float64) string { return fmt.Sprintf("%.2f", v) }

// daysApart writes d in days as days does, with the decimals it takes to
// read differently from the limit it is compared with ("60.4 days" rather
// than "60 days" beside a limit of 60).
func daysApart(d, limit time.Duration) string { return apart(d.Hours()/24, limit.Hours()/24, 0) }

// pointsApart writes v as points does, with the decimals it takes to read
// differently from the limit it is compared with ("goodwill 0.996 is below
// the 1.00", never "1.00 is below the 1.00").
func pointsApart(v, limit float64) string { return apart(v, limit, 2) }

// apart writes v with prec decimals, or with more, up to 12, where v and
// limit differ but read the same at prec.
func apart(v, limit float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	for p := prec + 1; v != limit && p <= 12 && s == strconv.FormatFloat(limit, 'f', p-1, 64); p++ {
		s = strconv.FormatFloat(v, 'f', p, 64)
	}
	return s
}
