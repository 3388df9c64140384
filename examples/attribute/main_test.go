package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/engagekit/engage/examples/internal/runtest"
)

// writeFile writes data to a file named name in a new temporary directory
// and returns its path.
func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// threePaths is a small path set whose credits can be worked out by hand:
// 3 conversions worth 70, and 2 customers who did not convert.
const threePaths = `path;total_conversions;total_conversion_value;total_null
a > b;1;10;1
b;1;20;0
a;0;0;1
c > a > a > b;1;40;0
`

// Worked by hand, for the conversions (the value follows the same shares
// path by path: 10, 20 and 40):
//
// First touch: a 1 (a > b), b 1 (b), c 1 (c > a > a > b); value 10, 20, 40.
// Last touch: b all 3; value 70.
//
// Linear: a > b gives a 1/2, b 1/2; b gives b 1; c > a > a > b gives c 1/4,
// a 2/4, b 1/4. So a 1, b 1.75, c 0.25; value a 5 + 20 = 25, b 5 + 20 + 10 =
// 35, c 10.
//
// Position based (40/20/40): a > b splits half and half; c > a > a > b gives
// c 0.4, the two a's 0.1 each, b 0.4. So a 0.7, b 1.9, c 0.4; value a 5 + 8 =
// 13, b 5 + 20 + 16 = 41, c 16.
//
// Time decay with -gap 168h, the default half-life, so each step back
// halves the weight: a > b weighs 1/2 : 1, giving a 1/3, b 2/3; c > a > a > b
// weighs 1/8 : 1/4 : 1/2 : 1 (sum 15/8), giving c 1/15, a 6/15, b 8/15.
// So a 11/15 = 0.73333, b 33/15 = 2.2, c 1/15 = 0.06667. At 4 places by the
// largest remainder, a and c are cut to 0.7333 and 0.0666, a unit short of
// 3, and the unit goes to c, which lost more (0.667 against 0.333): c 0.0667.
// Value: a 10/3 + 16 = 19.3333, b 20/3 + 20 + 64/3 = 48, c 8/3 = 2.6667.
//
// Rate Shapley: the worth of a set of channels is the conversion rate of
// the paths within it: v(a) = 0/1, v(b) = 1/1, v(c) = 0 (no path),
// v(ab) = 2/4, v(ac) = 0/1, v(bc) = 1/1, v(abc) = 3/5. With weights 1/3,
// 1/6, 1/6, 1/3 for coalitions of 0, 1, 1, 2 others: a -1/12 - 2/15 =
// -13/60, b 1/3 + 1/12 + 1/6 + 1/5 = 47/60, c 1/30 = 2/60 (they sum to
// v(abc) = 36/60). a's negative value earns nothing; b and c share the 3
// conversions as 47 : 2, 2.877551 and 0.122449, cut to 2.8775 and 0.1224,
// the unit short to b (the larger remainder): b 2.8776, c 0.1224. Value
// 70·47/49 = 67.14286 and 70·2/49 = 2.85714: b 67.1429, c 2.8571.
//
// Equal distinct: each converted path shares equally among its distinct channels:
// a 1/2 + 1/3, b 1/2 + 1 + 1/3, c 1/3. So a 0.83333, b 1.83333, c 0.33333;
// all three lose the same by the cut, and the unit short goes to the first
// by name: a 0.8334. Value: a 5 + 40/3 = 18.3334, b 25 + 40/3 = 38.3333, c
// 13.3333.
//
// Markov: with repeats collapsed (c > a > b), the transitions are counted
// conversions + nulls times: start -> a 2 + 1, start -> b 1, start -> c 1;
// a -> b 2 + 1, a -> null 1; b -> conversion 3, b -> null 1; c -> a 1. So
// P(start->a) = 3/5, P(start->b) = P(start->c) = 1/5, P(a->b) = 3/4,
// P(b->conversion) = 3/4, P(c->a) = 1. From b a walk converts with 3/4, from
// a and from c with 9/16, from the start with 3/5·9/16 + 1/5·3/4 + 1/5·9/16
// = 48/80 = 0.6. Without a it is 1/5·3/4 = 0.15, a removal effect of 1 -
// 0.15/0.6 = 0.75; without b it is 0, effect 1; without c it is 39/80,
// effect 1 - 39/48 = 0.1875. The effects sum to 31/16, so the credits are
// 3·12/31 = 1.16129, 3·16/31 = 1.54839 and 3·3/31 = 0.29032: cut to 4
// places they are 2 units short, which go to a and b (losses 0.90 and 0.87
// against c's 0.23): a 1.1613, b 1.5484, c 0.2903. Value 70·12/31 =
// 27.09677, 70·16/31 = 36.12903, 70·3/31 = 6.77419: 2 units short, to c and
// a: a 27.0968, b 36.1290, c 6.7742.
func TestAttributeByHand(t *testing.T) {
	path := writeFile(t, "paths.csv", threePaths)
	var out strings.Builder
	if err := run(&out, []string{"-gap", "168h", "-places", "4", path}); err != nil {
		t.Fatalf("run: %v", err)
	}
	want := path + `: 4 paths, 3 conversions worth 70.0000; Markov's P(conversion) 0.6000

conversions         first       last     linear      decay   position     markov equal_dist  rate_shap    removal
a                  1.0000     0.0000     1.0000     0.7333     0.7000     1.1613     0.8334     0.0000     0.7500
b                  1.0000     3.0000     1.7500     2.2000     1.9000     1.5484     1.8333     2.8776     1.0000
c                  1.0000     0.0000     0.2500     0.0667     0.4000     0.2903     0.3333     0.1224     0.1875
(total)            3.0000     3.0000     3.0000     3.0000     3.0000     3.0000     3.0000     3.0000

value               first       last     linear      decay   position     markov equal_dist  rate_shap    removal
a                 10.0000     0.0000    25.0000    19.3333    13.0000    27.0968    18.3334     0.0000     0.7500
b                 20.0000    70.0000    35.0000    48.0000    41.0000    36.1290    38.3333    67.1429     1.0000
c                 40.0000     0.0000    10.0000     2.6667    16.0000     6.7742    13.3333     2.8571     0.1875
(total)           70.0000    70.0000    70.0000    70.0000    70.0000    70.0000    70.0000    70.0000
`
	if got := out.String(); got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
}

