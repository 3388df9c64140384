package clv

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// sequentialForecast is the oracle: one customer after another, totals
// summed in order.
func sequentialForecast(m Model, ss []Summary, h Horizon) (BaseForecast, error) {
	if len(ss) == 0 {
		return BaseForecast{}, ErrNoCustomers
	}
	var b BaseForecast
	var rev, val sum
	for _, s := range ss {
		f, err := m.Forecast(s, h)
		if err != nil {
			return BaseForecast{}, err
		}
		rev.add(f.Revenue)
		val.add(f.Value)
		b.Customers = append(b.Customers, f)
	}
	b.Revenue, b.Value = rev.value(), val.value()
	return b, nil
}

// TestForecastBaseContextWorkers checks that any number of workers gives
// the sequential forecast, exactly, and the error of the first summary that
// fails.
func TestForecastBaseContextWorkers(t *testing.T) {
	m := Model{Purchases: cdnowBGNBD, Spend: cdnowGammaGamma}
	base := synthetic(21, 5000, cdnowBGNBD, cdnowGammaGamma)
	h := Horizon{Periods: 6, PeriodLength: 4, DiscountRate: 0.01}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, len(base)).Draw(t, "customers")
		ss := slices.Clone(base[:n])
		for range rapid.IntRange(0, 2).Draw(t, "bad summaries") {
			i := rapid.IntRange(0, n-1).Draw(t, "bad at")
			ss[i].Recency = ss[i].Age + 1
		}
		workers := rapid.IntRange(0, 9).Draw(t, "workers")
		want, wantErr := sequentialForecast(m, ss, h)
		got, err := m.ForecastBaseContext(context.Background(), ss, h, ForecastOptions{Workers: workers})
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("%d workers: error %v, want %v", workers, err, wantErr)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%d workers (-sequential +parallel):\n%s", workers, diff)
		}
		if err == nil && (!got.Revenue.Equal(want.Revenue) || got.Revenue.String() != want.Revenue.String()) {
			t.Fatalf("revenue %s, want %s", got.Revenue, want.Revenue)
		}
	})
}

// TestForecastBaseIsContextForm checks that the old method gives the same
// as the new one.
func TestForecastBaseIsContextForm(t *testing.T) {
	m := Model{Purchases: cdnowBGNBD, Spend: cdnowGammaGamma}
	ss := synthetic(22, 3000, cdnowBGNBD, cdnowGammaGamma)
	h := Horizon{Periods: 12, PeriodLength: 52.0 / 12, DiscountRate: 0.01}
	want, err1 := sequentialForecast(m, ss, h)
	got, err2 := m.ForecastBase(ss, h)
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ForecastBase (-sequential +got):\n%s", diff)
	}
	if _, err := m.ForecastBase(nil, h); !errors.Is(err, ErrNoCustomers) {
		t.Errorf("no summaries: %v, want ErrNoCustomers", err)
	}
}

func TestForecastBaseContextProgress(t *testing.T) {
	m := Model{Purchases: cdnowBGNBD, Spend: cdnowGammaGamma}
	ss := synthetic(23, 5*forecastBatch+17, cdnowBGNBD, cdnowGammaGamma)
	var calls []int // appended without a lock: the race detector sees concurrent calls
	_, err := m.ForecastBaseContext(context.Background(), ss, Horizon{Periods: 2}, ForecastOptions{
		Workers: 3,
		Progress: func(done, total int) {
			if total != len(ss) {
				t.Errorf("total %d, want %d", total, len(ss))
			}
			calls = append(calls, done)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 6 || !slices.IsSorted(calls) || calls[len(calls)-1] != len(ss) {
		t.Errorf("progress %v, want 6 rising counts ending at %d", calls, len(ss))
	}
}

func TestForecastBaseContextCancel(t *testing.T) {
	m := Model{Purchases: cdnowBGNBD, Spend: cdnowGammaGamma}
	ss := synthetic(24, 50*forecastBatch, cdnowBGNBD, cdnowGammaGamma)
	h := Horizon{Periods: 12}

	done, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.ForecastBaseContext(done, ss, h, ForecastOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before: %v, want context.Canceled", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var last int
	_, err := m.ForecastBaseContext(ctx, ss, h, ForecastOptions{Workers: 1, Progress: func(done, total int) {
		last = done
		cancel()
	}})
	if !errors.Is(err, context.Canceled) || last == len(ss) {
		t.Errorf("cancelled midway after %d of %d: %v, want context.Canceled", last, len(ss), err)
	}

	var fe *FieldError
	if _, err := m.ForecastBaseContext(context.Background(), ss, h, ForecastOptions{Workers: -1}); !errors.As(err, &fe) || fe.Field != "workers" {
		t.Errorf("workers -1: %v, want a workers error", err)
	}
}
