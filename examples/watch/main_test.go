package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// crisisJSONL is a day of quiet, then trouble with deliveries:
//
//   - 2026-03-01, hours 00 to 23: one happy mention about price an hour,
//     the 24 hourly windows of history an alert needs (AlertRule.Baseline);
//   - 2026-03-02 00:05 to 00:30: six angry mentions about delivery. The
//     baseline is 24 windows of 0 negatives, so the Poisson test applies at
//     the floor rate 0.5: P(X >= 4) = 0.00175 and P(X >= 5) = 0.00017, so
//     the level is 5 (also the MinCount), reached by d5 at 00:25. The sixth
//     raises nothing: one alert per window;
//   - 04:05 to 04:15: three more, below the level (and in the cooldown);
//   - 10:05 to 10:25: five more. Hour 10 is past the 6-window cooldown; its
//     baseline (hours -14 to 09) holds 6 + 3 = 9 negatives, mean 0.375 < 1,
//     so the Poisson test at the floor again: level 5, reached by e5.
//
// The first price mention, p00, is written last: heard in file order, the
// earliest window would be hour 01 and window 2026-03-02T00 only 23 windows
// after it, too soon to alert. So the first alert also checks that the
// mentions are put in time order before they are heard.
func crisisJSONL() string {
	var b strings.Builder
	line := func(id string, at time.Time, text string) {
		fmt.Fprintf(&b, `{"id":%q,"source":"reviews","time":%q,"text":%q}`+"\n", id, at.Format(time.RFC3339), text)
	}
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for h := 1; h < 24; h++ {
		line(fmt.Sprintf("p%02d", h), day.Add(time.Duration(h)*time.Hour+10*time.Minute), "Great price, I love it!")
	}
	burst := func(prefix string, hour, n int) {
		for i := 1; i <= n; i++ {
			at := day.Add(time.Duration(hour)*time.Hour + time.Duration(5*i)*time.Minute)
			line(fmt.Sprintf("%s%d", prefix, i), at, "Terrible delivery: the parcel came late and broken. Awful.")
		}
	}
	burst("d", 24, 6)
	burst("c", 28, 3)
	burst("e", 34, 5)
	line("p00", day.Add(10*time.Minute), "Great price, I love it!")
	return b.String()
}

func TestWatchAlertsOnACrisis(t *testing.T) {
	path := writeFile(t, "mentions.jsonl", crisisJSONL())
	var out strings.Builder
	if err := run(&out, []string{"-mentions", path}); err != nil {
		t.Fatalf("run: %v", err)
	}
	got := out.String()
	// Baseline of hour 10: 6 and 3 negatives among 24 windows, mean 9/24 =
	// 0.375; variance 45/24 - 0.375² = 1.734, sd 1.317.
	wantAlerts := []string{
		"alert at 2026-03-02T00:25:00Z (d5) all mentions: 5 negative in window 2026-03-02T00:00:00Z (baseline mean 0.00, sd 0.00, poisson level 5)",
		"alert at 2026-03-02T00:25:00Z (d5) delivery: 5 negative in window 2026-03-02T00:00:00Z (baseline mean 0.00, sd 0.00, poisson level 5)",
		"alert at 2026-03-02T10:25:00Z (e5) all mentions: 5 negative in window 2026-03-02T10:00:00Z (baseline mean 0.38, sd 1.32, poisson level 5)",
		"alert at 2026-03-02T10:25:00Z (e5) delivery: 5 negative in window 2026-03-02T10:00:00Z (baseline mean 0.38, sd 1.32, poisson level 5)",
	}
	if alerts := strings.Split(strings.TrimSpace(got[:strings.Index(got, "\n\n")]), "\n"); strings.Join(alerts, "\n") != strings.Join(wantAlerts, "\n") {
		t.Errorf("alerts:\n%s\nwant:\n%s", strings.Join(alerts, "\n"), strings.Join(wantAlerts, "\n"))
	}
	// 24 + 6 + 3 + 5 = 38 mentions, the 14 about delivery all negative:
	// 14/38 = 36.8%. The overall mean is the count-weighted mean of the
	// topics': (24 x 0.852 + 14 x -0.929) / 38 = 0.196.
	for _, want := range []string{
		"topic      mentions negative  share   mean\n",
		"(all)            38       14  36.8%  0.196\n",
		"delivery         14       14 100.0% -0.929\n",
		"price            24        0   0.0%  0.852\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q; got:\n%s", want, got)
		}
	}
	if strings.Contains(got, "service") || strings.Contains(got, "quality") {
		t.Errorf("output tallies topics no mention is about; got:\n%s", got)
	}
}

