package channeltest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/engagekit/engage/outreach"
	"github.com/engagekit/engage/outreach/channeltest"
)

// ExampleTestChannel checks two channels against the Channel contract
// outside a test: the memory channel keeps every clause; a channel that
// forgets the keys it delivered does not, and the failures name the
// clauses it breaks.
func ExampleTestChannel() {
	err := channeltest.TestChannel(func() (outreach.Channel, error) {
		return outreach.NewMemoryChannel(), nil
	})
	fmt.Println("memory channel:", err)

	forgetful := func() (outreach.Channel, error) {
		return outreach.ChannelFunc(func(ctx context.Context, m outreach.Message) (outreach.Receipt, error) {
			if err := ctx.Err(); err != nil {
				return outreach.Receipt{}, err
			}
			return outreach.Receipt{ID: m.ID, Ref: "sent-" + m.ID}, nil
		}), nil
	}
	err = channeltest.TestChannel(forgetful)
	var failures interface{ Unwrap() []error }
	if errors.As(err, &failures) {
		fmt.Println("forgetful channel fails", len(failures.Unwrap()), "clauses, the first:")
		fmt.Println(strings.SplitN(failures.Unwrap()[0].Error(), "\n", 2)[0])
	}
	// Output:
	// memory channel: <nil>
	// forgetful channel fails 4 clauses, the first:
	// channeltest: RepeatIsDuplicate: a repeat of a delivered key delivers nothing: it returns no error and the first receipt (same ID and Ref) with Duplicate set, even when the rest of the message differs, however often it is repeated:
}
