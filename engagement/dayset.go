package engagement

import "slices"

// dayOf returns the UTC calendar day, counted from 1970-01-01, of a time in
// Unix nanoseconds.
func dayOf(nanos int64) int32 {
	d := nanos / nanosPerDay
	if nanos%nanosPerDay < 0 {
		d--
	}
	return int32(d)
}

const nanosPerDay = 86400 * 1e9

// daySet is a set of days kept as a sorted slice: small, exact, and cheap to
// merge. Events mostly arrive in time order, so inserts mostly append.
type daySet []int32

func (s *daySet) add(d int32) {
	n := len(*s)
	if n == 0 || (*s)[n-1] < d {
		*s = append(*s, d)
		return
	}
	i, found := slices.BinarySearch(*s, d)
	if !found {
		*s = slices.Insert(*s, i, d)
	}
}

// union returns the union of s and t, reusing neither.
func (s daySet) union(t daySet) daySet {
	out := make(daySet, 0, len(s)+len(t))
	i, j := 0, 0
	for i < len(s) && j < len(t) {
		switch {
		case s[i] < t[j]:
			out = append(out, s[i])
			i++
		case s[i] > t[j]:
			out = append(out, t[j])
			j++
		default:
			out = append(out, s[i])
			i++
			j++
		}
	}
	out = append(out, s[i:]...)
	return append(out, t[j:]...)
}
