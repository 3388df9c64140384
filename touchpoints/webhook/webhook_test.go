package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/engagekit/engage/touchpoints/webhook"
)

func TestForwards(t *testing.T) {
	if _, err := webhook.New("ftp://example.com", []byte("0123456789abcdef")); !errors.Is(err, webhook.ErrConfig) {
		t.Errorf("New with an ftp URL: got %v, want ErrConfig", err)
	}
	secret := []byte("0123456789abcdef")
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	h := http.Header{}
	if err := webhook.Sign(h, secret, []byte("{}"), now); err != nil {
		t.Fatal(err)
	}
	if err := webhook.Verify(secret, h, []byte("{}"), now, webhook.DefaultTolerance); err != nil {
		t.Errorf("Verify of a signed request: %v", err)
	}
	if err := webhook.Verify(secret, h, []byte("{ }"), now, webhook.DefaultTolerance); !errors.Is(err, webhook.ErrSignature) {
		t.Errorf("Verify of a changed body: got %v, want ErrSignature", err)
	}
}

// The old options keep their checks, and map onto the new Options.
func TestOptionsForward(t *testing.T) {
	good, secret := "https://example.com/hook", []byte("0123456789abcdef")
	for name, opt := range map[string]webhook.Option{
		"nil client": webhook.WithClient(nil), "zero timeout": webhook.WithTimeout(0),
		"no attempts": webhook.WithMaxAttempts(0), "bad backoff": webhook.WithBackoff(2, 1),
		"nil clock": webhook.WithClock(nil), "nil sleep": webhook.WithSleep(nil), "remember none": webhook.WithRemember(0),
	} {
		if _, err := webhook.New(good, secret, opt); !errors.Is(err, webhook.ErrConfig) {
			t.Errorf("New with %s: got %v, want ErrConfig", name, err)
		}
	}
	c, err := webhook.New(good, secret, nil, webhook.WithJitter(1), webhook.WithBackoff(0, 0), webhook.WithClient(&http.Client{}),
		webhook.WithTimeout(time.Second), webhook.WithMaxAttempts(2), webhook.WithRemember(3),
		webhook.WithClock(time.Now), webhook.WithSleep(func(context.Context, time.Duration) error { return nil }))
	if err != nil || c == nil {
		t.Errorf("New with every option = %v, %v; want a channel", c, err)
	}
}
