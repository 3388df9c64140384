package attribution_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/touchpoints/attribution"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

var day0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

// credits builds Credits from channel, conversions, value triples.
func credits(kv ...string) attribution.Credits {
	c := make(attribution.Credits)
	for i := 0; i < len(kv); i += 3 {
		c[kv[i]] = attribution.Credit{Conversions: decimal.RequireFromString(kv[i+1]), Value: decimal.RequireFromString(kv[i+2])}
	}
	return c
}

func attribute(t *testing.T, m attribution.Model, paths ...attribution.Path) attribution.Credits {
	t.Helper()
	got, err := m.Attribute(paths)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestTimeDecay(t *testing.T) {
	// Touches 14, 7 and 0 days before the last get 1/7, 2/7 and 4/7.
	journey := attribution.Path{
		Touches: []attribution.Touch{
			{Channel: "display", Time: day0},
			{Channel: "email", Time: day0.Add(7 * day)},
			{Channel: "search", Time: day0.Add(14 * day)},
		},
		Conversions: 1,
		Value:       decimal.RequireFromString("70"),
	}
	want := credits("display", "0.1429", "10", "email", "0.2857", "20", "search", "0.5714", "40")
	if diff := cmp.Diff(want, attribute(t, attribution.TimeDecay{}, journey)); diff != "" {
		t.Errorf("TimeDecay (-want +got):\n%s", diff)
	}
	// A path without times, with a gap of a half-life between touches.
	agg := path(7, "7", 0, "display", "email", "search")
	want = credits("display", "1", "1", "email", "2", "2", "search", "4", "4")
	if diff := cmp.Diff(want, attribute(t, attribution.TimeDecay{HalfLife: day, Gap: day}, agg)); diff != "" {
		t.Errorf("TimeDecay with Gap (-want +got):\n%s", diff)
	}
	// Touches at the same time share equally; a touch over a thousand
	// half-lives old gets nothing.
	old := attribution.Path{
		Touches: []attribution.Touch{
			{Channel: "ancient", Time: day0},
			{Channel: "a", Time: day0.Add(2000 * time.Hour)},
			{Channel: "b", Time: day0.Add(2000 * time.Hour)},
		},
		Conversions: 2,
		Value:       decimal.RequireFromString("1"),
	}
	want = credits("ancient", "0", "0", "a", "1", "0.5", "b", "1", "0.5")
	if diff := cmp.Diff(want, attribute(t, attribution.TimeDecay{HalfLife: time.Hour}, old)); diff != "" {
		t.Errorf("TimeDecay, old touch (-want +got):\n%s", diff)
	}
	// Half a half-life: weights 2^-1/2 and 1.
	half := attribution.Path{
		Touches: []attribution.Touch{
			{Channel: "a", Time: day0},
			{Channel: "b", Time: day0.Add(30 * time.Minute)},
		},
		Conversions: 1,
		Value:       decimal.RequireFromString("1"),
	}
	// 1/(1+√2) = 0.41421356..., √2/(1+√2) = 0.58578643...
	want = credits("a", "0.414214", "0.414214", "b", "0.585786", "0.585786")
	if diff := cmp.Diff(want, attribute(t, attribution.TimeDecay{HalfLife: time.Hour, Places: 6}, half)); diff != "" {
		t.Errorf("TimeDecay, half a half-life (-want +got):\n%s", diff)
	}
}

func TestPositionBased(t *testing.T) {
	tests := []struct {
		name  string
		model attribution.PositionBased
		path  attribution.Path
		want  attribution.Credits
	}{
		{"one touch", attribution.PositionBased{}, path(1, "10", 0, "a"), credits("a", "1", "10")},
		{"two touches", attribution.PositionBased{}, path(1, "10", 0, "a", "b"), credits("a", "0.5", "5", "b", "0.5", "5")},
		{"three touches", attribution.PositionBased{}, path(1, "10", 0, "a", "b", "c"), credits("a", "0.4", "4", "b", "0.2", "2", "c", "0.4", "4")},
		{"five touches", attribution.PositionBased{}, path(3, "10", 0, "a", "b", "c", "b", "d"), credits("a", "1.2", "4", "b", "0.4", "1.3333", "c", "0.2", "0.6667", "d", "1.2", "4")},
		{"same channel first and last", attribution.PositionBased{}, path(1, "1", 0, "a", "b", "a"), credits("a", "0.8", "0.8", "b", "0.2", "0.2")},
		{
			"30/60",
			attribution.PositionBased{First: decimal.RequireFromString("0.3"), Last: decimal.RequireFromString("0.6")},
			path(1, "1", 0, "a", "b", "c"),
			credits("a", "0.3", "0.3", "b", "0.1", "0.1", "c", "0.6", "0.6"),
		},
		{
			"30/60, two touches",
			attribution.PositionBased{First: decimal.RequireFromString("0.3"), Last: decimal.RequireFromString("0.6"), Places: 2},
			path(1, "1", 0, "a", "b"),
			credits("a", "0.33", "0.33", "b", "0.67", "0.67"),
		},
		{
			"all to the last touch",
			attribution.PositionBased{Last: decimal.RequireFromString("1")},
			path(1, "1", 0, "a", "b", "c"),
			credits("a", "0", "0", "b", "0", "0", "c", "1", "1"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, attribute(t, tt.model, tt.path)); diff != "" {
				t.Errorf("PositionBased (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRounding checks the rounding rule: credits to Places, values to at
// least as many places as their total has, by largest remainder.
func TestRounding(t *testing.T) {
	paths := []attribution.Path{
		path(1, "0.001", 0, "a", "b", "c"),
		path(2, "1", 0, "c"),
	}
	// Linear, exactly: a and b 1/3 conversion and 1/3000 value; c 7/3 and
	// 1.000333... All three lose a third of a unit, so the one unit short
	// goes to the first channel by name.
	want := credits("a", "0.34", "0.001", "b", "0.33", "0", "c", "2.33", "1")
	if diff := cmp.Diff(want, attribute(t, attribution.Linear{Places: 2}, paths...)); diff != "" {
		t.Errorf("Linear{Places: 2} (-want +got):\n%s", diff)
	}
	want = credits("a", "0.3334", "0.0004", "b", "0.3333", "0.0003", "c", "2.3333", "1.0003")
	if diff := cmp.Diff(want, attribute(t, attribution.Linear{}, paths...)); diff != "" {
		t.Errorf("Linear{} (-want +got):\n%s", diff)
	}
	// Values are rounded to the places of their total, which aggregating
	// paths does not change: 0.003 + 0.287 is 0.29, two places, whether the
	// two paths through b come one by one or aggregated.
	split := []attribution.Path{path(1, "0", 0, "a"), path(1, "0.003", 0, "b"), path(1, "0.287", 0, "b")}
	agg, err := attribution.Aggregate(split)
	if err != nil {
		t.Fatal(err)
	}
	want = credits("a", "1", "0.1", "b", "2", "0.19")
	for _, ps := range [][]attribution.Path{split, agg} {
		if diff := cmp.Diff(want, attribute(t, attribution.Markov{Places: 2}, ps...)); diff != "" {
			t.Errorf("Markov{Places: 2} on %v (-want +got):\n%s", ps, diff)
		}
	}
	// Without conversions every credit is zero.
	want = credits("a", "0", "0")
	for _, m := range models {
		if diff := cmp.Diff(want, attribute(t, m.model, path(0, "0", 4, "a"))); diff != "" {
			t.Errorf("%s without conversions (-want +got):\n%s", m.name, diff)
		}
	}
}

func TestMarkovChannelOffTheChain(t *testing.T) {
	// "b" is only on a path without customers: it is not in the chain.
	a, err := attribution.Markov{}.Analyze([]attribution.Path{path(2, "3", 2, "a"), path(0, "0", 0, "b", "a")})
	if err != nil {
		t.Fatal(err)
	}
	want := attribution.MarkovAnalysis{
		Credits:        credits("a", "2", "3", "b", "0", "0"),
		Conversion:     0.5,
		RemovalEffects: map[string]float64{"a": 1, "b": 0},
		Exact:          true,
	}
	if diff := cmp.Diff(want, a); diff != "" {
		t.Errorf("Analyze (-want +got):\n%s", diff)
	}
}

func TestModelErrors(t *testing.T) {
	ok := []attribution.Path{path(1, "1", 0, "a")}
	tests := []struct {
		name  string
		model attribution.Model
		paths []attribution.Path
		field string
	}{
		{"no touches", attribution.Linear{}, []attribution.Path{path(1, "1", 0, "a"), {Conversions: 1}}, "paths[1].Touches"},
		{"empty channel", attribution.Markov{}, []attribution.Path{path(1, "1", 0, "a", "")}, "paths[0].Touches[1].Channel"},
		{"negative conversions", attribution.EqualDistinct{}, []attribution.Path{path(-1, "0", 0, "a")}, "paths[0].Conversions"},
		{"negative nulls", attribution.FirstTouch{}, []attribution.Path{path(1, "1", -1, "a")}, "paths[0].Nulls"},
		{"negative value", attribution.LastTouch{}, []attribution.Path{path(1, "-1", 0, "a")}, "paths[0].Value"},
		{"value too fine", attribution.Linear{}, []attribution.Path{path(1, "1e-31", 0, "a")}, "paths[0].Value"},
		{"value too large", attribution.Linear{}, []attribution.Path{{Touches: []attribution.Touch{{Channel: "a"}}, Conversions: 1, Value: decimal.New(1, 1_000_000_000)}}, "paths[0].Value"},
		{"value without conversions", attribution.PositionBased{}, []attribution.Path{path(0, "1", 1, "a")}, "paths[0].Value"},
		{"negative places", attribution.Linear{Places: -1}, ok, "Linear.Places"},
		{"too many places", attribution.Markov{Places: 31}, ok, "Markov.Places"},
		{"negative half-life", attribution.TimeDecay{HalfLife: -time.Hour}, ok, "TimeDecay.HalfLife"},
		{"negative gap", attribution.TimeDecay{Gap: -time.Hour}, ok, "TimeDecay.Gap"},
		{"no times", attribution.TimeDecay{}, ok, "paths[0].Touches[0].Time"},
		{"some times", attribution.TimeDecay{Gap: day}, []attribution.Path{{Touches: []attribution.Touch{{Channel: "a", Time: day0}, {Channel: "b"}}, Conversions: 1}}, "paths[0].Touches[1].Time"},
		{"times out of order", attribution.TimeDecay{}, []attribution.Path{{Touches: []attribution.Touch{{Channel: "a", Time: day0}, {Channel: "b", Time: day0.Add(-time.Second)}}, Conversions: 1}}, "paths[0].Touches[1].Time"},
		{"first above 1", attribution.PositionBased{First: decimal.RequireFromString("1.5")}, ok, "PositionBased.First"},
		{"last negative", attribution.PositionBased{Last: decimal.RequireFromString("-0.1")}, ok, "PositionBased.Last"},
		{"first and last above 1", attribution.PositionBased{First: decimal.RequireFromString("0.5"), Last: decimal.RequireFromString("0.6")}, ok, "PositionBased.Last"},
		{"first too fine", attribution.PositionBased{First: decimal.RequireFromString("0.1234567891")}, ok, "PositionBased.First"},
		{"first with a wild exponent", attribution.PositionBased{First: decimal.New(1, -2_000_000_000)}, ok, "PositionBased.First"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.model.Attribute(tt.paths)
			var fe *attribution.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, attribution.ErrInvalid) {
				t.Fatalf("Attribute = %v, %v; want a *FieldError matching ErrInvalid", got, err)
			}
			if fe.Field != tt.field {
				t.Errorf("error %v names field %q, want %q", err, fe.Field, tt.field)
			}
			if !strings.HasPrefix(err.Error(), "attribution: ") || len(err.Error()) > 300 {
				t.Errorf("error message %q", err)
			}
		})
	}
}

func TestAggregateOverflow(t *testing.T) {
	big := path(1<<62, "1", 0, "a")
	_, err := attribution.Aggregate([]attribution.Path{big, big, big})
	var fe *attribution.FieldError
	if !errors.As(err, &fe) || fe.Field != "paths[1].Conversions" {
		t.Errorf("Aggregate error = %v, want one naming paths[1].Conversions", err)
	}
}

// TestLargeCounts checks that counts near the int64 limit neither overflow
// nor lose exactness.
func TestLargeCounts(t *testing.T) {
	const n = 1<<63 - 1
	paths := []attribution.Path{
		{Touches: []attribution.Touch{{Channel: "a"}, {Channel: "b"}}, Conversions: n, Value: decimal.RequireFromString("999999999999999999999999999999.5"), Nulls: n},
		{Touches: []attribution.Touch{{Channel: "b"}}, Conversions: n, Value: decimal.RequireFromString("0.5"), Nulls: n},
		{Touches: []attribution.Touch{{Channel: "a"}}, Conversions: n, Nulls: n},
	}
	for _, m := range models {
		got, err := m.model.Attribute(paths)
		if err != nil {
			t.Errorf("%s: %v", m.name, err)
			continue
		}
		if diff := cmp.Diff(totalOf(paths), got.Total()); diff != "" {
			t.Errorf("%s total (-want +got):\n%s", m.name, diff)
		}
	}
}

// TestMarkovManyChannels checks that a chain of more than ExactChannels
// channels is solved in float64, quickly, with credits that still add up
// exactly and removal effects from 0 to 1.
func TestMarkovManyChannels(t *testing.T) {
	var paths []attribution.Path
	for i := range 400 {
		p := path(int64(i%3), strconv.Itoa(10*(i%3)), int64(1+i%5),
			"c"+strconv.Itoa(i%200), "c"+strconv.Itoa((7*i)%200), "c"+strconv.Itoa((13*i+5)%200))
		paths = append(paths, p)
	}
	a, err := attribution.Markov{}.Analyze(paths)
	if err != nil {
		t.Fatal(err)
	}
	if a.Exact || len(a.Credits) != 200 {
		t.Fatalf("Analyze on 200 channels: Exact %v, %d credits; want float64 and 200", a.Exact, len(a.Credits))
	}
	if diff := cmp.Diff(totalOf(paths), a.Credits.Total()); diff != "" {
		t.Errorf("credits total (-want +got):\n%s", diff)
	}
	for name, re := range a.RemovalEffects {
		if !(re >= 0 && re <= 1) {
			t.Errorf("removal effect of %s = %v", name, re)
		}
	}
}
