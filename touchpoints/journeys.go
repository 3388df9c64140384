package touchpoints

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strconv"
	"strings"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/shopspring/decimal"
)

// DefaultMaxTouches is the number of touches [Journeys] keeps of one open
// journey when [JourneyOptions.MaxTouches] is zero: the latest 16, which
// are the ones attribution models weigh most; older touches are dropped.
const DefaultMaxTouches = 16

// JourneyOptions tunes [Journeys]. The zero value keeps
// [DefaultMaxTouches] touches per journey.
type JourneyOptions struct {
	// MaxTouches bounds the touches kept of one journey: when a journey
	// grows longer, its oldest touches are dropped. Zero means
	// [DefaultMaxTouches]; it must not be negative.
	MaxTouches int
}

// Journeys turns a stream of interactions into the aggregated paths that
// package attribution credits, as it goes. Each customer's touches since
// their last purchase form a journey: a purchase ends it as a conversion
// worth the purchase's Amount, with the purchase's own channel as its last
// touch, and the end of the stream leaves it unconverted. An interaction's
// channel is that of its touch point ([engagement.Interaction.Touchpoint]
// matched against [Touchpoint.ID]). Only the open journeys and the distinct
// paths are held, not the interactions.
//
// Each customer's interactions must be added in time order; those of
// different customers may be interleaved in any way without changing the
// paths. A Journeys is not safe for concurrent use.
type Journeys struct {
	max      int
	channel  map[string]int32 // touch point ID to channel index
	channels []string         // channel names by index
	open     map[engagement.CustomerID][]int32
	agg      map[string]*journeyPath // by the path's key
	key      []byte                  // scratch for keys
}

// journeyPath is one distinct path and the journeys it converted.
type journeyPath struct {
	touches     []int32
	conversions int64
	value       decimal.Decimal
}

// NewJourneys returns an empty builder that maps interactions to channels
// through tps. It refuses a touch point that fails [Touchpoint.Validate],
// or an ID given twice, with a *[FieldError] naming it (the latter also
// matches [ErrDuplicate]), and a negative MaxTouches.
func NewJourneys(tps []Touchpoint, opts JourneyOptions) (*Journeys, error) {
	if err := validateAll(tps); err != nil {
		return nil, err
	}
	if opts.MaxTouches < 0 {
		return nil, fieldError("MaxTouches", strconv.Itoa(opts.MaxTouches), "max touches must not be negative")
	}
	j := &Journeys{
		max:     cmp.Or(opts.MaxTouches, DefaultMaxTouches),
		channel: make(map[string]int32, len(tps)),
		open:    make(map[engagement.CustomerID][]int32),
		agg:     make(map[string]*journeyPath),
	}
	index := make(map[string]int32)
	for _, tp := range tps {
		c, ok := index[tp.Channel]
		if !ok {
			c = int32(len(j.channels))
			index[tp.Channel] = c
			j.channels = append(j.channels, tp.Channel)
		}
		j.channel[tp.ID] = c
	}
	return j, nil
}

// Add adds one interaction and reports whether it was at one of the touch
// points: an interaction with no touch point, or with one not in the set,
// is left out (a purchase there converts nothing) and Add returns false.
// Any other interaction is a touch of its customer's open journey; a
// purchase ([engagement.Purchase]) also ends that journey as converted.
func (j *Journeys) Add(in engagement.Interaction) bool {
	c, ok := j.channel[in.Touchpoint] // never "": touch point IDs are not empty
	if !ok {
		return false
	}
	touches := append(j.open[in.Customer], c)
	if len(touches) > j.max {
		touches = append(touches[:0], touches[len(touches)-j.max:]...)
	}
	if in.Kind != engagement.Purchase {
		j.open[in.Customer] = touches
		return true
	}
	key := j.keyOf(touches)
	p := j.agg[string(key)]
	if p == nil {
		p = &journeyPath{touches: slices.Clone(touches)}
		j.agg[string(key)] = p
	}
	p.conversions++
	p.value = p.value.Add(in.Amount)
	j.open[in.Customer] = touches[:0]
	return true
}

// keyOf returns the key of the path with these touches, in scratch space
// that the next call reuses.
func (j *Journeys) keyOf(touches []int32) []byte {
	j.key = j.key[:0]
	for _, c := range touches {
		j.key = binary.AppendUvarint(j.key, uint64(c))
	}
	return j.key
}

// Paths returns the aggregated paths as if the stream ended now: the
// journeys ended by a purchase, and each open journey as unconverted
// (Nulls 1). Each journey counts once, so the sum of Conversions and Nulls
// over the paths is the number of journeys. The paths are ordered by their
// channels (compared name by name), so the same interactions give the same
// slice whatever the interleaving of customers; their touches carry no
// time. The builder is left as it was, and more interactions may follow.
func (j *Journeys) Paths() []attribution.Path {
	nulls := make(map[string]int64)
	unconverted := make(map[string][]int32) // open paths no purchase ended
	for _, touches := range j.open {
		if len(touches) == 0 {
			continue
		}
		key := string(j.keyOf(touches))
		nulls[key]++
		if _, ok := j.agg[key]; !ok {
			unconverted[key] = touches
		}
	}
	out := make([]attribution.Path, 0, len(j.agg)+len(unconverted))
	for key, p := range j.agg {
		out = append(out, j.attributionPath(p.touches, p.conversions, p.value, nulls[key]))
	}
	for key, touches := range unconverted {
		out = append(out, j.attributionPath(touches, 0, decimal.Decimal{}, nulls[key]))
	}
	slices.SortFunc(out, func(a, b attribution.Path) int {
		return slices.CompareFunc(a.Touches, b.Touches, func(x, y attribution.Touch) int {
			return strings.Compare(x.Channel, y.Channel)
		})
	})
	return out
}

// attributionPath builds the path of these touches with its outcomes.
func (j *Journeys) attributionPath(touches []int32, conversions int64, value decimal.Decimal, nulls int64) attribution.Path {
	p := attribution.Path{
		Touches:     make([]attribution.Touch, len(touches)),
		Conversions: conversions,
		Value:       value,
		Nulls:       nulls,
	}
	for i, c := range touches {
		p.Touches[i] = attribution.Touch{Channel: j.channels[c]}
	}
	return p
}
