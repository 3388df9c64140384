package listening

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/listening/sentiment"
)

// Step is a step of the response plan for a negative mention, as the seeds
// give it (seed 003, "Responding to negative comments"). The zero Step is
// unspecified.
type Step uint8

// The steps, in the order of the plan. A case starts at StepListen and may
// only move to the next step, or walk away (see [Case.Advance]).
const (
	StepNone        Step = iota
	StepListen           // listen and accept: understand the viewpoint, never censor
	StepRespond          // respond directly and early: time is critical
	StepExplain          // be transparent: explain without excuses, stay calm
	StepFix              // fix the problem and say so (note "no problem found" if none)
	StepFunnel           // funnel the concern to all staff concerned
	StepCommunity        // build a community of defenders
	StepOpportunity      // look for the opportunity in it; the plan is done
	StepWalkAway         // know when to walk away from a lose-lose exchange, and keep monitoring
)

var stepNames = [...]string{"", "listen", "respond", "explain", "fix", "funnel", "community", "opportunity", "walk_away"}

// ResponsePlan returns the steps of the plan in order, StepListen to
// StepOpportunity; StepWalkAway is the way out, not a step of the plan.
func ResponsePlan() []Step {
	return []Step{StepListen, StepRespond, StepExplain, StepFix, StepFunnel, StepCommunity, StepOpportunity}
}

// String returns the step's text form, such as "respond" or "walk_away".
func (s Step) String() string {
	if int(s) < len(stepNames) {
		return stepNames[s]
	}
	return "Step(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText implements [encoding.TextMarshaler].
func (s Step) MarshalText() ([]byte, error) {
	if int(s) >= len(stepNames) {
		return nil, invalid("step", s.String(), "unknown step")
	}
	return []byte(stepNames[s]), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]; it folds case and
// reads "walk away" and "walk-away" as "walk_away".
func (s *Step) UnmarshalText(text []byte) error {
	t := strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(string(text))))
	for i, n := range stepNames {
		if t == n {
			*s = Step(i)
			return nil
		}
	}
	return invalid("step", string(text), "want listen, respond, explain, fix, funnel, community, opportunity or walk_away")
}

// walkAwayFrom lists the steps a case may walk away from: once it has
// responded and is in the exchange (respond, explain, fix). Walking away
// before responding would skip "respond directly and early"; after the
// fix, the rest of the plan is internal work worth finishing.
var walkAwayFrom = [...]Step{StepRespond, StepExplain, StepFix}

// Allowed reports whether the plan allows moving from one step to another:
// to the next step of the plan, or to StepWalkAway from StepRespond,
// StepExplain or StepFix.
func Allowed(from, to Step) bool {
	if to == StepWalkAway {
		return slices.Contains(walkAwayFrom[:], from)
	}
	return from >= StepListen && from < StepOpportunity && to == from+1
}

// Severity ranks a negative mention by how negative it is; it sets the
// response-time target.
type Severity uint8

// The severities. The zero Severity is unspecified.
const (
	SeverityNone Severity = iota
	SeverityLow
	SeverityMedium
	SeverityHigh
)

var severityNames = [...]string{"", "low", "medium", "high"}

// String returns "low", "medium", "high", or "" when unspecified.
func (v Severity) String() string {
	if int(v) < len(severityNames) {
		return severityNames[v]
	}
	return "Severity(" + strconv.Itoa(int(v)) + ")"
}

// MarshalText implements [encoding.TextMarshaler].
func (v Severity) MarshalText() ([]byte, error) {
	if int(v) >= len(severityNames) {
		return nil, invalid("severity", v.String(), "unknown severity")
	}
	return []byte(severityNames[v]), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler], in any case.
func (v *Severity) UnmarshalText(text []byte) error {
	t := strings.ToLower(strings.TrimSpace(string(text)))
	for i, n := range severityNames {
		if t == n {
			*v = Severity(i)
			return nil
		}
	}
	return invalid("severity", string(text), "want low, medium or high")
}

