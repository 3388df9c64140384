package engage_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/engagekit/engage/"

// allowedImports is the direction the package tour (doc.go) states: for
// each library package, the packages of this module it may import.
// Internal packages, examples and benchmark programs are free.
var allowedImports = map[string][]string{
	"engagement":                        {},
	"engagement/clv":                    {"engagement"},
	"engagement/sqlstore":               {"engagement"},
	"engagement/storetest":              {"engagement"},
	"listening":                         {"engagement", "listening/sentiment"},
	"listening/digest":                  {"engagement", "listening", "outreach"},
	"listening/sentiment":               {},
	"listening/sentiment/sentimenttest": {"listening/sentiment"},
	"listening/sourcetest":              {"listening"},
	"listening/sqlstore":                {"engagement", "engagement/sqlstore", "listening", "listening/sentiment"},
	"stages":                            {"engagement"},
	"estimate":                          {"engagement", "stages"},
	"segment":                           {"engagement", "stages"},
	"health":                            {"engagement", "segment", "stages"},
	"outreach":                          {"engagement", "stages"},
	"outreach/channeltest":              {"engagement", "outreach"},
	"outreach/webhook":                  {"engagement", "outreach"},
	"plays":                             {"engagement", "outreach", "segment", "stages"},
	"touchpoints":                       {"engagement", "outreach", "touchpoints/attribution"},
	"touchpoints/attribution":           {},
	"touchpoints/attribution/attributiontest": {"touchpoints/attribution"},
	"touchpoints/channeltest":                 {"outreach", "outreach/channeltest"},
	"touchpoints/webhook":                     {"outreach", "outreach/webhook"},
	"simulate":                                {"engagement", "engagement/clv", "listening", "stages"},
}

// TestImportsPointOneWay checks the imports of every library package's
// non-test files against allowedImports, and that every library package is
// listed there, so that a new package or a new dependency between
// packages is a decision recorded here and in doc.go.
func TestImportsPointOneWay(t *testing.T) {
	seen := make(map[string]bool)
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "examples" || name == "benchmarks" || name == "internal") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		pkg := filepath.ToSlash(filepath.Dir(path))
		if pkg == "." {
			return nil
		}
		seen[pkg] = true
		allowed, ok := allowedImports[pkg]
		if !ok {
			t.Errorf("package %s is not in allowedImports: add it, and to the tour in doc.go", pkg)
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, spec := range f.Imports {
			imp, _ := strconv.Unquote(spec.Path.Value)
			dep, ours := strings.CutPrefix(imp, module)
			if !ours || strings.HasPrefix(dep, "internal/") {
				continue
			}
			if !slices.Contains(allowed, dep) {
				t.Errorf("%s imports %s, against the direction in doc.go", path, dep)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for pkg := range allowedImports {
		if !seen[pkg] {
			t.Errorf("allowedImports lists %s, which has no Go files", pkg)
		}
	}
}
