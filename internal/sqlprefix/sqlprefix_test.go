package sqlprefix

import (
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestCheck(t *testing.T) {
	for _, ok := range []string{"a", "_", "crm_", "a1_b2", strings.Repeat("a", 31)} {
		if err := Check(ok); err != nil {
			t.Errorf("Check(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"", "A", "1x", "x-y", "x;drop table t", strings.Repeat("a", 32)} {
		if err := Check(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("Check(%q) = %v, want an error naming it", bad, err)
		}
	}
	// Whatever passes is safe to write into SQL unquoted.
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.String().Draw(t, "prefix")
		if Check(p) == nil && strings.ContainsAny(p, " ;'\"-()") {
			t.Fatalf("Check accepted %q", p)
		}
	})
}