// Defaults for [CasePolicy]. The seeds say only that response time is
// critical; these targets are the common service-desk tiers, to be set
// from the business's own promise.
const (
	// DefaultHighSeverity is the score at or below which a case is high
	// severity: -0.6.
	DefaultHighSeverity = -0.6
	// DefaultMediumSeverity is the score at or below which a case is
	// medium severity: -0.3. Negative mentions above it are low.
	DefaultMediumSeverity = -0.3
	// DefaultTargetHigh is the time to first response for a high-severity
	// case: 1 hour.
	DefaultTargetHigh = time.Hour
	// DefaultTargetMedium is the target for a medium-severity case: 4
	// hours.
	DefaultTargetMedium = 4 * time.Hour
	// DefaultTargetLow is the target for a low-severity case: 24 hours.
	DefaultTargetLow = 24 * time.Hour
)

// CasePolicy says which mentions open cases, how severe they are and how
// fast they must be answered. The zero CasePolicy uses the defaults; each
// zero field means its default.
type CasePolicy struct {
	// NegativeThreshold is the score at or below which a mention opens a
	// case; zero means DefaultNegativeThreshold.
	NegativeThreshold float64
	// HighSeverity and MediumSeverity are the scores at or below which a
	// case is high or medium severity; zero means DefaultHighSeverity and
	// DefaultMediumSeverity.
	HighSeverity, MediumSeverity float64
	// TargetHigh, TargetMedium and TargetLow are the times from opening to
	// first response (StepRespond); zero means the defaults.
	TargetHigh, TargetMedium, TargetLow time.Duration
}

func (p CasePolicy) withDefaults() CasePolicy {
	orF := func(v, d float64) float64 {
		if v == 0 {
			return d
		}
		return v
	}
	orD := func(v, d time.Duration) time.Duration {
		if v <= 0 {
			return d
		}
		return v
	}
	p.NegativeThreshold = orF(p.NegativeThreshold, DefaultNegativeThreshold)
	p.HighSeverity = orF(p.HighSeverity, DefaultHighSeverity)
	p.MediumSeverity = orF(p.MediumSeverity, DefaultMediumSeverity)
	p.TargetHigh = orD(p.TargetHigh, DefaultTargetHigh)
	p.TargetMedium = orD(p.TargetMedium, DefaultTargetMedium)
	p.TargetLow = orD(p.TargetLow, DefaultTargetLow)
	return p
}

// Severity returns the severity of a case for a mention scored score.
func (p CasePolicy) Severity(score float64) Severity {
	p = p.withDefaults()
	switch {
	case score <= p.HighSeverity:
		return SeverityHigh
	case score <= p.MediumSeverity:
		return SeverityMedium
	}
	return SeverityLow
}

// Target returns the response-time target for a severity.
func (p CasePolicy) Target(v Severity) time.Duration {
	p = p.withDefaults()
	switch v {
	case SeverityHigh:
		return p.TargetHigh
	case SeverityMedium:
		return p.TargetMedium
	}
	return p.TargetLow
}

// StepRecord is one step a case took.
type StepRecord struct {
	Step Step      `json:"step"`
	At   time.Time `json:"at"`
	Note string    `json:"note,omitempty"`
}

// Case is the response to one negative mention: it walks the response plan
// step by step (see [Step] and [Allowed]), against a response-time target,
// in the hands of a trained spokesperson.
//
// A Case is a plain value with no lock: use it from one goroutine at a
// time.
type Case struct {
	ID        string              `json:"id"` // the mention's ID
	Mention   Mention             `json:"mention"`
	Sentiment sentiment.Sentiment `json:"sentiment"`
	Severity  Severity            `json:"severity"`
	Opened    time.Time           `json:"opened"`
	Due       time.Time           `json:"due"`                // first response is due by then
	Assignee  string              `json:"assignee,omitempty"` // the spokesperson handling it
	Path      []StepRecord        `json:"path"`               // the steps taken, first StepListen at Opened
}