func TestWatchReadsAFeed(t *testing.T) {
	// Three reviews, newest first as feeds list them: one about delivery
	// and negative, one about service and positive, one about neither and
	// neutral (score 0). No alert: too few, and no day of history.
	item := func(id, hour, text string) string {
		return `<item><guid>` + id + `</guid><title>` + text + `</title><pubDate>Mon, 02 Mar 2026 ` + hour + `:00:00 +0000</pubDate></item>`
	}
	feed := `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Reviews</title>` +
		item("r3", "12", "Just browsing the new catalogue") +
		item("r2", "11", "The staff were wonderful and kind, great service") +
		item("r1", "10", "Slow delivery and a damaged parcel: very bad") +
		`</channel></rss>`
	var out strings.Builder
	if err := run(&out, []string{"-feed", writeFile(t, "feed.xml", feed)}); err != nil {
		t.Fatalf("run: %v", err)
	}
	got := out.String()
	// The mean of all is (-0.859 + 0.896 + 0) / 3 = 0.012.
	want := "\ntopic      mentions negative  share   mean\n" +
		"(all)             3        1  33.3%  0.012\n" +
		"delivery          1        1 100.0% -0.859\n" +
		"service           1        0   0.0%  0.896\n"
	if got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
}

func TestWatchSimulatesADeliveryCrisis(t *testing.T) {
	var out strings.Builder
	if err := run(&out, nil); err != nil {
		t.Fatalf("run: %v", err)
	}
	got := out.String()
	// The simulated crisis is about delivery in November 2025.
	if !strings.Contains(got, ") delivery: ") || !strings.Contains(got, "negative in window 2025-11-") {
		t.Errorf("no delivery alert in November 2025; got:\n%s", got)
	}
	// Each simulated mention is about exactly one topic, so the topics'
	// counts add up to the total.
	var all, sum int
	for _, line := range strings.Split(got[strings.Index(got, "topic "):], "\n")[1:] {
		var name string
		var n int
		if _, err := fmt.Sscan(line, &name, &n); err != nil {
			continue
		}
		if name == "(all)" {
			all = n
		} else {
			sum += n
		}
	}
	if all == 0 || all != sum {
		t.Errorf("(all) counts %d mentions, the topics %d; got:\n%s", all, sum, got)
	}
}

func TestWatchRefusesBadInput(t *testing.T) {
	good := `{"id":"m1","source":"reviews","time":"2026-03-01T10:00:00Z","text":"fine"}` + "\n"
	badTime := writeFile(t, "bad.jsonl", good+good[:len(good)-1]+"\n"+`{"id":"m3","source":"reviews","time":"yesterday","text":"late"}`+"\n")
	runtest.Fails(t, run, []runtest.Failure{
		{Args: []string{"-mentions", badTime}, Want: []string{"line 3", "time", `"yesterday"`}},
		{Args: []string{"-mentions", writeFile(t, "empty.jsonl", "\n")}, Want: []string{"no mentions to watch"}},
		{Args: []string{"-feed", writeFile(t, "feed.xml", "<html>not a feed</html>")}, Want: []string{"feed"}},
		{Args: []string{"-mentions", filepath.Join(t.TempDir(), "missing.jsonl")}, Want: []string{"missing.jsonl"}},
		{Args: []string{"-mentions", badTime, "-feed", badTime}, Want: []string{"give -mentions or -feed, not both"}},
		{Args: []string{"mentions.jsonl"}, Want: []string{`unexpected argument "mentions.jsonl"`}},
	})
}

// -h names the file the program reads and its format, and lists the flags.
func TestWatchHelp(t *testing.T) {
	runtest.Help(t, run, "-mentions reads JSON Lines", "RSS 2.0 or Atom", "-feed")
}
