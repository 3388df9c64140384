package attribution

// EqualDistinct gives each converted path's conversions and value in
// equal shares to the path's distinct channels: "a > b > a" gives a and b
// half each. The order of the touches and repeated touches play no part.
//
// This is the Shapley value of the conversion-count game of "simplified"
// Shapley attribution (Zhao et al. 2018, "Shapley value methods for
// attribution modeling in online advertising", section 3): the players
// are the channels, and the worth v(S) of a coalition S is the
// conversions (or the value) of the converted paths whose channels are
// all in S. That game is the sum over paths of the path's conversions
// times the unanimity game of its channel set C, whose Shapley value is
// 1/|C| for each member of C; so the Shapley value reduces to the equal
// split, whatever the number of channels (the tests check this against
// enumerating every coalition). Non-converting paths play no part in
// that game, which is why the model is named for what it computes: for
// the Shapley value of a game that weighs conversions against the
// journeys that did not convert, see [RateShapley].
//
// The credits add up to every conversion and all the value and are
// symmetric (renaming channels renames their credits), up to rounding.
// The zero value is the model with credits rounded to [DefaultPlaces].
type EqualDistinct struct {
	// Places is how many decimal places the credits are rounded to (more
	// for values whose total has more); zero means DefaultPlaces.
	Places int32
}

// Shapley is the former name of [EqualDistinct], which computes the
// Shapley value of the conversion-count game only.
//
// Deprecated: use [EqualDistinct], or [RateShapley] for a Shapley value
// that accounts for the journeys that did not convert.
type Shapley = EqualDistinct

// Attribute implements [Model].
func (m EqualDistinct) Attribute(paths []Path) (Credits, error) {
	places, err := checkPlaces("EqualDistinct", m.Places)
	if err != nil {
		return nil, err
	}
	return attribute(paths, shapley(), places)
}

// shapley returns a splitter giving each distinct channel of a path an
// equal share.
func shapley() splitter {
	var seen []int // seen[k] == mark: channel k is on the current path
	mark := 0
	return func(ids []int32, out []share) []share {
		mark++
		start := len(out)
		for _, k := range ids {
			for int(k) >= len(seen) {
				seen = append(seen, 0)
			}
			if seen[k] != mark {
				seen[k] = mark
				out = append(out, share{k: k, num: 1})
			}
		}
		m := uint64(len(out) - start)
		for i := start; i < len(out); i++ {
			out[i].den = m
		}
		return out
	}
}
