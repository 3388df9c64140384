package attribution

import (
	"encoding/csv"
	"io"
	"math/big"
	"strconv"
)

// The names of the states of a transition matrix that are not channels,
// as ChannelAttribution writes them.
const (
	StartState      = "(start)"
	ConversionState = "(conversion)"
	NullState       = "(null)"
)

// TransitionMatrix is the transition matrix of a Markov chain fitted to
// paths (see [MarkovOrder]): its states and the observed transitions
// between them, with their counts and maximum-likelihood probabilities.
type TransitionMatrix struct {
	// States names the transient states: StartState first, then the
	// others sorted by name, each its channels joined by " > ". The
	// absorbing states are ConversionState and NullState.
	States []string
	// Transitions holds every transition observed at least once, by From
	// in the order of States, then by To in the same order, with
	// ConversionState and NullState last.
	Transitions []Transition
}

// Transition is one entry of a [TransitionMatrix].
type Transition struct {
	From, To string
	// Count is how many times the transition was made (each path's
	// transitions count its conversions + nulls times).
	Count *big.Int
	// Probability is Count over the count of all transitions out of From,
	// rounded to the nearest float64. The probabilities out of a state
	// add up to 1, up to that rounding.
	Probability float64
}

// matrix returns the transition matrix of the chain.
func (c *kchain) matrix() TransitionMatrix {
	var m TransitionMatrix
	for _, ids := range c.states {
		m.States = append(m.States, c.stateName(ids))
	}
	for s := range c.states {
		total := c.outTotal(s)
		if total.Sign() == 0 {
			continue
		}
		add := func(to string, n *sum) {
			if n.isZero() {
				return
			}
			x := n.int()
			p, _ := new(big.Rat).SetFrac(x, total).Float64()
			m.Transitions = append(m.Transitions, Transition{From: m.States[s], To: to, Count: x, Probability: p})
		}
		for i := range c.next[s] {
			add(m.States[c.next[s][i].to], &c.next[s][i].n)
		}
		add(ConversionState, &c.conv[s])
		add(NullState, &c.null[s])
	}
	return m
}

// WriteCSV writes the transitions as comma-separated values with the
// header from,to,count,probability, one transition a line in the order of
// m.Transitions, quoting names as RFC 4180 does; probabilities are written
// in the shortest form that reads back as the same float64. It returns
// the first error writing to w.
func (m TransitionMatrix) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"from", "to", "count", "probability"}); err != nil {
		return err
	}
	for _, t := range m.Transitions {
		count := "0"
		if t.Count != nil {
			count = t.Count.String()
		}
		rec := []string{t.From, t.To, count, strconv.FormatFloat(t.Probability, 'g', -1, 64)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
