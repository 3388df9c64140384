package touchpoints_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/touchpoints"
	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// journeyTouchpoints are the touch points of the journey tests: six, on
// four channels, two of them shared.
var journeyTouchpoints = []touchpoints.Touchpoint{
	{ID: "news", Channel: "email", Phase: touchpoints.Awareness},
	{ID: "promo", Channel: "email", Phase: touchpoints.Attraction},
	{ID: "shop", Channel: "store", Phase: touchpoints.Purchase},
	{ID: "web", Channel: "site", Phase: touchpoints.Purchase},
	{ID: "blog", Channel: "site", Phase: touchpoints.Discovery},
	{ID: "ads", Channel: "search", Phase: touchpoints.Awareness},
}

// journeyChannel maps the test touch points to their channels.
func journeyChannel(id string) (string, bool) {
	for _, tp := range journeyTouchpoints {
		if tp.ID == id {
			return tp.Channel, true
		}
	}
	return "", false
}

// journeyHistories draws each customer's interactions in time order: visits
// and purchases at the test touch points, at unknown ones and at none.
func journeyHistories(t *rapid.T) [][]engagement.Interaction {
	ids := []string{"news", "promo", "shop", "web", "blog", "ads", "kiosk", ""}
	n := rapid.IntRange(0, 6).Draw(t, "customers")
	out := make([][]engagement.Interaction, n)
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for c := range out {
		k := rapid.IntRange(0, 30).Draw(t, "interactions")
		for i := range k {
			in := engagement.Interaction{
				ID:         fmt.Sprintf("c%d-%d", c, i),
				Customer:   engagement.CustomerID(fmt.Sprintf("c%d", c)),
				Time:       start.Add(time.Duration(i) * time.Hour),
				Kind:       engagement.Visit,
				Touchpoint: rapid.SampledFrom(ids).Draw(t, "touchpoint"),
			}
			if rapid.IntRange(0, 3).Draw(t, "purchase?") == 0 {
				in.Kind = engagement.Purchase
				in.Amount = decimal.New(rapid.Int64Range(0, 100000).Draw(t, "cents"), -2)
			}
			out[c] = append(out[c], in)
		}
	}
	return out
}

// interleave draws one order of all the interactions that keeps each
// customer's in time order.
func interleave(t *rapid.T, hs [][]engagement.Interaction) []engagement.Interaction {
	next := make([]int, len(hs))
	var out []engagement.Interaction
	for {
		var left []int
		for c, h := range hs {
			if next[c] < len(h) {
				left = append(left, c)
			}
		}
		if len(left) == 0 {
			return out
		}
		c := rapid.SampledFrom(left).Draw(t, "next customer")
		out = append(out, hs[c][next[c]])
		next[c]++
	}
}

// naiveJourneys is the oracle: each customer's interactions at known touch
// points cut at every purchase, the last max touches kept, identical paths
// added up and sorted by channels.
func naiveJourneys(hs [][]engagement.Interaction, max int) []attribution.Path {
	agg := make(map[string]*attribution.Path)
	end := func(chs []string, conv int64, value decimal.Decimal, nulls int64) {
		if len(chs) > max {
			chs = chs[len(chs)-max:]
		}
		key := strings.Join(chs, "\n")
		p := agg[key]
		if p == nil {
			p = &attribution.Path{}
			for _, ch := range chs {
				p.Touches = append(p.Touches, attribution.Touch{Channel: ch})
			}
			agg[key] = p
		}
		p.Conversions += conv
		p.Value = p.Value.Add(value)
		p.Nulls += nulls
	}
	for _, h := range hs {
		var chs []string
		for _, in := range h {
			ch, ok := journeyChannel(in.Touchpoint)
			if !ok || in.Touchpoint == "" {
				continue
			}
			chs = append(chs, ch)
			if in.Kind == engagement.Purchase {
				end(chs, 1, in.Amount, 0)
				chs = nil
			}
		}
		if len(chs) > 0 {
			end(chs, 0, decimal.Decimal{}, 1)
		}
	}
	keys := make([]string, 0, len(agg))
	for k := range agg {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]attribution.Path, 0, len(keys))
	for _, k := range keys {
		out = append(out, *agg[k])
	}
	return out
}

