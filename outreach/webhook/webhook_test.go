package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/outreach/channeltest"
	"github.com/engagekit/engage/outreach/webhook"
	"github.com/google/go-cmp/cmp"
)

func TestConformance(t *testing.T) {
	rc := newReceiver(t, nil, nil)
	channeltest.Run(t, func(t *testing.T) outreach.Channel { return newChannel(t, rc, nil, webhook.Options{}) })
}

func TestTestChannel(t *testing.T) {
	rc := newReceiver(t, nil, nil)
	err := channeltest.TestChannel(func() (outreach.Channel, error) {
		return webhook.New(rc.srv.URL, testSecret, webhook.Options{Clock: fixedClock})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func BenchmarkChannel(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	channeltest.Benchmark(b, func(b *testing.B) outreach.Channel {
		c, err := webhook.New(srv.URL, testSecret, webhook.Options{})
		if err != nil {
			b.Fatal(err)
		}
		return c
	})
}

func TestDeliverPostsSignedPayload(t *testing.T) {
	rc := newReceiver(t, nil, nil)
	c := newChannel(t, rc, nil, webhook.Options{})
	m := msg("k-1")
	m.Time = epoch.In(time.FixedZone("UTC+02", 2*3600))
	r, err := c.Deliver(context.Background(), m)
	if err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	if want := (outreach.Receipt{ID: "k-1", Ref: "req-k-1"}); r != want {
		t.Errorf("receipt = %+v, want %+v", r, want)
	}
	got := rc.requests()
	if len(got) != 1 {
		t.Fatalf("receiver saw %d requests, want 1", len(got))
	}
	s := got[0]
	if s.verify != nil {
		t.Errorf("Verify on the receiving end: %v", s.verify)
	}
	if s.method != http.MethodPost || s.ctype != "application/json" {
		t.Errorf("request was %s with Content-Type %q, want POST of application/json", s.method, s.ctype)
	}
	if s.key != "k-1" {
		t.Errorf("%s = %q, want %q", webhook.HeaderIdempotencyKey, s.key, "k-1")
	}
	if want := strconv.FormatInt(epoch.Unix(), 10); s.timestamp != want {
		t.Errorf("%s = %q, want %q (from the channel's clock)", webhook.HeaderTimestamp, s.timestamp, want)
	}
	want := webhook.Payload{ID: "k-1", Customer: "c-ada", Action: "quick_feedback",
		Subject: "How was your order?", Body: "One question, one tap.", Time: epoch}
	if d := cmp.Diff(want, s.payload); d != "" {
		t.Errorf("payload mismatch (-want +got):\n%s", d)
	}
	if !s.payload.Time.Equal(m.Time) || s.payload.Message().Time.Location() != time.UTC {
		t.Errorf("payload time %v, want %v in UTC", s.payload.Time, m.Time)
	}
}

func TestRetriesAfterServerError(t *testing.T) {
	// The receiver fails the first request with 500, then answers 200.
	rc := newReceiver(t, func(n int) answer {
		if n == 1 {
			return answer{status: http.StatusInternalServerError, noCheck: true}
		}
		return answer{}
	}, nil)
	sl := new(sleeps)
	c := newChannel(t, rc, sl, webhook.Options{Backoff: time.Second, MaxBackoff: time.Minute})
	r, err := c.Deliver(context.Background(), msg("k-500"))
	if err != nil || r.Duplicate {
		t.Fatalf("Deliver = %+v, %v; want delivered after one retry", r, err)
	}
	got := rc.requests()
	if len(got) != 2 || got[0].key != "k-500" || got[1].key != "k-500" {
		t.Fatalf("receiver saw %+v; want two requests, both with key k-500", got)
	}
	if d := cmp.Diff([]time.Duration{time.Second}, sl.got()); d != "" {
		t.Errorf("waits mismatch (-want +got):\n%s", d)
	}
	if n := rc.actedOn("k-500"); n != 1 {
		t.Errorf("receiver acted on k-500 %d times, want 1", n)
	}
}

func TestStatusCodes(t *testing.T) {
	tests := []struct {
		code      int
		retryable bool
	}{
		{400, false}, {401, false}, {403, false}, {404, false}, {409, false}, {410, false}, {422, false},
		{302, false}, {307, false},
		{408, true}, {429, true}, {500, true}, {502, true}, {503, true}, {504, true},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.code), func(t *testing.T) {
			rc := newReceiver(t, func(int) answer { return answer{status: tt.code, noCheck: true} }, nil)
			c := newChannel(t, rc, nil, webhook.Options{MaxAttempts: 3})
			_, err := c.Deliver(context.Background(), msg("k"))
			var se *webhook.StatusError
			if !errors.As(err, &se) || se.Code != tt.code {
				t.Fatalf("Deliver: got error %v, want a *StatusError with code %d", err, tt.code)
			}
			wantAttempts := 1
			wantClass, otherClass := outreach.ErrPermanent, outreach.ErrTemporary
			if tt.retryable {
				wantAttempts = 3
				wantClass, otherClass = otherClass, wantClass
			}
			if !errors.Is(err, wantClass) || errors.Is(err, otherClass) {
				t.Errorf("Deliver: error %v should match %v and not %v", err, wantClass, otherClass)
			}
			if n := len(rc.requests()); n != wantAttempts {
				t.Errorf("receiver saw %d requests, want %d", n, wantAttempts)
			}
		})
	}
}

func TestRedirectNotFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL, http.StatusFound)
	}))
	defer srv.Close()
	c, err := webhook.New(srv.URL, testSecret, webhook.Options{Client: &http.Client{}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Deliver(context.Background(), msg("k")); !errors.Is(err, outreach.ErrPermanent) {
		t.Errorf("Deliver to a redirect: got error %v, want one matching ErrPermanent", err)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the redirect target got %d requests, want 0", n)
	}
}

func TestStallTimesOutAndRetries(t *testing.T) {
	// The receiver acts on the first request but hangs past the
	// per-attempt timeout: the answer is lost. The retry carries the same
	// key, and the receiver drops it as a repeat.
	rc := newReceiver(t, func(n int) answer {
		if n == 1 {
			return answer{stall: 10 * time.Second}
		}
		return answer{}
	}, nil)
	c := newChannel(t, rc, nil, webhook.Options{Timeout: 50 * time.Millisecond})
	start := time.Now()
	r, err := c.Deliver(context.Background(), msg("k-stall"))
	if err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Deliver took %v; the per-attempt timeout is 50ms", took)
	}
	got := rc.requests()
	if len(got) != 2 || got[0].key != got[1].key {
		t.Fatalf("receiver saw %+v; want two requests with the same key", got)
	}
	if n := rc.actedOn("k-stall"); n != 1 {
		t.Errorf("receiver acted on k-stall %d times, want 1", n)
	}
	if r.Ref != "req-k-stall" {
		t.Errorf("receipt Ref = %q, want the receiver's request id from the first time it acted", r.Ref)
	}
}

