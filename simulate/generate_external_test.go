package simulate_test

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/simulate"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

const day = 24 * time.Hour

// configGen draws small configurations: any seed, a few hundred customers
// (a few dozen with purchase rates up to the maximum), a record of 180
// days to three years ending on any second of 1990-2040, any stage mix and
// level shares.
func configGen() *rapid.Generator[simulate.Config] {
	return rapid.Custom(func(t *rapid.T) simulate.Config {
		end := time.Unix(rapid.Int64Range(631152000, 2208988800).Draw(t, "end"), 0).UTC()
		span := time.Duration(rapid.IntRange(180, 3*365).Draw(t, "spanDays")) * day
		share := func(label string) float64 { return float64(rapid.IntRange(0, 10).Draw(t, label)) / 10 }
		cfg := simulate.Config{
			Seed:      rapid.Uint64().Draw(t, "seed"),
			Customers: rapid.IntRange(1, 300).Draw(t, "customers"),
			End:       end,
			Start:     end.Add(-span),
			Mix: simulate.Mix{
				Prospect:      share("prospect"),
				Transactional: share("transactional"),
				Returning:     share("returning"),
				Advocate:      share("advocate"),
				Former:        share("former"),
			},
			TransactionalDisengaged: share("transactionalDisengaged"),
			FormerDisengaged:        share("formerDisengaged"),
			Mentions:                simulate.MentionConfig{PerMonth: rapid.IntRange(-1, 100).Draw(t, "mentionsPerMonth")},
		}
		if rapid.Bool().Draw(t, "highRates") {
			cfg.PurchaseRates = simulate.PurchaseRates{
				Transactional: rapid.Float64Range(0.01, 1000).Draw(t, "transactionalRate"),
				Returning:     rapid.Float64Range(0.01, 1000).Draw(t, "returningRate"),
				Advocate:      rapid.Float64Range(0.01, 1000).Draw(t, "advocateRate"),
				Former:        rapid.Float64Range(0.01, 1000).Draw(t, "formerRate"),
			}
			cfg.Customers = min(cfg.Customers, 20)
		}
		if rapid.Bool().Draw(t, "noSpread") {
			cfg.SpendSpread = -1
		}
		return cfg
	})
}

// writeAll writes every part of a base as the files an example would ship.
func writeAll(t interface{ Fatal(...any) }, b *simulate.Base) []byte {
	var buf bytes.Buffer
	if err := engagement.WriteCustomersCSV(&buf, slices.Values(b.Customers)); err != nil {
		t.Fatal(err)
	}
	if err := engagement.WriteInteractionsCSV(&buf, slices.Values(b.Interactions)); err != nil {
		t.Fatal(err)
	}
	if err := simulate.WriteMentionsJSONL(&buf, slices.Values(b.Mentions)); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteTruthCSV(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGenerateIsDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := configGen().Draw(t, "cfg")
		a, err := simulate.Generate(cfg)
		if err != nil {
			t.Fatal(err)
		}
		b, err := simulate.Generate(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(writeAll(t, a), writeAll(t, b)) {
			t.Fatal("two runs of one config wrote different bytes")
		}
	})
}

func TestGenerateDiffersBySeed(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := configGen().Draw(t, "cfg")
		cfg.Customers = rapid.IntRange(20, 300).Draw(t, "customers")
		a, err := simulate.Generate(cfg)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Seed ^= rapid.Uint64Range(1, math.MaxUint64).Draw(t, "flip")
		b, err := simulate.Generate(cfg)
		if err != nil {
			t.Fatal(err)
		}
		var wa, wb bytes.Buffer
		engagement.WriteInteractionsCSV(&wa, slices.Values(a.Interactions))
		engagement.WriteInteractionsCSV(&wb, slices.Values(b.Interactions))
		if bytes.Equal(wa.Bytes(), wb.Bytes()) {
			t.Fatal("two seeds gave the same interactions")
		}
	})
}

