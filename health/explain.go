package health

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Explain says in sentences what made the score. Given the previous
// result (prev non-nil and scored), it says how the score and band moved
// and which measures moved it, largest first, each with its change in
// points of the score ("goodwill fell from 70 to 35: -8.2 points"); the
// changes add up to the score's. A measure whose value held can still move
// the score when another measure gains or loses its value, since the
// weights are shared among the measures with a value. Without a previous
// result it says which measure contributed most and which least, and
// which had no value.
func (r *Result) Explain(prev *Result) []string {
	if !r.Scored {
		if len(r.Missing) == 0 {
			return []string{"no score: the scorecard has no measures"}
		}
		return []string{"no score: no measure has a value (" + strings.Join(r.Missing, ", ") + ")"}
	}
	if prev == nil || !prev.Scored {
		return r.explainAlone()
	}
	return r.explainMoves(prev)
}

func (r *Result) headline() string {
	s := "score " + num(r.Score)
	if r.Band != "" {
		s += " (" + r.Band + ")"
	}
	return s + " by scorecard " + r.Scorecard
}

func (r *Result) explainAlone() []string {
	out := []string{r.headline()}
	parts := slices.Clone(r.Parts)
	slices.SortStableFunc(parts, func(a, b Part) int { return cmp.Compare(b.Points, a.Points) })
	top := parts[0]
	out = append(out, fmt.Sprintf("%s contributed most: %s of %s points (score %s, weight %s%%)",
		top.Measure, num(top.Points), num(r.Score), num(top.Value), num(top.Share*100)))
	if len(parts) > 1 {
		low := parts[len(parts)-1]
		out = append(out, fmt.Sprintf("%s contributed least: %s points (score %s, weight %s%%)",
			low.Measure, num(low.Points), num(low.Value), num(low.Share*100)))
	}
	if len(r.Missing) > 0 {
		out = append(out, "left out for want of a value: "+strings.Join(r.Missing, ", "))
	}
	return out
}

// move is one measure's change between two results.
type move struct {
	name       string
	was, is    float64 // values
	had, has   bool    // whether it had a value before and has one now
	pointsDiff float64
}

func (r *Result) explainMoves(prev *Result) []string {
	var head string
	switch d := r.Score - prev.Score; {
	case math.Round(d*10) == 0:
		head = "score held at " + num(r.Score)
	case d > 0:
		head = "score rose from " + num(prev.Score) + " to " + num(r.Score)
	default:
		head = "score fell from " + num(prev.Score) + " to " + num(r.Score)
	}
	switch {
	case r.Band != "" && prev.Band != "" && r.Band != prev.Band:
		head += ": band " + r.Band + ", was " + prev.Band
	case r.Band != "":
		head += ": still " + r.Band
	}
	if r.Scorecard != prev.Scorecard {
		head += "; scored by " + r.Scorecard + ", was " + prev.Scorecard
	}
	out := []string{head}

	var moves []move
	index := make(map[string]int, len(r.Parts)+len(prev.Parts))
	for _, p := range prev.Parts {
		index[p.Measure] = len(moves)
		moves = append(moves, move{name: p.Measure, was: p.Value, had: true, pointsDiff: -p.Points})
	}
	for _, p := range r.Parts {
		i, ok := index[p.Measure]
		if !ok {
			i = len(moves)
			moves = append(moves, move{name: p.Measure})
		}
		m := &moves[i]
		m.is, m.has = p.Value, true
		m.pointsDiff += p.Points
	}
	slices.SortStableFunc(moves, func(a, b move) int {
		return cmp.Compare(math.Abs(b.pointsDiff), math.Abs(a.pointsDiff))
	})
	for _, m := range moves {
		if math.Round(m.pointsDiff*10) == 0 && m.had == m.has && math.Round(m.is*10) == math.Round(m.was*10) {
			continue
		}
		pts := signed(m.pointsDiff) + " points"
		switch {
		case !m.has:
			out = append(out, fmt.Sprintf("%s has no value now (was %s): %s", m.name, num(m.was), pts))
		case !m.had:
			out = append(out, fmt.Sprintf("%s has a value now (%s): %s", m.name, num(m.is), pts))
		case m.is > m.was && num(m.is) != num(m.was):
			out = append(out, fmt.Sprintf("%s rose from %s to %s: %s", m.name, num(m.was), num(m.is), pts))
		case m.is < m.was && num(m.is) != num(m.was):
			out = append(out, fmt.Sprintf("%s fell from %s to %s: %s", m.name, num(m.was), num(m.is), pts))
		default:
			out = append(out, fmt.Sprintf("%s held at %s: %s as its share of the weight changed", m.name, num(m.is), pts))
		}
	}
	return out
}

// num formats v to one decimal, without a trailing ".0".
func num(v float64) string {
	v = math.Round(v*10) / 10
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func signed(v float64) string {
	s := num(v)
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s
}
