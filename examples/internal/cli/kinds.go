package cli

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"

	"github.com/engagekit/engage/engagement"
)

// Kinds counts the interactions whose kind the models do not know (a
// user-defined kind, or a misspelt one such as "purchace"), by kind.
type Kinds map[engagement.Kind]int

// Count passes seq on, counting the unknown kinds as they go by.
func (k Kinds) Count(seq iter.Seq2[engagement.Interaction, error]) iter.Seq2[engagement.Interaction, error] {
	return func(yield func(engagement.Interaction, error) bool) {
		for in, err := range seq {
			if err == nil && !in.Kind.Builtin() && !in.Kind.Initiated() {
				k[in.Kind]++
			}
			if !yield(in, err) {
				return
			}
		}
	}
}

// Warning says which unknown kinds were counted, how often, and what that
// means; it is empty when there were none.
func (k Kinds) Warning() string {
	if len(k) == 0 {
		return ""
	}
	var parts []string
	n := 0
	for _, kind := range slices.Sorted(maps.Keys(k)) {
		parts = append(parts, fmt.Sprintf("%s %d", kind, k[kind]))
		n += k[kind]
	}
	return fmt.Sprintf("warning: %d interactions have kinds the models do not know (%s): the default rules give them no effect\n",
		n, strings.Join(parts, ", "))
}