func TestAttributeDefaults(t *testing.T) {
	// Two places by default. Markov's 1.16129, 1.54839, 0.29032 cut to
	// 1.16, 1.54, 0.29 are a unit short, which goes to b (loss 0.84):
	// 1.55. Value: 27.09677, 36.12903, 6.77419 cut to 27.09, 36.12, 6.77
	// are 2 units short, which go to b (0.90) and a (0.68): a 27.10.
	// Time decay with a gap of a day weighs each step back by 2^(-1/7),
	// so the credits lean less on the last touch than with -gap 168h.
	var out strings.Builder
	if err := run(&out, []string{writeFile(t, "paths.csv", threePaths)}); err != nil {
		t.Fatalf("run: %v", err)
	}
	got := out.String()
	for _, want := range []string{
		": 4 paths, 3 conversions worth 70.00; Markov's P(conversion) 0.6000\n",
		// Rate Shapley at two places: b 2.877551 and c 0.122449 cut to
		// 2.87 and 0.12, the unit short to b; value 67.142857 and 2.857143
		// cut to 67.14 and 2.85, the unit short to c.
		"a                    1.00       0.00       1.00       0.97       0.70       1.16       0.84       0.00     0.7500\n",
		"b                    1.00       3.00       1.75       1.81       1.90       1.55       1.83       2.88     1.0000\n",
		"a                   10.00       0.00      25.00      24.65      13.00      27.10      18.34       0.00     0.7500\n",
		"c                   40.00       0.00      10.00       8.57      16.00       6.77      13.33       2.86     0.1875\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q; got:\n%s", want, got)
		}
	}
}

func TestAttributeEmbeddedSample(t *testing.T) {
	var out strings.Builder
	if err := run(&out, nil); err != nil {
		t.Fatalf("run: %v", err)
	}
	got := out.String()
	// The sample's conversions add up to 20 + 15 + 6 + 2 + 0 + 9 + 4 + 3 =
	// 59, their value to 4605.50; every model gives out exactly that.
	for _, want := range []string{
		"embedded paths.csv: 8 paths, 59 conversions worth 4605.50;",
		"(total)             59.00      59.00      59.00      59.00      59.00      59.00      59.00      59.00\n",
		"(total)           4605.50    4605.50    4605.50    4605.50    4605.50    4605.50    4605.50    4605.50\n",
		// display is never last: nothing by last touch; it starts the
		// 4 conversions of display > search > email and the 0 of
		// display > social: 4 by first touch, 395.00 of value.
		"display              4.00       0.00 ",
		"display            395.00       0.00 ",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q; got:\n%s", want, got)
		}
	}
}

func TestAttributeRefusesBadInput(t *testing.T) {
	bad := writeFile(t, "bad.csv", "path;total_conversions;total_conversion_value;total_null\na > b;1;10;1\nb;one;20;0\n")
	runtest.Fails(t, run, []runtest.Failure{
		{Args: []string{bad}, Want: []string{"bad.csv", "line 3", "total_conversions", `"one"`}},
		{Args: []string{writeFile(t, "value.csv", "a;0;5;1\n")}, Want: []string{"line 1", "total_conversion_value", `"5"`}},
		{Args: []string{writeFile(t, "empty.csv", "path;total_conversions;total_conversion_value;total_null\n")}, Want: []string{"empty.csv: no paths"}},
		{Args: []string{filepath.Join(t.TempDir(), "missing.csv")}, Want: []string{"missing.csv"}},
		{Args: []string{bad, bad}, Want: []string{"give one path file, not 2"}},
		{Args: []string{"-places", "0"}, Want: []string{"-places 0: want 1 to 30"}},
		{Args: []string{"-gap", "0s"}, Want: []string{"decay model", "Gap"}},
		{Args: []string{"-halflife", "-1h"}, Want: []string{"decay model", "HalfLife", `"-1h0m0s"`}},
	})
}

// -h names the file the program reads and its format, and lists the flags.
func TestAttributeHelp(t *testing.T) {
	runtest.Help(t, run, "[paths.csv]", `"email > search;15;1320.50;25"`, "-places")
}
