package storetest

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/engagekit/engage/engagement"
)

// The shape of the OverlappingWriters check: every writer appends, each
// round, the round's shared interactions (the same IDs and content as
// every other writer) with some of its own, and puts the shared customers
// and its own. The number of rounds, not a time, bounds it.
const (
	overlapWriters         = 8
	overlapRounds          = 6
	overlapShared          = 6 // shared interactions per round, over overlapSharedCustomers customers
	overlapOwn             = 2 // each writer's own interactions per round
	overlapSharedCustomers = 3
)

// overlapSharedCustomer returns the k-th shared customer ID.
func overlapSharedCustomer(k int) engagement.CustomerID {
	return engagement.CustomerID("shared-" + strconv.Itoa(k))
}

// overlapBatch returns what writer w appends in round r: the shared
// interactions and the writer's own, rotated by w so that writers meet the
// same IDs in different orders.
func overlapBatch(w, r int) []engagement.Interaction {
	t0 := epoch().Add(time.Duration(r) * time.Hour)
	var out []engagement.Interaction
	for k := range overlapShared {
		out = append(out, engagement.Interaction{
			ID:         fmt.Sprintf("r%d-shared-%d", r, k),
			Customer:   overlapSharedCustomer(k % overlapSharedCustomers),
			Time:       t0.Add(time.Duration(k) * time.Minute),
			Kind:       engagement.Visit,
			Touchpoint: "web",
			Properties: engagement.Properties{"round": engagement.IntValue(int64(r)), "k": engagement.IntValue(int64(k))},
		})
	}
	for k := range overlapOwn {
		out = append(out, engagement.Interaction{
			ID:         fmt.Sprintf("r%d-w%d-%d", r, w, k),
			Customer:   engagement.CustomerID("writer-" + strconv.Itoa(w)),
			Time:       t0.Add(time.Duration(k)*time.Minute + time.Duration(w)*time.Second),
			Kind:       engagement.Purchase,
			Properties: engagement.Properties{"writer": engagement.IntValue(int64(w))},
		})
	}
	n := w % len(out)
	return append(out[n:], out[:n]...)
}

// overlapCustomers returns the customers writer w puts in round r: the
// shared ones, as every writer puts them that round, and its own, rotated
// by w.
func overlapCustomers(w, r int) []engagement.Customer {
	var out []engagement.Customer
	for k := range overlapSharedCustomers {
		out = append(out, engagement.Customer{
			ID: overlapSharedCustomer(k), Name: "round " + strconv.Itoa(r),
			Traits: engagement.Properties{"round": engagement.IntValue(int64(r))},
		})
	}
	out = append(out, engagement.Customer{
		ID: engagement.CustomerID("writer-" + strconv.Itoa(w)), Account: "acme",
		Traits: engagement.Properties{"round": engagement.IntValue(int64(r))},
	})
	n := w % len(out)
	return append(out[n:], out[:n]...)
}

func checkOverlappingWriters(s engagement.Store) error {
	ctx := context.Background()
	var (
		mu sync.Mutex
		p  problems
		wg sync.WaitGroup
	)
	start := make(chan struct{})
	for w := range overlapWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var found problems
			defer func() {
				if x := recover(); x != nil {
					found.addf("writer %d: panic: %v", w, x)
				}
				mu.Lock()
				p = append(p, found...)
				mu.Unlock()
			}()
			<-start
			for r := range overlapRounds {
				batch := overlapBatch(w, r)
				if err := s.Append(ctx, batch...); err != nil {
					found.addf("writer %d, round %d: Append of %d interactions, %d of them with the IDs and content every writer appends that round: got error %v, want nil",
						w, r, len(batch), overlapShared, err)
					return
				}
				cs := overlapCustomers(w, r)
				if err := s.PutCustomers(ctx, cs...); err != nil {
					found.addf("writer %d, round %d: PutCustomers of %d customers, %d of them put by every writer that round: got error %v, want nil",
						w, r, len(cs), overlapSharedCustomers, err)
					return
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	if len(p) > 0 {
		return p.err()
	}

	// Every shared interaction once, and every writer's own.
	want := make(map[string]engagement.Interaction)
	var wantAll []engagement.Interaction
	for w := range overlapWriters {
		for r := range overlapRounds {
			for _, in := range overlapBatch(w, r) {
				if _, ok := want[in.ID]; !ok {
					want[in.ID] = in
					wantAll = append(wantAll, in)
				}
			}
		}
	}
	slices.SortFunc(wantAll, compareInteractions)
	after := fmt.Sprintf("%d writers each appended %d rounds of overlapping batches", overlapWriters, overlapRounds)
	if got, ok := interactions(&p, s, engagement.Query{}); ok {
		seen := make(map[string]int)
		for _, in := range got {
			seen[in.ID]++
			w, ok := want[in.ID]
			switch {
			case !ok:
				p.addf("Interactions({}) after %s yielded id %q, which no writer appended", after, in.ID)
			case !in.Equal(w):
				p.addf("Interactions({}) after %s yielded %+v, want %+v", after, in, w)
			}
		}
		for _, id := range slices.Sorted(maps.Keys(want)) {
			switch n := seen[id]; {
			case n == 0:
				p.addf("Interactions({}) after %s lost id %q", after, id)
			case n > 1:
				p.addf("Interactions({}) after %s yielded id %q %d times, want once", after, id, n)
			}
			if len(p) > concMaxErrors {
				return p.err()
			}
		}
		if len(p) == 0 {
			diffInteractions(&p, "Interactions({}) after "+after, wantAll, got)
		}
	}

	// Each writer's last PutCustomers comes after its earlier ones, so the
	// last call of all is some writer's last round, and every writer puts
	// the shared customers alike in a round.
	var wantCustomers []engagement.Customer
	for w := range overlapWriters {
		for _, c := range overlapCustomers(w, overlapRounds-1) {
			if !slices.ContainsFunc(wantCustomers, func(d engagement.Customer) bool { return d.ID == c.ID }) {
				wantCustomers = append(wantCustomers, c)
			}
		}
	}
	slices.SortFunc(wantCustomers, func(a, b engagement.Customer) int { return cmp.Compare(a.ID, b.ID) })
	if got, ok := customers(&p, s); ok {
		diffCustomers(&p, "Customers after "+after+" (each as put in the last round)", wantCustomers, got)
	}
	return p.err()
}
