package main

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/stages"
)

// writeHTML writes one self-contained page: the report's sections with
// their tables, each followed by its charts, with no scripts and nothing
// fetched from elsewhere.
func writeHTML(w io.Writer, f *findings) error {
	charts := make(map[int][]template.HTML) // by section number
	section := 1
	add := func(write func(io.Writer)) {
		var b bytes.Buffer
		write(&b)
		charts[section] = append(charts[section], template.HTML(b.String())) // built from escaped parts in chart.go
	}

	d := f.Tally.Distribution
	stageBar := barChart{Title: "Customers by stage of engagement", XTitle: "stage", YTitle: "people"}
	for s := stages.Prospect; s <= stages.Former; s++ {
		stageBar.Labels = append(stageBar.Labels, s.String())
		stageBar.Values = append(stageBar.Values, float64(d[s]))
	}
	add(stageBar.write)

	section = 2
	if len(f.Goodwill) > 1 {
		add(lineChart{Title: "Goodwill of the whole base, month by month", YTitle: "goodwill (points)",
			Series: []series{{Name: "goodwill", Points: f.Goodwill}}}.write)
	}

	section = 5
	if len(f.Channels) > 0 {
		ret := barChart{Title: "Channels by rate of return (Markov-attributed revenue / spend)", XTitle: "channel", YTitle: "revenue per unit of spend"}
		for _, r := range f.Channels {
			if r.Infinite() {
				continue
			}
			ret.Labels = append(ret.Labels, r.Name)
			ret.Values = append(ret.Values, r.Rate())
		}
		add(ret.write)
	}

	section = 4
	if d := f.Diagnostics; d != nil && d.Err == "" {
		holdout := barChart{Title: fmt.Sprintf("%d-week holdout: purchases per customer", holdoutWeeks),
			XTitle: "repeat purchases before the holdout", YTitle: "purchases per customer", Keys: []string{"made", "predicted"}}
		for _, g := range d.Table.Groups {
			label := fmt.Sprint(g.Frequency)
			if g.OrMore {
				label += "+"
			}
			holdout.Labels = append(holdout.Labels, label, label)
			holdout.Values = append(holdout.Values, g.MeanActual, g.MeanPredicted)
		}
		add(holdout.write)
		made, expected := series{Name: "made"}, series{Name: "expected (BG/NBD)"}
		for _, p := range d.Tracking.Periods {
			made.Points = append(made.Points, point{p.End, float64(p.CumulativeActual)})
			expected.Points = append(expected.Points, point{p.End, p.CumulativeExpected})
		}
		add(lineChart{Title: "Cumulative repeat purchases", YTitle: "repeat purchases",
			Series: []series{made, expected}, Marks: []mark{{d.CalibrationEnd, "end of calibration"}}}.write)
	}

	section = 7
	if h := f.Health; h != nil {
		bands := barChart{Title: "Customers by health band, a quarter ago and now", XTitle: "band", YTitle: "people", Keys: []string{"a quarter ago", "now"}}
		for _, b := range h.Bands {
			bands.Labels = append(bands.Labels, b, b)
			bands.Values = append(bands.Values, float64(h.Was[b]), float64(h.Now[b]))
		}
		add(bands.write)
	}

	section = 6
	if len(f.Daily) > 0 {
		volume := series{Name: "mentions per day"}
		negative := series{Name: "negative per day"}
		for _, day := range f.Daily {
			volume.Points = append(volume.Points, point{day.Day, float64(day.Count)})
			negative.Points = append(negative.Points, point{day.Day, float64(day.Negative)})
		}
		add(lineChart{Title: "Mentions per day, with alerts marked", YTitle: "mentions per day",
			Series: []series{volume, negative}, Marks: alertMarks(f.Alerts)}.write)
		add(lineChart{Title: "Mean sentiment of mentions per week", YTitle: "mean sentiment (-1 to +1)",
			Series: []series{weekly(f.Daily)}, Marks: alertMarks(f.Alerts)}.write)
	}
	var body bytes.Buffer
	build(f).writeHTML(&body, charts)
	return page.Execute(w, struct {
		AsOf string
		Body template.HTML
	}{date(f.AsOf), template.HTML(body.String())}) // built from escaped parts in layout.go and chart.go
}

// alertMarks marks each day with alerts, naming the topics that broke
// ("all" for all mentions together).
func alertMarks(alerts []listening.Alert) []mark {
	var marks []mark
	for _, a := range alerts {
		day := a.Window.UTC().Truncate(24 * time.Hour)
		topic := cmp.Or(a.Topic, "all")
		if n := len(marks); n > 0 && marks[n-1].T.Equal(day) {
			if !strings.Contains(marks[n-1].Label, topic) {
				marks[n-1].Label += ", " + topic
			}
			continue
		}
		marks = append(marks, mark{day, "alert: " + topic})
	}
	return marks
}

// weekly turns daily tallies into the mean sentiment of each week.
func weekly(days []dayTally) series {
	s := series{Name: "mean sentiment"}
	var sum float64
	var n int
	var start time.Time
	for i, d := range days {
		if i == 0 || d.Day.Sub(start) >= 7*24*time.Hour {
			if n > 0 {
				s.Points = append(s.Points, point{start, sum / float64(n)})
			}
			start, sum, n = d.Day, 0, 0
		}
		sum += d.ScoreSum
		n += d.Count
	}
	if n > 0 {
		s.Points = append(s.Points, point{start, sum / float64(n)})
	}
	return s
}

var page = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>Engagement report as of {{.AsOf}}</title>
<style>
body { font-family: sans-serif; margin: 1em auto; padding: 0 1em; max-width: 60em; color: #000; background: #fff; line-height: 1.4; }
h1 { font-size: 1.5em; }
h2 { font-size: 1.2em; border-bottom: 1px solid #999; }
p, li { overflow-wrap: anywhere; }
figure { margin: 1.5em 0; page-break-inside: avoid; }
svg { display: block; width: 100%; height: auto; max-width: 640px; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
th, td { padding: 0.2em 0.6em; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
th { border-bottom: 2px solid #666; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { white-space: normal; }
@media (max-width: 480px) { body { padding: 0 0.5em; } table { font-size: 0.75em; } th, td { padding: 0.2em 0.3em; } }
@media print { body { margin: 0; } .scroll { overflow: visible; } }
</style>
</head>
<body>
{{.Body}}</body>
</html>
`))