func buildJourneys(t *rapid.T, opts touchpoints.JourneyOptions, ins []engagement.Interaction) *touchpoints.Journeys {
	j, err := touchpoints.NewJourneys(journeyTouchpoints, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range ins {
		_, known := journeyChannel(in.Touchpoint)
		if got := j.Add(in); got != (known && in.Touchpoint != "") {
			t.Fatalf("Add(%+v) = %v", in, got)
		}
	}
	return j
}

// TestJourneysProperties checks Journeys against the naive oracle on any
// interleaving of customers, and the counts the paths must add up to.
func TestJourneysProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		max := rapid.IntRange(0, 5).Draw(t, "max touches")
		opts := touchpoints.JourneyOptions{MaxTouches: max}
		if max == 0 {
			max = touchpoints.DefaultMaxTouches
		}
		hs := journeyHistories(t)
		got := buildJourneys(t, opts, interleave(t, hs)).Paths()
		if diff := cmp.Diff(naiveJourneys(hs, max), got); diff != "" {
			t.Fatalf("paths (-want +got):\n%s", diff)
		}

		var purchases, conversions int64
		var spent, value decimal.Decimal
		for _, h := range hs {
			for _, in := range h {
				if _, ok := journeyChannel(in.Touchpoint); ok && in.Kind == engagement.Purchase && in.Touchpoint != "" {
					purchases++
					spent = spent.Add(in.Amount)
				}
			}
		}
		for _, p := range got {
			conversions += p.Conversions
			value = value.Add(p.Value)
			if len(p.Touches) == 0 || len(p.Touches) > max {
				t.Fatalf("path %v has %d touches, want 1 to %d", p, len(p.Touches), max)
			}
		}
		if conversions != purchases || !value.Equal(spent) {
			t.Fatalf("conversions %d worth %s, want the %d purchases worth %s", conversions, value, purchases, spent)
		}
	})
}

// TestJourneysPathsLeavesBuilder checks that Paths may be called midway:
// it changes nothing, and adding the rest gives the paths of the whole.
func TestJourneysPathsLeavesBuilder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ins := interleave(t, journeyHistories(t))
		cut := rapid.IntRange(0, len(ins)).Draw(t, "cut")
		whole := buildJourneys(t, touchpoints.JourneyOptions{}, ins).Paths()
		j := buildJourneys(t, touchpoints.JourneyOptions{}, ins[:cut])
		first := j.Paths()
		if diff := cmp.Diff(first, j.Paths()); diff != "" {
			t.Fatalf("Paths twice (-first +second):\n%s", diff)
		}
		for _, in := range ins[cut:] {
			j.Add(in)
		}
		if diff := cmp.Diff(whole, j.Paths()); diff != "" {
			t.Fatalf("paths after a midway Paths (-want +got):\n%s", diff)
		}
	})
}

// TestJourneysLongJourney checks that only the latest touches are kept.
func TestJourneysLongJourney(t *testing.T) {
	j, err := touchpoints.NewJourneys(journeyTouchpoints, touchpoints.JourneyOptions{MaxTouches: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range []string{"ads", "blog", "news", "web"} {
		j.Add(engagement.Interaction{Customer: "c", Kind: engagement.Visit, Touchpoint: tp})
	}
	j.Add(engagement.Interaction{Customer: "c", Kind: engagement.Purchase, Touchpoint: "shop", Amount: decimal.New(5, 0)})
	want := []attribution.Path{{
		Touches:     []attribution.Touch{{Channel: "site"}, {Channel: "store"}},
		Conversions: 1,
		Value:       decimal.New(5, 0),
	}}
	if diff := cmp.Diff(want, j.Paths()); diff != "" {
		t.Errorf("paths (-want +got):\n%s", diff)
	}
}

func TestNewJourneysRefuses(t *testing.T) {
	dup := append(slices.Clone(journeyTouchpoints), touchpoints.Touchpoint{ID: "web", Channel: "app", Phase: touchpoints.Purchase})
	var fe *touchpoints.FieldError
	if _, err := touchpoints.NewJourneys(dup, touchpoints.JourneyOptions{}); !errors.Is(err, touchpoints.ErrDuplicate) || !errors.As(err, &fe) || fe.Value != "web" {
		t.Errorf("duplicate id: %v, want ErrDuplicate naming web", err)
	}
	noChannel := []touchpoints.Touchpoint{{ID: "x", Phase: touchpoints.Awareness}}
	if _, err := touchpoints.NewJourneys(noChannel, touchpoints.JourneyOptions{}); !errors.As(err, &fe) || !strings.HasSuffix(fe.Field, "channel") {
		t.Errorf("no channel: %v, want a channel error", err)
	}
	if _, err := touchpoints.NewJourneys(nil, touchpoints.JourneyOptions{MaxTouches: -1}); !errors.As(err, &fe) || fe.Field != "MaxTouches" {
		t.Errorf("MaxTouches -1: %v, want a MaxTouches error", err)
	}
}

// BenchmarkJourneys adds 100,000 interactions of 10,000 customers, one in
// four a purchase, and takes the paths.
func BenchmarkJourneys(b *testing.B) {
	ids := []string{"news", "promo", "shop", "web", "blog", "ads"}
	ins := make([]engagement.Interaction, 100_000)
	for i := range ins {
		ins[i] = engagement.Interaction{
			Customer:   engagement.CustomerID(fmt.Sprintf("c%05d", i*7919%10_000)),
			Kind:       engagement.Visit,
			Touchpoint: ids[i*31%len(ids)],
		}
		if i%4 == 3 {
			ins[i].Kind, ins[i].Amount = engagement.Purchase, decimal.New(int64(i%5000), -2)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		j, err := touchpoints.NewJourneys(journeyTouchpoints, touchpoints.JourneyOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for _, in := range ins {
			j.Add(in)
		}
		if len(j.Paths()) == 0 {
			b.Fatal("no paths")
		}
	}
	b.ReportMetric(float64(len(ins))*float64(b.N)/b.Elapsed().Seconds(), "interactions/s")
}
