// Package listening is the listening centre of the seeds: it monitors
// what is said in public about the business, helps answer negative
// comments early and well, checks what staff post, and feeds what is heard
// back into the business.
//
// Mentions flow one way:
//
//	Source -> Centre (sentiment, topics, windows, alerts) -> cases, feedback, interactions
//
// # Sources
//
// A [Mention] is one thing said in public: a post, a review, a comment. A
// [Source] yields the mentions said since a [Cursor]; the cursor is an
// opaque string the caller keeps (and may persist), so a source holds no
// state and a restarted program resumes without repeats. Built in:
// [MemorySource], filled by the application; [FileSource], a JSON Lines or
// CSV file that may grow (read whole with [ReadJSONL] and [ReadCSV]); and
// [FeedSource], an RSS 2.0 or Atom feed polled over HTTP with conditional
// GET, a timeout, a size cap and no repeated items ([ParseFeed] reads a
// feed document). Bad input is reported as a *[FieldError] naming the
// line, field and value; every one matches [ErrInvalid], listening's own,
// which [errors.Is] tells apart from engagement's.
//
// # Sentiment
//
// A [sentiment.Analyzer], from the package listening/sentiment, scores a
// text from -1 to +1; the centre uses its rule-based analyser unless given
// another. A mention is negative when its score is at or below
// [DefaultNegativeThreshold] (-0.05, the VADER convention); every threshold
// is a field with that default.
//
// # Topics and the centre
//
// A [TopicRule] assigns mentions to a topic by keywords and product names,
// matched as whole words ignoring case ([TopicMatcher]). A [Centre] scores
// each mention it hears, sorts it into topics and counts it in a [Series]
// per topic and one for all mentions: a [Tally] (count, negatives,
// sentiment sum) per fixed window, mergeable across shards. When the
// negative count of a window breaks from its baseline the centre raises an
// [Alert]; the method (mean and standard deviation of the previous windows,
// a Poisson tail when they are near zero, a minimum count and a cooldown)
// and its guarantees are documented on [AlertRule]. Time is never read
// from a clock: each mention's own time places it.
//
// [Spikes] applies the same method to any [Measure] of a [Series]:
// negative, positive ([Series.AddPolarity] counts positives) or total
// volume. [ComparePeriods] and [CompareDay] compare a day with the previous
// day and a week with the previous week, per topic, as printable values.
// A [TopicRule] may carry a boolean [Query] with exclusions, such as
// `(delivery OR "late parcel") AND NOT job` ([ParseQuery]). [Poll] reads a
// source on an interval with capped exponential [Backoff] on errors; the
// package listening/sourcetest checks any Source against its contract.
//
// # Response cases
//
// Every negative mention opens a [Case] ([OpenCase]) that walks the
// seeds' response plan ([ResponsePlan]): listen and accept, respond
// directly and early, be transparent, fix the problem, funnel to staff,
// build a community, look for the opportunity, with a way to walk away
// (and keep monitoring) once the exchange turns lose-lose. [Case.Advance]
// refuses any step out of order with a *[TransitionError]. Each case has a
// response-time target by [Severity], and [Breaches] lists the cases that
// missed it as of a given time. [Route] and [Case.Assign] give negative or
// disparaging mentions only to trained spokespeople. [MentionInteraction]
// turns a known customer's mention into an [engagement.Interaction], so
// that public praise and complaints move goodwill like any other event.
//
// # Posting guidelines
//
// [CheckPost] checks an outgoing staff post against the seeds' posting
// guidelines ([Guidelines], built from configurable regular expressions):
// name and affiliation disclosed, no confidential figures, negative threads
// left to spokespeople, others' content credited. Any finding gives the
// verdict [DoNotPost]: when in doubt, do not post.
//
// # Feedback
//
// [Feedback] gathers scored mentions by topic for product development:
// volume, negative share, mean sentiment and the most negative examples,
// written with [WriteFeedbackCSV] or as JSON ([TopicFeedback] carries the
// tags).
//
// # Concurrency
//
// Sources, the [Centre], [TopicMatcher] and [Guidelines] are safe for
// concurrent use. [Series], [Feedback] and [Case] are plain values for one
// goroutine at a time; merge per-goroutine [Series] and [Feedback] values
// to combine work.
package listening
