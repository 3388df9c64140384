// Package segment selects customers by declarative, explainable
// conditions: "advocates who bought in the last 30 days and consent to
// email marketing" is
//
//	stage = advocate and last_purchase within 30d and consent(marketing, email)
//
// A [Segment] is read from this text form with [Parse], or from a small
// JSON tree ([Segment.UnmarshalJSON]); [Segment.String] prints the
// canonical text, which parses back to an equal segment. [Segment.Match]
// tests one customer's [Facts] and explains the result, condition by
// condition, with the values found ("last purchase 12 days ago (wanted
// within 30 days)"); [Select] picks the matching customers of an
// [engagement.Store].
//
// # The text form
//
//	segment    = or
//	or         = and { "or" and }
//	and        = unary { "and" unary }
//	unary      = "not" unary | "(" or ")" | condition
//	condition  = field op value
//	           | field "in" "(" value { "," value } ")"
//	           | timefield ( "within" | "before" ) duration
//	           | "consent" "(" name [ "," name ] ")"
//	           | "event" "(" [ or ] [ "," "within" duration ] [ "," "count" op count ] ")"
//	op         = "=" | "!=" | "<" | "<=" | ">" | ">="
//
// not binds tightest, then and, then or. Values are names (advocate),
// exact decimal numbers (100.00, -3), "quoted text" with Go escapes, true
// and false, and times: "2024-03-01T00:00:00Z" (RFC 3339) for a time
// field, time("2024-03-01T00:00:00Z") for a trait or property. Durations
// are a whole number and a unit: 90s, 15m, 12h, 30d, 2w. A name (purpose,
// channel, key) is an identifier or quoted text: trait."signed up".
//
// # Fields of the customer
//
//	stage            unclassified, prospect, transactional, returning, advocate, former;
//	                 < <= > >= compare the stages of engagement (transactional < returning < advocate)
//	level            Gallup's level (stages.LevelOf): none, actively_disengaged, not_engaged,
//	                 engaged, fully_engaged, ordered; none has no order
//	nps              the class of the latest likelihood-to-recommend answer: none, detractor,
//	                 passive, promoter
//	recommend        that answer, 0 to 10
//	interactions, purchases, purchase_days, referrals, complaints_open, complaints_resolved
//	                 counts from the profile
//	monetary         spent less refunded, exactly
//	satisfaction     mean satisfaction answer, 1 to 5
//	goodwill         goodwill balance in points
//	first_purchase, last_purchase, last_seen, last_advocacy
//	                 times: compare with a time, or say within 30d (at most 30 days before
//	                 the as-of time) or before 90d (more than 90 days before it)
//	id, account      text
//	group            the recorded relationship: unspecified, prospect, customer, advocate, former
//	consent          the legacy consent flag: unknown, given, refused
//	attr.<key>       a text attribute
//	trait.<key>      a typed trait: text, number, bool or time
//	consent(p, c)    consent for purpose p on channel c at the as-of time, by
//	                 engagement.ConsentAt over the customer's records; consent(p) asks about
//	                 records for every channel only
//
// # Fields of an event, inside event(...)
//
//	kind             the interaction kind: kind = purchase
//	touchpoint       text
//	amount           exact decimal
//	property.<key>   a typed property: text, number, bool or time
//
// event(where, within D, count op n) counts the customer's interactions
// that where selects, at most D before the as-of time (all up to it when
// within is left out), and compares the count: count >= 1 when left out.
//
// # Missing facts and types
//
// A condition on a fact that is not known is false, and so is one that
// compares values of different types (a trait holding a number compared
// with text): != included, so use not for "anything but". The
// explanation says which: "trait plan is not set", "trait plan is 3, a
// number: the type differs (wanted "pro")". A customer with no profile has
// counts, monetary value and goodwill of zero and no times.
//
// # The JSON form
//
//	{"and":[{"field":"stage","op":"=","value":"advocate"},
//	        {"field":"last_purchase","op":"within","value":"30d"},
//	        {"consent":{"purpose":"marketing","channel":"email"}},
//	        {"event":{"where":{"field":"kind","op":"=","value":"purchase"},
//	                  "within":"90d","count":{"op":">=","value":2}}}]}
//
// Besides and and or there are {"not":{...}}; the value of in is a list;
// values are written as [engagement.Value] writes them, so a time is
// {"time":"2024-03-01T00:00:00Z"} (a plain string will do for a time
// field).
package segment
