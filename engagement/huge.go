package engagement

// growHuge returns s with room for n more elements, as slices.Grow does,
// but advises a new array's huge pages (see adviseHuge) before the old
// elements are copied in and fault its pages.
func growHuge[T any](s []T, n int) []T {
	if n <= cap(s)-len(s) {
		return s
	}
	t := make([]T, len(s), len(s)+n)
	adviseHuge(t)
	copy(t, s)
	return t
}

// makeHuge returns a new slice of n zero elements, its huge pages advised
// before anything touches them.
func makeHuge[T any](n int) []T {
	s := make([]T, n)
	adviseHuge(s)
	return s
}
