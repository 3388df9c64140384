package listening

import (
	"context"
	"fmt"
	"strconv"
	"sync"
)

// MemorySource is a [Source] that holds mentions in memory, in the order
// they were added: the default for tests, and a queue an application can
// fill from its own code. The zero MemorySource is empty and ready to use.
// Its cursor is the number of mentions already read, as a decimal string.
//
// A MemorySource is safe for concurrent use. It must not be copied after
// first use.
type MemorySource struct {
	mu sync.Mutex
	ms []Mention
}

var _ Source = (*MemorySource)(nil)

// Add appends mentions, all or nothing: if any fails [Mention.Validate] it
// returns that error and adds none. The mentions are copied.
func (s *MemorySource) Add(ms ...Mention) error {
	for i, m := range ms {
		if err := m.Validate(); err != nil {
			return fmt.Errorf("listening: mention %d: %w", i, err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range ms {
		s.ms = append(s.ms, cloneMention(m))
	}
	return nil
}

// Len returns the number of mentions held.
func (s *MemorySource) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.ms)
}

// Fetch implements [Source]: it returns copies of every mention added after
// those cursor counts.
func (s *MemorySource) Fetch(ctx context.Context, cursor Cursor) ([]Mention, Cursor, error) {
	if err := ctx.Err(); err != nil {
		return nil, cursor, fmt.Errorf("listening: memory source: %w", err)
	}
	from := 0
	if cursor != "" {
		n, err := strconv.Atoi(string(cursor))
		if err != nil || n < 0 {
			return nil, cursor, fmt.Errorf("listening: memory source cursor %q: %w", cursor, ErrCursor)
		}
		from = n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if from > len(s.ms) {
		return nil, cursor, fmt.Errorf("listening: memory source cursor %q past the end: %w", cursor, ErrCursor)
	}
	out := make([]Mention, 0, len(s.ms)-from)
	for _, m := range s.ms[from:] {
		out = append(out, cloneMention(m))
	}
	return out, Cursor(strconv.Itoa(len(s.ms))), nil
}
