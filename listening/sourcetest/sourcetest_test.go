package sourcetest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/listening/sourcetest"
)

func TestMemorySource(t *testing.T) {
	sourcetest.Run(t, func(t *testing.T) sourcetest.Fixture {
		s := new(listening.MemorySource)
		return sourcetest.Fixture{Source: s, Add: s.Add}
	})
}

func TestSourceMemory(t *testing.T) {
	if err := sourcetest.TestSource(func() (sourcetest.Fixture, error) {
		s := new(listening.MemorySource)
		return sourcetest.Fixture{Source: s, Add: s.Add}, nil
	}); err != nil {
		t.Fatal(err)
	}
	// A source that forgets everything fails, naming the clauses.
	err := sourcetest.TestSource(func() (sourcetest.Fixture, error) {
		forget := listening.SourceFunc(func(ctx context.Context, c listening.Cursor) ([]listening.Mention, listening.Cursor, error) {
			return nil, c, ctx.Err()
		})
		return sourcetest.Fixture{Source: forget, Add: func(...listening.Mention) error { return nil }}, nil
	})
	if err == nil || !strings.Contains(err.Error(), "sourcetest: ReadBackInOrder: ") {
		t.Fatalf("TestSource of a forgetful source = %v, want a ReadBackInOrder failure", err)
	}
}

func TestFileSource(t *testing.T) {
	sourcetest.Run(t, func(t *testing.T) sourcetest.Fixture {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("m%d.jsonl", time.Now().UnixNano()))
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		return sourcetest.Fixture{
			Source: &listening.FileSource{Path: path},
			Add: func(ms ...listening.Mention) error {
				f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					return err
				}
				defer f.Close()
				enc := json.NewEncoder(f)
				for _, m := range ms {
					if err := enc.Encode(m); err != nil {
						return err
					}
				}
				return nil
			},
		}
	})
}

// feed is an RSS feed served over HTTP holding the mentions added to it.
type feed struct {
	mu sync.Mutex
	ms []listening.Mention
}

func (f *feed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>`)
	for i := len(f.ms) - 1; i >= 0; i-- { // newest first, as feeds are
		m := f.ms[i]
		fmt.Fprintf(&b, "<item><guid>%s</guid><title>%s</title><pubDate>%s</pubDate></item>",
			html.EscapeString(m.ID), html.EscapeString(m.Text), m.Time.Format(time.RFC1123Z))
	}
	b.WriteString(`</channel></rss>`)
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, b.String())
}

func TestFeedSource(t *testing.T) {
	sourcetest.Run(t, func(t *testing.T) sourcetest.Fixture {
		f := new(feed)
		srv := httptest.NewServer(f)
		return sourcetest.Fixture{
			Source: &listening.FeedSource{URL: srv.URL, Client: srv.Client()},
			Add: func(ms ...listening.Mention) error {
				f.mu.Lock()
				defer f.mu.Unlock()
				f.ms = append(f.ms, ms...)
				return nil
			},
			Close: func() error { srv.Close(); return nil },
		}
	})
}
