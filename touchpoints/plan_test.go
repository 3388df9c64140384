package touchpoints_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/engagekit/engage/touchpoints"
)

// tpCoordinators draws a coordinator for some phases.
func tpCoordinators() *rapid.Generator[map[touchpoints.Phase]touchpoints.Function] {
	return rapid.Custom(func(t *rapid.T) map[touchpoints.Phase]touchpoints.Function {
		m := make(map[touchpoints.Phase]touchpoints.Function)
		for _, ph := range touchpoints.Phases() {
			if rapid.IntRange(0, 2).Draw(t, "coordinated") == 0 {
				m[ph] = rapid.SampledFrom(touchpoints.Functions()).Draw(t, "coordinator")
			}
		}
		return m
	})
}

func TestPlanProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tps := tpTouchpoints(25).Draw(t, "touchpoints")
		coord := tpCoordinators().Draw(t, "coordinators")
		p, err := touchpoints.NewPlan(tps, touchpoints.PlanOptions{Coordinators: coord})
		if err != nil {
			t.Fatal(err)
		}

		// The naive oracle: count everything straight from the touch points.
		owned, unowned := 0, 0
		served := make(map[touchpoints.Phase]int)
		owners := make(map[touchpoints.Phase]map[touchpoints.Function]bool)
		var inHouse, partner, online, offline touchpoints.Split
		var total decimal.Decimal
		var wantUnowned []string
		for _, tp := range tps {
			served[tp.Phase]++
			if tp.Owner == "" {
				unowned++
				wantUnowned = append(wantUnowned, tp.ID)
			} else {
				owned++
				if owners[tp.Phase] == nil {
					owners[tp.Phase] = make(map[touchpoints.Function]bool)
				}
				owners[tp.Phase][tp.Owner] = true
			}
			add := func(s *touchpoints.Split) { s.Count++; s.Cost = s.Cost.Add(tp.Cost) }
			if tp.Partner {
				add(&partner)
			} else {
				add(&inHouse)
			}
			if tp.Online {
				add(&online)
			} else {
				add(&offline)
			}
			total = total.Add(tp.Cost)
		}

		// The matrix adds up: over the functions to the owned touch points,
		// with nobody's column to all of them, row by row to Served.
		sum, nobody := 0, 0
		for _, ph := range touchpoints.Phases() {
			row := p.Coverage(ph, "")
			nobody += row
			for _, f := range p.Functions() {
				n := p.Coverage(ph, f)
				sum += n
				row += n
			}
			if row != p.Served(ph) || row != served[ph] {
				t.Errorf("row %v adds up to %d; Served = %d, touch points at the phase = %d", ph, row, p.Served(ph), served[ph])
			}
			if got, want := len(p.Owners(ph)), len(owners[ph]); got != want {
				t.Errorf("Owners(%v) = %v, want %d functions", ph, p.Owners(ph), want)
			}
		}
		if sum != owned || p.Owned() != owned {
			t.Errorf("matrix sums to %d, Owned() = %d; want %d owned touch points", sum, p.Owned(), owned)
		}
		if nobody != unowned || len(p.Unowned()) != unowned {
			t.Errorf("nobody's column sums to %d, len(Unowned()) = %d; want %d", nobody, len(p.Unowned()), unowned)
		}

		// Gaps are exactly the phases with zero coverage.
		var wantGaps, wantUncoord []touchpoints.Phase
		for _, ph := range touchpoints.Phases() {
			if served[ph] == 0 {
				wantGaps = append(wantGaps, ph)
			}
			if len(owners[ph]) >= 2 && coord[ph] == "" {
				wantUncoord = append(wantUncoord, ph)
			}
		}
		if diff := cmp.Diff(wantGaps, p.Gaps(), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Gaps() mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(wantUncoord, p.Uncoordinated(), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Uncoordinated() mismatch (-want +got):\n%s", diff)
		}

		// The splits add up, in counts and exactly in cost.
		for _, c := range []struct {
			name      string
			got, want touchpoints.Split
		}{
			{"InHouse", p.InHouse(), inHouse}, {"Partner", p.Partner(), partner},
			{"Online", p.Online(), online}, {"Offline", p.Offline(), offline},
		} {
			if diff := cmp.Diff(c.want, c.got); diff != "" {
				t.Errorf("%s() mismatch (-want +got):\n%s", c.name, diff)
			}
		}
		if n := p.InHouse().Count + p.Partner().Count; n != len(tps) {
			t.Errorf("in-house + partner = %d touch points, want %d", n, len(tps))
		}
		if n := p.Online().Count + p.Offline().Count; n != len(tps) {
			t.Errorf("online + offline = %d touch points, want %d", n, len(tps))
		}
		if c := p.InHouse().Cost.Add(p.Partner().Cost); !c.Equal(total) || !p.TotalCost().Equal(total) {
			t.Errorf("in-house + partner cost = %v, TotalCost() = %v, want %v", c, p.TotalCost(), total)
		}
		if c := p.Online().Cost.Add(p.Offline().Cost); !c.Equal(total) {
			t.Errorf("online + offline cost = %v, want %v", c, total)
		}
		if s := p.OfflineShare(); s < 0 || s > 1 {
			t.Errorf("OfflineShare() = %v, want within [0, 1]", s)
		}

		// The findings are exactly the gaps, the uncoordinated phases, the
		// unowned touch points and the offline note, in that order, each
		// explained in a sentence naming what it is about.
		var gaps, uncoord []touchpoints.Phase
		var unownedIDs []string
		offlineNotes := 0
		for i, f := range p.Findings() {
			if f.Text == "" || !strings.HasSuffix(f.Text, ".") {
				t.Errorf("finding %d has no sentence: %q", i, f.Text)
			}
			switch f.Kind {
			case touchpoints.FindingGap:
				gaps = append(gaps, f.Phase)
			case touchpoints.FindingUncoordinated:
				uncoord = append(uncoord, f.Phase)
				if len(f.Functions) < 2 {
					t.Errorf("uncoordinated finding names %v, want two or more functions", f.Functions)
				}
			case touchpoints.FindingUnowned:
				unownedIDs = append(unownedIDs, f.Touchpoint)
				if !strings.Contains(f.Text, f.Touchpoint) {
					t.Errorf("finding %q does not name touch point %q", f.Text, f.Touchpoint)
				}
			case touchpoints.FindingOffline:
				offlineNotes++
			default:
				t.Errorf("finding %d has kind %v", i, f.Kind)
			}
			if f.Phase.Valid() && !strings.Contains(f.Text, f.Phase.String()) {
				t.Errorf("finding %q does not name its phase %v", f.Text, f.Phase)
			}
			if i > 0 && p.Findings()[i-1].Kind > f.Kind {
				t.Errorf("finding %d (%v) listed after a %v", i, f.Kind, p.Findings()[i-1].Kind)
			}
		}
		if diff := cmp.Diff(wantGaps, gaps, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("gap findings mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(wantUncoord, uncoord, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("uncoordinated findings mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(wantUnowned, unownedIDs, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("unowned findings mismatch (-want +got):\n%s", diff)
		}
		wantNotes := 0
		if len(tps) > 0 && p.OfflineShare() < touchpoints.OfflineConversationShareLow {
			wantNotes = 1
		}
		if offlineNotes != wantNotes {
			t.Errorf("%d offline notes with offline share %v, want %d", offlineNotes, p.OfflineShare(), wantNotes)
		}

		// The report writes every finding.
		report := p.String()
		for _, f := range p.Findings() {
			if !strings.Contains(report, f.Text) {
				t.Errorf("report lacks finding %q", f.Text)
			}
		}
	})
}

