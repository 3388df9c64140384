package listening

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/engagekit/engage/internal/fielderr"
)

// Defaults for [FeedSource].
const (
	// DefaultFeedTimeout bounds one poll of a feed, from sending the
	// request to reading the last byte of the body: 30 seconds.
	DefaultFeedTimeout = 30 * time.Second
	// DefaultFeedMaxBytes caps the size of a feed body: 10 MiB, far above
	// any real feed (they run to tens or hundreds of kilobytes).
	DefaultFeedMaxBytes = 10 << 20
	// DefaultFeedRemember is how many item IDs a [FeedSource] cursor
	// remembers to drop repeats: 1,000, or the number of items in the last
	// response if that is larger.
	DefaultFeedRemember = 1000
)

// FeedSource is a [Source] that polls an RSS 2.0 or Atom feed over HTTP.
// Each Fetch makes one GET request and returns the items not returned
// before, oldest first.
//
// Polls are cheap when nothing changed: the cursor keeps the ETag and
// Last-Modified the server sent, and the next request sends them back as
// If-None-Match and If-Modified-Since, so a server that supports
// conditional GET answers 304 Not Modified with no body; Fetch then returns
// no mentions and the same cursor. Items are told apart by their RSS guid
// or Atom id, else by their link, else by their title and text; the cursor
// remembers the last [DefaultFeedRemember] keys (hashed), so an item is
// never returned twice across polls, even when the server ignores
// conditional GET or a process restarts from a saved cursor.
//
// A mention's Time is the item's date (RSS pubDate or dc:date, Atom
// published or updated), else the feed's date, else the Date header of the
// response. Its Text is the title followed by the description or content,
// with HTML tags removed. Items with no text are skipped.
//
// Fetch honours ctx and bounds each poll by Timeout. A body over MaxBytes
// fails with [ErrTooLarge], a status other than 200 or 304 with
// [ErrFeedStatus], and a body that is not a feed with [ErrFeedFormat]; the
// cursor is then unchanged, so the next poll tries again.
//
// The zero FeedSource is not usable: set URL. A FeedSource is safe for
// concurrent use; it holds no state between calls.
type FeedSource struct {
	// URL is the feed's address.
	URL string
	// Name is stored in each Mention's Source; empty means URL.
	Name string
	// Client makes the requests; nil means a client with Timeout as its
	// timeout. The client's own timeout, if any, also applies.
	Client *http.Client
	// Timeout bounds one Fetch; zero or negative means
	// DefaultFeedTimeout.
	Timeout time.Duration
	// MaxBytes caps the response body; zero or negative means
	// DefaultFeedMaxBytes.
	MaxBytes int64
	// Remember is how many item keys the cursor keeps; zero or negative
	// means DefaultFeedRemember.
	Remember int
}

var _ Source = (*FeedSource)(nil)

// feedState is what a FeedSource cursor holds.
type feedState struct {
	ETag     string   `json:"etag,omitempty"`
	Modified string   `json:"modified,omitempty"`
	Seen     []string `json:"seen,omitempty"` // hashed item keys, newest first
}

