package estimate_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/estimate"
	"github.com/engagekit/engage/stages"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func errorsIs(err, target error) bool { return errors.Is(err, target) }

func TestErrors(t *testing.T) {
	hundred := decimal.NewFromInt(100)
	mix := estimate.Mix{ActivelyDisengaged: 24, NotEngaged: 30, Engaged: 27, FullyEngaged: 19}
	figures := func(change func(*estimate.Figures)) estimate.Figures {
		f := estimate.DefaultFigures()
		change(&f)
		return f
	}
	twoEach := []estimate.Sample{
		{Level: stages.Engaged, Revenue: hundred}, {Level: stages.FullyEngaged, Revenue: hundred},
		{Level: stages.NotEngaged, Revenue: hundred}, {Level: stages.ActivelyDisengaged, Revenue: hundred},
	}
	for _, tc := range []struct {
		name    string
		err     error
		field   string
		special error // ErrUncalibrated or ErrTooFewSamples, or nil
	}{
		{"negative baseline", second(estimate.CustomerModel{Baseline: hundred.Neg()}.Revenue(mix)), "Baseline", nil},
		{"empty mix", second(estimate.CustomerModel{Baseline: hundred}.Revenue(estimate.Mix{})), "Mix", nil},
		{"negative count", second(estimate.CustomerModel{Baseline: hundred}.Revenue(mix.With(stages.Engaged, -1))), "Mix.Engaged", nil},
		{"only fully engaged", second(estimate.CustomerModel{Baseline: hundred}.Revenue(estimate.Mix{FullyEngaged: 10})), "Mix", estimate.ErrUncalibrated},
		{"only actively disengaged", second(estimate.CustomerModel{Baseline: hundred}.Revenue(estimate.Mix{ActivelyDisengaged: 10})), "Mix", estimate.ErrUncalibrated},
		{"world class", second(estimate.CustomerModel{Baseline: hundred}.Revenue(estimate.DefaultFigures().WorldClass.Mix())), "Mix", estimate.ErrUncalibrated},
		{"mostly disengaged", second(estimate.CustomerModel{Baseline: hundred}.Revenue(estimate.Mix{ActivelyDisengaged: 70, NotEngaged: 30})), "Mix", estimate.ErrUncalibrated},
		{"bad reference", second(estimate.CustomerModel{Baseline: hundred, CalibrateOn: estimate.Mix{FullyEngaged: 1}}.Revenue(mix)), "CalibrateOn", estimate.ErrUncalibrated},
		{"zero multiplier figure", second(estimate.CustomerModel{Baseline: hundred, Assume: &estimate.PerCustomerAssumption{Multiplier: -1}}.Revenue(mix)), "Assume.Multiplier", nil},
		{"NaN premium", second(estimate.CustomerModel{Baseline: hundred, Figures: figures(func(f *estimate.Figures) { f.FullyEngagedPremium = math.NaN() })}.Revenue(mix)), "Figures.FullyEngagedPremium", nil},
		{"discount above 1", figures(func(f *estimate.Figures) { f.ActivelyDisengagedDiscount = 1.5 }).Validate(), "Figures.ActivelyDisengagedDiscount", nil},
		{"unit figure zero", figures(func(f *estimate.Figures) { f.BothAbove = 0 }).Validate(), "Figures.BothAbove", nil},
		{"reversed range", figures(func(f *estimate.Figures) { f.LoyalRepurchase = estimate.Range{Low: 6, High: 4} }).Validate(), "Figures.LoyalRepurchase", nil},
		{"all offline", figures(func(f *estimate.Figures) { f.Offline = estimate.Range{Low: 0.9, High: 1} }).Validate(), "Figures.Offline", nil},
		{"participation sum", figures(func(f *estimate.Figures) { f.Participation.Readers = 0.8 }).Validate(), "Figures.Participation", nil},
		{"benchmark share", figures(func(f *estimate.Figures) { f.WorldClass.FullyEngaged = 2 }).Validate(), "Figures.WorldClass.FullyEngaged", nil},
		{"move from NoLevel", second(estimate.CustomerModel{Baseline: hundred}.Scenario(mix, estimate.Move{To: stages.Engaged, Count: 1})), "Move[0].From", nil},
		{"move too many", second(estimate.CustomerModel{Baseline: hundred}.Scenario(mix, estimate.Move{From: stages.Engaged, To: stages.FullyEngaged, Count: 28})), "Move[0].Count", nil},
		{"move both", second(estimate.CustomerModel{Baseline: hundred}.Scenario(mix, estimate.Move{From: stages.Engaged, To: stages.FullyEngaged, Count: 1, Fraction: 0.5})), "Move[0]", nil},
		{"move fraction", second(estimate.CustomerModel{Baseline: hundred}.Scenario(mix, estimate.Move{From: stages.Engaged, To: stages.FullyEngaged, Fraction: 1.5})), "Move[0].Fraction", nil},
		{"second move", second(estimate.CustomerModel{Baseline: hundred}.Scenario(mix,
			estimate.Move{From: stages.Engaged, To: stages.FullyEngaged, Fraction: 1},
			estimate.Move{From: stages.Engaged, To: stages.FullyEngaged, Count: 1})), "Move[1].Count", nil},
		{"no units", second(estimate.UnitModel{}.Place(nil)), "units", nil},
		{"NaN score", second(estimate.UnitModel{}.Place([]estimate.Unit{{Employees: math.NaN()}})), "units[0].Employees", nil},
		{"negative unit revenue", second(estimate.UnitModel{}.Change(hundred.Neg(), estimate.Quadrant{}, estimate.Quadrant{})), "revenue", nil},
		{"no such unit", second(estimate.UnitModel{}.EngageEmployees(estimate.Portfolio{}, 0)), "unit", nil},
		{"one engaged", second(estimate.ObserveMultiplier(twoEach[1:], estimate.ObserveOptions{})), "samples", estimate.ErrTooFewSamples},
		{"no samples", second(estimate.ObserveMultiplier(nil, estimate.ObserveOptions{})), "samples", estimate.ErrTooFewSamples},
		{"sample level", second(estimate.ObserveMultiplier(append(slices.Clone(twoEach), estimate.Sample{}), estimate.ObserveOptions{})), "samples[4].Level", nil},
		{"sample revenue", second(estimate.ObserveMultiplier(append(slices.Clone(twoEach), estimate.Sample{Level: stages.Engaged, Revenue: hundred.Neg()}), estimate.ObserveOptions{})), "samples[4].Revenue", nil},
		{"others earn nothing", second(estimate.ObserveMultiplier([]estimate.Sample{
			{Level: stages.Engaged, Revenue: hundred}, {Level: stages.Engaged, Revenue: hundred},
			{Level: stages.NotEngaged}, {Level: stages.NotEngaged}}, estimate.ObserveOptions{})), "samples", nil},
		{"resamples", second(estimate.ObserveMultiplier(twoEach, estimate.ObserveOptions{Resamples: -1})), "ObserveOptions.Resamples", nil},
		{"confidence", second(estimate.ObserveMultiplier(twoEach, estimate.ObserveOptions{Confidence: 1})), "ObserveOptions.Confidence", nil},
		{"negative population", second(estimate.DefaultParticipation().Size(-1)), "population", nil},
		{"negative target", second(estimate.DefaultParticipation().PopulationFor(-1, estimate.Creators)), "target", nil},
		{"unknown group", second(estimate.DefaultParticipation().PopulationFor(1, 0)), "group", nil},
		{"empty group", second(estimate.Participation{Readers: 1}.PopulationFor(1, estimate.Creators)), "group", nil},
		{"overflow", second(estimate.Participation{Readers: 0.99999, Creators: 0.00001}.PopulationFor(math.MaxInt, estimate.Creators)), "target", nil},
		{"bad share", estimate.Participation{Readers: -0.1, Contributors: 1.1}.Validate(), "Participation.Readers", nil},
		{"negative online", second(estimate.Figures{}.Conversations(-1)), "online", nil},
		{"satisfied rate", second(estimate.Figures{}.LoyalRepurchaseRate(2)), "satisfied", nil},
		{"empty base", second(estimate.Base{}.Baseline()), "Base.Mix", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(tc.err, estimate.ErrInvalid) {
				t.Errorf("%v does not match ErrInvalid", tc.err)
			}
			if tc.special != nil && !errors.Is(tc.err, tc.special) {
				t.Errorf("%v does not match %v", tc.err, tc.special)
			}
			for _, other := range []error{estimate.ErrUncalibrated, estimate.ErrTooFewSamples} {
				if other != tc.special && errors.Is(tc.err, other) {
					t.Errorf("%v matches %v", tc.err, other)
				}
			}
			var ie *estimate.InvalidError
			if !errors.As(tc.err, &ie) {
				t.Fatalf("%v is not an *InvalidError", tc.err)
			}
			if ie.Field != tc.field {
				t.Errorf("field %q, want %q", ie.Field, tc.field)
			}
			if !strings.HasPrefix(tc.err.Error(), "estimate: ") {
				t.Errorf("message %q lacks the package prefix", tc.err)
			}
		})
	}
}

