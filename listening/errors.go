package listening

import "errors"

// Sentinel errors. Match them with [errors.Is]; the errors returned wrap
// them with the details. Bad input values (a malformed mention, a bad line
// in a file, a bad rule) are reported as *[engagement.FieldError], which
// matches [engagement.ErrInvalid].
var (
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