// Fetch implements [Source]: it polls the feed once.
func (s *FeedSource) Fetch(ctx context.Context, cursor Cursor) ([]Mention, Cursor, error) {
	var st feedState
	if cursor != "" {
		if err := json.Unmarshal([]byte(cursor), &st); err != nil {
			return nil, cursor, fmt.Errorf("listening: feed cursor: %w", ErrCursor)
		}
	}
	timeout, limit := s.Timeout, s.MaxBytes
	if timeout <= 0 {
		timeout = DefaultFeedTimeout
	}
	if limit <= 0 {
		limit = DefaultFeedMaxBytes
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL, nil)
	if err != nil {
		return nil, cursor, fmt.Errorf("listening: feed %q: %w", s.URL, err)
	}
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1")
	if st.ETag != "" {
		req.Header.Set("If-None-Match", st.ETag)
	}
	if st.Modified != "" {
		req.Header.Set("If-Modified-Since", st.Modified)
	}
	client := s.Client
	if client == nil {
		client = &http.Client{Timeout: timeout}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, cursor, fmt.Errorf("listening: feed %s: %w", s.URL, err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNotModified:
		return nil, cursor, nil
	case http.StatusOK:
	default:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
		return nil, cursor, fmt.Errorf("listening: feed %s: status %s: %w", s.URL, resp.Status, ErrFeedStatus)
	}
	if resp.ContentLength > limit {
		return nil, cursor, fmt.Errorf("listening: feed %s: body of %d bytes exceeds %d: %w", s.URL, resp.ContentLength, limit, ErrTooLarge)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, cursor, fmt.Errorf("listening: feed %s: reading body: %w", s.URL, err)
	}
	if int64(len(body)) > limit {
		return nil, cursor, fmt.Errorf("listening: feed %s: body exceeds %d bytes: %w", s.URL, limit, ErrTooLarge)
	}
	fallback, _ := http.ParseTime(resp.Header.Get("Date"))
	items, err := parseFeedItems(body, cmp.Or(s.Name, s.URL), fallback)
	if err != nil {
		return nil, cursor, fmt.Errorf("listening: feed %s: %w", s.URL, err)
	}

	seen := make(map[string]bool, len(st.Seen))
	for _, k := range st.Seen {
		seen[k] = true
	}
	var out []Mention
	keys := make([]string, 0, len(items))
	inResponse := make(map[string]bool, len(items))
	for _, it := range items {
		k := it.key
		if inResponse[k] {
			continue
		}
		inResponse[k] = true
		keys = append(keys, k)
		if !seen[k] {
			out = append(out, it.m)
		}
	}
	for _, k := range st.Seen {
		if !inResponse[k] {
			keys = append(keys, k)
		}
	}
	keep := s.Remember
	if keep <= 0 {
		keep = DefaultFeedRemember
	}
	keep = max(keep, len(inResponse))
	if len(keys) > keep {
		keys = keys[:keep]
	}
	next, err := json.Marshal(feedState{
		ETag:     resp.Header.Get("ETag"),
		Modified: resp.Header.Get("Last-Modified"),
		Seen:     keys,
	})
	if err != nil {
		return nil, cursor, fmt.Errorf("listening: feed cursor: %w", err)
	}
	slices.SortStableFunc(out, func(a, b Mention) int { return a.Time.Compare(b.Time) })
	return out, Cursor(next), nil
}

// ParseFeed reads an RSS 2.0 or Atom document and returns its items as
// mentions, in document order, with Source set to source. An item with no
// usable date takes the feed's date, else fallback; with neither, ParseFeed
// fails. Items with no text are skipped. Every mention returned passes
// [Mention.Validate]. A document that is not well-formed XML, or whose root
// is neither <rss> nor an Atom <feed>, gives an error matching
// [ErrFeedFormat].
func ParseFeed(data []byte, source string, fallback time.Time) ([]Mention, error) {
	items, err := parseFeedItems(data, source, fallback)
	if err != nil {
		return nil, fmt.Errorf("listening: %w", err)
	}
	ms := make([]Mention, len(items))
	for i, it := range items {
		ms[i] = it.m
	}
	return ms, nil
}

type feedItem struct {
	m   Mention
	key string // hashed identity, for dropping repeats
}

type xmlFeed struct {
	XMLName xml.Name
	Channel *struct {
		PubDate       string    `xml:"pubDate"`
		LastBuildDate string    `xml:"lastBuildDate"`
		Items         []rssItem `xml:"item"`
	} `xml:"channel"`
	Updated string      `xml:"updated"`
	Entries []atomEntry `xml:"entry"`
}

type rssItem struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	Description string `xml:"description"`
	Content     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
	Author      string `xml:"author"`
	Creator     string `xml:"http://purl.org/dc/elements/1.1/ creator"`
	GUID        string `xml:"guid"`
	PubDate     string `xml:"pubDate"`
	Date        string `xml:"http://purl.org/dc/elements/1.1/ date"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     atomText   `xml:"title"`
	Summary   atomText   `xml:"summary"`
	Content   atomText   `xml:"content"`
	Links     []atomLink `xml:"link"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Authors   []struct {
		Name string `xml:"name"`
	} `xml:"author"`
}

type atomText struct {
	Type  string `xml:"type,attr"`
	Chars string `xml:",chardata"`
	Inner string `xml:",innerxml"`
}

// text returns the plain text of an Atom text construct.
func (t atomText) text() string {
	if t.Type == "xhtml" {
		return plainText(t.Inner)
	}
	return plainText(t.Chars)
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
}

const atomNS = "http://www.w3.org/2005/Atom"

