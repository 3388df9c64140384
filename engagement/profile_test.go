package engagement

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// foldOne adds ins to a fresh profile of customer, failing the test on any
// error; interactions of other customers and after the as-of time are left
// out.
func foldOne(t rapid.TB, customer CustomerID, asOf time.Time, ins []Interaction) *Profile {
	p, err := NewProfile(customer, asOf, nil)
	if err != nil {
		t.Fatalf("NewProfile: %v", err)
	}
	for _, in := range ins {
		if in.Customer != customer || in.Time.After(asOf) {
			continue
		}
		if err := p.Add(in); err != nil {
			t.Fatalf("Add(%+v): %v", in, err)
		}
	}
	return p
}

// profileDiff compares two profiles by every figure they report, exactly.
func profileDiff(want, got *Profile) string {
	if d := cmp.Diff(want.Snapshot(), got.Snapshot()); d != "" {
		return d
	}
	return cmp.Diff([]int32(want.days), []int32(got.days), cmpopts.EquateEmpty())
}

func TestProfileSplitMergeEqualsWhole(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ins := genHistory(1, 40).Draw(t, "history")
		whole := foldOne(t, "c0", genAsOf, ins)

		parts := rapid.IntRange(1, 4).Draw(t, "parts")
		split := make([][]Interaction, parts)
		for _, in := range ins {
			k := rapid.IntRange(0, parts-1).Draw(t, "part")
			split[k] = append(split[k], in)
		}
		merged := foldOne(t, "c0", genAsOf, split[0])
		for _, part := range split[1:] {
			if err := merged.Merge(foldOne(t, "c0", genAsOf, part)); err != nil {
				t.Fatalf("Merge: %v", err)
			}
		}
		if d := profileDiff(whole, merged); d != "" {
			t.Fatalf("merged folds differ from the whole fold (-want +got):\n%s", d)
		}
	})
}

func TestProfileOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ins := genHistory(1, 40).Draw(t, "history")
		shuffled := rapid.Permutation(ins).Draw(t, "shuffled")
		if d := profileDiff(foldOne(t, "c0", genAsOf, ins), foldOne(t, "c0", genAsOf, shuffled)); d != "" {
			t.Fatalf("order changed the profile (-want +got):\n%s", d)
		}
	})
}

func TestProfileMonetaryIsExactSum(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ins := genHistory(1, 60).Draw(t, "history")
		want := decimal.Zero
		for _, in := range ins {
			if in.Time.After(genAsOf) {
				continue
			}
			switch in.Kind {
			case Purchase:
				want = want.Add(in.Amount)
			case Return:
				want = want.Sub(in.Amount)
			}
		}
		if got := foldOne(t, "c0", genAsOf, ins).Monetary(); !got.Equal(want) {
			t.Fatalf("Monetary() = %s, want %s", got, want)
		}
	})
}

func TestMoneyMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var m money
		want := decimal.Zero
		for i, n := 0, rapid.IntRange(0, 50).Draw(t, "n"); i < n; i++ {
			d := genAmount().Draw(t, "amount")
			if rapid.Bool().Draw(t, "big_coefficient") {
				d = decimal.New(math.MaxInt64-rapid.Int64Range(0, 10).Draw(t, "below_max"), -4)
			}
			neg := rapid.Bool().Draw(t, "neg")
			m.add(d, neg)
			if neg {
				want = want.Sub(d)
			} else {
				want = want.Add(d)
			}
			if rapid.IntRange(0, 9).Draw(t, "merge") == 0 {
				var o money
				o.add(d, false)
				m.merge(o)
				want = want.Add(d)
			}
		}
		if got := m.total(); !got.Equal(want) {
			t.Fatalf("total = %s, want %s", got, want)
		}
	})
}

func TestFoldEqualsProfilesOneByOne(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ins := genHistory(5, 80).Draw(t, "history")
		workers := rapid.IntRange(1, 4).Draw(t, "workers")
		ps, err := Folder{Workers: workers}.Fold(context.Background(), slices.Values(ins), genAsOf)
		if err != nil {
			t.Fatalf("Fold: %v", err)
		}
		skipped, customers := 0, map[CustomerID]bool{}
		for _, in := range ins {
			if in.Time.After(genAsOf) {
				skipped++
			} else {
				customers[in.Customer] = true
			}
		}
		if ps.Skipped() != skipped || ps.Len() != len(customers) {
			t.Fatalf("Skipped, Len = %d, %d; want %d, %d", ps.Skipped(), ps.Len(), skipped, len(customers))
		}
		var prev CustomerID
		for id, got := range ps.All() {
			if id <= prev && prev != "" {
				t.Fatalf("All out of order: %q after %q", id, prev)
			}
			prev = id
			if d := profileDiff(foldOne(t, id, genAsOf, ins), got); d != "" {
				t.Fatalf("profile of %s (-want +got):\n%s", id, d)
			}
			if p, ok := ps.Get(id); !ok || p != got {
				t.Fatalf("Get(%q) = %p, %v; want %p", id, p, ok, got)
			}
		}
		if _, ok := ps.Get("nobody"); ok {
			t.Fatal("Get of an unknown customer succeeded")
		}
	})
}

