package stages

import (
	"time"

	"github.com/engagekit/engage/engagement"
)

// Signals are the figures of a profile that the stage rules read, taken as
// of the profile's as-of time. [SignalsOf] reads them from a profile; tests
// and what-if tools can build them directly.
type Signals struct {
	PurchaseDays   int                 // distinct UTC days with a purchase
	SincePurchase  time.Duration       // since the latest purchase; meaningless when PurchaseDays is 0
	Seen           bool                // whether the customer was ever seen
	SinceSeen      time.Duration       // since the latest interaction of any kind
	Satisfaction   float64             // mean satisfaction answer, 1 to 5
	Answers        int                 // satisfaction answers behind the mean; 0 means none
	NPS            engagement.NPSClass // class of the latest likelihood-to-recommend answer
	Recommend      int                 // that answer, 0 to 10; meaningless when NPS is NoNPSClass
	Referrals      int
	Advocated      bool          // whether there is any sign of advocacy
	SinceAdvocacy  time.Duration // since the latest sign of advocacy
	Goodwill       float64       // goodwill balance in points
	OpenComplaints int
}

// SignalsOf reads the signals of p as of p's as-of time. It does not
// allocate.
func SignalsOf(p *engagement.Profile) Signals {
	s := Signals{
		PurchaseDays: p.PurchaseDays(),
		NPS:          p.NPSClass(),
		Referrals:    p.Referrals(),
		Goodwill:     p.Goodwill(),
	}
	s.Satisfaction, s.Answers = p.Satisfaction()
	s.Recommend, _, _ = p.Recommend()
	s.OpenComplaints, _ = p.Complaints()
	s.SincePurchase, _ = p.Recency()
	s.SinceSeen, s.Seen = p.SinceSeen()
	s.SinceAdvocacy, s.Advocated = p.SinceAdvocacy()
	return s
}
