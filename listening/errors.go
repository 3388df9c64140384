package listening

import (
	"errors"

	"github.com/engagekit/engage/internal/fielderr"
)

// Sentinel errors. Match them with [errors.Is]; the errors returned wrap
// them with the details.
var (
	// ErrInvalid is matched by every error about a malformed value: a
	// mention that fails validation, a bad line in a file, a topic, alert,
	// guideline or polling rule out of range, a query that does not parse.
	// The error itself is a *[FieldError].
	ErrInvalid = errors.New("listening: invalid value")

	// ErrCursor is returned by a [Source] handed a cursor it did not
	// produce.
	ErrCursor = errors.New("listening: cursor not from this source")

	// ErrTooLarge is returned by [FeedSource.Fetch] when a response body
	// exceeds [FeedSource.MaxBytes], and by [FileSource.Fetch] for a
	// record longer than [FileSource.MaxBytes].
	ErrTooLarge = errors.New("listening: input too large")

	// ErrFeedStatus is returned by [FeedSource.Fetch] when the server
	// answers with a status other than 200 OK or 304 Not Modified.
	ErrFeedStatus = errors.New("listening: unexpected feed status")

	// ErrFeedFormat is returned by [ParseFeed] and [FeedSource.Fetch] for a
	// body that is not a well-formed RSS 2.0 or Atom feed.
	ErrFeedFormat = errors.New("listening: malformed feed")

	// ErrMismatch is returned by [Series.Merge] and [Feedback.Merge] for
	// summaries built with different settings (window width, examples
	// kept), which cannot be combined.
	ErrMismatch = errors.New("listening: mismatched summaries")

	// ErrTransition is wrapped by the *[TransitionError] that
	// [Case.Advance] returns for a step the response plan does not allow.
	ErrTransition = errors.New("listening: transition not allowed")

	// ErrNoSpokesperson is returned by [Route] when a negative or
	// disparaging mention has no trained spokesperson to go to, and by
	// [Case.Assign] for staff who are not spokespeople.
	ErrNoSpokesperson = errors.New("listening: no trained spokesperson")

	// ErrNoStaff is returned by [Route] when there is no staff at all to
	// route a mention to.
	ErrNoStaff = errors.New("listening: no staff")

	// ErrNotNegative is returned by [OpenCase] for a mention whose score is
	// not negative enough to open a case.
	ErrNotNegative = errors.New("listening: mention not negative")
)

// FieldError reports a bad value: which field, which value and, for input
// read from a file, which line. Every FieldError matches [ErrInvalid] with
// [errors.Is]; Err holds the reason and is unwrapped too, so a parse error
// underneath stays reachable.
type FieldError struct {
	Line  int    // 1-based line of the input; 0 when the value did not come from a file
	Field string // the field or column name, such as "time" or "topics[2].keywords"
	Value string // the offending value as given (cut short when very long)
	Err   error  // why the value is wrong
}

func (e *FieldError) Error() string {
	return fielderr.Message("listening", fielderr.Line(e.Line), e.Field, e.Value, e.Err)
}

// Unwrap returns the reason.
func (e *FieldError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalid]: every FieldError is one.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// invalid builds a *FieldError with a plain reason, cutting an over-long
// value at a character boundary.
func invalid(field, value, reason string) *FieldError {
	return &FieldError{Field: field, Value: fielderr.Shorten(value), Err: errors.New(reason)}
}

// invalidAt is invalid with the input line.
func invalidAt(line int, field, value, reason string) *FieldError {
	e := invalid(field, value, reason)
	e.Line = line
	return e
}