func TestFoldReportsFirstInvalidInteraction(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ins := genHistory(5, 200).Draw(t, "history")
		if len(ins) == 0 {
			t.Skip("empty history")
		}
		bad := rapid.SliceOfNDistinct(rapid.IntRange(0, len(ins)-1), 1, 3, rapid.ID).Draw(t, "bad")
		for _, i := range bad {
			ins[i].Amount = decimal.New(-1, 0)
		}
		first := slices.Min(bad)
		workers := rapid.IntRange(1, 4).Draw(t, "workers")
		_, err := Folder{Workers: workers}.Fold(context.Background(), slices.Values(ins), genAsOf)
		var fe *FoldError
		if !errors.As(err, &fe) || !errors.Is(err, ErrInvalid) {
			t.Fatalf("Fold error = %v; want a *FoldError matching ErrInvalid", err)
		}
		if fe.Index != int64(first) || fe.ID != ins[first].ID {
			t.Fatalf("Fold blamed interaction %d (%s); want %d (%s)", fe.Index, fe.ID, first, ins[first].ID)
		}
	})
}

func TestFoldHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ins := []Interaction{{ID: "1", Customer: "c", Time: genEpoch, Kind: Visit}}
	for _, w := range []int{1, 2} {
		if _, err := (Folder{Workers: w}).Fold(ctx, slices.Values(ins), genAsOf); !errors.Is(err, context.Canceled) {
			t.Errorf("workers=%d: Fold on a cancelled context = %v; want context.Canceled", w, err)
		}
	}
}

func TestGoodwillExplanationMatchesProfile(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ins := genHistory(2, 40).Draw(t, "history")
		p := foldOne(t, "c0", genAsOf, ins)
		var rules *GoodwillRules
		x := rules.Explain("c0", slices.Values(ins), genAsOf)
		if x.Balance != p.Goodwill() {
			t.Fatalf("explained balance %v, profile goodwill %v", x.Balance, p.Goodwill())
		}
		sum := 0.0
		for _, s := range x.Steps {
			if s.Remaining <= 0 || s.Remaining > 1 || s.Age < 0 {
				t.Fatalf("step %+v: remaining share or age out of range", s)
			}
			sum += s.Points
		}
		if math.Abs(sum-x.Balance) > 1e-6*float64(len(x.Steps)+1) {
			t.Fatalf("steps sum to %v, balance %v", sum, x.Balance)
		}
	})
}

func TestGoodwillNeverRisesWithoutEvents(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ins := genHistory(1, 40).Draw(t, "history")
		later := genAsOf.Add(time.Duration(rapid.Int64Range(1, int64(3*365*24*time.Hour)).Draw(t, "later")))
		g0 := foldOne(t, "c0", genAsOf, ins).Goodwill()
		var kept []Interaction // the same events: none after genAsOf
		for _, in := range ins {
			if !in.Time.After(genAsOf) {
				kept = append(kept, in)
			}
		}
		g1 := foldOne(t, "c0", later, kept).Goodwill()
		// Each term is rounded to a millionth of a point on its own.
		tol := 1e-6 * float64(len(kept)+1)
		if g0 >= 0 && g1 > g0+tol {
			t.Fatalf("goodwill rose from %v to %v with no new events", g0, g1)
		}
		if math.Abs(g1) > math.Abs(g0)+tol || g0*g1 < -tol*tol {
			t.Fatalf("goodwill went from %v to %v: it must shrink toward zero", g0, g1)
		}
	})
}

