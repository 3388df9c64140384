package shareddata

import "testing"

func TestStrict(t *testing.T) {
	for _, c := range []struct {
		value string
		want  bool
	}{
		{"", false}, {"0", false}, {"false", false}, {"yes", false},
		{"1", true}, {"true", true}, {"TRUE", true},
	} {
		t.Setenv(StrictEnv, c.value)
		if got := Strict(); got != c.want {
			t.Errorf("%s=%q: Strict() = %v, want %v", StrictEnv, c.value, got, c.want)
		}
	}
}

// TestCIIsNotStrict checks that the generic CI variable no longer makes
// the tests strict.
func TestCIIsNotStrict(t *testing.T) {
	t.Setenv("CI", "true")
	t.Setenv(StrictEnv, "")
	if Strict() {
		t.Error("Strict() with CI=true and no " + StrictEnv + " = true, want false")
	}
}

// TestSkip checks that Skip skips, or fails under strict tests.
func TestSkip(t *testing.T) {
	for _, strict := range []string{"", "1"} {
		t.Setenv(StrictEnv, strict)
		var rec recorder
		func() {
			defer func() { recover() }() // the recorder stops the "test" by panicking
			Skip(&rec, "no data")
		}()
		if rec.skipped == (strict == "1") || rec.failed != (strict == "1") {
			t.Errorf("%s=%q: skipped %v, failed %v", StrictEnv, strict, rec.skipped, rec.failed)
		}
	}
}

// recorder is a testing.TB that records Skip and Fatal and stops the
// caller as they do.
type recorder struct {
	testing.TB
	skipped, failed bool
}

type stop struct{}

func (r *recorder) Helper()           {}
func (r *recorder) Skip(args ...any)  { r.skipped = true; panic(stop{}) }
func (r *recorder) Fatal(args ...any) { r.failed = true; panic(stop{}) }
