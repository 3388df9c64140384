package stages

import (
	"fmt"
	"iter"
	"math/bits"
	"strings"
)

// Reason is one finding that decided a classification: a threshold met or
// missed.
type Reason uint8

// The reasons. Each names the rule (see [Rules]) it comes from.
const (
	NoPurchase   Reason = iota + 1 // never bought: a prospect
	Lapsed                         // not seen within FormerAfter: former
	OneOff                         // fewer purchase days than RepeatPurchaseDays
	NotRecent                      // latest purchase outside ReturningWithin
	LowGoodwill                    // goodwill below ReturningGoodwill
	Dissatisfied                   // mean satisfaction below ReturningSatisfaction
	Loyal                          // every Returning rule met
	NoAdvocacy                     // no referrals and no promoter rating
	Neglected                      // latest sign of advocacy outside AdvocacyWithin
	ThinGoodwill                   // goodwill below AdvocateGoodwill
	Advocacy                       // every Advocate rule met
	numReasons
)

var reasonNames = [...]string{"", "no_purchase", "lapsed", "one_off", "not_recent",
	"low_goodwill", "dissatisfied", "loyal", "no_advocacy", "neglected", "thin_goodwill", "advocacy"}

// String returns the reason's name, such as "one_off".
func (r Reason) String() string {
	if r > 0 && r < numReasons {
		return reasonNames[r]
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}

// Reasons is a set of reasons. It is a bit set, so a classification that
// does not ask for explanations allocates nothing.
type Reasons uint16

func (rs Reasons) with(r Reason) Reasons { return rs | 1<<r }

// Has reports whether r is in the set.
func (rs Reasons) Has(r Reason) bool { return rs&(1<<r) != 0 }

// Len returns the number of reasons in the set.
func (rs Reasons) Len() int { return bits.OnesCount16(uint16(rs)) }

// All yields the reasons in the set in the order of their constants.
func (rs Reasons) All() iter.Seq[Reason] {
	return func(yield func(Reason) bool) {
		for r := Reason(1); r < numReasons; r++ {
			if rs.Has(r) && !yield(r) {
				return
			}
		}
	}
}

// String lists the reasons' names joined by "+", such as "one_off+low_goodwill".
func (rs Reasons) String() string {
	var names []string
	for r := range rs.All() {
		names = append(names, r.String())
	}
	return strings.Join(names, "+")
}
