package main

import (
	"maps"
	"slices"
	"strings"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/shopspring/decimal"
)

// maxTouches bounds the touches kept of one open journey: the latest
// ones, which are those attribution weighs.
const maxTouches = 16

// journeys turns a stream of interactions into aggregated paths as it
// goes: each customer's touches since their last purchase form a path,
// which a purchase converts (with the purchase's channel as its last
// touch) and the end of the data leaves unconverted. Only the open
// journeys and the distinct paths are held, not the interactions.
type journeys struct {
	open  map[engagement.CustomerID][]string
	agg   map[string]*attribution.Path
	order []string
	count int
}

func newJourneys() *journeys {
	return &journeys{open: make(map[engagement.CustomerID][]string), agg: make(map[string]*attribution.Path)}
}

func (j *journeys) add(in engagement.Interaction, channel string) {
	touches := append(j.open[in.Customer], channel)
	if len(touches) > maxTouches {
		touches = append(touches[:0], touches[len(touches)-maxTouches:]...)
	}
	if in.Kind != engagement.Purchase {
		j.open[in.Customer] = touches
		return
	}
	j.end(touches, 1, in.Amount, 0)
	j.open[in.Customer] = touches[:0]
}

func (j *journeys) end(touches []string, conv int64, value decimal.Decimal, nulls int64) {
	key := strings.Join(touches, "\x00")
	p := j.agg[key]
	if p == nil {
		p = &attribution.Path{}
		for _, ch := range touches {
			p.Touches = append(p.Touches, attribution.Touch{Channel: ch})
		}
		j.agg[key] = p
		j.order = append(j.order, key)
	}
	p.Conversions += conv
	p.Value = p.Value.Add(value)
	p.Nulls += nulls
	j.count++
}

// paths closes the open journeys as unconverted and returns the
// aggregated paths, in the order first seen.
func (j *journeys) paths() []attribution.Path {
	for _, id := range slices.Sorted(maps.Keys(j.open)) {
		if touches := j.open[id]; len(touches) > 0 {
			j.end(touches, 0, decimal.Zero, 1)
		}
	}
	clear(j.open)
	out := make([]attribution.Path, 0, len(j.order))
	for _, k := range j.order {
		out = append(out, *j.agg[k])
	}
	return out
}
