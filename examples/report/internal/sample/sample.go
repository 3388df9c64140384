// Package sample says how the report's embedded data is made: the
// simulator's configuration and what each simulated touch point costs,
// which phase of the journey it serves and which function owns it.
package sample

import (
	"fmt"
	"time"

	"github.com/engagekit/engage/simulate"
	"github.com/engagekit/engage/touchpoints"
	"github.com/shopspring/decimal"
)

// Config is the simulation behind the embedded data: 3,000 customers over
// the year 2025.
func Config() simulate.Config {
	return simulate.Config{
		Seed:  2025,
		Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		End:   time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	}
}

// plan gives each simulated touch point its place in the plan. Events
// have no owner and nothing serves the interaction phase, so the plan has
// findings to show.
var plan = map[string]struct {
	phase touchpoints.Phase
	owner touchpoints.Function
	cost  int64
}{
	"web":                 {touchpoints.Purchase, touchpoints.Sales, 42000},
	"store":               {touchpoints.Purchase, touchpoints.Operations, 90000},
	"email":               {touchpoints.Cultivation, touchpoints.Marketing, 6000},
	"call_centre":         {touchpoints.Use, touchpoints.Service, 38000},
	"social":              {touchpoints.Advocacy, touchpoints.Communications, 9000},
	"search_ads":          {touchpoints.Awareness, touchpoints.Marketing, 30000},
	"events":              {touchpoints.Attraction, "", 15000},
	"partner_marketplace": {touchpoints.Discovery, touchpoints.Sales, 12000},
}

// Touchpoints maps the simulator's touch points onto package touchpoints.
func Touchpoints(specs []simulate.TouchpointSpec) ([]touchpoints.Touchpoint, error) {
	out := make([]touchpoints.Touchpoint, 0, len(specs))
	for _, s := range specs {
		p, ok := plan[s.ID]
		if !ok {
			return nil, fmt.Errorf("sample: no plan for touch point %q", s.ID)
		}
		out = append(out, touchpoints.Touchpoint{
			ID: s.ID, Name: s.ID, Channel: s.Channel, Phase: p.phase, Owner: p.owner,
			Online:  s.Channel != "in_person" && s.Channel != "events" && s.Channel != "phone",
			Partner: s.Partner, Cost: decimal.NewFromInt(p.cost),
		})
	}
	return out, nil
}
