package listening_test

import (
	"errors"
	"testing"

	"github.com/engagekit/engage/listening"
	"github.com/google/go-cmp/cmp"
)

func TestTopicMatcher(t *testing.T) {
	m, err := listening.NewTopicMatcher(
		listening.TopicRule{Name: "battery", Keywords: []string{"battery", "battery life", "charge"}},
		listening.TopicRule{Name: "wifi", Products: []string{"Wi-Fi Box"}},
		listening.TopicRule{Name: "café", Keywords: []string{"Café"}},
	)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want []string
	}{
		{"The BATTERY died", []string{"battery"}},
		{"batteryless design", nil},
		{"recharge it", nil},
		{"my wi fi box and its charge", []string{"battery", "wifi"}},
		{"WI-FI-BOX!", []string{"wifi"}},
		{"wifi box", nil},
		{"le CAFÉ était froid", []string{"café"}},
		{"", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, m.Match(tt.text)); diff != "" {
			t.Errorf("Match(%q) mismatch (-want +got):\n%s", tt.text, diff)
		}
	}
	var zero *listening.TopicMatcher
	if got := zero.Match("battery"); got != nil {
		t.Errorf("nil matcher Match = %v", got)
	}
}

func TestTopicMatcherBadRules(t *testing.T) {
	for name, rules := range map[string][]listening.TopicRule{
		"no name":     {{Keywords: []string{"a"}}},
		"pipe":        {{Name: "a|b", Keywords: []string{"a"}}},
		"twice":       {{Name: "a", Keywords: []string{"a"}}, {Name: "a", Keywords: []string{"b"}}},
		"no keywords": {{Name: "a"}},
		"no words":    {{Name: "a", Keywords: []string{"--"}}},
	} {
		if _, err := listening.NewTopicMatcher(rules...); !errors.Is(err, listening.ErrInvalid) {
			t.Errorf("%s: NewTopicMatcher = %v, want listening.ErrInvalid", name, err)
		}
	}
}
