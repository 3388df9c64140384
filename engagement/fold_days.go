package engagement

// groupDays gathers the purchase days of one group's customers while the
// group's events are folded, then gives each customer its day set, all
// cut from one array. Counting each customer's purchases first, to size
// the sets, would read every event of the group twice; this reads the
// purchases alone twice more. A worker keeps one and reuses it from group
// to group.
type groupDays struct {
	who  []uint16 // per purchase, the customer's place in the group
	days []int32  // per purchase, its day
	ends [1<<groupBits + 1]int32
}

// add notes a purchase of customer i of the group at t.
func (d *groupDays) add(i int, t int64) {
	d.who = append(d.who, uint16(i))
	d.days = append(d.days, dayOf(t))
}

// give calls set(i, s) with the day set of each of the group's n
// customers that has purchases, and forgets the purchases. The sets are
// cut from into, grown if need be and returned; each is sorted and
// without repeats, as daySet.add makes it, with room for all of its
// customer's purchases.
func (d *groupDays) give(n int, into []int32, set func(i int, s daySet)) []int32 {
	ends := d.ends[:n+1]
	clear(ends)
	for _, w := range d.who {
		ends[w+1]++
	}
	for i := 1; i <= n; i++ {
		ends[i] += ends[i-1]
	}
	if cap(into) < len(d.who) {
		into = make([]int32, len(d.who))
	}
	into = into[:len(d.who)]
	for j, w := range d.who { // moves ends[w] up to where customer w+1 starts
		into[ends[w]] = d.days[j]
		ends[w]++
	}
	start := int32(0)
	for i := range n {
		end := ends[i]
		if end > start {
			s := daySet(into[start:start:end])
			for _, day := range into[start:end] {
				s.add(day) // in place: s never reaches past the day being read
			}
			set(i, s)
		}
		start = end
	}
	d.who, d.days = d.who[:0], d.days[:0]
	return into
}
