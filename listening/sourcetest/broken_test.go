package sourcetest

import (
	"context"
	"testing"

	"github.com/engagekit/engage/listening"
)

// repeating is a broken source: it ignores the cursor and always returns
// everything, so it repeats mentions and accepts any cursor.
type repeating struct{ listening.MemorySource }

func (r *repeating) Fetch(ctx context.Context, _ listening.Cursor) ([]listening.Mention, listening.Cursor, error) {
	ms, _, err := r.MemorySource.Fetch(ctx, "")
	return ms, "", err
}

// sharing is a broken source that hands out its own mentions.
type sharing struct{ ms []listening.Mention }

func (s *sharing) Fetch(ctx context.Context, c listening.Cursor) ([]listening.Mention, listening.Cursor, error) {
	if c == "end" {
		return nil, c, nil
	}
	return s.ms, "end", nil
}

func TestClausesCatchBrokenSources(t *testing.T) {
	byName := map[string]clause{}
	for _, c := range clauses() {
		byName[c.name] = c
	}
	rep := func() Fixture { s := new(repeating); return Fixture{Source: s, Add: s.Add} }
	shr := func() Fixture {
		s := new(sharing)
		return Fixture{Source: s, Add: func(ms ...listening.Mention) error { s.ms = append(s.ms, ms...); return nil }}
	}
	for name, f := range map[string]func() Fixture{
		"ResumeWithoutRepeats": rep,
		"ForeignCursor":        rep,
		"CallerOwnsMentions":   shr,
		"CancelledContext":     shr,
	} {
		if err := byName[name].check(f()); err == nil {
			t.Errorf("clause %s passed a broken source", name)
		}
	}
	s := new(listening.MemorySource)
	for _, c := range clauses() {
		s = new(listening.MemorySource)
		if err := c.check(Fixture{Source: s, Add: s.Add}); err != nil {
			t.Errorf("clause %s failed MemorySource: %v", c.name, err)
		}
	}
}
