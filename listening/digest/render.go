package digest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/engagekit/engage/listening"
)

// DefaultMaxItems is how many items of each kind a topic lists before the
// rest are cut to "and N more": 5, the worst of them, enough to act on
// without scrolling.
const DefaultMaxItems = 5

// DefaultTitle starts the subject and the body: "Listening digest".
const DefaultTitle = "Listening digest"

// Format says how a [Digest] is written out. The zero Format uses the
// defaults; each zero field means its default.
type Format struct {
	// MaxItems is how many alerts, spikes and late cases each topic lists
	// (the worst first) before "and N more"; zero means
	// [DefaultMaxItems], negative means no cut-off.
	MaxItems int
	// Title starts the subject and the body; empty means [DefaultTitle].
	Title string
}

func (f Format) withDefaults() Format {
	if f.MaxItems == 0 {
		f.MaxItems = DefaultMaxItems
	}
	if f.Title == "" {
		f.Title = DefaultTitle
	}
	return f
}

// Subject returns a one-line summary of d, such as "Listening digest
// 2024-03-01T00:00:00Z to 2024-03-02T00:00:00Z: 3 alerts, 1 spike, 0 late
// cases".
func (d Digest) Subject(f Format) string {
	f = f.withDefaults()
	return f.Title + " " + d.Period.String() + ": " + countsLine(d.Counts())
}

// Body returns d as plain text: a heading with the period and the counts,
// then a section per topic listing its alerts, spikes and late cases,
// worst first, each list cut off after f.MaxItems with "and N more". Times
// are written in UTC. The body depends only on d and f.
func (d Digest) Body(f Format) string {
	f = f.withDefaults()
	var b strings.Builder
	fmt.Fprintf(&b, "%s, %s\n", f.Title, d.Period)
	fmt.Fprintf(&b, "%s in %s.\n", countsLine(d.Counts()), plural(len(d.Topics), "topic", "topics"))
	for _, t := range d.Topics {
		fmt.Fprintf(&b, "\n%s\n", t.Label())
		section(&b, f, "alerts", t.Alerts, alertLine)
		section(&b, f, "spikes", t.Spikes, spikeLine)
		section(&b, f, "late cases", t.Breaches, breachLine)
	}
	return b.String()
}

func section[T any](b *strings.Builder, f Format, title string, items []T, line func(T) string) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(b, "  %s (%d):\n", title, len(items))
	shown := len(items)
	if f.MaxItems > 0 && shown > f.MaxItems {
		shown = f.MaxItems
	}
	for _, it := range items[:shown] {
		b.WriteString("  - " + line(it) + "\n")
	}
	if rest := len(items) - shown; rest > 0 {
		fmt.Fprintf(b, "  and %d more\n", rest)
	}
}

func alertLine(a listening.Alert) string {
	return fmt.Sprintf("%d negative in the window from %s (level %d, baseline mean %.2f), crossed by %q at %s",
		a.Negative, utc(a.Window), a.Baseline.Level, a.Baseline.Mean, a.Mention, utc(a.At))
}

func spikeLine(s listening.Spike) string {
	return fmt.Sprintf("%s %d in the window from %s (level %d, baseline mean %.2f)",
		s.Measure, s.Count, utc(s.Window), s.Baseline.Level, s.Baseline.Mean)
}

func breachLine(br listening.Breach) string {
	sev := br.Severity.String()
	if sev == "" {
		sev = "unrated"
	}
	s := fmt.Sprintf("case %q (%s) %s late, due %s", br.Case, sev, br.Late, utc(br.Due))
	if br.Responded.IsZero() {
		return s + ", not yet answered"
	}
	return s + ", answered " + utc(br.Responded)
}

func utc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func countsLine(c Counts) string {
	return plural(c.Alerts, "alert", "alerts") + ", " + plural(c.Spikes, "spike", "spikes") + ", " +
		plural(c.Breaches, "late case", "late cases")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
