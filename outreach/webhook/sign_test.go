package webhook_test

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/outreach/webhook"
	"pgregory.net/rapid"
)

// A known answer, computed outside Go (Python's hmac module), pins the
// format: HMAC-SHA256 over "<unix seconds>.<body>", hex, after "sha256=".
func TestSignKnownAnswer(t *testing.T) {
	h := make(http.Header)
	secret := []byte("whsec_0123456789abcdef")
	if err := webhook.Sign(h, secret, []byte(`{"id":"k"}`), time.Unix(1709283600, 0)); err != nil {
		t.Fatal(err)
	}
	if got, want := h.Get(webhook.HeaderTimestamp), "1709283600"; got != want {
		t.Errorf("%s = %q, want %q", webhook.HeaderTimestamp, got, want)
	}
	want := "sha256=32eb75693f789f0b6bf6e8305b5a2b17428b048aea161ee3aff710ee28385c9e"
	if got := h.Get(webhook.HeaderSignature); got != want {
		t.Errorf("%s = %q, want %q", webhook.HeaderSignature, got, want)
	}
}

func TestVerify(t *testing.T) {
	body := []byte(`{"id":"k-1","customer":"c-ada"}`)
	signed := func() http.Header {
		h := make(http.Header)
		if err := webhook.Sign(h, testSecret, body, epoch); err != nil {
			t.Fatal(err)
		}
		return h
	}
	with := func(key, value string) http.Header {
		h := signed()
		if value == "" {
			h.Del(key)
		} else {
			h.Set(key, value)
		}
		return h
	}
	good := signed().Get(webhook.HeaderSignature)
	tests := []struct {
		name      string
		secret    []byte
		h         http.Header
		body      []byte
		now       time.Time
		tolerance time.Duration
		want      error
	}{
		{"good", testSecret, signed(), body, epoch, 0, nil},
		{"good at the edge of the default tolerance", testSecret, signed(), body, epoch.Add(webhook.DefaultTolerance), 0, nil},
		{"good, receiver's clock behind", testSecret, signed(), body, epoch.Add(-4 * time.Minute), 0, nil},
		{"good with a wide tolerance", testSecret, signed(), body, epoch.Add(time.Hour), 2 * time.Hour, nil},
		{"stale", testSecret, signed(), body, epoch.Add(webhook.DefaultTolerance + time.Second), 0, webhook.ErrStale},
		{"from the future", testSecret, signed(), body, epoch.Add(-6 * time.Minute), 0, webhook.ErrStale},
		{"stale for a narrow tolerance", testSecret, signed(), body, epoch.Add(2 * time.Second), time.Second, webhook.ErrStale},
		{"body changed", testSecret, signed(), append(bytes.Clone(body), ' '), epoch, 0, webhook.ErrSignature},
		{"empty body", testSecret, signed(), nil, epoch, 0, webhook.ErrSignature},
		{"other secret", []byte("another-secret-0123456789"), signed(), body, epoch, 0, webhook.ErrSignature},
		{"timestamp changed", testSecret, with(webhook.HeaderTimestamp, strconv.FormatInt(epoch.Unix()+1, 10)), body, epoch, 0, webhook.ErrSignature},
		{"no timestamp", testSecret, with(webhook.HeaderTimestamp, ""), body, epoch, 0, webhook.ErrSignature},
		{"timestamp not a number", testSecret, with(webhook.HeaderTimestamp, "yesterday"), body, epoch, 0, webhook.ErrSignature},
		{"no signature", testSecret, with(webhook.HeaderSignature, ""), body, epoch, 0, webhook.ErrSignature},
		{"signature without prefix", testSecret, with(webhook.HeaderSignature, good[len("sha256="):]), body, epoch, 0, webhook.ErrSignature},
		{"signature not hex", testSecret, with(webhook.HeaderSignature, "sha256=zz"), body, epoch, 0, webhook.ErrSignature},
		{"signature too short", testSecret, with(webhook.HeaderSignature, good[:len(good)-2]), body, epoch, 0, webhook.ErrSignature},
		{"signature upper case", testSecret, with(webhook.HeaderSignature, "SHA256="+good[len("sha256="):]), body, epoch, 0, webhook.ErrSignature},
		{"short secret", []byte("short"), signed(), body, epoch, 0, webhook.ErrConfig},
		{"negative tolerance", testSecret, signed(), body, epoch, -time.Second, webhook.ErrConfig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := webhook.Verify(tt.secret, tt.h, tt.body, tt.now, tt.tolerance)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

// Verify accepts exactly the form Sign writes: the same digest with
// upper-case hex digits, or the same second written with a sign or a
// leading zero, is refused (FuzzVerify found the upper-case case).
func TestVerifyRefusesNonCanonicalForms(t *testing.T) {
	body := []byte(`{"id":"k-1"}`)
	h := make(http.Header)
	if err := webhook.Sign(h, testSecret, body, epoch); err != nil {
		t.Fatal(err)
	}
	if err := webhook.Verify(testSecret, h, body, epoch, time.Hour); err != nil {
		t.Fatalf("Verify of what Sign made: %v", err)
	}
	ts, sig := h.Get(webhook.HeaderTimestamp), h.Get(webhook.HeaderSignature)
	for name, mod := range map[string]func(http.Header){
		"upper-case digest": func(h http.Header) {
			h.Set(webhook.HeaderSignature, "sha256="+strings.ToUpper(strings.TrimPrefix(sig, "sha256=")))
		},
		"upper-case prefix": func(h http.Header) { h.Set(webhook.HeaderSignature, "SHA256="+strings.TrimPrefix(sig, "sha256=")) },
		"plus sign":         func(h http.Header) { h.Set(webhook.HeaderTimestamp, "+"+ts) },
		"leading zero":      func(h http.Header) { h.Set(webhook.HeaderTimestamp, "0"+ts) },
		"digest too long":   func(h http.Header) { h.Set(webhook.HeaderSignature, sig+"0") },
	} {
		bad := h.Clone()
		mod(bad)
		if err := webhook.Verify(testSecret, bad, body, epoch, time.Hour); !errors.Is(err, webhook.ErrSignature) {
			t.Errorf("%s: Verify = %v; want ErrSignature", name, err)
		}
	}
}

func TestSignShortSecret(t *testing.T) {
	h := make(http.Header)
	if err := webhook.Sign(h, []byte("short"), nil, epoch); !errors.Is(err, webhook.ErrConfig) {
		t.Errorf("Sign with a short secret = %v, want ErrConfig", err)
	}
	if len(h) != 0 {
		t.Errorf("Sign with a short secret set headers %v", h)
	}
}

// Any body signed at any time verifies then, and fails once any byte of
// it changes.
func TestSignVerifyProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		secret := rapid.SliceOfN(rapid.Byte(), webhook.MinSecretLen, 64).Draw(t, "secret")
		body := rapid.SliceOfN(rapid.Byte(), 0, 256).Draw(t, "body")
		at := time.Unix(rapid.Int64Range(0, 1<<34).Draw(t, "unix_seconds"), 0)
		h := make(http.Header)
		if err := webhook.Sign(h, secret, body, at); err != nil {
			t.Fatalf("Sign: %v", err)
		}
		if err := webhook.Verify(secret, h, body, at, 0); err != nil {
			t.Fatalf("Verify of what Sign made: %v", err)
		}
		if len(body) == 0 {
			return
		}
		i := rapid.IntRange(0, len(body)-1).Draw(t, "flip_at")
		changed := bytes.Clone(body)
		changed[i] ^= byte(rapid.IntRange(1, 255).Draw(t, "flip"))
		if err := webhook.Verify(secret, h, changed, at, 0); !errors.Is(err, webhook.ErrSignature) {
			t.Fatalf("Verify of a changed body = %v, want ErrSignature", err)
		}
	})
}

