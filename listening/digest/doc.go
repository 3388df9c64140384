// Package digest gathers the listening signals of one period (the
// alerts of a [listening.Centre], the spikes of [listening.Spikes] and the
// cases that missed their response-time target) into a [Digest] a person
// can read, and sends it through any [outreach.Channel] with a
// [Sender]: the memory channel in tests, package outreach/webhook into
// the team's chat or ticket system.
//
// A digest covers a half-open period [start, end), such as a day or an
// hour. It groups its items by topic and orders them worst first, so that
// the body reads the same whatever order the signals were gathered in. A
// digest with nothing in it is not sent.
//
// The message's idempotency key is derived from the recipient and the
// period only, so sending the digest of a period again (a retry, a re-run
// of a scheduled job) is answered by the channel as a duplicate and never
// reaches the team twice.
package digest
