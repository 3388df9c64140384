package engagement

import (
	"fmt"
	"hash/maphash"
)

// Merge adds the profiles of qs to ps: a customer in both gets the two
// profiles merged (see [Profile.Merge]), one only in qs gets a copy of
// theirs, and the skipped counts add up. Folding two sets of interactions
// with distinct IDs and merging the results gives what folding them
// together gives. qs must be as of the same time, with the same goodwill
// rules ([ErrMismatch] otherwise, and ps is left unchanged); it is not
// changed. Merge must not run with any other use of ps.
func (ps *Profiles) Merge(qs *Profiles) error {
	if !ps.basis.equal(qs.basis) {
		return fmt.Errorf("engagement: cannot merge profiles as of %s into profiles as of %s, or with other goodwill rules: %w",
			qs.basis.asOf, ps.basis.asOf, ErrMismatch)
	}
	n := len(ps.shards)
	for q := range qs.Unordered() {
		h := maphash.String(ps.seed, string(q.customer))
		ps.shards[shardOf(h, n)].profile(q.customer, h).merge(q)
	}
	ps.skipped += qs.skipped
	return nil
}