// parseFeedItems decodes a feed; errors wrap ErrFeedFormat and carry no
// "listening: " prefix, which callers add.
func parseFeedItems(data []byte, source string, fallback time.Time) ([]feedItem, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charsetReader
	var f xmlFeed
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not well-formed XML (%v): %w", err, ErrFeedFormat)
	}
	var items []feedItem
	switch {
	case f.XMLName.Local == "rss" && f.Channel != nil:
		feedTime := firstTime(fallback, f.Channel.PubDate, f.Channel.LastBuildDate)
		for _, it := range f.Channel.Items {
			title := plainText(it.Title)
			body := plainText(cmp.Or(it.Content, it.Description))
			id := strings.TrimSpace(cmp.Or(it.GUID, it.Link))
			m := Mention{
				Source: source,
				Author: strings.TrimSpace(cmp.Or(it.Creator, it.Author)),
				Time:   firstTime(feedTime, it.PubDate, it.Date),
				Text:   joinText(title, body),
				URL:    strings.TrimSpace(it.Link),
			}
			if item, ok, err := newFeedItem(m, id, len(items)); err != nil {
				return nil, err
			} else if ok {
				items = append(items, item)
			}
		}
	case f.XMLName.Local == "rss":
		return nil, fmt.Errorf("<rss> has no <channel>: %w", ErrFeedFormat)
	case f.XMLName.Local == "feed" && f.XMLName.Space == atomNS:
		feedTime := firstTime(fallback, f.Updated)
		for _, e := range f.Entries {
			link := ""
			for _, l := range e.Links {
				if l.Rel == "" || l.Rel == "alternate" {
					link = strings.TrimSpace(l.Href)
					break
				}
			}
			author := ""
			if len(e.Authors) > 0 {
				author = strings.TrimSpace(e.Authors[0].Name)
			}
			body := e.Content.text()
			if body == "" {
				body = e.Summary.text()
			}
			m := Mention{
				Source: source,
				Author: author,
				Time:   firstTime(feedTime, e.Published, e.Updated),
				Text:   joinText(e.Title.text(), body),
				URL:    link,
			}
			if item, ok, err := newFeedItem(m, strings.TrimSpace(cmp.Or(e.ID, link)), len(items)); err != nil {
				return nil, err
			} else if ok {
				items = append(items, item)
			}
		}
	default:
		name := f.XMLName.Local
		if f.XMLName.Space != "" {
			name = f.XMLName.Space + " " + name
		}
		return nil, fmt.Errorf("root element <%s>, want RSS 2.0 <rss> or Atom <feed>: %w", fielderr.Shorten(name), ErrFeedFormat)
	}
	return items, nil
}

// newFeedItem completes a mention read from a feed: its ID, and its key.
// ok is false for an item with nothing to hear.
func newFeedItem(m Mention, id string, index int) (feedItem, bool, error) {
	if strings.TrimSpace(m.Text) == "" {
		return feedItem{}, false, nil
	}
	if m.Time.IsZero() {
		return feedItem{}, false, fmt.Errorf("item %d has no date, and neither has the feed or the response: %w", index+1, ErrFeedFormat)
	}
	if id == "" {
		sum := sha256.Sum256([]byte(m.Text))
		id = "sha256:" + hex.EncodeToString(sum[:16])
	}
	m.ID = id
	if err := m.Validate(); err != nil {
		return feedItem{}, false, fmt.Errorf("item %d: %v: %w", index+1, err, ErrFeedFormat)
	}
	sum := sha256.Sum256([]byte(id))
	return feedItem{m: m, key: hex.EncodeToString(sum[:8])}, true, nil
}

// feedTimeLayouts are the date forms seen in feeds: RFC 822 and its
// variants for RSS, RFC 3339 for Atom and Dublin Core.
var feedTimeLayouts = [...]string{
	time.RFC1123Z, time.RFC1123, time.RFC3339,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700", "Mon, 2 Jan 2006 15:04 MST",
	time.RFC822Z, time.RFC822, "2006-01-02",
}

// firstTime returns the first of texts that parses as a date within the
// span a Mention allows, else fallback.
func firstTime(fallback time.Time, texts ...string) time.Time {
	for _, s := range texts {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		for _, layout := range feedTimeLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				if t.Before(minMentionTime) || t.After(maxMentionTime) {
					break
				}
				return t
			}
		}
	}
	return fallback
}

// plainText removes HTML tags and entities and folds white space. Inline
// tags (b, em, a, span, ...) vanish; other tags separate words.
func plainText(s string) string {
	if strings.ContainsRune(s, '<') {
		var b strings.Builder
		for {
			i := strings.IndexByte(s, '<')
			if i < 0 {
				b.WriteString(s)
				break
			}
			b.WriteString(s[:i])
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				break // an unclosed tag: drop the rest
			}
			if !inlineTag(s[i+1 : i+j]) {
				b.WriteByte(' ')
			}
			s = s[i+j+1:]
		}
		s = b.String()
	}
	s = html.UnescapeString(s)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Join(strings.Fields(s), " ")
}

// inlineTag reports whether the tag whose text between < and > is given is
// an inline HTML element, which does not separate words.
func inlineTag(tag string) bool {
	tag = strings.TrimPrefix(tag, "/")
	if i := strings.IndexAny(tag, " \t\n/"); i >= 0 {
		tag = tag[:i]
	}
	switch strings.ToLower(tag) {
	case "a", "abbr", "b", "code", "em", "font", "i", "mark", "s", "small", "span", "strong", "sub", "sup", "u":
		return true
	}
	return false
}

// joinText joins a title and a body, dropping a body that repeats the
// title.
func joinText(title, body string) string {
	switch {
	case body == "" || body == title:
		return title
	case title == "" || strings.HasPrefix(body, title):
		return body
	}
	return title + "\n" + body
}

// charsetReader lets feeds declared as ISO-8859-1 (Latin-1) or US-ASCII be
// read; other encodings besides UTF-8 are refused.
func charsetReader(charset string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "us-ascii", "ascii":
		data, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		for _, c := range data {
			b.WriteRune(rune(c))
		}
		return strings.NewReader(b.String()), nil
	}
	return nil, errors.New("unsupported encoding " + strconv.Quote(charset))
}