func TestTimeoutExhausted(t *testing.T) {
	rc := newReceiver(t, func(int) answer { return answer{stall: 10 * time.Second, noCheck: true} }, nil)
	// Count attempts where they are made: a request that times out before
	// the server's handler runs, as on a loaded machine, is an attempt the
	// receiver never sees.
	var attempts atomic.Int32
	client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		attempts.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})}
	c := newChannel(t, rc, nil, webhook.Options{Client: client, Timeout: 20 * time.Millisecond, MaxAttempts: 2})
	_, err := c.Deliver(context.Background(), msg("k"))
	if !errors.Is(err, outreach.ErrTemporary) {
		t.Fatalf("Deliver: got error %v, want one matching ErrTemporary", err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Deliver: error %v wraps context.DeadlineExceeded, but the caller's context is live", err)
	}
	if n := attempts.Load(); n != 2 {
		t.Errorf("channel made %d attempts, want 2", n)
	}
}

// roundTripFunc is an http.RoundTripper in a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestReceiverSeesRepeatsChannelDoesNot(t *testing.T) {
	// The receiver acts on the first request and then answers 503, so the
	// channel retries; the receiver sees the key twice and acts once.
	rc := newReceiver(t, func(n int) answer {
		if n == 1 {
			return answer{status: http.StatusServiceUnavailable}
		}
		return answer{}
	}, nil)
	c := newChannel(t, rc, nil, webhook.Options{Remember: 2})
	ctx := context.Background()
	first, err := c.Deliver(ctx, msg("k-a"))
	if err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	if got := rc.requests(); len(got) != 2 || got[0].key != "k-a" || got[1].key != "k-a" {
		t.Fatalf("receiver saw %+v; want key k-a twice", got)
	}

	// After success the channel never sends k-a again, however asked.
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := c.Deliver(ctx, msg("k-a"))
			if err != nil || r.ID != first.ID || r.Ref != first.Ref || !r.Duplicate {
				t.Errorf("Deliver(k-a) again = %+v, %v; want the first receipt as a duplicate", r, err)
			}
		}()
	}
	wg.Wait()
	if n := len(rc.requests()); n != 2 {
		t.Fatalf("after repeats the receiver saw %d requests, want still 2", n)
	}

	// Once the channel has forgotten k-a (it remembers 2 keys), a repeat
	// goes out again with the same key, and the receiver drops it.
	for _, k := range []string{"k-b", "k-c"} {
		if _, err := c.Deliver(ctx, msg(k)); err != nil {
			t.Fatalf("Deliver(%s): %v", k, err)
		}
	}
	if _, err := c.Deliver(ctx, msg("k-a")); err != nil {
		t.Fatalf("Deliver(k-a) after it was forgotten: %v", err)
	}
	got := rc.requests()
	if last := got[len(got)-1]; len(got) != 5 || last.key != "k-a" {
		t.Fatalf("receiver saw %d requests, the last with key %q; want 5, the last k-a", len(got), last.key)
	}
	if n := rc.actedOn("k-a"); n != 1 {
		t.Errorf("receiver acted on k-a %d times, want 1", n)
	}
	// k-c is still remembered.
	before := len(rc.requests())
	if r, err := c.Deliver(ctx, msg("k-c")); err != nil || !r.Duplicate {
		t.Errorf("Deliver(k-c) again = %+v, %v; want a duplicate", r, err)
	}
	if after := len(rc.requests()); after != before {
		t.Errorf("a remembered key was sent again")
	}
}

