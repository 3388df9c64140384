package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/engagekit/engage/engagement"
)

// The shape of the Concurrent check: writers append batches while readers
// read everything over and over.
const (
	concWriters   = 4
	concBatches   = 20 // per writer
	concBatchSize = 6  // interactions per batch, spread over two customers
	concReaders   = 2
	concMaxErrors = 10 // stop reporting after this many problems
)

// concBatch returns batch b of writer w. Every interaction carries the
// batch's tag as its touch point, so a reader can tell whether it sees the
// whole batch or none of it.
func concBatch(w, b int) []engagement.Interaction {
	tag := fmt.Sprintf("w%d-b%02d", w, b)
	out := make([]engagement.Interaction, concBatchSize)
	for k := range out {
		c := engagement.CustomerID("cw" + strconv.Itoa(w))
		if k%2 == 1 {
			c = "shared"
		}
		out[k] = engagement.Interaction{
			ID:         tag + "-" + strconv.Itoa(k),
			Customer:   c,
			Time:       epoch().Add(time.Duration(b*concBatchSize+k)*time.Minute + time.Duration(w)*time.Second),
			Kind:       engagement.Visit,
			Touchpoint: tag,
		}
	}
	return out
}

func checkConcurrent(s engagement.Store) error {
	ctx := context.Background()
	var (
		mu sync.Mutex
		p  problems
	)
	report := func(found problems) {
		mu.Lock()
		defer mu.Unlock()
		for _, err := range found {
			if len(p) < concMaxErrors {
				p = append(p, err)
			}
		}
	}

	var writers sync.WaitGroup
	for w := range concWriters {
		writers.Add(1)
		go func() {
			defer writers.Done()
			var found problems
			defer func() {
				if x := recover(); x != nil {
					found.addf("writer %d: panic: %v", w, x)
				}
				report(found)
			}()
			id := engagement.CustomerID("cw" + strconv.Itoa(w))
			for b := range concBatches {
				if err := s.Append(ctx, concBatch(w, b)...); err != nil {
					found.addf("writer %d: Append of batch %d: %v", w, b, err)
					return
				}
				if b%3 == 2 {
					if err := s.Append(ctx, concBatch(w, b-1)...); err != nil {
						found.addf("writer %d: Append of batch %d again: got error %v, want nil", w, b-1, err)
						return
					}
				}
				c := engagement.Customer{ID: id, Attributes: map[string]string{"batches": strconv.Itoa(b + 1)}}
				if err := s.PutCustomers(ctx, c); err != nil {
					found.addf("writer %d: PutCustomers: %v", w, err)
					return
				}
			}
		}()
	}

	done := make(chan struct{})
	var readers sync.WaitGroup
	for r := range concReaders {
		readers.Add(1)
		go func() {
			defer readers.Done()
			defer func() {
				if x := recover(); x != nil {
					report(problems{fmt.Errorf("reader %d: panic: %v", r, x)})
				}
			}()
			for {
				var found problems
				got, ok := interactions(&found, s, engagement.Query{})
				if ok {
					for tag, n := range countByTouchpoint(got) {
						if n != concBatchSize {
							found.addf("reader %d saw %d of the %d interactions of batch %s; a batch is stored all or nothing", r, n, concBatchSize, tag)
						}
					}
				}
				if r%2 == 1 {
					customers(&found, s)
					if _, err := s.Customer(ctx, "cw0"); err != nil && !errors.Is(err, engagement.ErrNotFound) {
						found.addf("reader %d: Customer(%q): unexpected error: %v", r, "cw0", err)
					}
				}
				report(found)
				if len(found) > 0 {
					return
				}
				select {
				case <-done:
					return
				default:
				}
			}
		}()
	}
	writers.Wait()
	close(done)
	readers.Wait()

	var want []engagement.Interaction
	for w := range concWriters {
		for b := range concBatches {
			want = append(want, concBatch(w, b)...)
		}
	}
	slices.SortFunc(want, compareInteractions)
	if got, ok := interactions(&p, s, engagement.Query{}); ok {
		if len(got) != len(want) {
			p.addf("after the writers finished, Interactions({}) yielded %d interactions, want %d", len(got), len(want))
		}
		diffInteractions(&p, "Interactions({}) after the writers finished", want, got)
	}
	for w := range concWriters {
		id := engagement.CustomerID("cw" + strconv.Itoa(w))
		want := engagement.Customer{ID: id, Attributes: map[string]string{"batches": strconv.Itoa(concBatches)}}
		got, err := s.Customer(ctx, id)
		if err != nil || !got.Equal(want) {
			p.addf("Customer(%q) after the writers finished = %+v, %v; want %+v", id, got, err, want)
		}
	}
	return p.err()
}

func countByTouchpoint(ins []engagement.Interaction) map[string]int {
	n := make(map[string]int)
	for _, in := range ins {
		n[in.Touchpoint]++
	}
	return n
}
