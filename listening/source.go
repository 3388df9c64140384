package listening

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Cursor marks how far a caller has read a [Source]. It is opaque: only
// the source that returned it can read it. The empty Cursor means "from the
// beginning". A cursor is a plain string so that callers can persist it
// between runs and resume without repeats.
type Cursor string

// Source yields the mentions said since a cursor: a file being appended
// to, a feed polled over HTTP, a queue filled by the application.
//
// The built-in sources are [MemorySource], [FileSource] and [FeedSource].
type Source interface {
	// Fetch returns the mentions that follow cursor, in the order the
	// source holds them, and the cursor to pass next time. Fetching again
	// from the returned cursor never repeats a mention; fetching from the
	// same cursor twice may return the same mentions twice (a cursor is a
	// position, not a lease).
	//
	// Every returned mention passes [Mention.Validate]. The returned slice
	// and the mentions in it belong to the caller: the source keeps no
	// reference to them.
	//
	// When err is non-nil the mentions returned (possibly none) are still
	// good and next covers exactly them, so fetching from next retries the
	// failed part. A cursor the source did not produce gives an error
	// matching [ErrCursor]; bad input data gives a *[FieldError]
	// matching [ErrInvalid]. Once ctx is done Fetch returns an
	// error wrapping ctx.Err().
	//
	// Fetch may be called concurrently, with the same or different
	// cursors: all state lives in the cursor.
	Fetch(ctx context.Context, cursor Cursor) (ms []Mention, next Cursor, err error)
}

// SourceFunc adapts a function to the [Source] interface.
type SourceFunc func(ctx context.Context, cursor Cursor) ([]Mention, Cursor, error)

// Fetch calls f(ctx, cursor).
func (f SourceFunc) Fetch(ctx context.Context, cursor Cursor) ([]Mention, Cursor, error) {
	return f(ctx, cursor)
}

// The span of times a Mention may carry: those whose UnixNano is exact, as
// for [engagement.Interaction], so that every mention from a known customer
// can become an interaction.
var (
	minMentionTime = time.Unix(0, -1<<63)
	maxMentionTime = time.Unix(0, 1<<63-1)
)

// Validate reports the first problem with m as a *[FieldError],
// or nil. A mention needs an ID, a time within the years 1678 to 2262, and
// some text; topics, when given, must be non-empty and free of '|' (the
// separator of the CSV form).
func (m Mention) Validate() error {
	switch {
	case strings.TrimSpace(m.ID) == "":
		return invalid("id", m.ID, "mention id is empty")
	case m.Time.IsZero():
		return invalid("time", "", "time is missing")
	case m.Time.Before(minMentionTime) || m.Time.After(maxMentionTime):
		return invalid("time", m.Time.Format(time.RFC3339), "time must lie within the years 1678 to 2262")
	case strings.TrimSpace(m.Text) == "":
		return invalid("text", m.Text, "text is empty")
	}
	for _, t := range m.Topics {
		if strings.TrimSpace(t) == "" || strings.Contains(t, "|") {
			return invalid("topics", t, "topic is empty or contains '|'")
		}
	}
	return nil
}

// cloneMention returns a copy of m that shares no memory with it.
func cloneMention(m Mention) Mention {
	m.Topics = slices.Clone(m.Topics)
	return m
}
