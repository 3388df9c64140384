package clv

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
)

// ForecastOptions tunes [Model.ForecastBaseContext]. The zero value uses
// every core and reports no progress.
type ForecastOptions struct {
	// Workers is the number of goroutines forecasting at once; zero means
	// runtime.GOMAXPROCS(0). It must not be negative. The result does not
	// depend on it.
	Workers int

	// Progress, when not nil, is called with the number of customers
	// forecast so far and the number in all after each batch of
	// customers, so that done reaches total at the end of a forecast that
	// succeeds. It is called from the goroutine that called
	// ForecastBaseContext, never concurrently, and done never decreases.
	Progress func(done, total int)
}

// forecastBatch is the number of customers a worker forecasts between
// looks at the context and reports of progress.
const forecastBatch = 1024

// ForecastBase returns the forecast for each summary and their totals. The
// totals are exact sums of the rounded per-customer figures, so they add up.
// It is [Model.ForecastBaseContext] with a background context and the zero
// [ForecastOptions]: it uses every core.
func (m Model) ForecastBase(ss []Summary, h Horizon) (BaseForecast, error) {
	return m.ForecastBaseContext(context.Background(), ss, h, ForecastOptions{})
}

// ForecastBaseContext is [Model.ForecastBase] spread over opts.Workers
// goroutines. The result is the same whatever the number of workers, to
// the last decimal: the forecasts are in the order of ss, the totals are
// summed in that order, and the error, if any, is that of the first
// summary in ss that fails, as one goroutine would find it. When ctx is
// done first it stops within a batch of customers per worker and returns
// an error wrapping ctx.Err().
func (m Model) ForecastBaseContext(ctx context.Context, ss []Summary, h Horizon, opts ForecastOptions) (BaseForecast, error) {
	if opts.Workers < 0 {
		return BaseForecast{}, fieldError("", "workers", strconv.Itoa(opts.Workers), "workers must not be negative")
	}
	if len(ss) == 0 {
		return BaseForecast{}, ErrNoCustomers
	}
	if err := h.validate(); err != nil {
		return BaseForecast{}, err
	}
	if err := ctx.Err(); err != nil {
		return BaseForecast{}, fmt.Errorf("clv: forecast: %w", err)
	}
	batches := (len(ss) + forecastBatch - 1) / forecastBatch
	workers := min(max(1, opts.Workers), batches)
	if opts.Workers == 0 {
		workers = min(runtime.GOMAXPROCS(0), batches)
	}

	fs := make([]Forecast, len(ss))
	var (
		next     atomic.Int64 // the next batch to claim
		failMu   sync.Mutex
		failAt   = len(ss) // index of the first failing summary found
		failErr  error
		finished = make(chan int, batches) // customers per finished batch
		wg       sync.WaitGroup
	)
	failed := func(i int) bool {
		failMu.Lock()
		defer failMu.Unlock()
		return failAt < i
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				b := int(next.Add(1) - 1)
				lo := b * forecastBatch
				if b >= batches || ctx.Err() != nil || failed(lo) {
					return
				}
				hi := min(lo+forecastBatch, len(ss))
				i := lo
				for ; i < hi; i++ {
					f, err := m.Forecast(ss[i], h)
					if err != nil {
						failMu.Lock()
						if i < failAt {
							failAt, failErr = i, err
						}
						failMu.Unlock()
						break
					}
					fs[i] = f
				}
				finished <- i - lo
			}
		}()
	}
	go func() {
		wg.Wait()
		close(finished)
	}()

	done := 0
	for n := range finished {
		done += n
		if opts.Progress != nil {
			opts.Progress(done, len(ss))
		}
	}
	// Every worker has stopped: failErr and fs are theirs no more.
	if failErr != nil {
		return BaseForecast{}, failErr
	}
	if err := ctx.Err(); err != nil && done < len(ss) {
		return BaseForecast{}, fmt.Errorf("clv: forecast: %w", err)
	}
	var rev, val sum
	for _, f := range fs {
		rev.add(f.Revenue)
		val.add(f.Value)
	}
	return BaseForecast{Customers: fs, Revenue: rev.value(), Value: val.value()}, nil
}