// TestGenerateIsWellFormed checks what every consumer relies on: valid
// customers and interactions with unique IDs, in order, within the record,
// at the configured touch points, folding without error.
func TestGenerateIsWellFormed(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := configGen().Draw(t, "cfg")
		b, err := simulate.Generate(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Customers) != cfg.Customers || len(b.Truth) != cfg.Customers {
			t.Fatalf("got %d customers and %d truths, want %d", len(b.Customers), len(b.Truth), cfg.Customers)
		}
		known := make(map[engagement.CustomerID]bool)
		for i, c := range b.Customers {
			if err := c.Validate(); err != nil {
				t.Fatalf("customer %d: %v", i, err)
			}
			if i > 0 && c.ID <= b.Customers[i-1].ID {
				t.Fatalf("customers out of order: %s after %s", c.ID, b.Customers[i-1].ID)
			}
			known[c.ID] = true
			tr := b.Truth[c.ID]
			if !tr.Stage.Valid() || (tr.Level == stages.NoLevel) != (tr.Stage == stages.Prospect) {
				t.Fatalf("customer %s: truth %+v", c.ID, tr)
			}
		}
		serves := make(map[string]map[engagement.Kind]float64)
		for _, tp := range b.Touchpoints {
			serves[tp.ID] = tp.Kinds
		}
		ids := make(map[string]bool, len(b.Interactions))
		for i, in := range b.Interactions {
			if err := in.Validate(); err != nil {
				t.Fatalf("interaction %d: %v", i, err)
			}
			if ids[in.ID] {
				t.Fatalf("interaction id %s appears twice", in.ID)
			}
			ids[in.ID] = true
			if i > 0 {
				prev := b.Interactions[i-1]
				if cmp.Or(prev.Time.Compare(in.Time), strings.Compare(prev.ID, in.ID)) >= 0 {
					t.Fatalf("interactions %s and %s out of order", prev.ID, in.ID)
				}
			}
			if !known[in.Customer] {
				t.Fatalf("interaction %s of unknown customer %s", in.ID, in.Customer)
			}
			if in.Time.After(b.AsOf) {
				t.Fatalf("interaction %s at %s is after %s", in.ID, in.Time, b.AsOf)
			}
			if b.Truth[in.Customer].Stage != stages.Former && in.Time.Before(b.Start) {
				t.Fatalf("interaction %s at %s is before %s", in.ID, in.Time, b.Start)
			}
			if in.Touchpoint != "" && !(serves[in.Touchpoint][in.Kind] > 0) {
				t.Fatalf("interaction %s: %s does not serve %s", in.ID, in.Touchpoint, in.Kind)
			}
			if (in.Kind == engagement.Purchase || in.Kind == engagement.Return) != in.Amount.IsPositive() {
				t.Fatalf("interaction %s: %s of %s", in.ID, in.Kind, in.Amount)
			}
		}
		ps, err := engagement.Fold(context.Background(), slices.Values(b.Interactions), b.AsOf)
		if err != nil {
			t.Fatal(err)
		}
		if ps.Skipped() != 0 {
			t.Fatalf("fold skipped %d interactions", ps.Skipped())
		}
		for i, m := range b.Mentions {
			if err := m.Validate(); err != nil {
				t.Fatalf("mention %d: %v", i, err)
			}
			if i > 0 && cmp.Or(b.Mentions[i-1].Time.Compare(m.Time), strings.Compare(b.Mentions[i-1].ID, m.ID)) >= 0 {
				t.Fatalf("mentions %s and %s out of order", b.Mentions[i-1].ID, m.ID)
			}
			if m.Time.Before(b.Start) || m.Time.After(b.AsOf) {
				t.Fatalf("mention %s at %s is outside the record", m.ID, m.Time)
			}
			if m.Customer != "" && !known[m.Customer] {
				t.Fatalf("mention %s by unknown customer %s", m.ID, m.Customer)
			}
		}
	})
}

// TestSpendIsExactWithoutSpread: with no spread of baskets between
// customers (SpendSpread) or between purchases (BasketShape), every
// purchase, net of what came back, is the customer's mean basket to the
// cent (at least a cent), whatever the mix of purchases and returns; and
// the mean basket is the same for every customer of a stage and level, in
// proportion to the level's multiplier within a stage.
func TestSpendIsExactWithoutSpread(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := configGen().Draw(t, "cfg")
		cfg.SpendSpread = -1
		cfg.BasketShape = -1
		cfg.BaselineSpend = decimal.New(rapid.Int64Range(100, 1_000_000).Draw(t, "baselineCents"), -2)
		b, err := simulate.Generate(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ps, err := engagement.Fold(context.Background(), slices.Values(b.Interactions), b.AsOf)
		if err != nil {
			t.Fatal(err)
		}
		perUnit := make(map[stages.Stage]float64) // mean basket over multiplier, by stage
		for _, c := range b.Customers {
			tr := b.Truth[c.ID]
			got, buys := decimal.Zero, 0
			if p, ok := ps.Get(c.ID); ok {
				got, buys = p.Monetary(), p.Purchases()
			}
			if tr.Level == stages.NoLevel {
				if tr.Basket != 0 || !got.IsZero() {
					t.Fatalf("prospect %s: basket %v, spent %s", c.ID, tr.Basket, got)
				}
				continue
			}
			if !(tr.Basket > 0) {
				t.Fatalf("customer %s (%s): basket %v", c.ID, tr.Stage, tr.Basket)
			}
			u := tr.Basket / tr.Multiplier
			if v, ok := perUnit[tr.Stage]; ok && math.Abs(u/v-1) > 1e-12 {
				t.Fatalf("customer %s (%s, %s): basket %v is %v per unit of multiplier, others of the stage %v",
					c.ID, tr.Stage, tr.Level, tr.Basket, u, v)
			}
			perUnit[tr.Stage] = u
			cents := max(int64(math.Round(tr.Basket*100)), 1)
			if want := decimal.New(cents*int64(buys), -2); !got.Equal(want) {
				t.Fatalf("customer %s (%s): spent %s on %d purchases, want %s", c.ID, tr.Level, got, buys, want)
			}
		}
	})
}

