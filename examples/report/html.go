package main

import (
	"bytes"
	"html/template"
	"io"
)

// writeHTML writes one self-contained page: the report's sections with
// their tables, each followed by its charts, with no scripts and nothing
// fetched from elsewhere.
func writeHTML(w io.Writer, r *report) error {
	var body bytes.Buffer
	if err := build(r).writeHTML(&body); err != nil {
		return err
	}
	return page.Execute(w, struct {
		AsOf string
		Body template.HTML
	}{date(r.header.AsOf), template.HTML(body.String())}) // built from escaped parts in layout.go and chart.go
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
