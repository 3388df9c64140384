package listening

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/engagekit/engage/internal/fielderr"
)

// Post is an outgoing post by a member of staff, to be checked against the
// posting guidelines before it goes out.
type Post struct {
	Author Staff  `json:"author"`
	Text   string `json:"text"`
	// ReplyToNegative says the post answers a negative or disparaging
	// mention or thread, which only spokespeople may do.
	ReplyToNegative bool `json:"reply_to_negative,omitempty"`
}

// Decision is the outcome of [CheckPost]. The zero Decision is DoNotPost:
// when in doubt, do not post.
type Decision uint8

// The decisions.
const (
	DoNotPost Decision = iota // hold the post: see the findings
	Publish                   // the post breaks no guideline checked
)

// String returns "do_not_post" or "publish".
func (d Decision) String() string {
	if d == Publish {
		return "publish"
	}
	return "do_not_post"
}

// MarshalText implements [encoding.TextMarshaler].
func (d Decision) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// The guidelines a [Finding] can cite, as its Rule.
const (
	RuleEmpty          = "empty"           // the post has no text
	RuleName           = "name"            // the author's name is not in the post
	RuleAffiliation    = "affiliation"     // the post does not disclose the author's affiliation
	RuleConfidential   = "confidential"    // the post discusses confidential business information
	RuleNegativeThread = "negative_thread" // a non-spokesperson answers a negative thread
	RuleCredit         = "credit"          // the post quotes others' content without credit
)

// Finding is one reason not to post.
type Finding struct {
	Rule     string `json:"rule"`               // which guideline: RuleName, RuleConfidential, ...
	Category string `json:"category,omitempty"` // for RuleConfidential, what kind: "pricing", "legal", ...
	Reason   string `json:"reason"`             // the guideline, in words
	Match    string `json:"match,omitempty"`    // the text that triggered it, when there is one
}

// Verdict is the result of checking a post: the decision, and every
// finding behind it.
type Verdict struct {
	Decision Decision  `json:"decision"`
	Findings []Finding `json:"findings,omitempty"`
}

// ConfidentialPattern is a regular expression (RE2 syntax, as package
// regexp) for one kind of confidential information.
type ConfidentialPattern struct {
	Category string `json:"category"` // such as "pricing"
	Pattern  string `json:"pattern"`
}

// GuidelineConfig holds the patterns of the posting guidelines, as regular
// expressions in RE2 syntax. Each nil field means its default; to extend a
// default, append to what its Default function returns.
type GuidelineConfig struct {
	// Disclosure patterns: a post must match one to disclose the author's
	// affiliation. Nil means DefaultDisclosurePatterns().
	Disclosure []string `json:"disclosure,omitempty"`
	// Confidential patterns: a post must match none. Nil means
	// DefaultConfidentialPatterns().
	Confidential []ConfidentialPattern `json:"confidential,omitempty"`
	// Quotation patterns find others' content quoted in a post. Nil means
	// DefaultQuotationPatterns().
	Quotation []string `json:"quotation,omitempty"`
	// Credit patterns: a post that quotes must match one. Nil means
	// DefaultCreditPatterns().
	Credit []string `json:"credit,omitempty"`
}

// DefaultDisclosurePatterns returns the default disclosure patterns: "I
// work for/at/with", "employee/representative/spokesperson of/for/at", "on
// behalf of", "here at", "from the ... team", "disclosure:", and the
// #employee, #staff, #partner, #ad tags. Seed 003: "disclose their name
// and their affiliation", as in "Hi, I'm Mike Schoultz and I work for
// Digital Spark Marketing."
func DefaultDisclosurePatterns() []string {
	return []string{
		`(?i)\b(?:i|we) (?:work|works|worked) (?:for|at|with)\b`,
		`(?i)\b(?:employee|representative|rep|spokesperson|member of staff|staff member) (?:of|for|at|with)\b`,
		`(?i)\bon behalf of\b`,
		`(?i)\bhere at\b`,
		`(?i)\bfrom the (?:\w+ ){1,3}team\b`,
		`(?i)\b(?:disclosure|disclaimer):`,
		`(?i)#(?:employee|emp|staff|partner|ad)\b`,
	}
}