// classify places a simulated customer with the stages package's default
// rules; a customer with no interactions at all is a prospect.
func classify(p *engagement.Profile) stages.Stage {
	if p == nil {
		return stages.Prospect
	}
	return stages.Classify(p, stages.Unclassified).Stage
}

// TestStageMix checks that the intended stages come in the configured
// counts, and that the behaviour shows them: the stage rules agree with
// the intention for most customers, and the classified mix is close to
// the configured one.
func TestStageMix(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		cfg := simulate.Config{Seed: seed}
		b, err := simulate.Generate(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ps, err := engagement.Fold(context.Background(), slices.Values(b.Interactions), b.AsOf)
		if err != nil {
			t.Fatal(err)
		}
		var intended, classified, agree [stages.NumStages + 1]int
		for _, c := range b.Customers {
			want := b.Truth[c.ID].Stage
			p, _ := ps.Get(c.ID)
			got := classify(p)
			intended[want]++
			classified[got]++
			if got == want {
				agree[want]++
			}
		}
		n := float64(len(b.Customers))
		for s := stages.Prospect; s <= stages.Former; s++ {
			share := simulate.DefaultMix().Share(s)
			if d := float64(intended[s]) - share*n; math.Abs(d) > 1 {
				t.Errorf("seed %d: %d customers intended %s, want %.0f", seed, intended[s], s, share*n)
			}
			if rate := float64(agree[s]) / float64(intended[s]); rate < 0.88 {
				t.Errorf("seed %d: the rules agree with %.1f%% of intended %s customers, want at least 88%%", seed, 100*rate, s)
			}
			if d := float64(classified[s])/n - share; math.Abs(d) > 0.03 {
				t.Errorf("seed %d: %.1f%% classified %s, configured %.1f%%", seed, 100*float64(classified[s])/n, s, 100*share)
			}
		}
	}
}

