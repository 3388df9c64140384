// Package outreach delivers stage-appropriate actions of the stages
// playbook to customers, and only to those who may be contacted.
//
// # Channels
//
// A [Channel] delivers a [Message] to one customer and returns a
// [Receipt]. Its documentation is the contract every channel keeps: the
// message's ID is an idempotency key delivered at most once, and every
// error matches [ErrPermanent] or [ErrTemporary], so that a caller knows
// whether trying again can help. [MemoryChannel] is the in-memory default,
// package outreach/webhook posts messages over HTTP, and package
// outreach/channeltest checks any channel against the contract and offers
// channels that fail on purpose.
//
// # Sending
//
// A [Sender] sends one action to an audience, each customer at their
// stage, through a Channel, and records each contact in an
// [engagement.Store] (as a [Kind] interaction, after an [AttemptKind] one).
// It contacts nobody at a stage the action does not fit, nobody without
// consent for its purpose on its channel, and nobody above the frequency
// [Cap]; a re-run or a retry in the same cap window delivers nothing
// twice. When the store is an [engagement.Leaser], runs may overlap, in
// one process or several. Its [Report] lists what happened to each
// customer.
//
// # Errors
//
// A malformed message, setup or argument is reported as a *[FieldError]
// naming the field and the value, matching [ErrInvalid]. Nothing in the
// package panics on input, and nothing reads the clock: the run's time is
// passed in.
package outreach
