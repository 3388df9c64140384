package simulate_test

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/estimate"
	"github.com/engagekit/engage/simulate"
	"github.com/engagekit/engage/stages"
)

// inBase reports whether a customer of the true stage s is in the
// customer base that stages.LevelOf places: neither a prospect nor a
// former customer.
func inBase(s stages.Stage) bool { return s.IsEngagement() }

// builtInBase is the multiplier a base was built with over the customers
// still in it (see inBase): the ratio of the mean true multiplier of its
// engaged customers to that of the others. It is what an observed
// multiplier through classified levels estimates, former customers having
// no level once classified.
func builtInBase(b *simulate.Base) float64 {
	var se, so float64
	var ne, no int
	for _, c := range b.Customers {
		t := b.Truth[c.ID]
		switch {
		case !inBase(t.Stage):
		case simulate.EngagedLevel(t.Level):
			se += t.Multiplier
			ne++
		default:
			so += t.Multiplier
			no++
		}
	}
	return (se / float64(ne)) / (so / float64(no))
}

// TestClassifiedLevelsRecoverTruth classifies the bases of many seeds with
// the library's default levels (stages.ProfileLevel) and checks them
// against the levels the simulation built:
//
//   - at least 95% of the transactional customers of each level, over all
//     seeds, are classified on it, and at least 90% in every seed;
//   - the share of each level among the classified customers is within 2
//     points of its true share among the customers in the base;
//   - the 95% interval of the observed multiplier through classified
//     levels covers the built multiplier in at least 20 of 24 seeds. The
//     count of covering seeds of a correct 95% interval is binomial
//     (24, 0.95): mean 22.8, standard deviation 1.07, and 19 or fewer with
//     probability 0.6%. The seeds are fixed, so the test is repeatable.
func TestClassifiedLevelsRecoverTruth(t *testing.T) {
	seeds, need := 24, 20
	if testing.Short() {
		// Binomial (6, 0.95) is 3 or fewer with probability 0.2%.
		seeds, need = 6, 4
	}
	// The seeds are independent: check them in parallel, then sum up.
	results := make([]seedLevels, seeds)
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range results {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			results[i] = checkSeedLevels(uint64(1000 + i))
		}()
	}
	wg.Wait()

	var agree, total [stages.NumLevels + 1]int
	covered := 0
	for _, r := range results {
		if r.err != nil {
			t.Fatalf("seed %d: %v", r.seed, r.err)
		}
		for l := stages.ActivelyDisengaged; l <= stages.NotEngaged; l++ {
			if share := float64(r.agree[l]) / float64(r.total[l]); share < 0.9 {
				t.Errorf("seed %d: %d of %d transactional %s customers classified so (%.3f), want at least 90%%",
					r.seed, r.agree[l], r.total[l], l, share)
			}
			agree[l] += r.agree[l]
			total[l] += r.total[l]
		}
		for l := stages.ActivelyDisengaged; l <= stages.FullyEngaged; l++ {
			want, got := float64(r.trueCount[l])/float64(r.trueN), float64(r.classCount[l])/float64(r.classN)
			if math.Abs(got-want) > 0.02 {
				t.Errorf("seed %d: %s is %.3f of the classified customers, want %.3f ± 0.02 (its true share)", r.seed, l, got, want)
			}
		}
		if o := r.obs; o.Low <= r.built && r.built <= o.High {
			covered++
		} else {
			t.Logf("seed %d: built with x%.4f, observed %.4f [%.4f, %.4f]", r.seed, r.built, o.Ratio, o.Low, o.High)
		}
	}
	for l := stages.ActivelyDisengaged; l <= stages.NotEngaged; l++ {
		share := float64(agree[l]) / float64(total[l])
		t.Logf("%s: %d of %d transactional customers classified so (%.3f)", l, agree[l], total[l], share)
		if share < 0.95 {
			t.Errorf("%d of %d transactional %s customers classified so (%.3f), want at least 95%%", agree[l], total[l], l, share)
		}
	}
	t.Logf("the interval covered the built multiplier in %d of %d seeds", covered, seeds)
	if covered < need {
		t.Errorf("the 95%% interval through classified levels covered the built multiplier in %d of %d seeds, want at least %d", covered, seeds, need)
	}
}

// seedLevels is what one seed's base shows of its levels.
type seedLevels struct {
	seed                  uint64
	agree, total          [stages.NumLevels + 1]int // transactional customers on their true level, by true level
	trueCount, classCount [stages.NumLevels + 1]int // customers in the base by true level; classified customers by level
	trueN, classN         int
	obs                   estimate.Observed // through classified levels
	built                 float64           // builtInBase
	err                   error
}

func checkSeedLevels(seed uint64) seedLevels {
	r := seedLevels{seed: seed}
	b, err := simulate.Generate(simulate.Config{Seed: seed, Mentions: noMentions})
	if err != nil {
		r.err = err
		return r
	}
	profiles, err := engagement.Fold(context.Background(), slices.Values(b.Interactions), b.AsOf)
	if err != nil {
		r.err = err
		return r
	}
	for _, c := range b.Customers {
		tr := b.Truth[c.ID]
		p, ok := profiles.Get(c.ID)
		if !ok {
			r.err = fmt.Errorf("customer %s (%s) has no interactions", c.ID, tr.Stage)
			return r
		}
		got := stages.ProfileLevel(p)
		if got != stages.NoLevel {
			r.classCount[got]++
			r.classN++
		}
		if !inBase(tr.Stage) {
			continue
		}
		r.trueCount[tr.Level]++
		r.trueN++
		if tr.Stage == stages.Transactional {
			r.total[tr.Level]++
			if got == tr.Level {
				r.agree[tr.Level]++
			}
		}
	}
	r.obs, r.err = estimate.ObserveMultiplier(estimate.SamplesOf(profiles.Unordered(), stages.ProfileLevel), estimate.ObserveOptions{Seed: seed})
	r.built = builtInBase(b)
	return r
}
