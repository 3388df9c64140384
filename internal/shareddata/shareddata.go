// Package shareddata finds the outside data sets that oracle tests read in
// place: ../shared/data/<name> beside the module root. They are never
// copied into the module.
package shareddata

import (
	"errors"
	"os"
	"path/filepath"
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

// Dir returns the folder as Find does. When it is absent the test is
// skipped with a message naming it, except under CI (CI=true), where CI
// always has the data and a missing folder fails the test.
func Dir(tb testing.TB, name string) string {
	tb.Helper()
	data, err := Find(name)
	if err != nil {
		msg := "data set " + name + " not found beside the module root (see ../shared/data/README.md): " + err.Error()
		if os.Getenv("CI") == "true" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	return data
}
