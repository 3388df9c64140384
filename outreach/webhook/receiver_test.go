package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/outreach/webhook"
)

// testSecret is the secret the tests sign with. It is distinctive so that
// a leak into an error or a log shows.
var testSecret = []byte("whsec-LEAKCANARY-0123456789abcdef")

// epoch is the fixed time of the tests' messages and clocks.
var epoch = time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)

// answer is what the test receiver does with one request.
type answer struct {
	status  int           // the status to answer with; 0 means 200
	stall   time.Duration // how long to hang first (until the client gives up, at most this)
	noCheck bool          // accept the request without acting on it (and without deduping)
}

// seen is one request as the receiver saw it.
type seen struct {
	key       string
	timestamp string
	payload   webhook.Payload
	verify    error // what Verify said
	method    string
	ctype     string
}

// receiver is a webhook receiver as the package documentation asks for:
// it verifies each request, acts on each key once (dropping repeats), and
// answers as its script says, so tests can make it fail, stall and see
// repeats.
type receiver struct {
	t      *testing.T
	srv    *httptest.Server
	clock  func() time.Time   // the receiver's clock, for Verify
	script func(n int) answer // the answer to request n (1-based)
	mu     sync.Mutex
	seen   []seen            // every request, in arrival order
	acted  map[string]int    // times each key was acted on
	refs   map[string]string // the request id given for each key
}

// newReceiver starts a receiver answering as script says (nil: always
// 200) and checking signatures against clock (nil: the fixed epoch).
func newReceiver(t *testing.T, script func(n int) answer, clock func() time.Time) *receiver {
	t.Helper()
	if script == nil {
		script = func(int) answer { return answer{} }
	}
	if clock == nil {
		clock = func() time.Time { return epoch }
	}
	rc := &receiver{t: t, clock: clock, script: script, acted: make(map[string]int), refs: make(map[string]string)}
	rc.srv = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s := seen{
		key:       r.Header.Get(webhook.HeaderIdempotencyKey),
		timestamp: r.Header.Get(webhook.HeaderTimestamp),
		verify:    webhook.Verify(testSecret, r.Header, body, rc.clock(), 0),
		method:    r.Method,
		ctype:     r.Header.Get("Content-Type"),
	}
	if err := json.Unmarshal(body, &s.payload); err != nil {
		rc.t.Errorf("receiver: body %q is not a payload: %v", body, err)
	}
	rc.mu.Lock()
	rc.seen = append(rc.seen, s)
	a := rc.script(len(rc.seen))
	if s.verify == nil && !a.noCheck && rc.acted[s.key] == 0 {
		rc.acted[s.key]++ // act on it, once, before answering: an answer can be lost
		rc.refs[s.key] = "req-" + s.key
	}
	ref := rc.refs[s.key]
	rc.mu.Unlock()

	if a.stall > 0 {
		select {
		case <-r.Context().Done():
			return
		case <-time.After(a.stall):
		}
	}
	if s.verify != nil {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if a.status == 0 {
		a.status = http.StatusOK
	}
	if ref != "" {
		w.Header().Set(webhook.HeaderRequestID, ref)
	}
	w.WriteHeader(a.status)
}

// requests returns the requests seen so far.
func (rc *receiver) requests() []seen {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]seen(nil), rc.seen...)
}

// actedOn returns how many times the receiver acted on key.
func (rc *receiver) actedOn(key string) int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.acted[key]
}

// sleeps records the waits a channel asked for, without waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// fixedClock is a clock stopped at epoch.
func fixedClock() time.Time { return epoch }

// newChannel makes a channel to rc with the options given, which unless
// they say otherwise never really sleeps and has a fixed clock.
func newChannel(t *testing.T, rc *receiver, sl *sleeps, o webhook.Options) *webhook.Channel {
	t.Helper()
	if sl == nil {
		sl = new(sleeps)
	}
	if o.Clock == nil {
		o.Clock = fixedClock
	}
	if o.Sleep == nil {
		o.Sleep = sl.sleep
	}
	c, err := webhook.New(rc.srv.URL+"/hooks/outreach", testSecret, o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// msg returns a valid message with the given key.
func msg(key string) outreach.Message {
	return outreach.Message{
		ID:       key,
		Customer: "c-ada",
		Action:   "quick_feedback",
		Subject:  "How was your order?",
		Body:     "One question, one tap.",
		Time:     epoch,
	}
}
