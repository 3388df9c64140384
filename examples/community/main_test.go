package main

import (
	"strings"
	"testing"

	"github.com/engagekit/engage/examples/internal/runtest"
)

func TestCommunitySizes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{nil, []string{ // the seed's example
			"30 creators need a population of 3,000\n",
			"a population of 3,000 holds about:\n",
			"         2,700 readers\n",
			"           270 contributors\n",
			"            30 creators\n",
		}},
		{[]string{"-population", "12000"}, []string{
			"a population of 12,000 holds about:\n",
			"        10,800 readers\n",
			"         1,080 contributors\n",
			"           120 creators\n",
		}},
		{[]string{"-population", "3050"}, []string{
			"         274.5 contributors\n",
			"          30.5 creators\n",
		}},
		{[]string{"-contributors", "30"}, []string{
			"30 contributors need a population of 334\n",
			"          30.1 contributors\n",
		}},
		{[]string{"-creators", "1"}, []string{"1 creators need a population of 100\n"}},
		{[]string{"-creators", "0"}, []string{"0 creators need a population of 0\n"}},
	} {
		var out strings.Builder
		if err := run(&out, tc.args); err != nil {
			t.Errorf("run %q: %v", tc.args, err)
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(out.String(), want) {
				t.Errorf("run %q: output lacks %q; got:\n%s", tc.args, want, out.String())
			}
		}
	}
}

func TestCommunityRefusesBadInput(t *testing.T) {
	runtest.Fails(t, run, []runtest.Failure{
		{Args: []string{"-population", "-1"}, Want: []string{"population", `"-1"`, "must not be negative"}},
		{Args: []string{"-creators", "-5"}, Want: []string{"target", `"-5"`, "must not be negative"}},
		{Args: []string{"-contributors", "999999999999999999"}, Want: []string{"target", "overflows"}},
		{Args: []string{"-population", "5", "-creators", "3"}, Want: []string{"give one of"}},
		{Args: []string{"-population", "many"}, Want: []string{"-population", "many"}},
		{Args: []string{"3000"}, Want: []string{`unexpected argument "3000"`}},
	})
}

// -h names the file the program reads and its format, and lists the flags.
func TestCommunityHelp(t *testing.T) {
	runtest.Help(t, run, "reads no file", "-contributors")
}
