package attribution

import (
	"cmp"
	"math/big"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Touch is one contact of a customer with a channel.
type Touch struct {
	// Channel names the channel, such as "email" or "paid search". Models
	// take any non-empty name as given: "Email" and "email " are two
	// channels. The path format (see [ReadPaths]) trims names and cannot
	// hold ';', '>' or line breaks.
	Channel string
	// Time is when the touch happened. Only [TimeDecay] reads it; the zero
	// Time means unknown, as for paths read by ReadPaths.
	Time time.Time
}

// Path is a sequence of touches and what became of the customers who went
// through it: one customer's journey, or the aggregate of many identical
// journeys (see [Aggregate] and [ReadPaths]).
//
// A raw journey that converted has Conversions 1, Nulls 0 and Value the
// value of the conversion; one that did not has Conversions 0, Nulls 1 and
// a zero Value. An aggregated path adds these up.
//
// A model accepts a path when it has at least one touch, every channel
// name is non-empty, Conversions and Nulls are not negative, and Value is
// not negative, has at most 30 digits before and 30 after the decimal
// point, and is zero when Conversions is. Touch times must also be in
// order for [TimeDecay].
type Path struct {
	Touches     []Touch         // in time order, first touch first
	Conversions int64           // how many customers on this path converted
	Value       decimal.Decimal // the total value of those conversions
	Nulls       int64           // how many customers on this path did not convert
}

// Channels returns the channel names of p's touches in order.
func (p Path) Channels() []string {
	names := make([]string, len(p.Touches))
	for i, t := range p.Touches {
		names[i] = t.Channel
	}
	return names
}

// String returns p's channels joined by " > ", as the path format writes
// them.
func (p Path) String() string {
	return strings.Join(p.Channels(), " > ")
}

// maxValueDigits bounds a value's digits before and after the decimal
// point, so that a value cannot make the exact arithmetic blow up.
const maxValueDigits = 30

// checkValue returns v without trailing zeros and its decimal places, or
// the reason v cannot be a path's value.
func checkValue(v decimal.Decimal) (norm decimal.Decimal, places int32, reason string) {
	switch v.Sign() {
	case 0:
		return decimal.Decimal{}, 0, ""
	case -1:
		return v, 0, "negative"
	}
	// The exponent is checked before Normalize and NumDigits, which are
	// cheap whatever it is; nothing here rescales.
	norm = v.Normalize()
	e := int64(norm.Exponent())
	if e < -maxValueDigits {
		return v, 0, "more than " + strconv.Itoa(maxValueDigits) + " decimal places"
	}
	if int64(norm.NumDigits())+e > maxValueDigits {
		return v, 0, "more than " + strconv.Itoa(maxValueDigits) + " digits before the decimal point"
	}
	return norm, int32(max(0, -e)), ""
}

// checkPath checks paths[i] as every model does, and returns its value
// without trailing zeros and the value's decimal places.
func checkPath(i int, p *Path) (decimal.Decimal, int32, error) {
	if len(p.Touches) == 0 {
		return decimal.Decimal{}, 0, invalid(pathField(i, "Touches"), "[]", "no touches")
	}
	for j := range p.Touches {
		if p.Touches[j].Channel == "" {
			return decimal.Decimal{}, 0, invalid(touchField(i, j, "Channel"), "", "empty channel name")
		}
	}
	if p.Conversions < 0 {
		return decimal.Decimal{}, 0, invalid(pathField(i, "Conversions"), strconv.FormatInt(p.Conversions, 10), "negative")
	}
	if p.Nulls < 0 {
		return decimal.Decimal{}, 0, invalid(pathField(i, "Nulls"), strconv.FormatInt(p.Nulls, 10), "negative")
	}
	norm, places, reason := checkValue(p.Value)
	if reason == "" && p.Conversions == 0 && norm.Sign() != 0 {
		reason = "value without conversions"
	}
	if reason != "" {
		return decimal.Decimal{}, 0, invalid(pathField(i, "Value"), decString(p.Value), reason)
	}
	return norm, places, nil
}

// Aggregate merges the paths that go through the same channels in the same
// order into one path each, adding up their conversions, values and nulls,
// as the path format holds them. The touches of the result carry no times.
// The result is sorted by channel sequence, so it does not depend on the
// order of paths. A path that fails the checks every model makes (see
// [Path]), or conversions or nulls adding up to more than an int64 holds,
// is an error matching [ErrInvalid].
func Aggregate(paths []Path) ([]Path, error) {
	index := make(map[string]int)
	var out []Path
	var key []byte
	for i := range paths {
		p := &paths[i]
		if _, _, err := checkPath(i, p); err != nil {
			return nil, err
		}
		key = key[:0]
		for _, t := range p.Touches {
			key = strconv.AppendInt(key, int64(len(t.Channel)), 10)
			key = append(key, ':')
			key = append(key, t.Channel...)
		}
		k, ok := index[string(key)]
		if !ok {
			touches := make([]Touch, len(p.Touches))
			for j, t := range p.Touches {
				touches[j] = Touch{Channel: t.Channel}
			}
			index[string(key)] = len(out)
			out = append(out, Path{Touches: touches, Value: decimal.Decimal{}})
			k = len(out) - 1
		}
		q := &out[k]
		var overflow bool
		if q.Conversions, overflow = addInt64(q.Conversions, p.Conversions); overflow {
			return nil, invalid(pathField(i, "Conversions"), strconv.FormatInt(p.Conversions, 10), "total conversions of the path exceed an int64")
		}
		if q.Nulls, overflow = addInt64(q.Nulls, p.Nulls); overflow {
			return nil, invalid(pathField(i, "Nulls"), strconv.FormatInt(p.Nulls, 10), "total nulls of the path exceed an int64")
		}
		q.Value = q.Value.Add(p.Value)
	}
	slices.SortFunc(out, func(a, b Path) int {
		return slices.CompareFunc(a.Touches, b.Touches, func(x, y Touch) int { return cmp.Compare(x.Channel, y.Channel) })
	})
	return out, nil
}

// addInt64 adds two non-negative int64s and reports overflow.
func addInt64(a, b int64) (int64, bool) {
	s := a + b
	return s, s < a
}

// amount is a non-negative whole number: small when big is nil.
type amount struct {
	small uint64
	big   *big.Int
}

// pow10u holds 10^0 to 10^19.
var pow10u = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// pow10 returns 10^n.
func pow10(n int32) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// scaled returns v × 10^places as a whole number, for a non-negative v
// without trailing zeros (as checkValue returns it) and with at most
// places decimal places.
func scaled(v decimal.Decimal, places int32) amount {
	if v.Sign() == 0 {
		return amount{}
	}
	shift := places + v.Exponent() // ≥ 0
	if v.NumDigits() <= 18 && shift < int32(len(pow10u)) {
		hi, lo := bits.Mul64(uint64(v.CoefficientInt64()), pow10u[shift])
		if hi == 0 {
			return amount{small: lo}
		}
	}
	b := v.Coefficient()
	return amount{big: b.Mul(b, pow10(shift))}
}

// sum adds up non-negative whole numbers: 128 bits, then a big.Int.
type sum struct {
	lo, hi uint64
	over   *big.Int // multiples of 2^128
}

var two128 = new(big.Int).Lsh(big.NewInt(1), 128)

func (s *sum) add128(hi, lo uint64) {
	var c uint64
	s.lo, c = bits.Add64(s.lo, lo, 0)
	s.hi, c = bits.Add64(s.hi, hi, c)
	if c != 0 {
		if s.over == nil {
			s.over = new(big.Int)
		}
		s.over.Add(s.over, two128)
	}
}

// add adds x.
func (s *sum) add(x uint64) { s.add128(0, x) }

// addMul adds a × b.
func (s *sum) addMul(a uint64, b amount) {
	if b.big == nil {
		s.add128(bits.Mul64(a, b.small))
		return
	}
	if a == 0 {
		return
	}
	if s.over == nil {
		s.over = new(big.Int)
	}
	t := new(big.Int).SetUint64(a)
	s.over.Add(s.over, t.Mul(t, b.big))
}

// addAmount adds x.
func (s *sum) addAmount(x amount) { s.addMul(1, x) }

// isZero reports whether s is zero.
func (s *sum) isZero() bool {
	return s.lo == 0 && s.hi == 0 && (s.over == nil || s.over.Sign() == 0)
}

// int returns s as a new big.Int.
func (s *sum) int() *big.Int {
	v := new(big.Int).SetUint64(s.hi)
	v.Lsh(v, 64)
	v.Add(v, new(big.Int).SetUint64(s.lo))
	if s.over != nil {
		v.Add(v, s.over)
	}
	return v
}

// decString formats d for an error message, in scientific notation when
// its exponent is so far from zero that the plain form would be huge.
func decString(d decimal.Decimal) string {
	if e := d.Exponent(); -100 <= e && e <= 100 {
		return d.String()
	}
	return d.Coefficient().String() + "e" + strconv.Itoa(int(d.Exponent()))
}

// bigInt returns a as a new big.Int.
func (a amount) bigInt() *big.Int {
	if a.big != nil {
		return new(big.Int).Set(a.big)
	}
	return new(big.Int).SetUint64(a.small)
}
