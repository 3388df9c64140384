package engagement

import (
	"fmt"
	"strconv"
	"strings"
)

// Scale names what a rating measures and so its range. The zero Scale means
// no rating.
type Scale uint8

// The rating scales.
const (
	NoScale      Scale = iota
	Satisfaction       // satisfaction with the business, 1 (very dissatisfied) to 5 (very satisfied)
	Recommend          // likelihood to recommend the business, 0 (not at all) to 10 (extremely likely)
)

var scaleNames = [...]string{"", "satisfaction", "recommend"}

// Range returns the lowest and highest value on the scale.
func (s Scale) Range() (lo, hi int) {
	switch s {
	case Satisfaction:
		return 1, 5
	case Recommend:
		return 0, 10
	}
	return 0, 0
}

// String returns "satisfaction", "recommend", or "" for NoScale.
func (s Scale) String() string {
	if int(s) < len(scaleNames) {
		return scaleNames[s]
	}
	return fmt.Sprintf("Scale(%d)", uint8(s))
}

// MarshalText implements [encoding.TextMarshaler].
func (s Scale) MarshalText() ([]byte, error) {
	if int(s) >= len(scaleNames) {
		return nil, fieldError("scale", s.String(), "unknown rating scale")
	}
	return []byte(scaleNames[s]), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. Besides the text
// forms it accepts "csat" for Satisfaction and "nps" or "ltr" for Recommend,
// in any case.
func (s *Scale) UnmarshalText(text []byte) error {
	switch strings.ToLower(strings.TrimSpace(string(text))) {
	case "":
		*s = NoScale
	case "satisfaction", "csat":
		*s = Satisfaction
	case "recommend", "nps", "ltr":
		*s = Recommend
	default:
		return fieldError("scale", string(text), "want satisfaction or recommend")
	}
	return nil
}

// Rating is an answer on a stated scale. The zero Rating means no rating;
// on the Recommend scale 0 is a real answer, told apart by its Scale.
type Rating struct {
	Scale Scale `json:"scale"`
	Value int8  `json:"value"`
}

// Satisfied returns a satisfaction rating (1 to 5).
func Satisfied(v int) Rating { return Rating{Scale: Satisfaction, Value: int8(clampInt8(v))} }

// Recommends returns a likelihood-to-recommend rating (0 to 10).
func Recommends(v int) Rating { return Rating{Scale: Recommend, Value: int8(clampInt8(v))} }

func clampInt8(v int) int {
	return min(max(v, -128), 127)
}

// IsZero reports whether r is the zero Rating: no rating given.
func (r Rating) IsZero() bool { return r == Rating{} }

// Validate reports a value outside its scale as a *[FieldError].
func (r Rating) Validate() error {
	if r.Scale == NoScale {
		if r.Value != 0 {
			return fieldError("rating", strconv.Itoa(int(r.Value)), "rating has no scale")
		}
		return nil
	}
	if int(r.Scale) >= len(scaleNames) {
		return fieldError("scale", r.Scale.String(), "unknown rating scale")
	}
	lo, hi := r.Scale.Range()
	if v := int(r.Value); v < lo || v > hi {
		return fieldError("rating", strconv.Itoa(v), fmt.Sprintf("%s rating must be %d to %d", r.Scale, lo, hi))
	}
	return nil
}

// String returns the rating as "4/5 satisfaction" or "9/10 recommend", or
// "none".
func (r Rating) String() string {
	if r.Scale == NoScale {
		return "none"
	}
	_, hi := r.Scale.Range()
	return fmt.Sprintf("%d/%d %s", r.Value, hi, r.Scale)
}

// NPSClass is the Net Promoter class of a likelihood-to-recommend answer.
// (Net Promoter and NPS are trademarks of their owners: Bain & Company,
// Fred Reichheld and NICE Satmetrix.)
type NPSClass uint8

// The classes. The zero NPSClass means no answer.
const (
	NoNPSClass NPSClass = iota
	Detractor           // 0 to 6
	Passive             // 7 or 8
	Promoter            // 9 or 10
)

var npsNames = [...]string{"", "detractor", "passive", "promoter"}

// String returns "detractor", "passive", "promoter", or "" for no class.
func (c NPSClass) String() string {
	if int(c) < len(npsNames) {
		return npsNames[c]
	}
	return fmt.Sprintf("NPSClass(%d)", uint8(c))
}

// MarshalText implements [encoding.TextMarshaler].
func (c NPSClass) MarshalText() ([]byte, error) {
	if int(c) >= len(npsNames) {
		return nil, fieldError("nps_class", c.String(), "unknown class")
	}
	return []byte(npsNames[c]), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (c *NPSClass) UnmarshalText(text []byte) error {
	s := strings.ToLower(strings.TrimSpace(string(text)))
	for i, name := range npsNames {
		if s == name {
			*c = NPSClass(i)
			return nil
		}
	}
	return fieldError("nps_class", string(text), "want detractor, passive or promoter")
}

// ClassifyNPS returns the class of a likelihood-to-recommend answer:
// promoter 9-10, passive 7-8, detractor 0-6. Values outside 0-10 have no
// class.
func ClassifyNPS(v int) NPSClass {
	switch {
	case v < 0 || v > 10:
		return NoNPSClass
	case v >= 9:
		return Promoter
	case v >= 7:
		return Passive
	}
	return Detractor
}

// NPSTally counts answers by class.
type NPSTally struct {
	Promoters, Passives, Detractors int
}

// Add counts one class; NoNPSClass is ignored.
func (t *NPSTally) Add(c NPSClass) {
	switch c {
	case Promoter:
		t.Promoters++
	case Passive:
		t.Passives++
	case Detractor:
		t.Detractors++
	}
}

// Total returns the number of answers counted.
func (t NPSTally) Total() int { return t.Promoters + t.Passives + t.Detractors }

// Score returns the Net Promoter Score: the percentage of promoters minus
// the percentage of detractors, from -100 to +100, unrounded (answers 10, 7
// and 10 give 66.666...). It is 0 for no answers.
func (t NPSTally) Score() float64 {
	n := t.Total()
	if n == 0 {
		return 0
	}
	return 100 * float64(t.Promoters-t.Detractors) / float64(n)
}
