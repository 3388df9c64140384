package main

import (
	"context"
	"io"
)

// section is one part of the report. Each computes its findings from the
// shared record when it is made, and lays them out: its heading, lines and
// tables, and the charts the HTML page shows after them.
type section interface {
	layout(d *doc)
}

// report is the sections in the order they are shown.
type report struct {
	header    *headerSection
	stages    *stagesSection
	goodwill  *goodwillSection
	worth     *worthSection
	forecast  *forecastSection
	channels  *channelsSection
	listening *listeningSection
	health    *healthSection
}

// sections returns the report's sections in order.
func (r *report) sections() []section {
	return []section{r.header, r.stages, r.goodwill, r.worth, r.forecast, r.channels, r.listening, r.health}
}

// analyse reads the record and computes every section from it.
func analyse(ctx context.Context, in inputs) (*report, error) {
	rec, err := readRecord(ctx, in)
	if err != nil {
		return nil, err
	}
	r := &report{}
	if r.stages, err = newStagesSection(rec); err != nil {
		return nil, err
	}
	r.goodwill = newGoodwillSection(rec)
	if r.health, err = newHealthSection(rec); err != nil {
		return nil, err
	}
	if r.worth, err = newWorthSection(rec); err != nil {
		return nil, err
	}
	if r.forecast, err = newForecastSection(rec, r.worth); err != nil {
		return nil, err
	}
	if r.channels, err = newChannelsSection(rec); err != nil {
		return nil, err
	}
	if r.listening, err = newListeningSection(rec); err != nil {
		return nil, err
	}
	r.header = newHeaderSection(rec, r.listening.Mentions)
	return r, nil
}

// build lays the report out as blocks, section by section.
func build(r *report) *doc {
	d := &doc{}
	for _, s := range r.sections() {
		s.layout(d)
	}
	return d
}

// writeText writes the report as text.
func writeText(w io.Writer, r *report) error { return build(r).writeText(w) }