// DefaultConfidentialPatterns returns the default confidential patterns,
// one group per kind of information seed 003 forbids: "numbers and other
// sales figures", "strategies and forecasts", "legal issues", "future
// promotions/activities", and "merchandise pricing information or
// comparisons". They are broad on purpose: when in doubt, do not post.
func DefaultConfidentialPatterns() []ConfidentialPattern {
	return []ConfidentialPattern{
		{"sales figures", `(?i)\b(?:sales|revenue|turnover|profits?|margins?|units sold|market share|sold)\b[^.!?\n]{0,40}\d|\d[^.!?\n]{0,20}\b(?:units sold|in sales|in revenue)\b`},
		{"forecasts", `(?i)\b(?:forecasts?|projections?|projected|guidance|outlook|next quarter)\b`},
		{"strategy", `(?i)\b(?:strategy|strategies|strategic|roadmap|road map|acquisitions?|merger|layoffs?|restructuring|confidential|internal only)\b`},
		{"pricing", `(?i)[$€£¥]\s?\d|\b\d+(?:[.,]\d+)?\s?(?:dollars|euros?|pounds|usd|eur|gbp)\b|\b(?:price|prices|pricing|priced|discounts?|discounted)\b`},
		{"price comparison", `(?i)\b(?:cheaper|less expensive|more expensive|lower prices?|better prices?|undercuts?|beats? (?:their|any) prices?)\b`},
		{"future promotions", `(?i)\b(?:upcoming|next|future|planned|coming|secret)\s+(?:week's\s+|month's\s+)?(?:sale|promotions?|promo|deals?|offers?|launch|release|campaign)\b|\bcoming soon\b`},
		{"legal", `(?i)\b(?:lawsuits?|litigation|legal action|legal issues?|settlements?|court|attorneys?|lawyers?|sue|sued|suing|regulators?|investigation|subpoena)\b`},
	}
}

// DefaultQuotationPatterns returns the default patterns for quoted
// content: a passage of 20 characters or more in straight or curly double
// quotes, a line starting with '>', and RT, repost, regram or quoting.
func DefaultQuotationPatterns() []string {
	return []string{
		`"[^"\n]{20,}"`,
		`“[^”\n]{20,}”`,
		`(?m)^\s*>`,
		`(?i)\b(?:rt|repost(?:ed|ing)?|regram|quoting)\b`,
	}
}

// DefaultCreditPatterns returns the default credit patterns: via, h/t,
// hat tip, credit, courtesy of, source, photo/image/written by, said,
// according to, an @handle, or a link. Seed 003: "If you are using another
// party's content, make certain that they are credited for it in your
// post."
func DefaultCreditPatterns() []string {
	return []string{
		`(?i)\b(?:via|h/t|hat tip|credits?|credited|courtesy of|source|photo by|image by|written by|said|says|according to)\b`,
		`@\w+`,
		`https?://\S+`,
	}
}

// Guidelines are compiled posting guidelines. Build them with
// [NewGuidelines]; the zero Guidelines holds the defaults. Guidelines are
// immutable and safe for concurrent use.
type Guidelines struct {
	ready        bool
	disclosure   []*regexp.Regexp
	confidential []confidentialRE
	quotation    []*regexp.Regexp
	credit       []*regexp.Regexp
}

type confidentialRE struct {
	category string
	re       *regexp.Regexp
}

// defaultGuidelines returns the compiled defaults; they are built on
// first use and never changed.
var defaultGuidelines = sync.OnceValue(func() Guidelines {
	g, err := NewGuidelines(GuidelineConfig{})
	if err != nil {
		panic("listening: bad default guideline pattern: " + err.Error()) // a bug in the literals above
	}
	return g
})

