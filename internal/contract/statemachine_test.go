package contract

import (
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// counter is a value that knows whether it is still live.
type counter struct {
	n    int
	live *int
}

// counterMachine adds to a counter and checks it against a plain int.
type counterMachine struct {
	c     *counter
	model int
}

func (m *counterMachine) Add(t *rapid.T) {
	d := rapid.IntRange(0, 3).Draw(t, "d")
	m.c.n += d
	m.model += d
}

func (m *counterMachine) Check(t *rapid.T) {
	if *m.c.live != 1 {
		t.Fatalf("%d values live during a run, want 1", *m.c.live)
	}
	if m.c.n != m.model {
		t.Fatalf("counter %d, model %d", m.c.n, m.model)
	}
}

func TestStateMachineCleansUpEachRun(t *testing.T) {
	live, made := 0, 0
	StateMachine(t, func(t *testing.T) *counter {
		if live != 0 {
			t.Errorf("a new value is made while %d earlier ones are live: cleanup did not run at the end of the run", live)
		}
		if dir := t.TempDir(); strings.ContainsAny(dir, "#?") {
			t.Errorf("run's temporary directory %q holds a character that cuts a file: URL short", dir)
		}
		live++
		made++
		t.Cleanup(func() { live-- })
		return &counter{live: &live}
	}, func(c *counter) *counterMachine { return &counterMachine{c: c} })
	if live != 0 {
		t.Errorf("%d values still live after the test", live)
	}
	if made < 2 {
		t.Errorf("made %d values, want one per run", made)
	}
}