func TestConcurrentSameKeySendsOnce(t *testing.T) {
	rc := newReceiver(t, func(int) answer { return answer{stall: 30 * time.Millisecond} }, nil)
	c := newChannel(t, rc, nil, webhook.Options{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	fresh := 0
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := c.Deliver(context.Background(), msg("k-conc"))
			if err != nil {
				t.Errorf("Deliver: %v", err)
				return
			}
			if !r.Duplicate {
				mu.Lock()
				fresh++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if n := len(rc.requests()); n != 1 || fresh != 1 {
		t.Errorf("12 concurrent calls: receiver saw %d requests and %d receipts were fresh; want 1 and 1", n, fresh)
	}
}

func TestWaiterTriesWhenFirstFails(t *testing.T) {
	// The first call's only attempt fails; a call waiting on the same key
	// then sends it itself.
	release := make(chan struct{})
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		if first {
			<-release
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer srv.Close()
	c, err := webhook.New(srv.URL, testSecret, webhook.Options{MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 1)
	go func() {
		_, err := c.Deliver(context.Background(), msg("k"))
		errs <- err
	}()
	for {
		mu.Lock()
		started := n == 1
		mu.Unlock()
		if started {
			break
		}
		time.Sleep(time.Millisecond)
	}
	second := make(chan outreach.Receipt, 1)
	go func() {
		r, err := c.Deliver(context.Background(), msg("k"))
		if err != nil {
			t.Errorf("second Deliver: %v", err)
		}
		second <- r
	}()
	time.Sleep(20 * time.Millisecond) // let the second call start waiting
	close(release)
	if err := <-errs; !errors.Is(err, outreach.ErrTemporary) {
		t.Errorf("first Deliver: got error %v, want a temporary failure", err)
	}
	if r := <-second; r.Duplicate {
		t.Errorf("second Deliver = %+v; want a fresh delivery after the first failed", r)
	}
}

func TestBackoffSchedule(t *testing.T) {
	rc := newReceiver(t, func(int) answer { return answer{status: 500, noCheck: true} }, nil)
	sl := new(sleeps)
	c := newChannel(t, rc, sl, webhook.Options{Backoff: 100 * time.Millisecond, MaxBackoff: 350 * time.Millisecond, MaxAttempts: 5})
	if _, err := c.Deliver(context.Background(), msg("k")); !errors.Is(err, outreach.ErrTemporary) {
		t.Fatalf("Deliver: got error %v, want a temporary failure", err)
	}
	want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 350 * time.Millisecond, 350 * time.Millisecond}
	if d := cmp.Diff(want, sl.got()); d != "" {
		t.Errorf("waits mismatch (-want +got):\n%s", d)
	}
}

func TestDefaultBackoff(t *testing.T) {
	rc := newReceiver(t, func(int) answer { return answer{status: 500, noCheck: true} }, nil)
	sl := new(sleeps)
	c := newChannel(t, rc, sl, webhook.Options{})
	_, err := c.Deliver(context.Background(), msg("k"))
	if !errors.Is(err, outreach.ErrTemporary) {
		t.Fatalf("Deliver: got error %v, want a temporary failure", err)
	}
	if n := len(rc.requests()); n != webhook.DefaultMaxAttempts {
		t.Errorf("receiver saw %d requests, want DefaultMaxAttempts = %d", n, webhook.DefaultMaxAttempts)
	}
	want := []time.Duration{webhook.DefaultBackoff, 2 * webhook.DefaultBackoff, 4 * webhook.DefaultBackoff}
	if d := cmp.Diff(want, sl.got()); d != "" {
		t.Errorf("waits mismatch (-want +got):\n%s", d)
	}
}

func TestJitter(t *testing.T) {
	run := func(seed uint64) []time.Duration {
		rc := newReceiver(t, func(int) answer { return answer{status: 500, noCheck: true} }, nil)
		sl := new(sleeps)
		c := newChannel(t, rc, sl, webhook.Options{Jitter: true, JitterSeed: seed, MaxAttempts: 6, Backoff: time.Second, MaxBackoff: 8 * time.Second})
		c.Deliver(context.Background(), msg("k"))
		return sl.got()
	}
	a, b, other := run(7), run(7), run(8)
	if d := cmp.Diff(a, b); d != "" {
		t.Errorf("the same seed gave different waits (-first +second):\n%s", d)
	}
	if cmp.Equal(a, other) {
		t.Errorf("seeds 7 and 8 gave the same waits %v", a)
	}
	base := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second}
	for i, d := range a {
		if d < base[i]/2 || d > base[i] {
			t.Errorf("wait %d = %v, want within [%v, %v]", i, d, base[i]/2, base[i])
		}
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name  string
		value string
		want  time.Duration
	}{
		{"seconds", "3", 3 * time.Second},
		{"seconds beyond the cap", "3600", 10 * time.Second},
		{"date", epoch.Add(4 * time.Second).Format(http.TimeFormat), 4 * time.Second},
		{"shorter than the backoff", "0", time.Second},
		{"garbage", "soon", time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					w.Header().Set("Retry-After", tt.value)
					w.WriteHeader(http.StatusTooManyRequests)
				}
			}))
			defer srv.Close()
			sl := new(sleeps)
			c, err := webhook.New(srv.URL, testSecret, webhook.Options{Clock: fixedClock, Sleep: sl.sleep, Backoff: time.Second, MaxBackoff: 10 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Deliver(context.Background(), msg("k")); err != nil {
				t.Fatalf("Deliver: %v", err)
			}
			if d := cmp.Diff([]time.Duration{tt.want}, sl.got()); d != "" {
				t.Errorf("waits mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestClockStampsEachAttempt(t *testing.T) {
	// Each attempt is stamped afresh: a long run of retries does not go
	// stale at the receiver.
	var mu sync.Mutex
	now := epoch
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Minute)
		return now
	}
	rc := newReceiver(t, func(n int) answer {
		if n < 3 {
			return answer{status: 500, noCheck: true}
		}
		return answer{}
	}, func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	c, err := webhook.New(rc.srv.URL, testSecret, webhook.Options{Clock: clock, Sleep: new(sleeps).sleep})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Deliver(context.Background(), msg("k")); err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	got := rc.requests()
	var stamps []string
	for _, s := range got {
		stamps = append(stamps, s.timestamp)
		if s.verify != nil {
			t.Errorf("request stamped %s failed Verify: %v", s.timestamp, s.verify)
		}
	}
	want := []string{
		strconv.FormatInt(epoch.Add(1*time.Minute).Unix(), 10),
		strconv.FormatInt(epoch.Add(2*time.Minute).Unix(), 10),
		strconv.FormatInt(epoch.Add(3*time.Minute).Unix(), 10),
	}
	if d := cmp.Diff(want, stamps); d != "" {
		t.Errorf("timestamps mismatch (-want +got):\n%s", d)
	}
}

func TestContextEndsBackoff(t *testing.T) {
	// The real sleep: a backoff of an hour must end when ctx does.
	rc := newReceiver(t, func(int) answer { return answer{status: 500, noCheck: true} }, time.Now)
	c, err := webhook.New(rc.srv.URL, testSecret, webhook.Options{Backoff: time.Hour, MaxBackoff: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = c.Deliver(ctx, msg("k"))
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Deliver took %v after its context ended at 50ms", took)
	}
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, outreach.ErrTemporary) {
		t.Errorf("Deliver: got error %v, want one wrapping DeadlineExceeded and matching ErrTemporary", err)
	}
}

func TestContextEndsAttempt(t *testing.T) {
	rc := newReceiver(t, func(int) answer { return answer{stall: 10 * time.Second, noCheck: true} }, nil)
	c := newChannel(t, rc, nil, webhook.Options{}) // per-attempt timeout 10s
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Deliver(ctx, msg("k"))
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Deliver took %v after its context was cancelled at 30ms", took)
	}
	if !errors.Is(err, context.Canceled) || !errors.Is(err, outreach.ErrTemporary) {
		t.Errorf("Deliver: got error %v, want one wrapping Canceled and matching ErrTemporary", err)
	}
	if n := len(rc.requests()); n != 1 {
		t.Errorf("receiver saw %d requests, want 1: no retry once the context is done", n)
	}
}

func TestSleepError(t *testing.T) {
	rc := newReceiver(t, func(int) answer { return answer{status: 500, noCheck: true} }, nil)
	broken := errors.New("clock broke")
	c := newChannel(t, rc, nil, webhook.Options{Sleep: func(context.Context, time.Duration) error { return broken }})
	_, err := c.Deliver(context.Background(), msg("k"))
	if !errors.Is(err, outreach.ErrTemporary) {
		t.Errorf("Deliver: got error %v, want a temporary failure", err)
	}
}

func TestNetworkError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, err := webhook.New(url, testSecret, webhook.Options{Sleep: new(sleeps).sleep, MaxAttempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Deliver(context.Background(), msg("k"))
	if !errors.Is(err, outreach.ErrTemporary) {
		t.Errorf("Deliver to a closed server: got error %v, want a temporary failure", err)
	}
}

func TestInvalidMessageSendsNothing(t *testing.T) {
	rc := newReceiver(t, nil, nil)
	c := newChannel(t, rc, nil, webhook.Options{})
	_, err := c.Deliver(context.Background(), outreach.Message{ID: "k"})
	if !errors.Is(err, outreach.ErrInvalid) || !errors.Is(err, outreach.ErrPermanent) {
		t.Errorf("Deliver of a message without customer: got error %v, want ErrInvalid and ErrPermanent", err)
	}
	if n := len(rc.requests()); n != 0 {
		t.Errorf("receiver saw %d requests, want 0", n)
	}
}

func TestNew(t *testing.T) {
	good := "https://example.com/hook"
	tests := []struct {
		name   string
		url    string
		secret []byte
		opts   webhook.Options
	}{
		{"relative url", "/hook", testSecret, webhook.Options{}},
		{"ftp url", "ftp://example.com/hook", testSecret, webhook.Options{}},
		{"no host", "https:///hook", testSecret, webhook.Options{}},
		{"unparsable url", "http://[::1", testSecret, webhook.Options{}},
		{"empty url", "", testSecret, webhook.Options{}},
		{"short secret", good, []byte("short"), webhook.Options{}},
		{"nil secret", good, nil, webhook.Options{}},
		{"negative timeout", good, testSecret, webhook.Options{Timeout: -time.Second}},
		{"negative attempts", good, testSecret, webhook.Options{MaxAttempts: -1}},
		{"negative backoff", good, testSecret, webhook.Options{Backoff: -time.Second, MaxBackoff: time.Second}},
		{"negative cap", good, testSecret, webhook.Options{MaxBackoff: -time.Second}},
		{"cap below backoff", good, testSecret, webhook.Options{Backoff: time.Second, MaxBackoff: time.Millisecond}},
		{"no backoff with a backoff", good, testSecret, webhook.Options{NoBackoff: true, Backoff: time.Second}},
		{"negative remember", good, testSecret, webhook.Options{Remember: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := webhook.New(tt.url, tt.secret, tt.opts)
			if !errors.Is(err, webhook.ErrConfig) || c != nil {
				t.Errorf("New = %v, %v; want nil and an error matching ErrConfig", c, err)
			}
		})
	}
	if _, err := webhook.New(good, testSecret, webhook.Options{Jitter: true, JitterSeed: 1}); err != nil {
		t.Errorf("New with jitter: %v", err)
	}
	// Zero fields are defaults, not errors.
	if _, err := webhook.New(good, testSecret, webhook.Options{}); err != nil {
		t.Errorf("New with the zero Options: %v", err)
	}
}

func TestSecretCopied(t *testing.T) {
	rc := newReceiver(t, nil, nil)
	secret := append([]byte(nil), testSecret...)
	c, err := webhook.New(rc.srv.URL, secret, webhook.Options{Clock: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	clear(secret)
	if _, err := c.Deliver(context.Background(), msg("k")); err != nil {
		t.Fatalf("Deliver after the caller cleared its secret: %v", err)
	}
	if s := rc.requests()[0]; s.verify != nil {
		t.Errorf("the channel signed with the caller's changed secret: %v", s.verify)
	}
}

// NoBackoff retries at once: every wait is zero.
func TestNoBackoff(t *testing.T) {
	rc := newReceiver(t, func(n int) answer {
		if n <= 2 {
			return answer{status: http.StatusServiceUnavailable, noCheck: true}
		}
		return answer{}
	}, nil)
	sl := new(sleeps)
	c := newChannel(t, rc, sl, webhook.Options{NoBackoff: true})
	if _, err := c.Deliver(context.Background(), msg("k")); err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	if d := cmp.Diff([]time.Duration{0, 0}, sl.got()); d != "" {
		t.Errorf("waits mismatch (-want +got):\n%s", d)
	}
}
