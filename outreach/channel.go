package outreach

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/internal/fielderr"
)

// Delivery errors. Every error a [Channel] returns matches exactly one of
// them, so that a caller knows whether trying the same message again can
// help; the errors returned wrap them with the details.
var (
	// ErrPermanent is matched by an error from [Channel.Deliver] that
	// trying again will not cure: the message is malformed (the error is
	// then a *[FieldError] and matches [ErrInvalid] too), the recipient
	// refused it, or the channel is misconfigured.
	ErrPermanent = errors.New("outreach: permanent delivery failure")

	// ErrTemporary is matched by an error from [Channel.Deliver] that may
	// pass: a timeout, an outage, a rate limit, a context that was done.
	// Trying the same message again later, with the same ID, is safe.
	ErrTemporary = errors.New("outreach: temporary delivery failure")
)

// Channel delivers messages to customers: e-mail, text messages, a push
// service, a webhook into the business's own systems. [MemoryChannel] is
// the memory default, package outreach/webhook posts messages over HTTP,
// and package outreach/channeltest checks any implementation against
// the contract below.
type Channel interface {
	// Deliver delivers m to its customer and returns a receipt, or an
	// error saying why it could not.
	//
	// m.ID is the idempotency key: a channel delivers each key at most
	// once. Once a key has been delivered, a later Deliver with that key
	// delivers nothing and returns the first receipt with Duplicate set,
	// whatever the rest of m holds. Keys are compared byte by byte. A
	// channel may bound how many keys it remembers, and must say so.
	//
	// A nil error means m was delivered, by this call or an earlier one.
	// An error means this call did not confirm delivery: it matches
	// [ErrPermanent] or [ErrTemporary]. An error does not prove that
	// nothing reached the customer (an acknowledgement can be lost on the
	// way back), which is why a retry must use the same key: the channel,
	// and a recipient that is handed the key, then deliver it once.
	//
	// A message that fails [Message.Validate] is refused with that error,
	// which matches [ErrInvalid] and [ErrPermanent]. If ctx is done when
	// Deliver is called it delivers nothing; once ctx is done during a
	// call, Deliver returns promptly. Either way the error wraps ctx.Err()
	// and matches [ErrTemporary].
	//
	// Deliver may be called concurrently, with the same key or different
	// ones; of concurrent calls with one key, at most one delivers. The
	// channel keeps no reference to m after the call.
	Deliver(ctx context.Context, m Message) (Receipt, error)
}

// ChannelFunc adapts a function to the [Channel] interface. It keeps the
// contract only as far as the function does; it is handy in tests and for
// wrapping another channel.
type ChannelFunc func(ctx context.Context, m Message) (Receipt, error)

// Deliver calls f(ctx, m).
func (f ChannelFunc) Deliver(ctx context.Context, m Message) (Receipt, error) {
	return f(ctx, m)
}

// MaxMessageIDLen is the longest idempotency key a [Message] may carry, in
// bytes: 255, as the common delivery services allow.
const MaxMessageIDLen = 255

// Message is what a [Channel] delivers: one action of the playbook, in
// words, to one customer.
type Message struct {
	// ID is the idempotency key: delivering two messages with the same ID
	// delivers the first only. It is 1 to [MaxMessageIDLen] bytes of
	// visible ASCII (no spaces or control characters), so that it can
	// travel in a protocol header. [Sender] derives it from the action,
	// the customer and the cap window.
	ID string

	// Customer is who the message is for. Required.
	Customer engagement.CustomerID

	// Action names the action of the playbook the message carries out,
	// such as "quick_feedback"; empty when it carries out none.
	Action string

	// Subject and Body are the text of the message; either may be empty.
	Subject string
	Body    string

	// Time is when the message was sent, as the sender says: channels do
	// not read the clock to fill it in. Required.
	Time time.Time
}

// Validate reports the first problem with m as a *[FieldError] naming the
// field (id, customer or time), or nil. The time must lie within the years
// 1678 to 2262, as an [engagement.Interaction]'s must. The error matches [ErrInvalid]
// and, since a malformed message never gets through, [ErrPermanent].
func (m Message) Validate() error {
	switch {
	case m.ID == "":
		return messageError("id", "", "idempotency key is empty")
	case len(m.ID) > MaxMessageIDLen:
		return messageError("id", m.ID, "idempotency key is longer than "+strconv.Itoa(MaxMessageIDLen)+" bytes")
	case !visibleASCII(m.ID):
		return messageError("id", m.ID, "idempotency key must be visible ASCII, without spaces or control characters")
	case m.Customer == "":
		return messageError("customer", "", "customer id is empty")
	case m.Time.IsZero():
		return messageError("time", "", "time is missing")
	case !m.Time.After(minMessageTime) || m.Time.After(maxMessageTime):
		return messageError("time", m.Time.Format(time.RFC3339), "time must lie within the years 1678 to 2262")
	}
	return nil
}

// minMessageTime and maxMessageTime bound the times a Message may carry:
// those whose UnixNano is exact, as for an engagement.Interaction, so that
// every message can be recorded as one.
var (
	minMessageTime = time.Unix(0, -1<<63)
	maxMessageTime = time.Unix(0, 1<<63-1)
)

// visibleASCII reports whether s holds only the bytes '!' to '~'.
func visibleASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '!' || s[i] > '~' {
			return false
		}
	}
	return true
}

// messageError builds the *FieldError for a malformed message: it matches
// ErrInvalid, and its reason matches ErrPermanent.
func messageError(field, value, reason string) *FieldError {
	return &FieldError{Field: "message." + field, Value: fielderr.Shorten(value), Err: permanentReason(reason)}
}

// permanentReason is the reason of a *FieldError about a message: it reads
// as its text and matches ErrPermanent.
type permanentReason string

func (r permanentReason) Error() string { return string(r) }

// Is reports whether target is [ErrPermanent].
func (r permanentReason) Is(target error) bool { return target == ErrPermanent }

// Receipt is a channel's confirmation that a message was delivered.
type Receipt struct {
	// ID is the delivered message's idempotency key.
	ID string

	// Ref is the provider's reference for the delivery (a message id, a
	// request id), or one the channel makes up when the provider gives
	// none. It is never empty.
	Ref string

	// Duplicate is set when the key had been delivered by an earlier call
	// and this one delivered nothing. It says what the channel knows: a
	// delivery whose acknowledgement was lost is delivered again, with the
	// same key, and reported as new.
	Duplicate bool
}
