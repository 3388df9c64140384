package stages

import (
	"fmt"
	"math"
	"strings"

	"github.com/engagekit/engage/engagement"
)

// Counts counts moves between stages from one period to the next:
// c[from][to] is how many people were at stage from and then at stage to.
// Prospects and former customers are states like the stages, so a
// matrix made from Counts sees people arrive and leave.
type Counts [NumStages + 1][NumStages + 1]int

// Add counts one move; stages outside the known range are ignored.
func (c *Counts) Add(from, to Stage) {
	if int(from) < len(c) && int(to) < len(c) {
		c[from][to]++
	}
}

// AddHistory counts the moves of one person's history: their stage at the
// end of each period, oldest first.
func (c *Counts) AddHistory(history []Stage) {
	for i := 1; i < len(history); i++ {
		c.Add(history[i-1], history[i])
	}
}

// Transitions counts the moves between two dated snapshots of a base.
// Someone only in after was not known before and is counted as coming from
// Prospect; someone only in before is gone and is counted as moving to
// Former.
func Transitions(before, after map[engagement.CustomerID]Stage) Counts {
	var c Counts
	for id, from := range before {
		to, ok := after[id]
		if !ok {
			to = Former
		}
		c.Add(from, to)
	}
	for id, to := range after {
		if _, ok := before[id]; !ok {
			c.Add(Prospect, to)
		}
	}
	return c
}

// From returns how many moves started at stage s.
func (c Counts) From(s Stage) int {
	n := 0
	if int(s) < len(c) {
		for _, v := range c[s] {
			n += v
		}
	}
	return n
}

// Matrix returns the transition matrix: each row holds the shares of the
// moves from that stage, and sums to 1. A stage nobody moved from keeps
// its people (its row is the identity row): with no evidence of movement,
// the matrix assumes none.
func (c Counts) Matrix() Matrix {
	var m Matrix
	for from := range c {
		n := c.From(Stage(from))
		if n == 0 {
			m[from][from] = 1
			continue
		}
		for to, v := range c[from] {
			m[from][to] = float64(v) / float64(n)
		}
	}
	return m
}

// Matrix is a transition matrix between stages: m[from][to] is the
// probability that someone at stage from is at stage to a period later.
// Every row sums to 1.
type Matrix [NumStages + 1][NumStages + 1]float64

// Vector holds an expected number of people per stage, indexed by Stage.
type Vector [NumStages + 1]float64

// Vector returns the distribution as a vector of counts.
func (d Distribution) Vector() Vector {
	var v Vector
	for s, n := range d {
		v[s] = float64(n)
	}
	return v
}

// Total returns the sum of the vector: the number of people.
func (v Vector) Total() float64 {
	t := 0.0
	for _, x := range v {
		t += x
	}
	return t
}

// String lists the expected counts to one decimal place.
func (v Vector) String() string {
	var parts []string
	for s := Prospect; s <= Former; s++ {
		parts = append(parts, fmt.Sprintf("%s %.1f", s, v[s]))
	}
	return strings.Join(parts, ", ")
}

// Step returns where the people of v are expected to be a period later.
func (m *Matrix) Step(v Vector) Vector {
	var out Vector
	for from, n := range v {
		if n == 0 {
			continue
		}
		for to, p := range m[from] {
			out[to] += n * p
		}
	}
	return out
}

// Project returns where the people of v are expected to be k periods
// later (k < 0 counts as 0). The total is conserved, up to floating-point
// rounding.
func (m *Matrix) Project(v Vector, k int) Vector {
	for range max(k, 0) {
		v = m.Step(v)
	}
	return v
}

// LongRun returns where the people of v end up in the long run: the limit
// of the projection as the number of periods grows. For a chain that
// cycles (people moving back and forth forever) it is the average over the
// cycle. It is computed from the lazy chain (I+M)/2, which has the same
// long-run distribution and always converges, by squaring its matrix
// until it stops changing.
func (m *Matrix) LongRun(v Vector) Vector {
	var lazy Matrix
	for i := range m {
		for j := range m[i] {
			lazy[i][j] = m[i][j] / 2
		}
		lazy[i][i] += 0.5
	}
	for range 128 {
		next := lazy.times(&lazy)
		next.normalise()
		if next.near(&lazy, 1e-15) {
			lazy = next
			break
		}
		lazy = next
	}
	return lazy.Step(v)
}

func (m *Matrix) times(o *Matrix) Matrix {
	var out Matrix
	for i := range m {
		for k, a := range m[i] {
			if a == 0 {
				continue
			}
			for j, b := range o[k] {
				out[i][j] += a * b
			}
		}
	}
	return out
}

// normalise rescales each row to sum to 1, undoing rounding drift.
func (m *Matrix) normalise() {
	for i := range m {
		s := 0.0
		for _, x := range m[i] {
			s += x
		}
		if s > 0 {
			for j := range m[i] {
				m[i][j] /= s
			}
		}
	}
}

func (m *Matrix) near(o *Matrix, tol float64) bool {
	for i := range m {
		for j := range m[i] {
			if math.Abs(m[i][j]-o[i][j]) > tol {
				return false
			}
		}
	}
	return true
}
