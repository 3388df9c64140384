package digest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/listening/digest"
	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/outreach/webhook"
)

func sampleDigest(t *testing.T) digest.Digest {
	t.Helper()
	alerts := []listening.Alert{
		{Topic: "billing", Window: t0.Add(9 * time.Hour), Negative: 14, Mention: "m-1", At: t0.Add(9*time.Hour + 20*time.Minute),
			Baseline: listening.Baseline{Mean: 1.5, SD: 1, Method: "sigma", Level: 6}},
	}
	breaches := []digest.Breach{{Topic: "billing", Breach: listening.Breach{Case: "m-1", Severity: listening.SeverityHigh,
		Due: t0.Add(10 * time.Hour), Late: 2 * time.Hour}}}
	d, err := digest.Build(digest.Day(t0), alerts, nil, breaches)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A second Send of the same period's digest, even one that gained items,
// delivers nothing new.
func TestSendMemoryOnce(t *testing.T) {
	ch := outreach.NewMemoryChannel()
	s := &digest.Sender{Channel: ch}
	d := sampleDigest(t)
	r1, err := s.Send(context.Background(), d, t0.Add(24*time.Hour))
	if err != nil || r1.Duplicate || r1.ID == "" {
		t.Fatalf("first Send = %+v, %v", r1, err)
	}
	more := d
	more.Topics = append([]digest.Topic{{Alerts: []listening.Alert{{Negative: 9, At: t0}}}}, d.Topics...)
	r2, err := s.Send(context.Background(), more, t0.Add(25*time.Hour))
	if err != nil || !r2.Duplicate || r2.ID != r1.ID || r2.Ref != r1.Ref {
		t.Fatalf("second Send = %+v, %v; first %+v", r2, err, r1)
	}
	got := ch.Delivered()
	if len(got) != 1 {
		t.Fatalf("%d messages delivered, want 1", len(got))
	}
	m := got[0]
	if m.Customer != digest.DefaultRecipient || m.Action != digest.Action || m.Body != d.Body(digest.Format{}) || m.Subject != d.Subject(digest.Format{}) {
		t.Fatalf("delivered %+v", m)
	}
	// The next day's digest is a new message.
	next, err := digest.Build(digest.Day(t0.Add(24*time.Hour)), []listening.Alert{{Negative: 7, At: t0.Add(30 * time.Hour)}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := s.Send(context.Background(), next, t0.Add(48*time.Hour)); err != nil || r.Duplicate || r.ID == r1.ID {
		t.Fatalf("next day's Send = %+v, %v", r, err)
	}
	if n := len(ch.Delivered()); n != 2 {
		t.Fatalf("%d messages delivered, want 2", n)
	}
}

func TestSendEmptyAndSetup(t *testing.T) {
	ch := outreach.NewMemoryChannel()
	empty, err := digest.Build(digest.Day(t0), []listening.Alert{{Negative: 9, At: t0.Add(-time.Minute)}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := (&digest.Sender{Channel: ch}).Send(context.Background(), empty, t0)
	if err != nil || r != (outreach.Receipt{}) || len(ch.Delivered()) != 0 {
		t.Fatalf("empty digest: %+v, %v, %d delivered", r, err, len(ch.Delivered()))
	}
	if _, err := (&digest.Sender{}).Send(context.Background(), sampleDigest(t), t0); !errorsIsInvalid(err) {
		t.Fatalf("nil channel: %v", err)
	}
	if _, err := (&digest.Sender{Channel: ch}).Send(context.Background(), digest.Digest{}, t0); !errorsIsInvalid(err) {
		t.Fatalf("zero period: %v", err)
	}
	// A missing time is the channel's to refuse, permanently.
	_, err = (&digest.Sender{Channel: ch}).Send(context.Background(), sampleDigest(t), time.Time{})
	if !errors.Is(err, outreach.ErrPermanent) || errors.Is(err, outreach.ErrTemporary) {
		t.Fatalf("zero time: %v", err)
	}
}

// A temporary failure is returned for the caller to retry; the retry
// carries the same key and is delivered once.
func TestSendTemporaryThenRetry(t *testing.T) {
	mem := outreach.NewMemoryChannel()
	fail := true
	var keys []string
	ch := outreach.ChannelFunc(func(ctx context.Context, m outreach.Message) (outreach.Receipt, error) {
		keys = append(keys, m.ID)
		if fail {
			fail = false
			return outreach.Receipt{}, fmt.Errorf("outage: %w", outreach.ErrTemporary)
		}
		return mem.Deliver(ctx, m)
	})
	s := &digest.Sender{Channel: ch, Recipient: "ops"}
	d := sampleDigest(t)
	if _, err := s.Send(context.Background(), d, t0); !errors.Is(err, outreach.ErrTemporary) {
		t.Fatalf("first Send: %v, want a temporary error", err)
	}
	if r, err := s.Send(context.Background(), d, t0.Add(time.Minute)); err != nil || r.Duplicate {
		t.Fatalf("retry: %+v, %v", r, err)
	}
	if len(keys) != 2 || keys[0] != keys[1] || len(mem.Delivered()) != 1 {
		t.Fatalf("keys %v, %d delivered", keys, len(mem.Delivered()))
	}
	perm := outreach.ChannelFunc(func(context.Context, outreach.Message) (outreach.Receipt, error) {
		return outreach.Receipt{}, fmt.Errorf("refused: %w", outreach.ErrPermanent)
	})
	_, err := (&digest.Sender{Channel: perm}).Send(context.Background(), d, t0)
	if !errors.Is(err, outreach.ErrPermanent) || errors.Is(err, outreach.ErrTemporary) {
		t.Fatalf("permanent failure: %v", err)
	}
}

// Through the webhook channel a digest arrives signed, and once: a repeat
// from the same channel sends no request, and one from a fresh channel
// carries the same key, which the receiver drops.
func TestSendWebhook(t *testing.T) {
	secret := []byte("whsec-digest-test-0123456789")
	sent := time.Date(2024, 3, 2, 0, 5, 0, 0, time.UTC)
	clock := func() time.Time { return sent }
	var (
		mu       sync.Mutex
		requests int
		acted    []webhook.Payload
		seen     = map[string]bool{}
		bad      []error
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		requests++
		if err := webhook.Verify(secret, r.Header, body, sent, 0); err != nil {
			bad = append(bad, err)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		key := r.Header.Get(webhook.HeaderIdempotencyKey)
		if !seen[key] {
			seen[key] = true
			var p webhook.Payload
			if err := json.Unmarshal(body, &p); err != nil {
				bad = append(bad, err)
			}
			acted = append(acted, p)
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	newSender := func() *digest.Sender {
		ch, err := webhook.New(srv.URL, secret, webhook.Options{Clock: clock})
		if err != nil {
			t.Fatal(err)
		}
		return &digest.Sender{Channel: ch, Recipient: "listening-team"}
	}
	d := sampleDigest(t)
	s := newSender()
	r1, err := s.Send(context.Background(), d, sent)
	if err != nil || r1.Duplicate {
		t.Fatalf("first Send = %+v, %v", r1, err)
	}
	r2, err := s.Send(context.Background(), d, sent)
	if err != nil || !r2.Duplicate {
		t.Fatalf("repeat Send = %+v, %v", r2, err)
	}
	if _, err := newSender().Send(context.Background(), d, sent); err != nil {
		t.Fatalf("Send from a fresh channel: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bad) > 0 {
		t.Fatalf("receiver refused requests: %v", bad)
	}
	if requests != 2 {
		t.Fatalf("%d requests, want 2 (the repeat from one channel sends none)", requests)
	}
	if len(acted) != 1 {
		t.Fatalf("receiver acted %d times, want once", len(acted))
	}
	p := acted[0]
	if p.ID != digest.Key("listening-team", d.Period) || p.Customer != "listening-team" || p.Body != d.Body(digest.Format{}) || p.Subject != d.Subject(digest.Format{}) {
		t.Fatalf("payload %+v", p)
	}
}
