package stages

import (
	"fmt"
	"strings"
)

// Distribution counts people by stage, indexed by Stage:
// d[stages.Returning] is the number of returning customers. The
// Unclassified slot counts people not yet classified.
type Distribution [NumStages + 1]int

// Add counts one person at stage s; stages outside the known range are
// ignored.
func (d *Distribution) Add(s Stage) {
	if int(s) < len(d) {
		d[s]++
	}
}

// Total returns the number of people counted, whatever their stage.
func (d Distribution) Total() int {
	n := 0
	for _, c := range d {
		n += c
	}
	return n
}

// Customers returns the number at one of the three stages of engagement.
func (d Distribution) Customers() int {
	return d[Transactional] + d[Returning] + d[Advocate]
}

// Share returns the share of current customers (the three stages) at stage
// s, from 0 to 1; 0 when there are none or s is not a stage of engagement.
func (d Distribution) Share(s Stage) float64 {
	n := d.Customers()
	if n == 0 || !s.IsEngagement() {
		return 0
	}
	return float64(d[s]) / float64(n)
}

// String lists the counts, such as
// "prospect 10, transactional 50, returning 30, advocate 8, former 2".
func (d Distribution) String() string {
	var parts []string
	for s := Prospect; s <= Former; s++ {
		parts = append(parts, fmt.Sprintf("%s %d", s, d[s]))
	}
	if d[Unclassified] > 0 {
		parts = append(parts, fmt.Sprintf("unclassified %d", d[Unclassified]))
	}
	return strings.Join(parts, ", ")
}
