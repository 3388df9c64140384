package sqlstore_test

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/sqlstore"
	"github.com/shopspring/decimal"
)

// loadFor is how long TestLoad runs on each backend. The default is short,
// so that every test run checks that the store loses nothing under load;
// the figures in BENCHMARKS.md come from longer runs:
//
//	go test ./engagement/sqlstore/ -run TestLoad -v -sqlstore.load=20s
var loadFor = flag.Duration("sqlstore.load", 500*time.Millisecond, "how long TestLoad drives each backend")

// Load-test shape: writers append batches, readers read customers'
// histories and records, all at once, against one store.
const (
	loadWriters   = 8
	loadReaders   = 8
	loadBatch     = 10
	loadCustomers = 200
)

// TestLoad drives each backend with concurrent writers and readers for a
// fixed time and checks that no call failed and no write was lost or
// duplicated: every interaction a writer was told was stored is there,
// once, with its content. It logs throughput and latency percentiles.
func TestLoad(t *testing.T) {
	eachBackend(t, func(t *testing.T, open func(tb testing.TB) *sqlstore.Store) {
		s := open(t)
		ctx := context.Background()
		stop := time.Now().Add(*loadFor)

		var (
			mu        sync.Mutex
			errs      []error
			appendLat []time.Duration
			readLat   []time.Duration
			written   = make(map[string]engagement.Interaction)
		)
		fail := func(err error) {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}
		var wg sync.WaitGroup
		for w := range loadWriters {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var lat []time.Duration
				mine := make(map[string]engagement.Interaction)
				for n := 0; time.Now().Before(stop); n++ {
					batch := make([]engagement.Interaction, loadBatch)
					for i := range batch {
						batch[i] = loadInteraction(w, n, i)
					}
					// Every other batch repeats one interaction of the
					// writer's previous batch: stored once, no conflict.
					if n > 0 && n%2 == 0 {
						batch[0] = loadInteraction(w, n-1, 0)
					}
					start := time.Now()
					if err := s.Append(ctx, batch...); err != nil {
						fail(fmt.Errorf("writer %d batch %d: %w", w, n, err))
						return
					}
					lat = append(lat, time.Since(start))
					for _, in := range batch {
						mine[in.ID] = in
					}
				}
				mu.Lock()
				appendLat = append(appendLat, lat...)
				for id, in := range mine {
					written[id] = in
				}
				mu.Unlock()
			}()
		}
		for r := range loadReaders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var lat []time.Duration
				for n := 0; time.Now().Before(stop); n++ {
					id := loadCustomerID((r*7919 + n) % loadCustomers)
					start := time.Now()
					for _, err := range s.Interactions(ctx, engagement.Query{Customer: id}) {
						if err != nil {
							fail(fmt.Errorf("reader %d: %w", r, err))
							return
						}
					}
					lat = append(lat, time.Since(start))
				}
				mu.Lock()
				readLat = append(readLat, lat...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		for _, err := range errs {
			t.Error(err)
		}

		stored := make(map[string]engagement.Interaction)
		for in, err := range s.Interactions(ctx, engagement.Query{}) {
			if err != nil {
				t.Fatalf("reading back: %v", err)
			}
			if _, dup := stored[in.ID]; dup {
				t.Errorf("interaction %q stored twice", in.ID)
			}
			stored[in.ID] = in
		}
		lost, wrong := 0, 0
		for id, want := range written {
			got, ok := stored[id]
			switch {
			case !ok:
				lost++
			case !got.Equal(want):
				wrong++
			}
		}
		if lost > 0 || wrong > 0 || len(stored) != len(written) {
			t.Errorf("after load: %d written, %d stored, %d lost, %d wrong", len(written), len(stored), lost, wrong)
		}
		secs := loadFor.Seconds()
		t.Logf("%s: %v with %d writers (batches of %d) and %d readers: %d appends (%.0f/s, %.0f interactions/s), p50 %v, p99 %v; %d reads (%.0f/s), p50 %v, p99 %v; 0 errors, %d lost",
			t.Name(), *loadFor, loadWriters, loadBatch, loadReaders,
			len(appendLat), float64(len(appendLat))/secs, float64(len(written))/secs, percentile(appendLat, 50), percentile(appendLat, 99),
			len(readLat), float64(len(readLat))/secs, percentile(readLat, 50), percentile(readLat, 99), lost)
	})
}

// loadInteraction is interaction i of batch n of writer w: an ID of its
// own, for one of loadCustomers customers shared by all writers.
func loadInteraction(w, n, i int) engagement.Interaction {
	k := (w*1_000_003 + n*loadBatch + i) % loadCustomers
	return engagement.Interaction{
		ID:       fmt.Sprintf("w%d-b%d-%d", w, n, i),
		Customer: loadCustomerID(k),
		Time:     time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n*loadBatch+i) * time.Second),
		Kind:     engagement.Purchase,
		Amount:   decimal.New(int64(100+i), -2),
		Properties: engagement.Properties{
			"sku": engagement.StringValue(fmt.Sprintf("sku-%d", i)),
		},
	}
}

func loadCustomerID(k int) engagement.CustomerID {
	return engagement.CustomerID(fmt.Sprintf("c%03d", k))
}

// percentile returns the p-th percentile of ds (nearest rank), or 0 for none.
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p+99)/100 - 1
	return s[max(i, 0)].Round(time.Microsecond)
}
