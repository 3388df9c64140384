package attribution

// Shapley gives each channel its Shapley value in the cooperative game of
// "simple" data-driven attribution (Dalessandro et al. 2012; Zhao et al.
// 2018): the players are the channels, and the worth v(S) of a coalition
// S of channels is the conversions (for the conversion credits) or the
// value (for the value credits) of the converted paths whose channels are
// all in S. The order of the touches and repeated touches play no part.
//
// The Shapley value is computed exactly and without enumerating
// coalitions, so there is no limit on the number of channels: v is the
// sum over paths of the path's conversions (or value) times the unanimity
// game of the path's channel set C (worth 1 for every S containing C),
// whose Shapley value is 1/|C| for each member of C and 0 for the rest;
// the Shapley value is linear in the game, so each converted path gives an
// equal share to each of its distinct channels. The tests check this
// against enumerating every coalition.
//
// The credits are efficient (they add up to v of all channels: every
// conversion and all the value) and symmetric (renaming channels renames
// their credits), up to rounding. The zero value is the model with credits
// rounded to [DefaultPlaces].
type Shapley struct {
	// Places is how many decimal places the credits are rounded to (more
	// for values whose total has more); zero means DefaultPlaces.
	Places int32
}

// Attribute implements [Model].
func (m Shapley) Attribute(paths []Path) (Credits, error) {
	places, err := checkPlaces("Shapley", m.Places)
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
