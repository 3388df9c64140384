package touchpoints_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/touchpoints"
)

// The deprecated names are the outreach ones, so old and new code mix.
func TestDeliveryAliases(t *testing.T) {
	var o *outreach.Sender = &touchpoints.Outreach{Channel: touchpoints.NewMemoryChannel(), Store: engagement.NewMemoryStore(), Touchpoint: "tp"}
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	var r touchpoints.OutreachReport
	r, err := o.Send(context.Background(), "no_such_action", nil, now)
	if !errors.Is(err, outreach.ErrInvalid) || r.Action != "no_such_action" {
		t.Errorf("Send of an unknown action = %+v, %v; want an error matching outreach.ErrInvalid", r, err)
	}
	_, err = touchpoints.NewMemoryChannel().Deliver(context.Background(), touchpoints.Message{ID: "k"})
	if !errors.Is(err, touchpoints.ErrPermanent) || !errors.Is(err, outreach.ErrPermanent) {
		t.Errorf("Deliver of an invalid message: got %v, want ErrPermanent", err)
	}
	if touchpoints.OutreachKind != outreach.Kind || touchpoints.DefaultOutreachLeaseTTL != outreach.DefaultLeaseTTL {
		t.Error("deprecated constants differ from outreach's")
	}
}
