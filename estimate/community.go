package estimate

import (
	"math"
	"math/big"
	"strconv"
)

// shareTolerance is how far from 1 the shares of a Participation may add
// up, to allow thirds and other shares a float64 cannot hold exactly.
const shareTolerance = 1e-9

// Participation is how the members of a community split by what they do:
// the share that only reads ("lurkers"), the share that comments or
// contributes occasionally, and the share that contributes most of the
// conversation or content. The shares lie within 0 to 1 and add up to 1
// (within 1e-9). The zero Participation stands for [DefaultParticipation].
type Participation struct {
	Readers      float64 // only read: 0.90 by default
	Contributors float64 // comment or contribute occasionally: 0.09
	Creators     float64 // contribute most of the content: 0.01
}

// DefaultParticipation returns the 90-9-1 rule of seed 001: of 100 members
// of a community, 90 only read, 9 contribute occasionally and 1 creates most
// content. The seed calls it a theory "based on experience rather than
// research".
func DefaultParticipation() Participation {
	return Participation{Readers: readersShare, Contributors: contributorsShare, Creators: creatorsShare}
}

func (p Participation) orDefault() Participation {
	if p == (Participation{}) {
		return DefaultParticipation()
	}
	return p
}

// Validate reports a share out of range, or shares that do not add up to
// 1, as an *[InvalidError]. The zero Participation is valid.
func (p Participation) Validate() error { return p.validate("Participation") }

func (p Participation) validate(field string) error {
	p = p.orDefault()
	for _, s := range []struct {
		name string
		v    float64
	}{{"Readers", p.Readers}, {"Contributors", p.Contributors}, {"Creators", p.Creators}} {
		if !finite(s.v) || s.v < 0 || s.v > 1 {
			return invalid(field+"."+s.name, floatString(s.v), "share must lie within 0 to 1")
		}
	}
	if sum := p.Readers + p.Contributors + p.Creators; math.Abs(sum-1) > shareTolerance {
		return invalid(field, floatString(p.Readers)+" + "+floatString(p.Contributors)+" + "+floatString(p.Creators),
			"shares must add up to 1")
	}
	return nil
}

// Group is a group of community members that a sizing counts.
type Group uint8

// The groups. The seed's "30 contributing customers need a population of
// 3,000" counts Creators, the 1% who contribute most content: with
// Contributors (the 9%) the same 30 need 334 people, and with Posters (the
// 10% who post anything) 300.
const (
	Readers      Group = iota + 1 // only read
	Contributors                  // contribute occasionally
	Creators                      // contribute most of the content
	Posters                       // Contributors and Creators together
)

var groupNames = [...]string{"", "readers", "contributors", "creators", "posters"}

// String returns "readers", "contributors", "creators" or "posters".
func (g Group) String() string {
	if int(g) < len(groupNames) && g != 0 {
		return groupNames[g]
	}
	return "Group(" + strconv.Itoa(int(g)) + ")"
}

// share returns the exact share of g (p valid and not zero), and false for
// an unknown group.
func (p Participation) share(g Group) (*big.Rat, bool) {
	switch g {
	case Readers:
		return ratOf(p.Readers), true
	case Contributors:
		return ratOf(p.Contributors), true
	case Creators:
		return ratOf(p.Creators), true
	case Posters:
		return new(big.Rat).Add(ratOf(p.Contributors), ratOf(p.Creators)), true
	}
	return nil, false
}

// Community is the expected make-up of a community of a population.
type Community struct {
	Population int

	// The expected members of each group: Population times the group's
	// share, not rounded (3,050 people hold 30.5 creators). Posters is
	// Contributors and Creators together, from the exact sum of their
	// shares.
	Readers, Contributors, Creators, Posters float64
}

// Count returns the expected members of group g, and 0 for an unknown
// group.
func (c Community) Count(g Group) float64 {
	switch g {
	case Readers:
		return c.Readers
	case Contributors:
		return c.Contributors
	case Creators:
		return c.Creators
	case Posters:
		return c.Posters
	}
	return 0
}

// Size returns the expected readers, contributors and creators of a
// community drawn from population people (customers, prospects and
// industry players).
func (p Participation) Size(population int) (Community, error) {
	p = p.orDefault()
	if err := p.Validate(); err != nil {
		return Community{}, err
	}
	if population < 0 {
		return Community{}, invalid("population", strconv.Itoa(population), "must not be negative")
	}
	c := Community{Population: population}
	for _, g := range []struct {
		group Group
		to    *float64
	}{{Readers, &c.Readers}, {Contributors, &c.Contributors}, {Creators, &c.Creators}, {Posters, &c.Posters}} {
		share, _ := p.share(g.group)
		*g.to = ratFloat(share.Mul(share, ratInt(population)))
	}
	return c, nil
}

// PopulationFor returns the smallest population whose expected members of
// group g number at least target: target divided by the group's share,
// rounded up. With the 90-9-1 default, 30 Creators need 3,000 people.
//
// The two directions agree: Size(PopulationFor(n, g)).Count(g) is at least
// n and one person fewer gives less than n; and for any population P,
// PopulationFor(floor(Size(P).Count(g)), g) is at most P. The shares are
// taken as the exact decimals they print as (0.01 is one hundredth), so
// no float rounding creeps in.
//
// It fails for an unknown group, a negative target, a group whose share is
// zero (when target is positive: no population is enough), and a
// population that overflows an int.
func (p Participation) PopulationFor(target int, g Group) (int, error) {
	p = p.orDefault()
	if err := p.Validate(); err != nil {
		return 0, err
	}
	share, ok := p.share(g)
	switch {
	case !ok:
		return 0, invalid("group", g.String(), "want Readers, Contributors, Creators or Posters")
	case target < 0:
		return 0, invalid("target", strconv.Itoa(target), "must not be negative")
	case target == 0:
		return 0, nil
	case share.Sign() == 0:
		return 0, invalid("group", g.String(), "the group's share is zero: no population holds any")
	}
	need := ceilRat(new(big.Rat).Quo(ratInt(target), share))
	if !need.IsInt64() || need.Int64() > math.MaxInt {
		return 0, invalid("target", strconv.Itoa(target), "the population needed overflows an int")
	}
	return int(need.Int64()), nil
}
