package listening_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/engagekit/engage/listening"
	"github.com/google/go-cmp/cmp"
)

// rssFeed renders an RSS 2.0 feed whose items have the given guids.
func rssFeed(guids ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Reviews</title>`)
	for i, g := range guids {
		fmt.Fprintf(&b, `<item><guid>%s</guid><title>Item %s</title><link>https://shop.test/%s</link>
<description>&lt;p&gt;The refund was &lt;b&gt;bad&lt;/b&gt; &amp;amp; slow&lt;/p&gt;</description>
<dc:creator>user%d</dc:creator><pubDate>Mon, 06 May 2024 %02d:00:00 +0000</pubDate></item>`, g, g, g, i, 9-i)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

func ids(ms []listening.Mention) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

func TestFeedSourceRSS(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rssFeed("b", "a"))
	}))
	defer srv.Close()
	src := &listening.FeedSource{URL: srv.URL, Name: "reviews"}
	ms, _, err := src.Fetch(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	// Oldest first: "a" is dated 08:00, "b" 09:00.
	want := []listening.Mention{
		{ID: "a", Source: "reviews", Author: "user1", Time: lcT0.Add(8 * time.Hour), Text: "Item a\nThe refund was bad & slow", URL: "https://shop.test/a"},
		{ID: "b", Source: "reviews", Author: "user0", Time: lcT0.Add(9 * time.Hour), Text: "Item b\nThe refund was bad & slow", URL: "https://shop.test/b"},
	}
	if diff := cmp.Diff(want, ms); diff != "" {
		t.Errorf("Fetch mismatch (-want +got):\n%s", diff)
	}
}

func TestParseFeedAtom(t *testing.T) {
	const doc = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Forum</title><updated>2024-05-06T12:00:00Z</updated>
<entry><id>urn:1</id><title type="text">Checkout broken</title>
<link rel="self" href="https://forum.test/self/1"/><link href="https://forum.test/1"/>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>It is <em>bad</em>.</p></div></content>
<author><name>Bo</name></author><published>2024-05-06T10:30:00+01:00</published></entry>
<entry><title type="html">&lt;b&gt;No date&lt;/b&gt;</title><link href="https://forum.test/2"/><summary>Takes the feed's date</summary></entry>
<entry><id>urn:3</id><title></title><updated>2024-05-06T11:00:00Z</updated></entry>
</feed>`
	ms, err := listening.ParseFeed([]byte(doc), "forum", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := []listening.Mention{
		{ID: "urn:1", Source: "forum", Author: "Bo", Time: time.Date(2024, 5, 6, 10, 30, 0, 0, time.FixedZone("", 3600)), Text: "Checkout broken\nIt is bad.", URL: "https://forum.test/1"},
		{ID: "https://forum.test/2", Source: "forum", Time: lcT0.Add(12 * time.Hour), Text: "No date\nTakes the feed's date", URL: "https://forum.test/2"},
	}
	if diff := cmp.Diff(want, ms); diff != "" {
		t.Errorf("ParseFeed mismatch (-want +got):\n%s", diff)
	}
}

func TestParseFeedMalformed(t *testing.T) {
	for name, doc := range map[string]string{
		"truncated":   rssFeed("a")[:120],
		"html":        `<html><body>Not a feed</body></html>`,
		"no channel":  `<rss version="2.0"></rss>`,
		"empty":       ``,
		"atom no ns":  `<feed><entry><id>1</id><title>x</title></entry></feed>`,
		"no date":     `<rss><channel><item><title>x</title></item></channel></rss>`,
		"bad charset": `<?xml version="1.0" encoding="EBCDIC"?><rss><channel/></rss>`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := listening.ParseFeed([]byte(doc), "s", time.Time{})
			if !errors.Is(err, listening.ErrFeedFormat) || !strings.HasPrefix(err.Error(), "listening: ") {
				t.Errorf("ParseFeed = %v, want ErrFeedFormat", err)
			}
		})
	}
	ms, err := listening.ParseFeed([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><item><title>caf`+"\xe9"+`</title></item></channel></rss>`), "s", lcT0)
	if err != nil || len(ms) != 1 || ms[0].Text != "café" {
		t.Errorf("ParseFeed(Latin-1) = %v, %v; want one mention \"café\" at the fallback time", ms, err)
	}
}

func TestFeedSourceConditionalGET(t *testing.T) {
	for _, mode := range []string{"etag", "last-modified"} {
		t.Run(mode, func(t *testing.T) {
			var requests, notModified atomic.Int32
			const etag, modified = `"v1"`, "Mon, 06 May 2024 09:00:00 GMT"
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				if mode == "etag" {
					w.Header().Set("ETag", etag)
					if r.Header.Get("If-None-Match") == etag {
						notModified.Add(1)
						w.WriteHeader(http.StatusNotModified)
						return
					}
				} else {
					w.Header().Set("Last-Modified", modified)
					if r.Header.Get("If-Modified-Since") == modified {
						notModified.Add(1)
						w.WriteHeader(http.StatusNotModified)
						return
					}
				}
				fmt.Fprint(w, rssFeed("a", "b"))
			}))
			defer srv.Close()
			ctx := context.Background()
			src := &listening.FeedSource{URL: srv.URL}
			ms, c, err := src.Fetch(ctx, "")
			if err != nil || len(ms) != 2 {
				t.Fatalf("first poll = %d mentions, %v", len(ms), err)
			}
			ms, c2, err := src.Fetch(ctx, c)
			if err != nil || len(ms) != 0 || c2 != c {
				t.Fatalf("second poll = %d mentions, %v, cursor changed %v", len(ms), err, c2 != c)
			}
			if requests.Load() != 2 || notModified.Load() != 1 {
				t.Errorf("server saw %d requests, answered %d with 304; want 2 and 1", requests.Load(), notModified.Load())
			}
		})
	}
}

func TestFeedSourceNoRepeats(t *testing.T) {
	polls := [][]string{{"a", "b"}, {"c", "b", "a"}, {"c", "b"}, {"a", "d", "d"}}
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		fmt.Fprint(w, rssFeed(polls[min(i, len(polls)-1)]...))
	}))
	defer srv.Close()
	src := &listening.FeedSource{URL: srv.URL}
	var c listening.Cursor
	var got [][]string
	for range polls {
		ms, next, err := src.Fetch(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ids(ms))
		c = next
	}
	want := [][]string{{"b", "a"}, {"c"}, {}, {"d"}} // oldest first by pubDate
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mentions per poll mismatch (-want +got):\n%s", diff)
	}
}

func TestFeedSourceSlow(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	defer srv.Close()
	for name, src := range map[string]*listening.FeedSource{
		"default client": {URL: srv.URL, Timeout: 50 * time.Millisecond},
		"own client":     {URL: srv.URL, Timeout: 50 * time.Millisecond, Client: srv.Client()},
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			_, c, err := src.Fetch(context.Background(), "")
			var ne net.Error
			if !errors.Is(err, context.DeadlineExceeded) && !(errors.As(err, &ne) && ne.Timeout()) {
				t.Errorf("Fetch = %v, want a timeout", err)
			}
			if c != "" {
				t.Errorf("cursor after a failed poll = %q, want unchanged", c)
			}
			if d := time.Since(start); d > 4*time.Second { // generous: CI machines stall
				t.Errorf("Fetch took %v with a 50ms timeout", d)
			}
		})
	}
	// The caller's context is honoured too.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := (&listening.FeedSource{URL: srv.URL}).Fetch(ctx, ""); !errors.Is(err, context.Canceled) {
		t.Errorf("Fetch(cancelled ctx) = %v, want context.Canceled", err)
	}
}

func TestFeedSourceHuge(t *testing.T) {
	chunk := strings.Repeat("<!-- padding -->", 1024)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/declared" {
			w.Header().Set("Content-Length", fmt.Sprint(200*len(chunk)))
		}
		fmt.Fprint(w, `<rss><channel>`)
		for range 200 { // about 3 MiB
			if _, err := fmt.Fprint(w, chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	for _, path := range []string{"/streamed", "/declared"} {
		_, _, err := (&listening.FeedSource{URL: srv.URL + path, MaxBytes: 64 << 10}).Fetch(context.Background(), "")
		if !errors.Is(err, listening.ErrTooLarge) {
			t.Errorf("Fetch(%s) = %v, want ErrTooLarge", path, err)
		}
	}
}

func TestFeedSourceBadAnswers(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/500":
			http.Error(w, "oops", http.StatusInternalServerError)
		case "/html":
			fmt.Fprint(w, "<!DOCTYPE html><html><body>Moved</body></html>")
		case "/truncated":
			fmt.Fprint(w, rssFeed("a")[:150])
		}
	}))
	defer srv.Close()
	for path, want := range map[string]error{"/500": listening.ErrFeedStatus, "/html": listening.ErrFeedFormat, "/truncated": listening.ErrFeedFormat} {
		_, c, err := (&listening.FeedSource{URL: srv.URL + path}).Fetch(context.Background(), "")
		if !errors.Is(err, want) || c != "" {
			t.Errorf("Fetch(%s) = %v, cursor %q; want %v", path, err, c, want)
		}
	}
	if _, _, err := (&listening.FeedSource{URL: srv.URL}).Fetch(context.Background(), "{not json"); !errors.Is(err, listening.ErrCursor) {
		t.Errorf("Fetch(bad cursor) = %v, want ErrCursor", err)
	}
}

func TestFeedSourceDateHeaderFallback(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", "Mon, 06 May 2024 15:00:00 GMT")
		fmt.Fprint(w, `<rss version="2.0"><channel><item><title>undated</title></item></channel></rss>`)
	}))
	defer srv.Close()
	ms, _, err := (&listening.FeedSource{URL: srv.URL}).Fetch(context.Background(), "")
	if err != nil || len(ms) != 1 || !ms[0].Time.Equal(lcT0.Add(15*time.Hour)) || !strings.HasPrefix(ms[0].ID, "sha256:") {
		t.Fatalf("Fetch = %v, %v; want one mention at the Date header's time with a hashed ID", ms, err)
	}
}
