package webhook_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/outreach/webhook"
)

// The URL's path and query stand for a token some receivers put there.
const (
	pathToken  = "PATHTOKEN-9f8e7d"
	queryToken = "QUERYTOKEN-6c5b4a"
)

// leaks reports which secrets text repeats.
func leaks(text string) []string {
	var found []string
	for _, s := range []string{string(testSecret), "LEAKCANARY", pathToken, queryToken} {
		if strings.Contains(text, s) {
			found = append(found, s)
		}
	}
	return found
}

// Every failure path of the channel, and every printed form of it, keeps
// the secret and the URL's token out of its text.
func TestSecretsNeverAppear(t *testing.T) {
	var texts []string
	record := func(what string, err error) {
		if err == nil {
			t.Errorf("%s: got no error, want one", what)
			return
		}
		texts = append(texts, what+": "+err.Error())
	}

	script := map[string]answer{
		"/400":   {status: http.StatusBadRequest, noCheck: true},
		"/500":   {status: http.StatusInternalServerError, noCheck: true},
		"/stall": {stall: 5 * time.Second, noCheck: true},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // so that the server notices the client leave
		a := script[strings.SplitN(r.URL.Path, "/"+pathToken, 2)[0]]
		if a.stall > 0 {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(a.stall):
			}
		}
		if a.status != 0 {
			w.WriteHeader(a.status)
		}
	}))
	defer srv.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()

	opts := webhook.Options{Sleep: new(sleeps).sleep, MaxAttempts: 2, Timeout: 50 * time.Millisecond}
	deliver := func(what, base string, ctx context.Context, m outreach.Message) {
		u := base + "/" + pathToken + "?key=" + queryToken
		c, err := webhook.New(u, testSecret, opts)
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		for _, form := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
			texts = append(texts, what+": "+form+": "+fmt.Sprintf(form, c))
		}
		texts = append(texts, c.String(), c.GoString())
		_, err = c.Deliver(ctx, m)
		record(what, err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	deliver("permanent answer", srv.URL+"/400", context.Background(), msg("k"))
	deliver("retries exhausted", srv.URL+"/500", context.Background(), msg("k"))
	deliver("attempt timeouts", srv.URL+"/stall", context.Background(), msg("k"))
	deliver("network error", closedURL, context.Background(), msg("k"))
	deliver("cancelled", srv.URL+"/500", cancelled, msg("k"))
	deliver("invalid message", srv.URL+"/500", context.Background(), outreach.Message{})
	ctx, cancel2 := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel2()
	deliver("deadline during attempt", srv.URL+"/stall", ctx, msg("k"))

	// Configuration errors.
	u := "https://example.com/" + pathToken + "?key=" + queryToken
	for what, o := range map[string]webhook.Options{
		"negative timeout": {Timeout: -1}, "negative attempts": {MaxAttempts: -1},
		"bad backoff": {Backoff: 2, MaxBackoff: 1}, "negative remember": {Remember: -1},
	} {
		_, err := webhook.New(u, testSecret, o)
		record("New with "+what, err)
	}
	_, err := webhook.New("ftp://example.com/"+pathToken, testSecret, webhook.Options{})
	record("New with an ftp url", err)
	_, err = webhook.New("http://[::1/"+pathToken, testSecret, webhook.Options{})
	record("New with a bad url", err)
	_, err = webhook.New(u, []byte("LEAKCANARY"), webhook.Options{})
	record("New with a short secret", err)

	// Verify's errors.
	body := []byte("{}")
	h := make(http.Header)
	webhook.Sign(h, testSecret, body, epoch)
	record("Verify of a changed body", webhook.Verify(testSecret, h, []byte("{ }"), epoch, 0))
	record("Verify of a stale request", webhook.Verify(testSecret, h, body, epoch.Add(time.Hour), 0))
	record("Verify with a short secret", webhook.Verify([]byte("LEAKCANARY"), h, body, epoch, 0))

	for _, text := range texts {
		t.Log(text)
		if found := leaks(text); len(found) > 0 {
			t.Errorf("%q repeats %q", text, found)
		}
	}
}
