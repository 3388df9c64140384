// Package sqlprefix checks the table prefixes of the SQL stores
// (engagement/sqlstore and listening/sqlstore), so that both accept the
// same prefixes and say the same of a bad one.
package sqlprefix

import (
	"fmt"
	"regexp"
)

// pattern is what a table prefix must look like: safe to write into SQL
// unquoted, and short enough for every table and index name to stay
// within PostgreSQL's 63 bytes.
var pattern = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,30}$`)

// Check returns an error naming prefix unless it matches
// ^[a-z_][a-z0-9_]{0,30}$.
func Check(prefix string) error {
	if !pattern.MatchString(prefix) {
		return fmt.Errorf("sqlstore: table prefix %q does not match %s", prefix, pattern)
	}
	return nil
}