// OpenCase opens a case for a scored mention at time opened (when the
// mention was heard; pass the mention's own time to count from when it was
// said). The case starts at StepListen. A mention whose score is above the
// policy's negative threshold gives an error matching [ErrNotNegative].
func OpenCase(s Scored, opened time.Time, p CasePolicy) (*Case, error) {
	p = p.withDefaults()
	if !(s.Sentiment.Score <= p.NegativeThreshold) {
		return nil, fmt.Errorf("listening: mention %q scores %.3f, above %.3f: %w", s.Mention.ID, s.Sentiment.Score, p.NegativeThreshold, ErrNotNegative)
	}
	if opened.IsZero() {
		return nil, invalid("opened", "", "opening time is missing")
	}
	v := p.Severity(s.Sentiment.Score)
	return &Case{
		ID:        s.Mention.ID,
		Mention:   cloneMention(s.Mention),
		Sentiment: s.Sentiment,
		Severity:  v,
		Opened:    opened,
		Due:       opened.Add(p.Target(v)),
		Path:      []StepRecord{{Step: StepListen, At: opened}},
	}, nil
}

// Step returns the step the case is at.
func (c *Case) Step() Step {
	if len(c.Path) == 0 {
		return StepNone
	}
	return c.Path[len(c.Path)-1].Step
}

// TransitionError reports a step the response plan does not allow. It
// matches [ErrTransition].
type TransitionError struct {
	Case     string // the case ID
	From, To Step
	Reason   string // why, such as "skips respond"
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("listening: case %q: cannot go from %s to %s: %s", e.Case, e.From, e.To, e.Reason)
}

// Is reports whether target is [ErrTransition].
func (e *TransitionError) Is(target error) bool { return target == ErrTransition }

// Advance moves the case to step to at time at, with an optional note (say
// what was fixed, or why the case walked away). A move the plan does not
// allow, or a time before the previous step's, is refused with a
// *[TransitionError] naming from and to, and leaves the case unchanged.
func (c *Case) Advance(to Step, at time.Time, note string) error {
	from := c.Step()
	fail := func(reason string) error {
		return &TransitionError{Case: c.ID, From: from, To: to, Reason: reason}
	}
	switch {
	case from == StepNone:
		return fail("case was not opened with OpenCase")
	case from == StepOpportunity || from == StepWalkAway:
		return fail("case is closed")
	case to == StepNone || int(to) >= len(stepNames):
		return fail("unknown step")
	case to == StepWalkAway && !Allowed(from, to):
		return fail("walking away is allowed only after responding, from respond, explain or fix")
	case to > from+1 && to != StepWalkAway:
		return fail("skips " + (from + 1).String())
	case !Allowed(from, to):
		return fail("steps go forward one at a time")
	case at.IsZero() || at.Before(c.Path[len(c.Path)-1].At):
		return fail("time " + at.Format(time.RFC3339) + " is before the previous step")
	}
	c.Path = append(c.Path, StepRecord{Step: to, At: at, Note: note})
	return nil
}

// Closed reports whether the case has finished the plan or walked away.
func (c *Case) Closed() bool {
	s := c.Step()
	return s == StepOpportunity || s == StepWalkAway
}

// Monitoring reports whether the case walked away: it needs no more
// response, but the conversation should be watched for a while ("monitor
// closely for a while", seed 003).
func (c *Case) Monitoring() bool { return c.Step() == StepWalkAway }

// Responded returns when the case first responded, and whether it has.
func (c *Case) Responded() (time.Time, bool) {
	for _, r := range c.Path {
		if r.Step == StepRespond {
			return r.At, true
		}
	}
	return time.Time{}, false
}

// Breach is a case that missed its response-time target.
type Breach struct {
	Case      string        `json:"case"`
	Severity  Severity      `json:"severity"`
	Due       time.Time     `json:"due"`
	Responded time.Time     `json:"responded,omitzero"` // zero when not yet responded
	Late      time.Duration `json:"late"`               // how far past Due the response came, or is as of now
}

// Breach reports whether the case missed its target as of asOf: it
// responded after Due, or has not responded and asOf is after Due. Late is
// measured to the response, or to asOf.
func (c *Case) Breach(asOf time.Time) (Breach, bool) {
	b := Breach{Case: c.ID, Severity: c.Severity, Due: c.Due}
	if at, ok := c.Responded(); ok {
		if !at.After(c.Due) {
			return Breach{}, false
		}
		b.Responded, b.Late = at, at.Sub(c.Due)
		return b, true
	}
	if !asOf.After(c.Due) {
		return Breach{}, false
	}
	b.Late = asOf.Sub(c.Due)
	return b, true
}

