package plays_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/plays"
	"github.com/engagekit/engage/stages"
	"pgregory.net/rapid"
)

var asOf = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func rec(daysAgo int, stage, band string) engagement.StateRecord {
	r := engagement.StateRecord{Customer: "c1", Time: asOf.AddDate(0, 0, -daysAgo), Stage: stage, Band: band}
	if band != "" {
		r.Score = 50
	}
	return r
}

// profile folds the given interactions of c1 as of asOf.
func profile(t testing.TB, ins ...engagement.Interaction) *engagement.Profile {
	t.Helper()
	p, err := engagement.NewProfile("c1", asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, in := range ins {
		in.Customer = "c1"
		if in.ID == "" {
			in.ID = "i" + string(rune('a'+i))
		}
		if err := p.Add(in); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func facts(prev *engagement.StateRecord, hist []engagement.StateRecord, stage stages.Stage, band string, p *engagement.Profile) plays.Facts {
	return plays.Facts{Customer: "c1", Previous: prev, History: hist, Stage: stages.Result{Stage: stage}, Band: band, Profile: p, AsOf: asOf}
}

func ptr(r engagement.StateRecord) *engagement.StateRecord { return &r }

func check(t *testing.T, tr plays.Trigger, f plays.Facts, want string) {
	t.Helper()
	why, fired, err := tr.Check(&f)
	if err != nil {
		t.Fatalf("%s: %v", tr.Name(), err)
	}
	if fired != (want != "") || why != want {
		t.Errorf("%s: got (%q, %v), want %q", tr.Name(), why, fired, want)
	}
}

func TestBandDropped(t *testing.T) {
	for _, c := range []struct {
		name string
		tr   plays.BandDropped
		prev *engagement.StateRecord
		band string
		want string
	}{
		{"green to red", plays.BandDropped{}, ptr(rec(28, "returning", "green")), "red", "band fell from green to red since 2026-02-01"},
		{"yellow to red", plays.BandDropped{}, ptr(rec(28, "returning", "yellow")), "red", "band fell from yellow to red since 2026-02-01"},
		{"rose", plays.BandDropped{}, ptr(rec(28, "returning", "red")), "green", ""},
		{"same", plays.BandDropped{}, ptr(rec(28, "returning", "yellow")), "yellow", ""},
		{"no previous", plays.BandDropped{}, nil, "red", ""},
		{"previous unscored", plays.BandDropped{}, ptr(rec(28, "returning", "")), "red", ""},
		{"band not in order", plays.BandDropped{}, ptr(rec(28, "returning", "green")), "amber", ""},
		{"own order", plays.BandDropped{Order: []string{"low", "high"}}, ptr(rec(28, "returning", "high")), "low", "band fell from high to low since 2026-02-01"},
		{"own order ignores defaults", plays.BandDropped{Order: []string{"low", "high"}}, ptr(rec(28, "returning", "green")), "red", ""},
	} {
		t.Run(c.name, func(t *testing.T) { check(t, c.tr, facts(c.prev, nil, stages.Returning, c.band, nil), c.want) })
	}
	for _, order := range [][]string{{"red", ""}, {"red", "red"}} {
		f := facts(nil, nil, stages.Returning, "red", nil)
		if _, err := plays.Evaluate([]plays.Trigger{plays.BandDropped{Order: order}}, f); !errors.Is(err, plays.ErrInvalid) || !strings.Contains(err.Error(), "BandDropped.Order") {
			t.Errorf("order %q: got %v, want an error naming BandDropped.Order", order, err)
		}
	}
}

func TestBecameDetractor(t *testing.T) {
	answer := func(daysAgo int, v int) engagement.Interaction {
		return engagement.Interaction{Time: asOf.AddDate(0, 0, -daysAgo), Kind: engagement.RatingGiven, Rating: engagement.Recommends(v)}
	}
	prev := ptr(rec(28, "returning", ""))
	for _, c := range []struct {
		name string
		prev *engagement.StateRecord
		p    *engagement.Profile
		want string
	}{
		{"detractor since", prev, profile(t, answer(2, 3)), "answered 3 to the likelihood to recommend (a detractor's) on 2026-02-27, after the record of 2026-02-01"},
		{"detractor before", prev, profile(t, answer(40, 3)), ""},
		{"detractor, no previous", nil, profile(t, answer(40, 6)), "answered 6 to the likelihood to recommend (a detractor's) on 2026-01-20, with no earlier record"},
		{"passive", prev, profile(t, answer(2, 7)), ""},
		{"latest answer counts", prev, profile(t, answer(5, 2), answer(2, 9)), ""},
		{"no answer", prev, profile(t), ""},
		{"no profile", prev, nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			check(t, plays.BecameDetractor{}, facts(c.prev, nil, stages.Returning, "", c.p), c.want)
		})
	}
}

func TestAdvocateLapsing(t *testing.T) {
	referral := func(daysAgo int) engagement.Interaction {
		return engagement.Interaction{Time: asOf.AddDate(0, 0, -daysAgo), Kind: engagement.Referral}
	}
	adv := ptr(rec(28, "advocate", ""))
	for _, c := range []struct {
		name  string
		tr    plays.AdvocateLapsing
		prev  *engagement.StateRecord
		stage stages.Stage
		p     *engagement.Profile
		want  string
	}{
		{"lapsing", plays.AdvocateLapsing{}, adv, stages.Advocate, profile(t, referral(95)),
			"last sign of advocacy 95 days ago (lapsing after 90 days, lost after 120 days); an advocate at the record of 2026-02-01"},
		{"recent advocacy", plays.AdvocateLapsing{}, adv, stages.Advocate, profile(t, referral(60)), ""},
		{"exactly at the threshold", plays.AdvocateLapsing{}, adv, stages.Advocate, profile(t, referral(90)), ""},
		{"past stay", plays.AdvocateLapsing{}, adv, stages.Advocate, profile(t, referral(121)), ""},
		{"fell", plays.AdvocateLapsing{}, adv, stages.Returning, profile(t, referral(130)), "stage fell from advocate to returning since 2026-02-01"},
		{"was not an advocate", plays.AdvocateLapsing{}, ptr(rec(28, "returning", "")), stages.Returning, profile(t, referral(95)), ""},
		{"no previous", plays.AdvocateLapsing{}, nil, stages.Advocate, profile(t, referral(95)), ""},
		{"own windows", plays.AdvocateLapsing{Stay: 60 * stages.Day, After: 40 * stages.Day}, adv, stages.Advocate, profile(t, referral(45)),
			"last sign of advocacy 45 days ago (lapsing after 40 days, lost after 60 days); an advocate at the record of 2026-02-01"},
	} {
		t.Run(c.name, func(t *testing.T) { check(t, c.tr, facts(c.prev, nil, c.stage, "", c.p), c.want) })
	}
	for _, tr := range []plays.AdvocateLapsing{{Stay: -1}, {After: -1}, {After: 200 * stages.Day}} {
		f := facts(adv, nil, stages.Advocate, "", nil)
		if _, err := plays.Evaluate([]plays.Trigger{tr}, f); !errors.Is(err, plays.ErrInvalid) {
			t.Errorf("%+v: got %v, want ErrInvalid", tr, err)
		}
	}
}

func TestFormerFor(t *testing.T) {
	hist := []engagement.StateRecord{rec(150, "returning", ""), rec(120, "former", ""), rec(60, "former", ""), rec(30, "former", "")}
	last := &hist[len(hist)-1]
	for _, c := range []struct {
		name  string
		tr    plays.FormerFor
		prev  *engagement.StateRecord
		hist  []engagement.StateRecord
		stage stages.Stage
		want  string
	}{
		{"run long enough", plays.FormerFor{}, last, hist, stages.Former, "former since 2025-11-01 (the first of 3 former records in the history), 120 days, at least 90 days"},
		{"run too short", plays.FormerFor{For: 121 * stages.Day}, last, hist, stages.Former, ""},
		{"broken run", plays.FormerFor{}, last, []engagement.StateRecord{rec(120, "former", ""), rec(60, "returning", ""), rec(30, "former", "")}, stages.Former, ""},
		{"one record", plays.FormerFor{For: 30 * stages.Day}, last, hist[3:], stages.Former, "former since 2026-01-30 (the only former record at the end of the history), 30 days, at least 30 days"},
		{"previous only", plays.FormerFor{}, ptr(rec(100, "former", "")), nil, stages.Former, "former since 2025-11-21 (the previous record; the history holds none), 100 days, at least 90 days"},
		{"not former now", plays.FormerFor{}, last, hist, stages.Transactional, ""},
		{"no history", plays.FormerFor{}, nil, nil, stages.Former, ""},
	} {
		t.Run(c.name, func(t *testing.T) { check(t, c.tr, facts(c.prev, c.hist, c.stage, "", nil), c.want) })
	}
	if _, err := plays.Evaluate([]plays.Trigger{plays.FormerFor{For: -1}}, facts(nil, nil, stages.Former, "", nil)); !errors.Is(err, plays.ErrInvalid) {
		t.Errorf("negative For: got %v, want ErrInvalid", err)
	}
}

func TestEvaluateChecksFacts(t *testing.T) {
	for _, f := range []plays.Facts{{AsOf: asOf}, {Customer: "c1"}} {
		if evs, err := plays.Evaluate([]plays.Trigger{plays.BandDropped{}}, f); !errors.Is(err, plays.ErrInvalid) || evs != nil {
			t.Errorf("%+v: got %v, %v; want ErrInvalid and no events", f, evs, err)
		}
	}
}

// Triggers are deterministic, fire in the order given, and each event's
// explanation names the facts its trigger read.
func TestTriggersProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		bands := []string{"", "red", "yellow", "green", "amber"}
		stageNames := []string{"prospect", "transactional", "returning", "advocate", "former"}
		n := rapid.IntRange(0, 6).Draw(t, "records")
		var hist []engagement.StateRecord
		daysAgo := 400
		for i := range n {
			daysAgo -= rapid.IntRange(1, 60).Draw(t, "gap")
			if daysAgo < 1 {
				break
			}
			band := rapid.SampledFrom(bands).Draw(t, "band")
			hist = append(hist, rec(daysAgo, rapid.SampledFrom(stageNames).Draw(t, "stage"), band))
			_ = i
		}
		var prev *engagement.StateRecord
		if len(hist) > 0 {
			prev = &hist[len(hist)-1]
		}
		var now stages.Stage
		if err := now.UnmarshalText([]byte(rapid.SampledFrom(stageNames).Draw(t, "now"))); err != nil {
			t.Fatal(err)
		}
		f := facts(prev, hist, now, rapid.SampledFrom(bands).Draw(t, "band now"), nil)
		triggers := []plays.Trigger{plays.BandDropped{}, plays.BecameDetractor{}, plays.AdvocateLapsing{}, plays.FormerFor{For: time.Duration(rapid.IntRange(1, 300).Draw(t, "for")) * stages.Day}}
		a, err := plays.Evaluate(triggers, f)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := plays.Evaluate(triggers, f)
		if !slices.Equal(a, b) {
			t.Fatalf("two evaluations differ: %v and %v", a, b)
		}
		last := -1
		for _, e := range a {
			i := slices.IndexFunc(triggers, func(tr plays.Trigger) bool { return tr.Name() == e.Trigger })
			if i <= last {
				t.Fatalf("events out of trigger order: %v", a)
			}
			last = i
			if !e.Time.Equal(asOf) || e.Customer != "c1" {
				t.Fatalf("event %v: wrong customer or time", e)
			}
			switch e.Trigger {
			case "band_dropped":
				if !strings.Contains(e.Why, prev.Band) || !strings.Contains(e.Why, f.Band) || !strings.Contains(e.Why, prev.Time.Format(time.DateOnly)) {
					t.Fatalf("%q does not name the bands and the record's date", e.Why)
				}
			case "advocate_lapsing":
				if prev.Stage != "advocate" || !strings.Contains(e.Why, prev.Time.Format(time.DateOnly)) {
					t.Fatalf("%q: previous %v", e.Why, prev)
				}
			case "former_for":
				if now != stages.Former || prev.Stage != "former" {
					t.Fatalf("former_for fired for %v after %v", now, prev)
				}
				if !slices.ContainsFunc(hist, func(r engagement.StateRecord) bool {
					return r.Stage == "former" && strings.Contains(e.Why, "former since "+r.Time.Format(time.DateOnly))
				}) {
					t.Fatalf("%q names no former record's date", e.Why)
				}
			default:
				t.Fatalf("unexpected event %v", e)
			}
		}
	})
}
