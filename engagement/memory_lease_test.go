package engagement_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
)

// A deferred Release frees the lease even when the caller's context was
// cancelled meanwhile, and a second Release is harmless.
func TestMemoryStoreReleaseAfterCancel(t *testing.T) {
	s := engagement.NewMemoryStore()
	ctx, cancel := context.WithCancel(context.Background())
	l, err := s.Lease(ctx, "cap/ada", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := l.Release(ctx); err != nil {
		t.Errorf("Release with a cancelled context = %v, want nil", err)
	}
	if err := l.Release(ctx); err != nil {
		t.Errorf("second Release = %v, want nil", err)
	}
	wait, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	again, err := s.Lease(wait, "cap/ada", time.Minute)
	if err != nil {
		t.Fatalf("Lease after Release with a cancelled context: %v, want the lease", err)
	}
	_ = again.Release(wait)
}

// The errors of Lease name what was wrong.
func TestMemoryStoreLeaseErrors(t *testing.T) {
	s := engagement.NewMemoryStore()
	_, err := s.Lease(context.Background(), "cap/ada", 0)
	var fe *engagement.FieldError
	if !errors.As(err, &fe) || fe.Field != "ttl" {
		t.Fatalf("Lease with ttl 0 = %v, want a *FieldError for ttl", err)
	}
	const want = `engagement: lease "cap/ada": engagement: ttl "0s": must be positive`
	if err.Error() != want {
		t.Errorf("Lease with ttl 0 error:\n got %s\nwant %s", err, want)
	}
	held, err := s.Lease(context.Background(), "cap/ada", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = s.Lease(ctx, "cap/ada", time.Minute)
	const wantCancel = `engagement: lease "cap/ada": context canceled`
	if !errors.Is(err, context.Canceled) || err.Error() != wantCancel {
		t.Errorf("Lease with a cancelled context error:\n got %v\nwant %s", err, wantCancel)
	}
}

// A stale save names both versions.
func TestMemoryStoreCheckpointConflictMessage(t *testing.T) {
	ctx := context.Background()
	s := engagement.NewMemoryStore()
	c := engagement.Checkpoint{Customer: "ada", Name: "play/win-back", Value: []byte("1"), Saved: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := s.SaveCheckpoint(ctx, c); err != nil {
		t.Fatal(err)
	}
	_, err := s.SaveCheckpoint(ctx, c)
	const want = `engagement: save checkpoint "play/win-back" of "ada": saving over version 0, but version 1 is stored: engagement: conflict with what is stored`
	if !errors.Is(err, engagement.ErrConflict) || err.Error() != want {
		t.Errorf("stale SaveCheckpoint error:\n got %v\nwant %s", err, want)
	}
}
