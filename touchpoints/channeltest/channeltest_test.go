package channeltest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/engagekit/engage/touchpoints"
	"github.com/engagekit/engage/touchpoints/channeltest"
)

// The old suite still runs, on the old names.
func TestRunForwards(t *testing.T) {
	channeltest.Run(t, func(*testing.T) touchpoints.Channel { return touchpoints.NewMemoryChannel() })
	if err := channeltest.TestChannel(func() (touchpoints.Channel, error) { return touchpoints.NewMemoryChannel(), nil }); err != nil {
		t.Error(err)
	}
}

func TestFaultsForward(t *testing.T) {
	ch := channeltest.FailFirst(touchpoints.NewMemoryChannel(), 1, nil)
	m := touchpoints.Message{ID: "k", Customer: "c", Time: time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)}
	if _, err := ch.Deliver(context.Background(), m); !errors.Is(err, channeltest.ErrInjected) || !errors.Is(err, touchpoints.ErrTemporary) {
		t.Errorf("FailFirst: first Deliver error = %v, want ErrInjected and ErrTemporary", err)
	}
	if _, err := ch.Deliver(context.Background(), m); err != nil {
		t.Errorf("FailFirst: second Deliver: %v", err)
	}
}