// TestSpendingFollowsMultipliers checks, on a large base, that each level's
// mean spend is BaselineSpend × Multiplier and that the engaged customers'
// mean spend over the others' is near the configured ratio.
func TestSpendingFollowsMultipliers(t *testing.T) {
	cfg := simulate.Config{Seed: 7, Customers: 20000,
		Multipliers: map[stages.Level]float64{stages.FullyEngaged: 1.5, stages.ActivelyDisengaged: 0.7}}
	b, err := simulate.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := engagement.Fold(context.Background(), slices.Values(b.Interactions), b.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	var sum [stages.NumLevels + 1]float64
	var count [stages.NumLevels + 1]int
	var engaged, others float64
	var ne, no int
	for _, c := range b.Customers {
		tr := b.Truth[c.ID]
		if tr.Level == stages.NoLevel {
			continue
		}
		p, _ := ps.Get(c.ID)
		v := p.Monetary().InexactFloat64()
		sum[tr.Level] += v
		count[tr.Level]++
		if simulate.EngagedLevel(tr.Level) {
			engaged += v
			ne++
		} else {
			others += v
			no++
		}
	}
	want := map[stages.Level]float64{stages.FullyEngaged: 1.5, stages.Engaged: simulate.DefaultEngagedMultiplier,
		stages.NotEngaged: simulate.DefaultNotEngagedMultiplier, stages.ActivelyDisengaged: 0.7}
	for l := stages.ActivelyDisengaged; l <= stages.FullyEngaged; l++ {
		got := sum[l] / float64(count[l]) / simulate.DefaultBaselineSpend().InexactFloat64()
		if math.Abs(got/want[l]-1) > 0.05 {
			t.Errorf("%s: mean spend is %.3f × baseline over %d customers, want %.3f", l, got, count[l], want[l])
		}
		if got := b.Multipliers[l]; got != want[l] {
			t.Errorf("Base.Multipliers[%s] = %v, want %v", l, got, want[l])
		}
	}
	ratio := (engaged / float64(ne)) / (others / float64(no))
	if exp := b.ExpectedRatio(nil); math.Abs(ratio/exp-1) > 0.04 {
		t.Errorf("engaged customers spend %.3f times the others, want about %.3f", ratio, exp)
	}
}

// TestDefaultMultipliersAverageOne: the default multipliers are relative
// to the average customer, so the default base averages about 1.
func TestDefaultMultipliersAverageOne(t *testing.T) {
	b, err := simulate.Generate(simulate.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	var n int
	for _, c := range b.Customers {
		if tr := b.Truth[c.ID]; tr.Level != stages.NoLevel {
			sum += tr.Multiplier
			n++
		}
	}
	if mean := sum / float64(n); math.Abs(mean-1) > 0.01 {
		t.Errorf("the mean multiplier of the default base is %.4f, want 1 ± 0.01", mean)
	}
}

func TestConsentShare(t *testing.T) {
	b, err := simulate.Generate(simulate.Config{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var given int
	for _, c := range b.Customers {
		if c.Consent.MayContact() {
			given++
		}
	}
	if share := float64(given) / float64(len(b.Customers)); math.Abs(share-simulate.DefaultConsentShare) > 0.03 {
		t.Errorf("consent given by %.1f%%, want about %.0f%%", 100*share, 100*simulate.DefaultConsentShare)
	}
}

func TestConfigErrors(t *testing.T) {
	end := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		field string
		cfg   simulate.Config
	}{
		{"Customers", simulate.Config{Customers: -1}},
		{"Start", simulate.Config{End: end, Start: end.Add(-100 * day)}},
		{"Start", simulate.Config{End: end, Start: end.Add(day)}},
		{"Mix.Returning", simulate.Config{Mix: simulate.Mix{Returning: -1, Advocate: 1}}},
		{"Mix.Returning", simulate.Config{Mix: simulate.Mix{Returning: math.Inf(1)}}},
		{"Mix", simulate.Config{Mix: simulate.Mix{Returning: math.MaxFloat64, Advocate: math.MaxFloat64}}},
		{"TransactionalDisengaged", simulate.Config{TransactionalDisengaged: 1.5}},
		{"BaselineSpend", simulate.Config{BaselineSpend: decimal.NewFromInt(-5)}},
		{"Multipliers[engaged]", simulate.Config{Multipliers: map[stages.Level]float64{stages.Engaged: 0}}},
		{"Multipliers", simulate.Config{Multipliers: map[stages.Level]float64{stages.NoLevel: 1}}},
		{"SpendSpread", simulate.Config{SpendSpread: math.NaN()}},
		{"BasketShape", simulate.Config{BasketShape: math.NaN()}},
		{"BasketShape", simulate.Config{BasketShape: 0.01}},
		{"PurchaseRates.Returning", simulate.Config{PurchaseRates: simulate.PurchaseRates{Returning: -2}}},
		{"Touchpoints[1].ID", simulate.Config{Touchpoints: []simulate.TouchpointSpec{{ID: "web"}, {ID: "web"}}}},
		{"Touchpoints[0].Kinds[visit]", simulate.Config{Touchpoints: []simulate.TouchpointSpec{
			{ID: "web", Kinds: map[engagement.Kind]float64{engagement.Visit: -1}}}}},
		{"Mentions.NeutralShare", simulate.Config{Mentions: simulate.MentionConfig{NegativeShare: 0.6, NeutralShare: 0.6}}},
		{"Mentions.Crisis.Topic", simulate.Config{Mentions: simulate.MentionConfig{Crisis: simulate.Crisis{Topic: "weather"}}}},
		{"Mentions.Crisis.Start", simulate.Config{End: end, Mentions: simulate.MentionConfig{Crisis: simulate.Crisis{Start: end.Add(-day)}}}},
	} {
		_, err := simulate.Generate(tc.cfg)
		var ce *simulate.ConfigError
		if !errors.Is(err, simulate.ErrInvalidConfig) || !errors.As(err, &ce) || ce.Field != tc.field {
			t.Errorf("Generate(%+v) = %v, want a ConfigError on %s", tc.cfg, err, tc.field)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{3000, 30000} {
		b.Run("customers="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			var events int
			for b.Loop() {
				base, err := simulate.Generate(simulate.Config{Customers: n})
				if err != nil {
					b.Fatal(err)
				}
				events = len(base.Interactions)
			}
			b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "interactions/s")
		})
	}
}