func TestGoodwillAbsorbsAnHonestMistake(t *testing.T) {
	asOf := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	var ins []Interaction
	for i := range 4 { // a purchase every fortnight, and a good word
		ins = append(ins, Interaction{ID: string(rune('a' + i)), Customer: "loyal",
			Time: asOf.AddDate(0, 0, -14*(i+1)), Kind: Purchase, Amount: decimal.New(20, 0)})
	}
	ins = append(ins, Interaction{ID: "survey", Customer: "loyal", Time: asOf.AddDate(0, 0, -10), Kind: RatingGiven, Rating: Satisfied(5)})
	ins = append(ins, Interaction{ID: "oops", Customer: "loyal", Time: asOf.AddDate(0, 0, -1), Kind: Complaint})
	if g := foldOne(t, "loyal", asOf, ins).Goodwill(); g <= 0 {
		t.Errorf("a returning customer with one complaint has goodwill %v; want it still positive", g)
	}
	newcomer := []Interaction{ins[0], ins[len(ins)-1]}
	newcomer[0].Customer, newcomer[1].Customer = "new", "new"
	if g := foldOne(t, "new", asOf, newcomer).Goodwill(); g >= 0 {
		t.Errorf("a one-purchase customer with a complaint has goodwill %v; want it negative", g)
	}
}

func TestGoodwillHalvesEveryHalfLife(t *testing.T) {
	asOf := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	rules := &GoodwillRules{HalfLife: 10 * 24 * time.Hour, Effects: map[Kind]float64{"webinar": 8}}
	p, err := NewProfile("c", asOf, rules)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Add(Interaction{ID: "w", Customer: "c", Time: asOf.AddDate(0, 0, -20), Kind: "webinar"}); err != nil {
		t.Fatal(err)
	}
	if got := p.Goodwill(); got != 2 {
		t.Errorf("8 points two half-lives ago = %v; want 2", got)
	}
}

func TestProfileAddRefusesWithoutChange(t *testing.T) {
	asOf := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	p, err := NewProfile("c", asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	ok := Interaction{ID: "1", Customer: "c", Time: asOf.Add(-time.Hour), Kind: Purchase, Amount: decimal.New(5, 0)}
	for _, tc := range []struct {
		name string
		in   Interaction
		want error
	}{
		{"another customer", Interaction{ID: "2", Customer: "d", Time: ok.Time, Kind: Visit}, ErrMismatch},
		{"after as-of", Interaction{ID: "3", Customer: "c", Time: asOf.Add(time.Second), Kind: Visit}, ErrAfterAsOf},
		{"negative amount", Interaction{ID: "4", Customer: "c", Time: ok.Time, Kind: Purchase, Amount: decimal.New(-5, 0)}, ErrInvalid},
		{"rating off scale", Interaction{ID: "5", Customer: "c", Time: ok.Time, Kind: RatingGiven, Rating: Satisfied(6)}, ErrInvalid},
		{"bad kind", Interaction{ID: "6", Customer: "c", Time: ok.Time, Kind: "Not A Kind"}, ErrInvalid},
	} {
		before := p.Snapshot()
		if err := p.Add(tc.in); !errors.Is(err, tc.want) {
			t.Errorf("%s: Add = %v; want %v", tc.name, err, tc.want)
		}
		if d := cmp.Diff(before, p.Snapshot()); d != "" {
			t.Errorf("%s: a refused Add changed the profile (-before +after):\n%s", tc.name, d)
		}
	}
	other, _ := NewProfile("c", asOf.Add(time.Hour), nil)
	if err := p.Merge(other); !errors.Is(err, ErrMismatch) {
		t.Errorf("Merge of a profile as of another time = %v; want ErrMismatch", err)
	}
	if _, err := NewProfile("c", asOf, &GoodwillRules{Effects: map[Kind]float64{Purchase: math.NaN()}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("NewProfile with a NaN effect = %v; want ErrInvalid", err)
	}
}

func TestSatisfactionTrend(t *testing.T) {
	asOf := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	p, _ := NewProfile("c", asOf, nil)
	for i, v := range []int{2, 3, 4} { // one point up every 30 days
		in := Interaction{ID: string(rune('a' + i)), Customer: "c", Time: asOf.AddDate(0, 0, -90+30*i), Kind: RatingGiven, Rating: Satisfied(v)}
		if err := p.Add(in); err != nil {
			t.Fatal(err)
		}
	}
	if got, ok := p.SatisfactionTrend(); !ok || got != 1 {
		t.Errorf("SatisfactionTrend() = %v, %v; want 1, true", got, ok)
	}
	if mean, n := p.Satisfaction(); mean != 3 || n != 3 {
		t.Errorf("Satisfaction() = %v, %d; want 3, 3", mean, n)
	}
}
