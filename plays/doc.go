// Package plays turns what is known about customers into action:
// triggers that fire explainable events on a customer's history and
// current state, and plays, stage-aware sequences of sends, waits and
// conditions, that a [Runner] advances customers through, resumably and
// without sending anything twice.
//
// # Triggers
//
// A [Trigger] reads a customer's [Facts]: the previous state record and
// the recent history of an [engagement.HistoryStore] ([ReadHistory] fills
// them), the current profile, stage and health band, and the time. The
// built-ins are [BandDropped] ("band fell from green to red since
// 2026-02-01"), [BecameDetractor], [AdvocateLapsing] and [FormerFor]; each
// is a struct whose zero fields are named, documented defaults, and whose
// Play field names the play its events start. [Evaluate] returns the
// events of one customer in the order of the triggers, [EvaluateAll]
// those of many in order of customer ID: the same facts always give the
// same events, and each event's explanation names the facts it read.
//
// # Plays
//
// A [Play] is for some stages (and optionally a segment) and has steps:
// [Send] an action of the stages playbook, [Wait] a duration, [If] a
// condition holds go on, else stop. [WinBack] is for former customers,
// [Welcome] for prospects. A customer's place in a play is a [State],
// kept as JSON in the checkpoint "play/<name>" of an
// [engagement.CheckpointStore]; [Runner.Run] starts plays on events and
// moves every customer of a base on from their place, as of a time, and
// reports what it did. A Wait is over only in a run as of its end or
// later, so nothing is sent early however often the runner runs.
//
// # Never sending twice
//
// Every change of place is saved with the checkpoint's version, so of two
// runs that loaded the same place only the first to save goes on; the
// other gets [engagement.ErrConflict], stops for that customer and says
// so in its report. A send goes in three saves:
//
//  1. "about to send step i": the pending send, with its action and its
//     time, saved before Outreach is called;
//  2. the call to [outreach.Sender.Send], as of the pending time;
//  3. "sent step i": the send moved to Sent and the place moved on.
//
// A run that stops between 1 and 3 (a crash, a store or channel failure)
// leaves the send pending, and the next run makes it again, saving first
// (so a rival run that also found it pending loses at its next save). That
// repeated call cannot deliver a second message, and the argument rests
// on these facts, each the contract of another package:
//
//   - the repeated call has the same action, customer and time, so
//     Outreach derives the same idempotency key (action, customer and cap
//     window of the time);
//   - Outreach records the contact under that key before it returns, and
//     answers a key with a recorded contact as already sent without
//     delivering;
//   - a delivery whose contact was not recorded (the confirmation was
//     lost) is delivered again under the same key, and the [outreach.Channel]
//     delivers each key at most once, also to concurrent calls. A channel
//     that bounds the keys it remembers keeps this only for keys within
//     its bound;
//   - Outreach checks the frequency cap and records contacts under a
//     lease across processes sharing a store, when the store is an
//     [engagement.Leaser].
//
// So a step's message goes out at most once; a send that Outreach refuses
// (no consent, not appropriate, a permanent failure) ends the play, and a
// send held by the cap or a temporary failure is tried again by a later
// run, with the same key when an earlier try may have gone out. The price
// of the fixed time is that a send resumed after a crash is checked for
// consent and the cap as of the time it was first made.
package plays
