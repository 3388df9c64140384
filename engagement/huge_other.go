//go:build !linux

package engagement

// adviseHuge does nothing where huge pages are not asked for.
func adviseHuge[T any]([]T) {}