func TestPlanIsACopy(t *testing.T) {
	tps := []touchpoints.Touchpoint{{ID: "a", Channel: "email", Phase: touchpoints.Use, Owner: touchpoints.Service}}
	coord := map[touchpoints.Phase]touchpoints.Function{touchpoints.Use: touchpoints.Service}
	p, err := touchpoints.NewPlan(tps, touchpoints.PlanOptions{Coordinators: coord})
	if err != nil {
		t.Fatal(err)
	}
	tps[0].Owner = ""
	delete(coord, touchpoints.Use)
	p.Touchpoints()[0].ID = "changed"
	if got := p.Touchpoints()[0]; got.ID != "a" || got.Owner != touchpoints.Service {
		t.Errorf("plan's touch point changed to %+v", got)
	}
	if p.Coordinator(touchpoints.Use) != touchpoints.Service {
		t.Errorf("plan's coordinator changed")
	}
}

func TestNewPlanErrors(t *testing.T) {
	ok := touchpoints.Touchpoint{ID: "a", Channel: "email", Phase: touchpoints.Use}
	tests := []struct {
		name         string
		tps          []touchpoints.Touchpoint
		coord        map[touchpoints.Phase]touchpoints.Function
		field, value string
		duplicate    bool
	}{
		{"bad touch point", []touchpoints.Touchpoint{ok, {ID: "b", Channel: "email"}}, nil, "touchpoints[1].phase", "", false},
		{"duplicate id", []touchpoints.Touchpoint{ok, ok}, nil, "touchpoints[1].id", "a", true},
		{"bad coordinator", nil, map[touchpoints.Phase]touchpoints.Function{touchpoints.Use: "Sales"}, "Coordinators[use]", "Sales", false},
		{"empty coordinator", nil, map[touchpoints.Phase]touchpoints.Function{touchpoints.Use: ""}, "Coordinators[use]", "", false},
		{"coordinator for no phase", nil, map[touchpoints.Phase]touchpoints.Function{0: touchpoints.Sales}, "Coordinators", "0", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := touchpoints.NewPlan(tt.tps, touchpoints.PlanOptions{Coordinators: tt.coord})
			fe := tpFieldError(t, err)
			if fe.Field != tt.field || fe.Value != tt.value {
				t.Errorf("NewPlan() names %s %q, want %s %q", fe.Field, fe.Value, tt.field, tt.value)
			}
			if errors.Is(err, touchpoints.ErrDuplicate) != tt.duplicate {
				t.Errorf("errors.Is(%v, ErrDuplicate) != %v", err, tt.duplicate)
			}
		})
	}
}

