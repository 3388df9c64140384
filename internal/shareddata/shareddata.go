// Package shareddata finds the outside data sets that oracle tests read in
// place: ../shared/data/<name> beside the module root. They are never
// copied into the module. It also says whether the tests are strict
// (ENGAGE_STRICT_TESTS=1, set by CI), when a test that lacks its data or
// its database must fail rather than skip.
package shareddata

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// Find returns the folder ../shared/data/<name> beside the module root (the
// directory holding go.mod, found by walking up from the working
// directory), or an error when it is absent.
func Find(name string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("shareddata: no go.mod above the working directory")
		}
		dir = parent
	}
	data := filepath.Join(dir, "..", "shared", "data", name)
	if _, err := os.Stat(data); err != nil {
		return "", err
	}
	return data, nil
}

// StrictEnv names the environment variable that makes the tests strict
// (see [Strict]). CI sets it to 1.
const StrictEnv = "ENGAGE_STRICT_TESTS"

// Strict reports whether ENGAGE_STRICT_TESTS is set to 1 (or another
// value [strconv.ParseBool] reads as true). Under strict tests, a test
// that would be skipped for want of an outside data set or a database
// fails instead, so that CI, which has them all, cannot pass by skipping.
// Unset, empty or false, such tests skip, as on a machine without the data.
func Strict() bool {
	v, err := strconv.ParseBool(os.Getenv(StrictEnv))
	return err == nil && v
}

// Skip skips the test with msg or, under strict tests ([Strict]), fails it
// with msg and a note naming the variable.
func Skip(tb testing.TB, msg string) {
	tb.Helper()
	if Strict() {
		tb.Fatal(msg + " (" + StrictEnv + " is set, so this test may not be skipped)")
	}
	tb.Skip(msg)
}

// Dir returns the folder as Find does. When it is absent the test is
// skipped with a message naming it or, under strict tests ([Strict]),
// fails.
func Dir(tb testing.TB, name string) string {
	tb.Helper()
	data, err := Find(name)
	if err != nil {
		Skip(tb, "data set "+name+" not found beside the module root (see ../shared/data/README.md): "+err.Error())
	}
	return data
}
