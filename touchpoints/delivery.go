package touchpoints

import "github.com/engagekit/engage/outreach"

// Delivery moved to package outreach; these names stay so that code using
// them keeps compiling. The errors of the delivery types are
// *[outreach.FieldError] values matching [outreach.ErrInvalid], not
// [ErrInvalid].

// Delivery errors.
var (
	// Deprecated: use outreach.ErrPermanent.
	ErrPermanent = outreach.ErrPermanent

	// Deprecated: use outreach.ErrTemporary.
	ErrTemporary = outreach.ErrTemporary
)

// Channel delivers messages to customers.
//
// Deprecated: use outreach.Channel.
type Channel = outreach.Channel

// ChannelFunc adapts a function to the Channel interface.
//
// Deprecated: use outreach.ChannelFunc.
type ChannelFunc = outreach.ChannelFunc

// MaxMessageIDLen is the longest idempotency key a Message may carry.
//
// Deprecated: use outreach.MaxMessageIDLen.
const MaxMessageIDLen = outreach.MaxMessageIDLen

// Message is what a Channel delivers.
//
// Deprecated: use outreach.Message.
type Message = outreach.Message

// Receipt is a channel's confirmation that a message was delivered.
//
// Deprecated: use outreach.Receipt.
type Receipt = outreach.Receipt

// MemoryChannel is a Channel that delivers messages into memory.
//
// Deprecated: use outreach.MemoryChannel.
type MemoryChannel = outreach.MemoryChannel

// NewMemoryChannel returns an empty MemoryChannel.
//
// Deprecated: use outreach.NewMemoryChannel.
func NewMemoryChannel() *MemoryChannel { return outreach.NewMemoryChannel() }

// The interaction kinds Outreach records.
const (
	// Deprecated: use outreach.Kind.
	OutreachKind = outreach.Kind

	// Deprecated: use outreach.AttemptKind.
	OutreachAttemptKind = outreach.AttemptKind
)

// The default frequency cap.
const (
	// Deprecated: use outreach.DefaultCapMax.
	DefaultCapMax = outreach.DefaultCapMax

	// Deprecated: use outreach.DefaultCapWindow.
	DefaultCapWindow = outreach.DefaultCapWindow
)

// MaxCapWindow is the longest window a Cap may have.
//
// Deprecated: use outreach.MaxCapWindow.
const MaxCapWindow = outreach.MaxCapWindow

// DefaultOutreachLeaseTTL is the default Outreach.LeaseTTL.
//
// Deprecated: use outreach.DefaultLeaseTTL.
const DefaultOutreachLeaseTTL = outreach.DefaultLeaseTTL

// Cap bounds how often Outreach contacts one customer.
//
// Deprecated: use outreach.Cap.
type Cap = outreach.Cap

// Outreach sends an action of the stages playbook through a Channel.
//
// Deprecated: use outreach.Sender.
type Outreach = outreach.Sender

// OutreachReport says what one run of Outreach.Send did.
//
// Deprecated: use outreach.Report.
type OutreachReport = outreach.Report

// Contact is a customer contacted by Outreach.Send.
//
// Deprecated: use outreach.Contact.
type Contact = outreach.Contact

// Refusal is a customer not contacted because the action does not fit
// their stage.
//
// Deprecated: use outreach.Refusal.
type Refusal = outreach.Refusal

// Failure is a customer whose delivery failed, and why.
//
// Deprecated: use outreach.Failure.
type Failure = outreach.Failure

// ConsentRefusal is a customer not contacted for want of consent.
//
// Deprecated: use outreach.ConsentRefusal.
type ConsentRefusal = outreach.ConsentRefusal
