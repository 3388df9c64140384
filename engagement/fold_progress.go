package engagement

import "sync"

// DefaultProgressEvery is how many interactions a fold or an import handles
// between calls of its progress function when the options leave the
// interval zero.
const DefaultProgressEvery = 1 << 16

// progress calls a progress function every so many events, and once at
// the end; calls never overlap and their counts only grow. A nil progress
// does nothing.
type progress struct {
	fn       func(n int)
	every    int
	mu       sync.Mutex
	n        int // events so far
	reported int // the count last passed to fn
}

func newProgress(fn func(n int), every int) *progress {
	if fn == nil {
		return nil
	}
	if every <= 0 {
		every = DefaultProgressEvery
	}
	return &progress{fn: fn, every: every}
}

// add counts n more events, calling fn when an interval has passed.
func (p *progress) add(n int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n += n
	if p.n/p.every > p.reported/p.every {
		p.reported = p.n
		p.fn(p.n)
	}
}

// done reports the final count, unless it was the last one reported.
func (p *progress) done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.n != p.reported || p.n == 0 {
		p.reported = p.n
		p.fn(p.n)
	}
}
