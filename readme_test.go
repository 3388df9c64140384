package engage_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fenced returns the body of the first block fenced with ```lang in text
// at or after from, and where the block ends.
func fenced(text, lang string, from int) (body string, end int, ok bool) {
	open := "```" + lang + "\n"
	i := strings.Index(text[from:], open)
	if i < 0 {
		return "", 0, false
	}
	start := from + i + len(open)
	j := strings.Index(text[start:], "```")
	if j < 0 {
		return "", 0, false
	}
	return text[start : start+j], start + j + 3, true
}

// TestReadmeFirstProgram builds the README's first Go program as a module
// of its own, with this module in place of the published one, runs it,
// and checks that it prints what the README's text block below it says.
func TestReadmeFirstProgram(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to build the README's program with")
	}
	raw, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	program, end, ok := fenced(readme, "go", 0)
	if !ok {
		t.Fatal("README.md has no ```go block")
	}
	want, _, ok := fenced(readme, "text", end)
	if !ok {
		t.Fatal("README.md has no ```text block after its first program")
	}
	if !strings.HasPrefix(program, "package main\n") {
		t.Fatalf("the README's first program is not a whole program: it starts %q", program[:min(len(program), 40)])
	}

	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	goMod := "module first\n\ngo 1.24\n\nrequire github.com/engagekit/engage v0.0.0\n\n" +
		"replace github.com/engagekit/engage => " + root + "\n"
	for name, content := range map[string]string{"main.go": program, "go.mod": goMod, "go.sum": string(sum)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool, "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go run of the README's first program: %v\n%s", err, stderr.String())
	}
	if diff := cmp.Diff(want, stdout.String()); diff != "" {
		t.Errorf("the README's first program prints other than the README says (-want +got):\n%s", diff)
	}
}

// TestReadmeCommandsRunFromTheRoot checks that every `go run` command in
// the README names a program of this module, and that every file it
// reads exists, so that each runs as written from the module's root.
func TestReadmeCommandsRunFromTheRoot(t *testing.T) {
	raw, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	commands := regexp.MustCompile("go run (\\./[^ `\\n]+)([^`\\n]*)").FindAllStringSubmatch(string(raw), -1)
	if len(commands) < 5 {
		t.Fatalf("found %d go run commands in README.md", len(commands))
	}
	writes := map[string]bool{"-html": true, "-sqlite": true} // flags whose file the program writes
	for _, c := range commands {
		if st, err := os.Stat(filepath.Join(c[1], "main.go")); err != nil || st.IsDir() {
			t.Errorf("%q: no program at %s", c[0], c[1])
		}
		args := strings.Fields(c[2])
		for i, a := range args {
			if i > 0 && writes[args[i-1]] {
				continue
			}
			if strings.Contains(a, "/") || strings.HasSuffix(a, ".csv") || strings.HasSuffix(a, ".jsonl") {
				if _, err := os.Stat(a); err != nil {
					t.Errorf("%q reads %s, which is not there: %v", c[0], a, err)
				}
			}
		}
	}
}
