package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// overflowCheck, put at the end of a copy of the page shown in a frame,
// marks the body of the page around the frame with what is wider than
// the frame: the page itself, or any element outside the boxes that
// scroll tables sideways on purpose.
const overflowCheck = `<script>
(function () {
  var w = window.innerWidth, bad = [];
  if (document.documentElement.scrollWidth > w) bad.push("page " + document.documentElement.scrollWidth);
  var all = document.querySelectorAll("body *");
  for (var i = 0; i < all.length; i++) {
    var el = all[i];
    if (el.tagName === "SCRIPT" || (el.parentElement && el.parentElement.closest(".scroll"))) continue;
    var r = el.getBoundingClientRect();
    if (r.right > w + 1 || r.left < -1) bad.push(el.tagName + " " + Math.round(r.left) + ".." + Math.round(r.right));
  }
  parent.document.body.setAttribute("data-check", (bad.length ? "OVERFLOW " + bad.slice(0, 8).join("; ") : "OK") + " at " + w);
})();
</script>
`

// chromium returns the path of a Chromium to run headless, or skips.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on PATH: the page's layout is not checked (apt-get install chromium)")
	return ""
}

// runChromium runs Chromium headless at the given window width with args.
func runChromium(t *testing.T, bin string, width int, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--user-data-dir=" + t.TempDir(), fmt.Sprintf("--window-size=%d,844", width)}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.Bytes()
}

// TestPageFitsDesktopAndPhone renders the HTML report in headless
// Chromium at a desktop's width and a phone's, and fails when anything
// is wider than the window. With ENGAGE_SCREENSHOTS set to a directory it
// also keeps a screenshot of each there.
func TestPageFitsDesktopAndPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the page's layout is not checked in Chromium")
	}
	bin := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if _, _, err := runReport(t, "-html", page); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	// Headless Chromium lays a page out no narrower than 500 pixels, so
	// the page is checked in a frame of the width wanted; a srcdoc frame
	// shares the page's origin, so its script may mark the page around it.
	withCheck := strings.Replace(string(raw), "</body>", overflowCheck+"</body>", 1)
	mark := regexp.MustCompile(`data-check="([^"]*)"`)
	shots := os.Getenv("ENGAGE_SCREENSHOTS")
	for _, width := range []int{1280, 390} {
		checked := filepath.Join(dir, fmt.Sprintf("checked-%d.html", width))
		frame := fmt.Sprintf(`<!DOCTYPE html><html><body style="margin:0"><iframe style="border:0;width:%dpx;height:844px" srcdoc="%s"></iframe></body></html>`,
			width, html.EscapeString(withCheck))
		if err := os.WriteFile(checked, []byte(frame), 0o644); err != nil {
			t.Fatal(err)
		}
		dom := runChromium(t, bin, 1400, "--dump-dom", "file://"+checked)
		m := mark.FindSubmatch(dom)
		switch want := fmt.Sprintf("OK at %d", width); {
		case m == nil:
			t.Errorf("at %d px the check did not run", width)
		case string(m[1]) != want:
			t.Errorf("at %d px: %s", width, m[1])
		}
		if shots != "" {
			png := filepath.Join(shots, fmt.Sprintf("report-%d.png", width))
			runChromium(t, bin, width, "--screenshot="+png, "file://"+page)
		}
	}
}
