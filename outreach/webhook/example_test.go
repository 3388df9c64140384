package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/outreach/webhook"
)

// A sender signs a body; the receiver verifies it, and refuses it once it
// has been changed or has grown stale.
func ExampleVerify() {
	secret := []byte("whsec-example-0123456789")
	body := []byte(`{"id":"k-1","customer":"c-ada","action":"quick_feedback"}`)
	sent := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)

	h := make(http.Header)
	if err := webhook.Sign(h, secret, body, sent); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(webhook.HeaderTimestamp+":", h.Get(webhook.HeaderTimestamp))

	// On the receiving end, a minute later.
	fmt.Println("as sent:", webhook.Verify(secret, h, body, sent.Add(time.Minute), 0))
	changed := []byte(`{"id":"k-1","customer":"c-bo","action":"quick_feedback"}`)
	err := webhook.Verify(secret, h, changed, sent.Add(time.Minute), 0)
	fmt.Println("changed:", errors.Is(err, webhook.ErrSignature))
	err = webhook.Verify(secret, h, body, sent.Add(time.Hour), 0)
	fmt.Println("an hour late:", errors.Is(err, webhook.ErrStale))
	// Output:
	// Webhook-Timestamp: 1709283600
	// as sent: <nil>
	// changed: true
	// an hour late: true
}

// A receiver that verifies each request and acts on each key once, and a
// channel delivering to it: the first attempt fails, the retry goes
// through, and a repeat of the message is answered from the channel's
// memory without a request.
func Example() {
	secret := []byte("whsec-example-0123456789")
	clock := func() time.Time { return time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC) }

	var (
		mu       sync.Mutex
		requests int
		acted    = make(map[string]bool)
	)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := webhook.Verify(secret, r.Header, body, clock(), 0); err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		requests++
		if requests == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		key := r.Header.Get(webhook.HeaderIdempotencyKey)
		if !acted[key] { // act on each key once
			acted[key] = true
			var p webhook.Payload
			json.Unmarshal(body, &p)
			fmt.Printf("receiver: %s asks %s: %q\n", p.Action, p.Customer, p.Subject)
		}
		w.Header().Set(webhook.HeaderRequestID, "crm-42")
	}))
	defer receiver.Close()

	noWait := func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	ch, err := webhook.New(receiver.URL+"/hooks/outreach", secret, webhook.Options{Clock: clock, Sleep: noWait})
	if err != nil {
		fmt.Println(err)
		return
	}

	m := outreach.Message{
		ID:       "k-1",
		Customer: "c-ada",
		Action:   "quick_feedback",
		Subject:  "How was your order?",
		Time:     clock(),
	}
	for range 2 {
		r, err := ch.Deliver(context.Background(), m)
		fmt.Printf("receipt %s ref %s duplicate %v, err %v\n", r.ID, r.Ref, r.Duplicate, err)
	}
	fmt.Println("requests:", requests)
	// Output:
	// receiver: quick_feedback asks c-ada: "How was your order?"
	// receipt k-1 ref crm-42 duplicate false, err <nil>
	// receipt k-1 ref crm-42 duplicate true, err <nil>
	// requests: 2
}
