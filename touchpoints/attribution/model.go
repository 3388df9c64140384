package attribution

import (
	"math/big"
	"slices"
	"strconv"
)

// A Model divides the conversions and the conversion value of paths among
// their channels.
type Model interface {
	// Attribute returns the credit of every channel on paths. The credits
	// add up exactly to the conversions and to the value of the paths;
	// how each is rounded is told in the package documentation. A path
	// the model cannot take, or a setting of the model out of range, is an
	// error matching ErrInvalid that names the path and field. Attribute
	// neither modifies nor retains paths, and the models of this package
	// may be called concurrently.
	Attribute(paths []Path) (Credits, error)
}

// ModelFunc adapts a function to the [Model] interface.
type ModelFunc func(paths []Path) (Credits, error)

// Attribute returns f(paths).
func (f ModelFunc) Attribute(paths []Path) (Credits, error) { return f(paths) }

var (
	_ Model = FirstTouch{}
	_ Model = LastTouch{}
	_ Model = Linear{}
	_ Model = TimeDecay{}
	_ Model = PositionBased{}
	_ Model = Markov{}
	_ Model = Shapley{}
	_ Model = ModelFunc(nil)
)

// maxTouches bounds the touches of one path, so that the denominators of
// the shares fit in 64 bits.
const maxTouches = 1 << 32

// check checks every path and returns the most decimal places of any
// value.
func check(paths []Path) (int32, error) {
	var scale int32
	for i := range paths {
		p := &paths[i]
		_, places, err := checkPath(i, p)
		if err != nil {
			return 0, err
		}
		if uint64(len(p.Touches)) > maxTouches {
			return 0, invalid(pathField(i, "Touches"), strconv.Itoa(len(p.Touches))+" touches", "more than 2^32 touches")
		}
		scale = max(scale, places)
	}
	return scale, nil
}

// interner numbers channel names in the order they are first seen.
type interner struct {
	ids    map[string]int32
	names  []string
	last   string
	lastID int32
}

// id returns the number of name.
func (in *interner) id(name string) int32 {
	if len(in.names) > 0 && name == in.last {
		return in.lastID
	}
	if in.ids == nil {
		in.ids = make(map[string]int32)
	}
	id, ok := in.ids[name]
	if !ok {
		id = int32(len(in.names))
		in.ids[name] = id
		in.names = append(in.names, name)
	}
	in.last, in.lastID = name, id
	return id
}

// intern appends the numbers of p's channels to ids.
func (in *interner) intern(p *Path, ids []int32) []int32 {
	for _, t := range p.Touches {
		ids = append(ids, in.id(t.Channel))
	}
	return ids
}

// sorted returns the names sorted, and for each number the position of
// its name among them.
func (in *interner) sorted() (names []string, pos []int) {
	names = slices.Clone(in.names)
	slices.Sort(names)
	pos = make([]int, len(in.names))
	for i, name := range names {
		pos[in.ids[name]] = i
	}
	return names, pos
}

// totals adds up the conversions and the value of the converted paths;
// the value in units of 10^-scale.
type totals struct {
	scale       int32
	conv, value sum
}

// share is a fraction num/den of a path's conversions and value for
// channel k.
type share struct {
	k        int32
	num, den uint64
}

// tally adds up, for each denominator and channel, the numerators of the
// shares times the conversions and the value of their paths, so that the
// exact credits are sums of a few fractions.
type tally struct {
	row         map[uint64]int
	dens        []uint64
	conv, value [][]sum // [row][channel]
}

// add adds the shares of a path with conv conversions and the given value.
func (t *tally) add(shares []share, conv uint64, value amount) {
	last, r := uint64(0), 0
	for _, s := range shares {
		if s.num == 0 {
			continue
		}
		if s.den != last {
			var ok bool
			if r, ok = t.row[s.den]; !ok {
				if t.row == nil {
					t.row = make(map[uint64]int)
				}
				r = len(t.dens)
				t.row[s.den] = r
				t.dens = append(t.dens, s.den)
				t.conv = append(t.conv, nil)
				t.value = append(t.value, nil)
			}
			last = s.den
		}
		if int(s.k) >= len(t.conv[r]) {
			t.conv[r] = append(t.conv[r], make([]sum, int(s.k)+1-len(t.conv[r]))...)
			t.value[r] = append(t.value[r], make([]sum, int(s.k)+1-len(t.value[r]))...)
		}
		t.conv[r][s.k].addMul(s.num, amount{small: conv})
		t.value[r][s.k].addMul(s.num, value)
	}
}

// credits returns the exact credits of channels 0 to n-1, the values in
// units of 10^-scale.
func (t *tally) credits(n int) (conv, value []*big.Rat) {
	conv, value = make([]*big.Rat, n), make([]*big.Rat, n)
	for k := range n {
		conv[k], value[k] = new(big.Rat), new(big.Rat)
	}
	for r, den := range t.dens {
		d := new(big.Int).SetUint64(den)
		for k := range t.conv[r] {
			if !t.conv[r][k].isZero() {
				conv[k].Add(conv[k], new(big.Rat).SetFrac(t.conv[r][k].int(), d))
			}
			if !t.value[r][k].isZero() {
				value[k].Add(value[k], new(big.Rat).SetFrac(t.value[r][k].int(), d))
			}
		}
	}
	return conv, value
}

// splitter appends to out the shares of a path through channels ids
// (numbered by an interner).
type splitter func(ids []int32, out []share) []share

// attribute returns the credits, rounded to places, of a model that splits
// each converted path among its touches by fixed fractions.
func attribute(paths []Path, split splitter, places int32) (Credits, error) {
	e, err := exactly(paths, split)
	if err != nil {
		return nil, err
	}
	return e.round(places), nil
}

// exactly returns the exact credits of a model that splits each converted
// path among its touches by fixed fractions.
func exactly(paths []Path, split splitter) (*exact, error) {
	scale, err := check(paths)
	if err != nil {
		return nil, err
	}
	var (
		in     interner
		t      tally
		tot    = totals{scale: scale}
		ids    []int32
		shares []share
	)
	for i := range paths {
		p := &paths[i]
		ids = in.intern(p, ids[:0])
		if p.Conversions == 0 {
			continue
		}
		v := scaled(p.Value.Normalize(), scale)
		tot.conv.add(uint64(p.Conversions))
		tot.value.addAmount(v)
		shares = split(ids, shares[:0])
		t.add(shares, uint64(p.Conversions), v)
	}
	conv, value := t.credits(len(in.names))
	return finish(&in, conv, value, &tot), nil
}

// finish orders the exact credits of the interned channels (values in
// units of 10^-scale) by name.
func finish(in *interner, conv, value []*big.Rat, tot *totals) *exact {
	names, pos := in.sorted()
	n := len(names)
	e := &exact{
		names:      names,
		conv:       make([]*big.Rat, n),
		value:      make([]*big.Rat, n),
		convTotal:  new(big.Rat).SetInt(tot.conv.int()),
		valueTotal: new(big.Rat).SetFrac(tot.value.int(), pow10(tot.scale)),
	}
	unit := new(big.Rat).SetInt(pow10(tot.scale))
	for id, k := range pos {
		e.conv[k] = conv[id]
		e.value[k] = new(big.Rat).Quo(value[id], unit)
	}
	return e
}
