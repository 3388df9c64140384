package digest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/outreach"
)

// DefaultRecipient is the address a [Sender] with no Recipient sends to:
// "listening-team".
const DefaultRecipient engagement.CustomerID = "listening-team"

// Action is the action name a digest message carries:
// "listening_digest".
const Action = "listening_digest"

// KeyPrefix starts the idempotency key of every digest message.
const KeyPrefix = "listening-digest-"

// Sender sends digests to a team through a [outreach.Channel], one
// message per period. Channel is required; the zero value of every other
// field is a default. A Sender holds no state of its own: the channel
// remembers what it delivered.
type Sender struct {
	// Channel delivers the messages. Required.
	Channel outreach.Channel
	// Recipient is who the digests are for, as the channel addresses
	// them (a team, a chat room, a mailbox); empty means
	// [DefaultRecipient].
	Recipient engagement.CustomerID
	// Format says how digests are written; the zero Format is the
	// default.
	Format Format
}

func (s *Sender) recipient() engagement.CustomerID {
	if s.Recipient == "" {
		return DefaultRecipient
	}
	return s.Recipient
}

// Key returns the idempotency key of the digest of p sent to recipient:
// [KeyPrefix] and the hex SHA-256 of the recipient and the period's
// bounds (as instants, whatever their time zone). It depends on nothing
// else, so every digest of one period to one recipient shares a key.
func Key(recipient engagement.CustomerID, p Period) string {
	h := sha256.New()
	h.Write([]byte(recipient))
	h.Write([]byte{0})
	h.Write([]byte(strconv.FormatInt(p.Start.Unix(), 10) + "." + strconv.Itoa(p.Start.Nanosecond())))
	h.Write([]byte{0})
	h.Write([]byte(strconv.FormatInt(p.End.Unix(), 10) + "." + strconv.Itoa(p.End.Nanosecond())))
	return KeyPrefix + hex.EncodeToString(h.Sum(nil))
}

// Message returns the message that carries d: its ID is [Key] of the
// recipient and d's period, its subject and body are d's as the Sender's
// Format writes them, its action [Action] and its time now (the caller's
// clock: the Sender never reads one). A bad period gives a
// *[listening.FieldError].
func (s *Sender) Message(d Digest, now time.Time) (outreach.Message, error) {
	if err := d.Period.Validate(); err != nil {
		return outreach.Message{}, err
	}
	to := s.recipient()
	return outreach.Message{
		ID:       Key(to, d.Period),
		Customer: to,
		Action:   Action,
		Subject:  d.Subject(s.Format),
		Body:     d.Body(s.Format),
		Time:     now,
	}, nil
}

// Send delivers d as one message (see [Sender.Message]) and returns the
// channel's receipt.
//
// An empty digest is not sent: Send returns a zero receipt (its ID is
// empty) and no error. A digest whose period was sent before is answered
// by the channel as a duplicate (the receipt's Duplicate is set) and
// delivers nothing, even if the digest has gained items since: the first
// delivery stands, and later items belong in a later period's digest.
//
// A nil Channel or a bad period gives a *[listening.FieldError]. A
// failed delivery gives an error wrapping the channel's. One matching
// [outreach.ErrTemporary] (a timeout, an outage, a done context) may
// pass: the caller should call Send again later with the same digest,
// which is safe, as the key is the same. Any other error is permanent
// (it matches [outreach.ErrPermanent] when the channel keeps its
// contract): retrying will not help, and it should be reported.
func (s *Sender) Send(ctx context.Context, d Digest, now time.Time) (outreach.Receipt, error) {
	if s.Channel == nil {
		return outreach.Receipt{}, invalid("Sender.Channel", "", "channel is nil")
	}
	m, err := s.Message(d, now)
	if err != nil {
		return outreach.Receipt{}, err
	}
	if d.Empty() {
		return outreach.Receipt{}, nil
	}
	r, err := s.Channel.Deliver(ctx, m)
	if err != nil {
		kind := "permanently"
		if errors.Is(err, outreach.ErrTemporary) {
			kind = "temporarily; send it again later"
		}
		return outreach.Receipt{}, fmt.Errorf("digest: sending the digest of %s to %q failed %s: %w", d.Period, m.Customer, kind, err)
	}
	return r, nil
}