// Verify never panics, and accepts only what Sign would have made.
func FuzzVerify(f *testing.F) {
	h := make(http.Header)
	webhook.Sign(h, testSecret, []byte("{}"), epoch)
	f.Add(h.Get(webhook.HeaderTimestamp), h.Get(webhook.HeaderSignature), []byte("{}"))
	f.Add(h.Get(webhook.HeaderTimestamp), "sha256="+strings.ToUpper(strings.TrimPrefix(h.Get(webhook.HeaderSignature), "sha256=")), []byte("{}"))
	f.Add("0"+h.Get(webhook.HeaderTimestamp), h.Get(webhook.HeaderSignature), []byte("{}"))
	f.Add("", "", []byte(nil))
	f.Add("-9223372036854775808", "sha256=", []byte("x"))
	f.Add("9223372036854775807", "sha256=00", []byte("x"))
	f.Fuzz(func(t *testing.T, ts, sig string, body []byte) {
		h := make(http.Header)
		h.Set(webhook.HeaderTimestamp, ts)
		h.Set(webhook.HeaderSignature, sig)
		err := webhook.Verify(testSecret, h, body, epoch, time.Hour)
		if err == nil {
			sec, perr := strconv.ParseInt(ts, 10, 64)
			if perr != nil {
				t.Fatalf("Verify accepted timestamp %q", ts)
			}
			want := make(http.Header)
			webhook.Sign(want, testSecret, body, time.Unix(sec, 0))
			if want.Get(webhook.HeaderSignature) != sig || want.Get(webhook.HeaderTimestamp) != ts {
				t.Fatalf("Verify accepted %q, %q for body %q, which Sign would not make", ts, sig, body)
			}
		}
	})
}
