package main

import (
	"fmt"
	"html"
	"io"
	"math"
	"strings"
	"time"
)

// The charts are plain SVG written by hand: no scripts, no external fonts
// or styles. Series differ in colour (the Okabe-Ito palette, which reads
// with the common colour-vision deficiencies) and in dash pattern too, so
// they read on paper in black and white. Each has a viewBox and no fixed
// size, so it scales to the width of the page. A chart writes to the
// page's stickyWriter (layout.go), which keeps the first error for the page
// to return.

// palette holds the series colours, in order.
var palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7"}

const (
	chartW, chartH = 640, 300
	padL, padR     = 70, 20
	padT, padB     = 52, 60
)

// barChart is one bar per label. With Keys, the bars come in groups of
// len(Keys), one per key, coloured by key and labelled once per group.
type barChart struct {
	Title  string
	XTitle string // what the bars are, such as "stage"
	YTitle string // what their height is, with its unit, such as "customers"
	Labels []string
	Values []float64
	Keys   []string // the series of a grouped chart, such as "then" and "now"
}

func (c barChart) write(w io.Writer) {
	lo, hi := 0.0, 0.0
	for _, v := range c.Values {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	ticks := niceTicks(lo, hi, 5)
	lo, hi = ticks[0], ticks[len(ticks)-1]
	y := scale(lo, hi, chartH-padB, padT)
	svgOpen(w, c.Title)
	yAxis(w, ticks, y, c.YTitle)
	plotW := float64(chartW - padL - padR)
	n := max(len(c.Values), 1)
	slot := plotW / float64(n)
	group := max(len(c.Keys), 1)
	groups := (n + group - 1) / group
	for i, v := range c.Values {
		x := padL + slot*float64(i) + slot*0.15
		top, bottom := y(math.Max(v, 0)), y(math.Min(v, 0))
		fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="#000"><title>%s: %s</title></rect>`+"\n",
			x, top, slot*0.7, math.Max(bottom-top, 0.5), palette[(i%group)%len(palette)], esc(c.barName(i)), formatValue(v))
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" font-size="11" text-anchor="middle">%s</text>`+"\n",
			x+slot*0.35, top-4, formatValue(v))
		if i%group != 0 {
			continue
		}
		gslot := slot * float64(group)
		gi := i / group
		small := gslot < 80
		fmt.Fprintf(w, `<text x="%.1f" y="%d" font-size="%d" text-anchor="middle">%s</text>`+"\n",
			padL+gslot*(float64(gi)+0.5), chartH-padB+16+6*(gi%2)*btoi(small && groups > 1), 11-btoi(small), esc(c.Labels[i]))
	}
	if len(c.Keys) > 1 {
		for k, key := range c.Keys {
			legend(w, k, key, fmt.Sprintf(`<rect x="%d" y="%d" width="12" height="10" fill="%s" stroke="#000"/>`,
				chartW-padR-150, 9+14*k, palette[k%len(palette)]))
		}
	}
	xAxis(w, y(0), c.XTitle)
	io.WriteString(w, "</svg>\n")
}

// barName names bar i for its tooltip: its label, and its key if any.
func (c barChart) barName(i int) string {
	if len(c.Keys) > 1 {
		return c.Labels[i] + ", " + c.Keys[i%len(c.Keys)]
	}
	return c.Labels[i]
}

// legend writes the k-th legend entry, top right: a swatch and its name.
func legend(w io.Writer, k int, name, swatch string) {
	fmt.Fprintf(w, "%s\n", swatch)
	fmt.Fprintf(w, `<text x="%d" y="%d" font-size="11">%s</text>`+"\n", chartW-padR-120, 18+14*k, esc(name))
}

// point is one value at one time.
type point struct {
	T time.Time
	V float64
}

// series is one line of a line chart.
type series struct {
	Name   string
	Points []point
}

// mark is a labelled moment, such as an alert.
type mark struct {
	T     time.Time
	Label string
}

// lineChart draws series against time, with marks as dashed verticals.
type lineChart struct {
	Title  string
	YTitle string // with its unit
	Series []series
	Marks  []mark
}

var dashes = []string{"", "6 3", "2 2", "8 3 2 3"}