// Breaches returns the breaches among cases as of asOf, latest first (then
// by case ID).
func Breaches(cases []*Case, asOf time.Time) []Breach {
	var out []Breach
	for _, c := range cases {
		if b, ok := c.Breach(asOf); ok {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b Breach) int {
		if a.Late != b.Late {
			if a.Late > b.Late {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Case, b.Case)
	})
	return out
}

// Staff is someone who may answer mentions. Only staff trained as
// spokespeople answer negative or disparaging posts (seed 003, "Let the
// subject matter experts respond to negative posts").
type Staff struct {
	Name         string `json:"name"`
	Spokesperson bool   `json:"spokesperson"`
}

// Route picks who answers a mention among staff: for a sensitive mention
// (negative or disparaging; the caller decides, typically
// [Scored.Negative]) only spokespeople are eligible. Of those eligible it
// picks the one with the least load (open cases, say, by name; a nil map
// is all zeros), ties going to the earlier in staff. With no one eligible
// it returns an error matching [ErrNoSpokesperson] for a sensitive mention
// and [ErrNoStaff] otherwise.
func Route(staff []Staff, sensitive bool, load map[string]int) (Staff, error) {
	best, found := Staff{}, false
	for _, s := range staff {
		if sensitive && !s.Spokesperson {
			continue
		}
		if !found || load[s.Name] < load[best.Name] {
			best, found = s, true
		}
	}
	switch {
	case found:
		return best, nil
	case sensitive:
		return Staff{}, fmt.Errorf("listening: routing a negative mention among %d staff: %w", len(staff), ErrNoSpokesperson)
	}
	return Staff{}, fmt.Errorf("listening: routing a mention: %w", ErrNoStaff)
}

// Assign hands the case to s. Cases are opened for negative mentions, so s
// must be a trained spokesperson; otherwise Assign returns an error
// matching [ErrNoSpokesperson] and leaves the case unchanged.
func (c *Case) Assign(s Staff) error {
	if !s.Spokesperson {
		return fmt.Errorf("listening: case %q: %s is not a trained spokesperson: %w", c.ID, s.Name, ErrNoSpokesperson)
	}
	if strings.TrimSpace(s.Name) == "" {
		return invalid("assignee", s.Name, "staff name is empty")
	}
	c.Assignee = s.Name
	return nil
}

// MentionKind is the user-defined interaction kind of a neutral mention by
// a known customer (see [MentionInteraction]).
const MentionKind engagement.Kind = "mention"

// MentionInteraction turns a mention by a known customer into an
// interaction, so that what customers say in public moves their goodwill
// and profile like anything else they do. The kind follows the sentiment:
// [engagement.Complaint] at or below DefaultNegativeThreshold,
// [engagement.Review] at or above DefaultPositiveThreshold, and the
// user-defined [MentionKind] ("mention") in between, which the profile
// counts only through goodwill rules that name it. The interaction's ID is
// "mention:" + source + ":" + mention ID (so hearing a mention twice
// stores it once), its touch point the mention's source, its time the
// mention's time. ok is false when the mention has no customer or the
// interaction would not validate.
func MentionInteraction(m Mention, s sentiment.Sentiment) (in engagement.Interaction, ok bool) {
	if m.Customer == "" {
		return engagement.Interaction{}, false
	}
	kind := MentionKind
	switch {
	case s.Score <= DefaultNegativeThreshold:
		kind = engagement.Complaint
	case s.Score >= DefaultPositiveThreshold:
		kind = engagement.Review
	}
	in = engagement.Interaction{
		ID:         "mention:" + m.Source + ":" + m.ID,
		Customer:   m.Customer,
		Time:       m.Time,
		Kind:       kind,
		Touchpoint: m.Source,
	}
	if in.Validate() != nil {
		return engagement.Interaction{}, false
	}
	return in, true
}