func TestPlanEmpty(t *testing.T) {
	p, err := touchpoints.NewPlan(nil, touchpoints.PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(touchpoints.Phases(), p.Gaps()); diff != "" {
		t.Errorf("Gaps() of an empty plan mismatch (-want +got):\n%s", diff)
	}
	for _, f := range p.Findings() {
		if f.Kind != touchpoints.FindingGap {
			t.Errorf("empty plan finds %v", f)
		}
	}
}

func TestPlanCoordinated(t *testing.T) {
	tps := []touchpoints.Touchpoint{
		{ID: "a", Channel: "store", Phase: touchpoints.Cultivation, Owner: touchpoints.Service},
		{ID: "b", Channel: "email", Phase: touchpoints.Cultivation, Owner: touchpoints.Marketing, Online: true},
	}
	p, err := touchpoints.NewPlan(tps, touchpoints.PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Uncoordinated(), []touchpoints.Phase{touchpoints.Cultivation}; !slices.Equal(got, want) {
		t.Errorf("Uncoordinated() = %v, want %v", got, want)
	}
	p, err = touchpoints.NewPlan(tps, touchpoints.PlanOptions{
		Coordinators: map[touchpoints.Phase]touchpoints.Function{touchpoints.Cultivation: "customer_success"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Uncoordinated(); len(got) != 0 {
		t.Errorf("Uncoordinated() with a coordinator = %v, want none", got)
	}
}

func TestFindingKindText(t *testing.T) {
	for k := touchpoints.FindingUnspecified; k <= touchpoints.FindingOffline; k++ {
		text, err := k.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var got touchpoints.FindingKind
		if err := got.UnmarshalText(text); err != nil || got != k {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", text, got, err, k)
		}
	}
	var k touchpoints.FindingKind
	if fe := tpFieldError(t, k.UnmarshalText([]byte("silo"))); fe.Field != "kind" || fe.Value != "silo" {
		t.Errorf("UnmarshalText(silo) names %s %q", fe.Field, fe.Value)
	}
}

func TestPlanOfflineFloor(t *testing.T) {
	tps := []touchpoints.Touchpoint{
		{ID: "web", Channel: "web", Phase: touchpoints.Purchase, Owner: touchpoints.Sales, Online: true, Cost: decimal.New(30, 0)},
		{ID: "shop", Channel: "store", Phase: touchpoints.Purchase, Owner: touchpoints.Sales, Cost: decimal.New(70, 0)},
	}
	offlineNotes := func(opts touchpoints.PlanOptions) int {
		t.Helper()
		p, err := touchpoints.NewPlan(tps, opts)
		if err != nil {
			t.Fatal(err)
		}
		if p.OfflineShare() != 0.7 {
			t.Errorf("OfflineShare() = %v, want 0.7", p.OfflineShare())
		}
		n := 0
		for _, f := range p.Findings() {
			if f.Kind == touchpoints.FindingOffline {
				n++
			}
		}
		return n
	}
	if n := offlineNotes(touchpoints.PlanOptions{}); n != 1 {
		t.Errorf("70%% offline under the default floor of 80%%: %d offline notes, want 1", n)
	}
	if n := offlineNotes(touchpoints.PlanOptions{OfflineFloor: 0.6}); n != 0 {
		t.Errorf("70%% offline over a floor of 60%%: %d offline notes, want 0", n)
	}
	for _, floor := range []float64{-0.1, 1.5, math.NaN()} {
		_, err := touchpoints.NewPlan(tps, touchpoints.PlanOptions{OfflineFloor: floor})
		if fe := tpFieldError(t, err); fe.Field != "OfflineFloor" {
			t.Errorf("NewPlan(OfflineFloor %v) names %s %q", floor, fe.Field, fe.Value)
		}
	}
}
