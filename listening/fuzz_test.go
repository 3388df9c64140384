package listening_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/listening"
)

func FuzzParseFeed(f *testing.F) {
	f.Add([]byte(rssFeed("a", "b")))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><title type="xhtml"><div>x<b>y</b></div></title><updated>2024-05-06T10:00:00Z</updated></entry></feed>`))
	f.Add([]byte(`<rss><channel><pubDate>Mon, 06 May 2024 09:00:00 GMT</pubDate><item><description>&lt;p&gt;a</description></item></channel></rss>`))
	f.Add([]byte(`<?xml version="1.0" encoding="latin1"?><rss><channel><item><title>x</title><pubDate>3000-01-01</pubDate></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ms, err := listening.ParseFeed(data, "s", time.Time{})
		if err != nil {
			if !errors.Is(err, listening.ErrFeedFormat) {
				t.Fatalf("ParseFeed error %v does not match ErrFeedFormat", err)
			}
			return
		}
		for _, m := range ms {
			if err := m.Validate(); err != nil {
				t.Fatalf("ParseFeed returned an invalid mention %+v: %v", m, err)
			}
		}
	})
}

func FuzzReadJSONL(f *testing.F) {
	f.Add(`{"id":"1","time":"2024-05-06T09:00:00Z","text":"a","topics":["x"]}` + "\n\n" + `{"id":"2","time":"2024-05-06T09:00:00+02:00","text":"b","customer":"c"}`)
	f.Add(`{"id":"1","time":"2024-05-06T09:00:00Z"}`)
	f.Add(`{"id":1}` + "\n" + `[]`)
	f.Fuzz(func(t *testing.T, in string) {
		checkRead(t, listening.ReadJSONL(strings.NewReader(in)))
	})
}

func FuzzReadCSV(f *testing.F) {
	f.Add("id,time,text,topics\n1,2024-05-06T09:00:00Z,\"a\nb\",x|y\n")
	f.Add("id,time,text\n1,2024-05-06T09:00:00Z\n")
	f.Add("ID,Text,Time,Source\n2,\"q\"\"uote\",2024-05-06T09:00:00Z,s\n")
	f.Fuzz(func(t *testing.T, in string) {
		checkRead(t, listening.ReadCSV(strings.NewReader(in)))
	})
}

// checkRead checks that a reader yields only valid mentions and, at most
// once and last, an error matching listening.ErrInvalid or ErrTooLarge.
func checkRead(t *testing.T, seq func(func(listening.Mention, error) bool)) {
	failed := false
	for m, err := range seq {
		if failed {
			t.Fatalf("reader yielded after an error")
		}
		if err != nil {
			failed = true
			if !errors.Is(err, listening.ErrInvalid) && !errors.Is(err, listening.ErrTooLarge) {
				t.Fatalf("error %v matches neither listening.ErrInvalid nor ErrTooLarge", err)
			}
			continue
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("reader yielded an invalid mention %+v: %v", m, err)
		}
	}
}
