package sourcetest_test

import (
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
		t.Cleanup(srv.Close)
		return sourcetest.Fixture{
			Source: &listening.FeedSource{URL: srv.URL, Client: srv.Client()},
			Add: func(ms ...listening.Mention) error {
				f.mu.Lock()
				defer f.mu.Unlock()
				f.ms = append(f.ms, ms...)
				return nil
			},
		}
	})
}
