package engagement

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// progressLog records progress calls, checking they do not overlap.
type progressLog struct {
	mu    sync.Mutex
	busy  bool
	calls []int
	t     *testing.T
}

func (l *progressLog) record(n int) {
	l.mu.Lock()
	if l.busy {
		l.t.Error("progress calls overlap")
	}
	l.busy = true
	l.calls = append(l.calls, n)
	l.mu.Unlock()
	time.Sleep(time.Microsecond)
	l.mu.Lock()
	l.busy = false
	l.mu.Unlock()
}

// check fails t unless the calls rose steadily, at least every `every`
// events give or take grain, and ended at total.
func (l *progressLog) check(t *testing.T, name string, every, grain, total int) {
	t.Helper()
	if len(l.calls) == 0 || l.calls[len(l.calls)-1] != total {
		t.Fatalf("%s: progress calls %v; want them to end at %d", name, l.calls, total)
	}
	last := 0
	for _, n := range l.calls {
		if n <= last && !(n == 0 && total == 0) || n-last > every+grain {
			t.Fatalf("%s: progress calls %v; want rising steps of about %d", name, l.calls, every)
		}
		last = n
	}
	if want := total / (every + grain); len(l.calls) < want {
		t.Fatalf("%s: %d progress calls for %d events every %d; want at least %d", name, len(l.calls), total, every, want)
	}
}

func TestFoldProgress(t *testing.T) {
	ctx := context.Background()
	ins := benchInteractions(50_000, 7_000)
	for _, total := range []int{0, 1, 1024, 50_000} {
		for _, workers := range []int{1, 2} {
			log := &progressLog{t: t}
			f := Folder{Workers: workers, Progress: log.record, ProgressEvery: 5000}
			if _, err := f.Fold(ctx, slices.Values(ins[:total]), genAsOf); err != nil {
				t.Fatal(err)
			}
			log.check(t, "Fold", 5000, batchSize, total)

			var b Batch
			for _, in := range ins[:total] {
				if err := b.Add(in); err != nil {
					t.Fatal(err)
				}
			}
			log = &progressLog{t: t}
			f.Progress = log.record
			if _, err := f.FoldBatch(ctx, &b, genAsOf); err != nil {
				t.Fatal(err)
			}
			log.check(t, "FoldBatch", 5000, total/max(1, b.Customers()>>groupBits), total)
		}
	}
}
