package stages

import (
	"runtime"
	"sync"

	"github.com/engagekit/engage/engagement"
)

// Merge adds the counts of o to t.
func (t *Tally) Merge(o Tally) {
	for s, n := range o.Distribution {
		t.Distribution[s] += n
	}
	t.Satisfied += o.Satisfied
	t.Answered += o.Answered
}

// Tally classifies every profile of ps and counts the results, on workers
// goroutines (0 means GOMAXPROCS). prev gives each customer's earlier stage
// for hysteresis; nil means none is known. prev is called from several
// goroutines at once. Tally allocates nothing per profile.
func (r *Rules) Tally(ps *engagement.Profiles, prev func(engagement.CustomerID) Stage, workers int) Tally {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, ps.Len()/4096))
	parts := make([]Tally, workers)
	var wg sync.WaitGroup
	for i := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := &parts[i]
			for p := range ps.Part(i, workers) {
				before := Unclassified
				if prev != nil {
					before = prev(p.Customer())
				}
				t.Add(r.Classify(p, before))
			}
		}()
	}
	wg.Wait()
	var total Tally
	for _, t := range parts {
		total.Merge(t)
	}
	return total
}