func (c lineChart) write(w io.Writer) {
	var t0, t1 time.Time
	lo, hi := 0.0, 0.0
	first := true
	for _, s := range c.Series {
		for _, p := range s.Points {
			if first || p.T.Before(t0) {
				t0 = p.T
			}
			if first || p.T.After(t1) {
				t1 = p.T
			}
			first = false
			lo, hi = math.Min(lo, p.V), math.Max(hi, p.V)
		}
	}
	if !t1.After(t0) {
		t1 = t0.Add(24 * time.Hour)
	}
	ticks := niceTicks(lo, hi, 5)
	y := scale(ticks[0], ticks[len(ticks)-1], chartH-padB, padT)
	x := scale(float64(t0.Unix()), float64(t1.Unix()), padL, chartW-padR)
	svgOpen(w, c.Title)
	yAxis(w, ticks, y, c.YTitle)
	xAxis(w, y(math.Max(ticks[0], 0)), "date (UTC)")
	for _, t := range timeTicks(t0, t1) {
		fmt.Fprintf(w, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#000"/>`+"\n", x(float64(t.Unix())), x(float64(t.Unix())), chartH-padB, chartH-padB+4)
		fmt.Fprintf(w, `<text x="%.1f" y="%d" font-size="11" text-anchor="middle">%s</text>`+"\n", x(float64(t.Unix())), chartH-padB+16, t.Format("2006-01"))
	}
	for _, m := range c.Marks {
		mx := x(float64(m.T.Unix()))
		fmt.Fprintf(w, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#000" stroke-dasharray="3 3"><title>%s</title></line>`+"\n",
			mx, mx, padT, chartH-padB, esc(m.Label))
		fmt.Fprintf(w, `<text x="%.1f" y="%d" font-size="10" text-anchor="middle">&#9660; %s</text>`+"\n", mx, padT-6, esc(m.Label))
	}
	for i, s := range c.Series {
		var d strings.Builder
		for j, p := range s.Points {
			cmd := "L"
			if j == 0 {
				cmd = "M"
			}
			fmt.Fprintf(&d, "%s%.1f %.1f ", cmd, x(float64(p.T.Unix())), y(p.V))
		}
		colour, dash := palette[i%len(palette)], dashes[i%len(dashes)]
		fmt.Fprintf(w, `<path d="%s" fill="none" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`+"\n", strings.TrimSpace(d.String()), colour, dash)
		ly := 14 + 14*i
		legend(w, i, s.Name, fmt.Sprintf(`<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`,
			chartW-padR-150, chartW-padR-125, ly, ly, colour, dash))
	}
	io.WriteString(w, "</svg>\n")
}

func svgOpen(w io.Writer, title string) {
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" preserveAspectRatio="xMidYMid meet" font-family="sans-serif" role="img" aria-label="%s">`+"\n",
		chartW, chartH, esc(title))
	fmt.Fprintf(w, `<text x="%d" y="20" font-size="14" font-weight="bold">%s</text>`+"\n", padL, esc(title))
}

func yAxis(w io.Writer, ticks []float64, y func(float64) float64, title string) {
	fmt.Fprintf(w, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="#000"/>`+"\n", padL, padL, padT, chartH-padB)
	for _, t := range ticks {
		fmt.Fprintf(w, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ccc"/>`+"\n", padL, chartW-padR, y(t), y(t))
		fmt.Fprintf(w, `<text x="%d" y="%.1f" font-size="11" text-anchor="end">%s</text>`+"\n", padL-6, y(t)+4, formatValue(t))
	}
	fmt.Fprintf(w, `<text x="16" y="%d" font-size="12" text-anchor="middle" transform="rotate(-90 16 %d)">%s</text>`+"\n",
		(padT+chartH-padB)/2, (padT+chartH-padB)/2, esc(title))
}

func xAxis(w io.Writer, y0 float64, title string) {
	fmt.Fprintf(w, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#000"/>`+"\n", padL, chartW-padR, y0, y0)
	fmt.Fprintf(w, `<text x="%d" y="%d" font-size="12" text-anchor="middle">%s</text>`+"\n", (padL+chartW-padR)/2, chartH-padB+40, esc(title))
}

// scale maps [lo, hi] onto [a, b].
func scale(lo, hi, a, b float64) func(float64) float64 {
	if hi == lo {
		hi = lo + 1
	}
	return func(v float64) float64 { return a + (v-lo)/(hi-lo)*(b-a) }
}

// niceTicks returns about n round tick values covering lo to hi.
func niceTicks(lo, hi float64, n int) []float64 {
	if hi <= lo {
		hi = lo + 1
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var out []float64
	for t := math.Floor(lo/step) * step; t <= hi+step*1e-9; t += step {
		out = append(out, math.Round(t/step)*step)
	}
	if out[len(out)-1] < hi {
		out = append(out, out[len(out)-1]+step)
	}
	return out
}

// timeTicks returns the first of each month between t0 and t1, thinned to
// at most seven.
func timeTicks(t0, t1 time.Time) []time.Time {
	var out []time.Time
	for t := time.Date(t0.Year(), t0.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0); !t.After(t1); t = t.AddDate(0, 1, 0) {
		out = append(out, t)
	}
	for len(out) > 7 {
		var thin []time.Time
		for i := 0; i < len(out); i += 2 {
			thin = append(thin, out[i])
		}
		out = thin
	}
	return out
}

func formatValue(v float64) string {
	switch a := math.Abs(v); {
	case a >= 1e6:
		return fmt.Sprintf("%.1fM", v/1e6)
	case a >= 1e4:
		return fmt.Sprintf("%.0fk", v/1e3)
	case a >= 100 || v == math.Trunc(v):
		return number(v, 0)
	}
	return fmt.Sprintf("%.2f", v)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func esc(s string) string { return html.EscapeString(s) }
