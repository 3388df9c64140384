package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
)

// staleAfter is how long before the as-of date the data may end before
// the report says so: stages, goodwill and health all read recency.
const staleAfter = 30 * 24 * time.Hour

// headerSection heads the report: what was read, what was left out, and
// warnings about the data.
type headerSection struct {
	AsOf         time.Time
	AsOfGiven    bool
	Interactions int                     // at or before AsOf
	Later        int                     // after AsOf, left out
	DataEnd      time.Time               // the last interaction at or before AsOf; zero when none
	UnknownKinds map[engagement.Kind]int // kinds the models do not know, with their counts
	Customers    int                     // in a stage of engagement now
	CustomerFile bool
	OnFile       int // customers in the customers file
	Consented    int // of the customers file, those who may be contacted
	Mentions     int
}

func newHeaderSection(r *record, mentions int) *headerSection {
	h := &headerSection{AsOf: r.AsOf, AsOfGiven: r.AsOfGiven, Interactions: r.Interactions, Later: r.Later,
		DataEnd: r.DataEnd, UnknownKinds: r.UnknownKinds, Customers: r.Current,
		CustomerFile: r.Consent != nil, OnFile: len(r.Consent), Mentions: mentions}
	for _, v := range r.Consent {
		if v {
			h.Consented++
		}
	}
	return h
}

func (h *headerSection) layout(d *doc) {
	d.section("ENGAGEMENT REPORT as of " + date(h.AsOf))
	var b strings.Builder
	fmt.Fprintf(&b, "%s interactions", count(h.Interactions))
	if h.Later > 0 {
		fmt.Fprintf(&b, " (%s later ones left out)", count(h.Later))
	}
	fmt.Fprintf(&b, "; %s current customers", count(h.Customers))
	if h.CustomerFile {
		fmt.Fprintf(&b, "; %s of the %s customers on file consent to contact", count(h.Consented), count(h.OnFile))
	}
	fmt.Fprintf(&b, "; %s mentions.", count(h.Mentions))
	d.line(0, "%s", b.String())
	switch {
	case h.Interactions == 0:
		d.line(0, "Note: no interaction is dated on or before %s: set -asof to a date the data covers.", date(h.AsOf))
	case h.AsOf.Sub(h.DataEnd) > staleAfter:
		hint := ""
		if !h.AsOfGiven {
			hint = fmt.Sprintf(" (as of today, since -asof was not set: -asof %s reports as of the data's end)", date(h.DataEnd.AddDate(0, 0, 1)))
		}
		d.line(0, "Note: the data ends on %s, %s days before the as-of date%s; customers read as long gone.",
			date(h.DataEnd), count(int(h.AsOf.Sub(h.DataEnd).Hours()/24)), hint)
	}
	if len(h.UnknownKinds) > 0 {
		var kinds []string
		n := 0
		for _, k := range slices.Sorted(maps.Keys(h.UnknownKinds)) {
			kinds = append(kinds, fmt.Sprintf("%s %s", k, count(h.UnknownKinds[k])))
			n += h.UnknownKinds[k]
		}
		d.line(0, "Warning: %s interactions have kinds the models do not know (%s): the default goodwill rules give them no effect and no stage reads them. Check the spelling against %s.",
			count(n), strings.Join(kinds, ", "), kindList())
	}
}

// kindList names the built-in kinds.
func kindList() string {
	var names []string
	for _, k := range engagement.BuiltinKinds() {
		names = append(names, k.String())
	}
	return strings.Join(names, ", ")
}