func second[T any](_ T, err error) error { return err }

// TestNoPanics feeds arbitrary values, NaNs and infinities included, to
// every estimate: each returns a result or an error matching ErrInvalid,
// and never panics.
func TestNoPanics(t *testing.T) {
	anyFloat := rapid.OneOf(rapid.Float64(), rapid.SampledFrom([]float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, 1, -1, 1e308}))
	check := func(t *rapid.T, what string, err error) {
		if err != nil && !errors.Is(err, estimate.ErrInvalid) {
			t.Fatalf("%s: %v does not match ErrInvalid", what, err)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		f := estimate.DefaultFigures()
		switch rapid.IntRange(0, 6).Draw(t, "figure") {
		case 0:
			f.FullyEngagedPremium = anyFloat.Draw(t, "premium")
		case 1:
			f.ActivelyDisengagedDiscount = anyFloat.Draw(t, "discount")
		case 2:
			f.CustomersAbove = anyFloat.Draw(t, "customers_above")
		case 3:
			f.Offline = estimate.Range{Low: anyFloat.Draw(t, "offline_low"), High: anyFloat.Draw(t, "offline_high")}
		case 4:
			f.Participation = estimate.Participation{Readers: anyFloat.Draw(t, "readers"), Contributors: anyFloat.Draw(t, "contributors"), Creators: anyFloat.Draw(t, "creators")}
		case 5:
			f.LoyalRepurchase = estimate.Range{Low: anyFloat.Draw(t, "loyal_low"), High: anyFloat.Draw(t, "loyal_high")}
		}
		mix := estimate.Mix{
			ActivelyDisengaged: rapid.Int().Draw(t, "actively_disengaged"),
			NotEngaged:         rapid.Int().Draw(t, "not_engaged"),
			Engaged:            rapid.Int().Draw(t, "engaged"),
			FullyEngaged:       rapid.Int().Draw(t, "fully_engaged"),
		}
		m := estimate.CustomerModel{Figures: f, Baseline: decimal.New(rapid.Int64().Draw(t, "baseline"), int32(rapid.IntRange(-10, 10).Draw(t, "exponent")))}
		if rapid.Bool().Draw(t, "assume") {
			m.Assume = &estimate.PerCustomerAssumption{Multiplier: anyFloat.Draw(t, "multiplier")}
		}
		_, err := m.Revenue(mix)
		check(t, "Revenue", err)
		_, err = m.Scenario(mix, estimate.Move{
			From:     stages.Level(rapid.Uint8().Draw(t, "from")),
			To:       stages.Level(rapid.Uint8().Draw(t, "to")),
			Count:    rapid.Int().Draw(t, "count"),
			Fraction: anyFloat.Draw(t, "fraction"),
		})
		check(t, "Scenario", err)
		_, err = estimate.UnitModel{Figures: f}.Place([]estimate.Unit{{Employees: anyFloat.Draw(t, "employees"), Customers: anyFloat.Draw(t, "customers")}})
		check(t, "Place", err)
		_, err = f.Participation.PopulationFor(rapid.Int().Draw(t, "target"), estimate.Group(rapid.Uint8().Draw(t, "group")))
		check(t, "PopulationFor", err)
		_, err = f.Participation.Size(rapid.Int().Draw(t, "population"))
		check(t, "Size", err)
		_, err = f.Conversations(rapid.Int().Draw(t, "online"))
		check(t, "Conversations", err)
		_, err = f.LoyalRepurchaseRate(anyFloat.Draw(t, "satisfied"))
		check(t, "LoyalRepurchaseRate", err)
		_, err = estimate.ObserveMultiplier([]estimate.Sample{{Level: stages.Level(rapid.Uint8().Draw(t, "level"))}},
			estimate.ObserveOptions{Resamples: rapid.Int().Draw(t, "resamples"), Confidence: anyFloat.Draw(t, "confidence")})
		check(t, "ObserveMultiplier", err)
	})
}