// NewGuidelines compiles cfg. A pattern that does not compile gives a
// *[FieldError] naming the field and the pattern.
func NewGuidelines(cfg GuidelineConfig) (Guidelines, error) {
	compile := func(field string, ps []string, def func() []string) ([]*regexp.Regexp, error) {
		if ps == nil {
			ps = def()
		}
		out := make([]*regexp.Regexp, 0, len(ps))
		for _, p := range ps {
			re, err := regexp.Compile(p)
			if err != nil {
				return nil, invalid(field, p, err.Error())
			}
			out = append(out, re)
		}
		return out, nil
	}
	g := Guidelines{ready: true}
	var err error
	if g.disclosure, err = compile("disclosure", cfg.Disclosure, DefaultDisclosurePatterns); err != nil {
		return Guidelines{}, err
	}
	if g.quotation, err = compile("quotation", cfg.Quotation, DefaultQuotationPatterns); err != nil {
		return Guidelines{}, err
	}
	if g.credit, err = compile("credit", cfg.Credit, DefaultCreditPatterns); err != nil {
		return Guidelines{}, err
	}
	conf := cfg.Confidential
	if conf == nil {
		conf = DefaultConfidentialPatterns()
	}
	for _, c := range conf {
		re, err := regexp.Compile(c.Pattern)
		if err != nil {
			return Guidelines{}, invalid("confidential "+c.Category, c.Pattern, err.Error())
		}
		g.confidential = append(g.confidential, confidentialRE{c.Category, re})
	}
	return g, nil
}

// CheckPost checks an outgoing staff post against the posting guidelines
// of seed 003 and returns every finding, each with its reason. The post
// must be signed with the author's full name (Staff.Name, matched as words
// ignoring case) and disclose the author's affiliation; must not discuss
// confidential information; must not answer a negative thread unless the
// author is a trained spokesperson; and must credit content it quotes.
// Any finding makes the decision DoNotPost: "if there is any doubt, DO NOT
// POST IT". The zero Guidelines means the defaults.
func CheckPost(p Post, g Guidelines) Verdict {
	if !g.ready {
		g = defaultGuidelines()
	}
	var fs []Finding
	add := func(rule, reason, match string) {
		fs = append(fs, Finding{Rule: rule, Reason: reason, Match: fielderr.Shorten(match)})
	}
	text := p.Text
	if strings.TrimSpace(text) == "" {
		add(RuleEmpty, "the post has no text", "")
	}
	name := topicWords(p.Author.Name)
	switch {
	case len(name) == 0:
		add(RuleName, "the author has no name: posts must be signed with the author's real name, never an alias", "")
	case !containsWords(topicWords(text), name):
		add(RuleName, fmt.Sprintf("disclose your name: the post does not say %q", p.Author.Name), "")
	}
	if !slices.ContainsFunc(g.disclosure, func(re *regexp.Regexp) bool { return re.MatchString(text) }) {
		add(RuleAffiliation, "disclose your affiliation with the company from the outset, as in \"I work for ...\"", "")
	}
	for _, c := range g.confidential {
		if m := c.re.FindString(text); m != "" {
			fs = append(fs, Finding{Rule: RuleConfidential, Category: c.category,
				Reason: "do not share confidential information (" + c.category + "): if it seems confidential, it probably is",
				Match:  fielderr.Shorten(m)})
		}
	}
	if p.ReplyToNegative && !p.Author.Spokesperson {
		add(RuleNegativeThread, "leave negative or disparaging posts to trained spokespeople: pass the thread on", "")
	}
	for _, q := range g.quotation {
		m := q.FindString(text)
		if m == "" {
			continue
		}
		if !slices.ContainsFunc(g.credit, func(re *regexp.Regexp) bool { return re.MatchString(text) }) {
			add(RuleCredit, "give credit where credit is due: the post quotes others' content without crediting it", m)
		}
		break
	}
	v := Verdict{Decision: DoNotPost, Findings: fs}
	if len(fs) == 0 {
		v.Decision = Publish
	}
	return v
}

// containsWords reports whether phrase occurs in words as a run.
func containsWords(words, phrase []string) bool {
	for i := 0; i+len(phrase) <= len(words); i++ {
		if slices.Equal(words[i:i+len(phrase)], phrase) {
			return true
		}
	}
	return false
}
