package engagement

import "strings"

// Kind says what happened in an interaction. The built-in kinds below are
// the ones the models understand; any other token is a user-defined kind
// (say Kind("webinar")) that the profile counts only through goodwill rules
// that name it.
//
// A kind's text form is itself: lower-case letters, digits and underscores,
// starting with a letter, at most 32 bytes.
type Kind string

// The built-in kinds.
const (
	Purchase          Kind = "purchase"           // the customer bought; Amount is what they paid
	Return            Kind = "return"             // the customer returned goods; Amount is what was refunded
	ServiceRequest    Kind = "service_request"    // the customer asked for help
	Complaint         Kind = "complaint"          // the customer complained
	ComplaintResolved Kind = "complaint_resolved" // a complaint was resolved to the customer's satisfaction
	RatingGiven       Kind = "rating"             // the customer answered a survey; Rating holds the answer
	Referral          Kind = "referral"           // the customer brought someone new
	Review            Kind = "review"             // the customer reviewed the business in public; Rating may hold stars
	CommunityPost     Kind = "community_post"     // the customer posted in the business's community
	Visit             Kind = "visit"              // the customer visited a store, site or event
)

// Contacts the business initiates. They are kept with a customer's
// interactions, for the record and for frequency caps (package touchpoints
// records them when it sends an action), but they are not something the
// customer did: a [Profile] leaves them out, so contacting a lapsed
// customer does not make them look active, and they move no goodwill,
// whatever GoodwillRules say.
const (
	Outreach        Kind = "outreach"         // the business contacted the customer and delivery was confirmed
	OutreachAttempt Kind = "outreach_attempt" // the business tried to contact the customer
)

// Initiated reports whether k is a contact the business initiated
// (Outreach or OutreachAttempt) rather than something the customer did.
func (k Kind) Initiated() bool { return k == Outreach || k == OutreachAttempt }

// BuiltinKinds lists the built-in kinds in a fixed order.
func BuiltinKinds() []Kind {
	return []Kind{Purchase, Return, ServiceRequest, Complaint, ComplaintResolved,
		RatingGiven, Referral, Review, CommunityPost, Visit}
}

const maxKindLen = 32

// String returns the kind's text form.
func (k Kind) String() string { return string(k) }

// Builtin reports whether k is one of the built-in kinds.
func (k Kind) Builtin() bool {
	switch k {
	case Purchase, Return, ServiceRequest, Complaint, ComplaintResolved,
		RatingGiven, Referral, Review, CommunityPost, Visit:
		return true
	}
	return false
}

// Validate reports whether k is a well-formed kind token, as a
// *[FieldError].
func (k Kind) Validate() error {
	if k.Builtin() {
		return nil
	}
	if k == "" {
		return fieldError("kind", "", "kind is empty")
	}
	if len(k) > maxKindLen {
		return fieldError("kind", string(k), "kind is longer than 32 bytes")
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c >= 'a' && c <= 'z':
		case i > 0 && (c >= '0' && c <= '9' || c == '_'):
		default:
			return fieldError("kind", string(k), "want lower-case letters, digits and underscores, starting with a letter")
		}
	}
	return nil
}

// MarshalText implements [encoding.TextMarshaler]; it refuses a malformed
// kind.
func (k Kind) MarshalText() ([]byte, error) {
	if err := k.Validate(); err != nil {
		return nil, err
	}
	return []byte(k), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It folds case and
// reads spaces and hyphens as underscores, so "Service request" and
// "service-request" both give ServiceRequest.
func (k *Kind) UnmarshalText(text []byte) error {
	s := strings.TrimSpace(string(text))
	s = strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-':
			return '_'
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		}
		return r
	}, s)
	if err := Kind(s).Validate(); err != nil {
		err.(*FieldError).Value = shorten(string(text))
		return err
	}
	*k = Kind(s)
	return nil
}