func TestDefaults(t *testing.T) {
	f := estimate.DefaultFigures()
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := (estimate.Figures{}).Validate(); err != nil {
		t.Fatal(err)
	}
	got := []float64{f.EmployeesAbove, f.CustomersAbove, f.BothAbove, f.FullyEngagedPremium, f.ActivelyDisengagedDiscount,
		f.LoyalRepurchase.Low, f.LoyalRepurchase.High, f.B2BOptimallyEngaged, f.AverageOrganisation.Ratio,
		f.AverageOrganisation.FullyEngaged, f.AverageOrganisation.ActivelyDisengaged, f.WorldClass.Ratio,
		f.WorldClass.FullyEngaged, f.WorldClass.ActivelyDisengaged, f.Offline.Low, f.Offline.High,
		f.Participation.Readers, f.Participation.Contributors, f.Participation.Creators}
	want := []float64{1.7, 1.7, 3.4, 0.23, 0.13, 4, 6, 1.0 / 7, 0.8, 0.19, 0.24, 8, 0.48, 0.06, 0.8, 0.9, 0.9, 0.09, 0.01}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("published figures (-want +got):\n%s", diff)
	}
	// Changing a returned Figures changes no later one.
	f.FullyEngagedPremium = 0.5
	if estimate.DefaultFigures().FullyEngagedPremium != 0.23 {
		t.Error("DefaultFigures shares state")
	}
	// The zero Figures in a model means the defaults.
	mix := estimate.Mix{ActivelyDisengaged: 24, NotEngaged: 30, Engaged: 27, FullyEngaged: 19}
	r1, err1 := estimate.CustomerModel{Baseline: decimal.NewFromInt(50)}.Revenue(mix)
	r2, err2 := estimate.CustomerModel{Baseline: decimal.NewFromInt(50), Figures: estimate.DefaultFigures()}.Revenue(mix)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if diff := cmp.Diff(r2, r1); diff != "" {
		t.Errorf("zero Figures against DefaultFigures (-want +got):\n%s", diff)
	}
	if got := f.AverageOrganisation.Mix(); got != (estimate.Mix{ActivelyDisengaged: 2400, NotEngaged: 5700, FullyEngaged: 1900}) {
		t.Errorf("average organisation mix %v", got)
	}
	if r, ok := f.WorldClass.Mix().Ratio(); !ok || r != 8 {
		t.Errorf("world-class ratio %v, %v", r, ok)
	}
}

