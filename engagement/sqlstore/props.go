package sqlstore

import (
	"encoding/json"
	"fmt"

	"github.com/engagekit/engage/engagement"
)

// propsText returns ps as the JSON object the properties and traits
// columns hold: names in ascending order, each value in its JSON form
// ([engagement.Value.MarshalJSON]: numbers exactly, scale kept; times as
// {"time":...}); "{}" for none.
func propsText(ps engagement.Properties) (string, error) {
	if len(ps) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(map[string]engagement.Value(ps))
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// parseProps reads a properties or traits column; nil for none.
func parseProps(text string) (engagement.Properties, error) {
	if text == "" || text == "{}" {
		return nil, nil
	}
	var m map[string]engagement.Value
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		return nil, fmt.Errorf("%q: %w", text, err)
	}
	if len(m) == 0 {
		return nil, nil
	}
	return engagement.Properties(m), nil
}
