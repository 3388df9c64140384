package listening

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// TopicRule assigns a mention to a topic when its text names one of the
// rule's keywords or products. Both are matched the same way, as whole
// words or phrases, ignoring case: "battery" matches "Battery died" but
// not "batteryless", and "battery life" matches "BATTERY  life". Words are
// runs of letters and digits; everything else separates them, so "wi-fi"
// matches "Wi Fi" and "wi-fi". Keeping products apart from keywords only
// documents the rule.
//
// Query, when set, is a boolean [Query] the text must also satisfy, such as
// `(delivery OR shipping OR "late parcel") AND NOT (job OR career)`: a
// rule with keywords or products and a query matches when a keyword or
// product matches and the query does; a rule with only a query matches
// when the query does.
type TopicRule struct {
	Name     string   `json:"name"`               // the topic; non-empty, without '|'
	Keywords []string `json:"keywords,omitempty"` // words or phrases about the topic, such as "refund"
	Products []string `json:"products,omitempty"` // product names, such as "Model X"
	Query    string   `json:"query,omitempty"`    // a boolean query the text must satisfy; see [Query]
}

// TopicMatcher finds the topics of a text by a set of [TopicRule]s. Build
// one with [NewTopicMatcher]; it is immutable and safe for concurrent use.
// The zero TopicMatcher matches no topics.
type TopicMatcher struct {
	names  []string
	byWord map[string][]topicPhrase // first word of a phrase -> phrases
	// queries[i] is rule i's query, when it has one; phrased[i] whether it
	// has keywords or products.
	queries map[int]Query
	phrased []bool
}

type topicPhrase struct {
	rule  int
	words []string
}

// NewTopicMatcher compiles rules. A rule needs a name, unique among the
// rules and free of '|', and at least one keyword or product with a word
// in it, or a query; otherwise NewTopicMatcher returns a
// *[FieldError] naming the rule. A query that does not parse
// gives its *[QueryError].
func NewTopicMatcher(rules ...TopicRule) (*TopicMatcher, error) {
	m := &TopicMatcher{byWord: make(map[string][]topicPhrase), queries: make(map[int]Query)}
	for i, r := range rules {
		field := fmt.Sprintf("topic rule %d", i+1)
		if strings.TrimSpace(r.Name) == "" || strings.Contains(r.Name, "|") {
			return nil, invalid(field+" name", r.Name, "topic name is empty or contains '|'")
		}
		if slices.Contains(m.names, r.Name) {
			return nil, invalid(field+" name", r.Name, "topic name appears twice")
		}
		m.names = append(m.names, r.Name)
		phrases := append(slices.Clone(r.Keywords), r.Products...)
		m.phrased = append(m.phrased, len(phrases) > 0)
		if r.Query != "" {
			q, err := ParseQuery(r.Query)
			if err != nil {
				return nil, fmt.Errorf("listening: %s %q: %w", field, r.Name, err)
			}
			m.queries[i] = q
		}
		if len(phrases) == 0 && r.Query == "" {
			return nil, invalid(field+" keywords", r.Name, "rule has no keywords or products")
		}
		for _, p := range phrases {
			words := topicWords(p)
			if len(words) == 0 {
				return nil, invalid(field+" keywords", p, "keyword has no letters or digits")
			}
			m.byWord[words[0]] = append(m.byWord[words[0]], topicPhrase{rule: i, words: words})
		}
	}
	return m, nil
}

// Match returns the names of the topics text falls under, in the order of
// the rules, or nil.
func (m *TopicMatcher) Match(text string) []string {
	if m == nil || len(m.byWord) == 0 && len(m.queries) == 0 {
		return nil
	}
	words := topicWords(text)
	hit := make([]bool, len(m.names))
	for i, w := range words {
		for _, p := range m.byWord[w] {
			if !hit[p.rule] && i+len(p.words) <= len(words) && slices.Equal(words[i:i+len(p.words)], p.words) {
				hit[p.rule] = true
			}
		}
	}
	var out []string
	for i, h := range hit {
		if q, ok := m.queries[i]; ok {
			h = (h || !m.phrased[i]) && q.root.match(words)
		}
		if h {
			out = append(out, m.names[i])
		}
	}
	return out
}

// Names returns the topic names in rule order.
func (m *TopicMatcher) Names() []string {
	if m == nil {
		return nil
	}
	return slices.Clone(m.names)
}

// topicWords splits s into lower-case words: runs of letters and digits.
func topicWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