// TestObserveRecovers: engaged customers who spend exactly twice what the
// others spend give a ratio of exactly 2, inside its interval; identical
// revenues give a point interval.
func TestObserveRecovers(t *testing.T) {
	var ss []estimate.Sample
	for i := range 200 {
		v := int64(5000 + (i*7919)%4000)
		ss = append(ss, estimate.Sample{Level: stages.NotEngaged, Revenue: decimal.New(v, -2)},
			estimate.Sample{Level: stages.FullyEngaged, Revenue: decimal.New(2*v, -2)})
	}
	o, err := estimate.ObserveMultiplier(ss, estimate.ObserveOptions{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if o.Ratio != 2 || !o.Range().Contains(2) || o.Engaged != 200 || o.Others != 200 || o.Resamples != 1000 || o.Confidence != 0.95 {
		t.Errorf("got %+v", o)
	}
	if o.High-o.Low > 0.2 {
		t.Errorf("interval %v wide for 400 samples", o.Range())
	}
	// A custom grouping: only the fully engaged count as engaged.
	o, err = estimate.ObserveMultiplier(ss, estimate.ObserveOptions{Engaged: func(l stages.Level) bool { return l == stages.FullyEngaged }})
	if err != nil || o.Ratio != 2 {
		t.Errorf("custom grouping: %+v, %v", o, err)
	}
	flat := []estimate.Sample{
		{Level: stages.Engaged, Revenue: decimal.NewFromInt(30)}, {Level: stages.Engaged, Revenue: decimal.NewFromInt(30)},
		{Level: stages.NotEngaged, Revenue: decimal.NewFromInt(20)}, {Level: stages.ActivelyDisengaged, Revenue: decimal.NewFromInt(20)},
	}
	o, err = estimate.ObserveMultiplier(flat, estimate.ObserveOptions{})
	if err != nil || o.Ratio != 1.5 || o.Low != 1.5 || o.High != 1.5 {
		t.Errorf("flat: %+v, %v", o, err)
	}
	// Others who can resample to nothing give an unbounded interval.
	zeros := []estimate.Sample{
		{Level: stages.Engaged, Revenue: decimal.NewFromInt(30)}, {Level: stages.Engaged, Revenue: decimal.NewFromInt(30)},
		{Level: stages.NotEngaged, Revenue: decimal.NewFromInt(20)}, {Level: stages.NotEngaged},
	}
	o, err = estimate.ObserveMultiplier(zeros, estimate.ObserveOptions{Seed: 3})
	if err != nil || o.Ratio != 3 || !math.IsInf(o.High, 1) {
		t.Errorf("zeros: %+v, %v", o, err)
	}
}

// TestProfiles builds a base from profiles: SamplesOf and BaseOf skip the
// profiles without a level and agree on the rest.
func TestProfiles(t *testing.T) {
	asOf := time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	spend := map[engagement.CustomerID][]string{
		"ann": {"20.00", "35.50", "12.25"}, "bob": {"9.99"}, "cy": {"100.00", "80.00"}, "dee": {},
	}
	var profiles []*engagement.Profile
	for _, id := range []engagement.CustomerID{"ann", "bob", "cy", "dee"} {
		p, err := engagement.NewProfile(id, asOf, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range spend[id] {
			in := engagement.Interaction{ID: string(id) + string(rune('a'+i)), Customer: id,
				Time: asOf.AddDate(0, -i-1, 0), Kind: engagement.Purchase, Amount: decimal.RequireFromString(a)}
			if err := p.Add(in); err != nil {
				t.Fatal(err)
			}
		}
		profiles = append(profiles, p)
	}
	profiles = append(profiles, nil)
	level := func(p *engagement.Profile) stages.Level { // a toy rule: purchases give the level
		return stages.Level(min(p.Purchases(), 4))
	}
	ss := estimate.SamplesOf(slices.Values(profiles), level)
	want := []estimate.Sample{
		{Level: stages.Engaged, Revenue: decimal.RequireFromString("67.75")},
		{Level: stages.ActivelyDisengaged, Revenue: decimal.RequireFromString("9.99")},
		{Level: stages.NotEngaged, Revenue: decimal.RequireFromString("180")},
	}
	if diff := cmp.Diff(want, ss); diff != "" {
		t.Errorf("samples (-want +got):\n%s", diff)
	}
	b := estimate.BaseOf(slices.Values(profiles), level)
	if b.Mix != (estimate.Mix{ActivelyDisengaged: 1, NotEngaged: 1, Engaged: 1}) || !b.Revenue.Equal(decimal.RequireFromString("257.74")) {
		t.Errorf("base %+v", b)
	}
	base, err := b.Baseline()
	if err != nil || !base.Equal(decimal.RequireFromString("85.91333333")) {
		t.Errorf("baseline %s, %v", base, err)
	}
	if estimate.SamplesOf(nil, level) != nil || estimate.SamplesOf(slices.Values(profiles), nil) != nil {
		t.Error("nil inputs give samples")
	}
	if got := estimate.MixOf(slices.Values([]stages.Level{0, 1, 4, 4, 9})); got != (estimate.Mix{ActivelyDisengaged: 1, FullyEngaged: 2}) {
		t.Errorf("MixOf = %v", got)
	}
}

// TestBaseFromAgreesWithBaseOf: counting the samples SamplesOf gives is
// the same as BaseOf over the profiles.
func TestBaseFromAgreesWithBaseOf(t *testing.T) {
	asOf := time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	var profiles []*engagement.Profile
	for i, id := range []engagement.CustomerID{"ann", "bob", "cy", "dee", "eve"} {
		p, err := engagement.NewProfile(id, asOf, nil)
		if err != nil {
			t.Fatal(err)
		}
		for j := range i {
			in := engagement.Interaction{ID: string(id) + string(rune('a'+j)), Customer: id,
				Time: asOf.AddDate(0, 0, -j-1), Kind: engagement.Purchase, Amount: decimal.New(int64(100*i+j), -2)}
			if err := p.Add(in); err != nil {
				t.Fatal(err)
			}
		}
		profiles = append(profiles, p)
	}
	level := func(p *engagement.Profile) stages.Level { return stages.Level(min(p.Purchases(), 4)) }
	got := estimate.BaseFrom(slices.Values(estimate.SamplesOf(slices.Values(profiles), level)))
	want := estimate.BaseOf(slices.Values(profiles), level)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-BaseOf +BaseFrom):\n%s", diff)
	}
	if b := estimate.BaseFrom(nil); b.Mix.Total() != 0 || !b.Revenue.IsZero() {
		t.Errorf("BaseFrom(nil) = %+v", b)
	}
}
