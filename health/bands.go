package health

import (
	"math"
	"strconv"
)

// Band is a named range of scores: from Lower up to the next band's
// lower bound.
type Band struct {
	Name  string
	Lower float64 // the lowest score in the band, 0 to 100
}

// Bands turn a score into a band, with hysteresis: a customer moves to a
// better band only when the score clears that band's lower bound by
// Margin, and to a worse band only when it falls below the bound above
// that band by Margin; otherwise they stay in their previous band. A
// score wandering within Margin of a bound so never flips the band back
// and forth, which keeps triggers such as "dropped a band" from firing on
// noise. Without a previous band the plain bounds apply.
//
// Bands are used as given: start from [DefaultBands] to change one
// setting.
type Bands struct {
	// Bands are the bands from worst to best; the first starts at 0, and
	// lower bounds rise strictly.
	Bands []Band
	// Margin is the hysteresis, in points, at least 0.
	Margin float64
}

// The default bands: red below 40, yellow from 40, green from 70, with a
// margin of 5 points. The three colours are the customer-success
// convention; the bounds split the scale where the default measures put
// a transactional customer (40) and a returning one (70), and 5 points is
// what one measure of weight 20 in 100 moving 25 points shifts, so one
// middling change alone does not flip a band at its edge.
const (
	Red    = "red"
	Yellow = "yellow"
	Green  = "green"

	DefaultYellowLower = 40.0
	DefaultGreenLower  = 70.0
	DefaultMargin      = 5.0
)

// DefaultBands returns red, yellow and green at the default bounds and
// margin.
func DefaultBands() *Bands {
	return &Bands{Bands: []Band{{Red, 0}, {Yellow, DefaultYellowLower}, {Green, DefaultGreenLower}}, Margin: DefaultMargin}
}

// Validate reports, as an *[InvalidError], no bands, an empty or repeated
// name, a first band that does not start at 0, bounds out of 0 to 100 or
// not strictly rising, or a margin that is negative or would put a
// bound's hysteresis outside 0 to 100.
func (b *Bands) Validate() error {
	if b == nil || len(b.Bands) == 0 {
		return invalid("Bands.Bands", "", "at least one band is needed")
	}
	if m := b.Margin; math.IsNaN(m) || math.IsInf(m, 0) || m < 0 {
		return invalid("Bands.Margin", ftoa(m), "must be a finite number of points, at least 0")
	}
	for i, band := range b.Bands {
		field := "Bands.Bands[" + strconv.Itoa(i) + "]"
		if band.Name == "" {
			return invalid(field+".Name", "", "is empty")
		}
		for _, o := range b.Bands[:i] {
			if o.Name == band.Name {
				return invalid(field+".Name", band.Name, "another band has this name")
			}
		}
		lo := band.Lower
		switch {
		case i == 0 && lo != 0:
			return invalid(field+".Lower", ftoa(lo), "the first band must start at 0")
		case math.IsNaN(lo) || lo < 0 || lo > 100:
			return invalid(field+".Lower", ftoa(lo), "must lie between 0 and 100")
		case i > 0 && lo <= b.Bands[i-1].Lower:
			return invalid(field+".Lower", ftoa(lo), "must be above the lower bound of "+b.Bands[i-1].Name)
		case i > 0 && (lo-b.Margin < 0 || lo+b.Margin > 100):
			return invalid("Bands.Margin", ftoa(b.Margin), "the bound of "+band.Name+" at "+ftoa(lo)+" less or plus the margin must lie between 0 and 100")
		}
	}
	return nil
}

// Index returns the position of the named band, worst first, and false
// when there is none of that name.
func (b *Bands) Index(name string) (int, bool) {
	for i, band := range b.Bands {
		if band.Name == name {
			return i, true
		}
	}
	return 0, false
}

// Plain returns the band score falls in by the bounds alone.
func (b *Bands) Plain(score float64) string { return b.Bands[b.plain(score)].Name }

func (b *Bands) plain(score float64) int {
	i := len(b.Bands) - 1
	for i > 0 && score < b.Bands[i].Lower {
		i--
	}
	return i
}

// Assign returns the band of score for a customer previously in band
// previous (empty when not known), with hysteresis. It fails, as an
// *[InvalidError], when the bands are invalid, the score is outside 0 to
// 100, or previous names no band.
func (b *Bands) Assign(score float64, previous string) (string, error) {
	if err := b.Validate(); err != nil {
		return "", err
	}
	if math.IsNaN(score) || score < 0 || score > 100 {
		return "", invalid("score", ftoa(score), "must lie between 0 and 100")
	}
	prev := -1
	if previous != "" {
		i, ok := b.Index(previous)
		if !ok {
			return "", invalid("previous band", previous, "names none of the bands")
		}
		prev = i
	}
	return b.Bands[b.assign(score, prev)].Name, nil
}

// assign is Assign on valid bands with prev the previous band's index, or
// -1.
func (b *Bands) assign(score float64, prev int) int {
	plain := b.plain(score)
	switch {
	case prev < 0 || plain == prev:
		return plain
	case plain > prev:
		// Up to the best band whose bound the score clears by the margin.
		for i := plain; i > prev; i-- {
			if score >= b.Bands[i].Lower+b.Margin {
				return i
			}
		}
	default:
		// Down to the worst band the score falls below the top of by
		// the margin.
		for i := plain; i < prev; i++ {
			if score < b.Bands[i+1].Lower-b.Margin {
				return i
			}
		}
	}
	return prev
}
