package engagement

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// Unordered and the parts of any split yield every profile exactly once,
// the same profiles All yields.
func TestUnorderedAndPartsCoverAll(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events := genHistory(20, 60).Draw(t, "events")
		workers := rapid.IntRange(1, 4).Draw(t, "workers")
		ps, err := Folder{Workers: workers}.Fold(context.Background(), slices.Values(events), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		var want []CustomerID
		for id := range ps.All() {
			want = append(want, id)
		}
		check := func(name string, got []CustomerID) {
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("%s yields %v, want %v", name, got, want)
			}
		}
		var un []CustomerID
		for p := range ps.Unordered() {
			un = append(un, p.Customer())
		}
		check("Unordered", un)
		n := rapid.IntRange(1, 7).Draw(t, "parts")
		var parts []CustomerID
		for i := range n {
			size := 0
			for p := range ps.Part(i, n) {
				parts = append(parts, p.Customer())
				size++
			}
			if lo, hi := ps.Len()/n, (ps.Len()+n-1)/n; size < lo || size > hi {
				t.Fatalf("part %d of %d holds %d of %d profiles", i, n, size, ps.Len())
			}
		}
		check("Part", parts)
	})
}

// The Since accessors agree with the times they measure from.
func TestSinceAgreesWithLast(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events := genHistory(5, 40).Draw(t, "events")
		asOf := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
		ps, err := Fold(context.Background(), slices.Values(events), asOf)
		if err != nil {
			t.Fatal(err)
		}
		for p := range ps.Unordered() {
			check := func(name string, last func() (time.Time, bool), since func() (time.Duration, bool)) {
				at, ok1 := last()
				d, ok2 := since()
				if ok1 != ok2 || (ok1 && asOf.Sub(at) != d) {
					t.Fatalf("%s: last %v %v, since %v %v", name, at, ok1, d, ok2)
				}
			}
			check("seen", p.LastSeen, p.SinceSeen)
			check("advocacy", p.LastAdvocacy, p.SinceAdvocacy)
			check("purchase", p.LastPurchase, p.Recency)
		}
	})
}

// The timeline of a base's goodwill equals, at each time, the sum of the
// balances of profiles folded as of that time, exactly.
func TestGoodwillTimelineMatchesFolds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events := genHistory(6, 50).Draw(t, "events")
		var times []time.Time
		for range rapid.IntRange(1, 5).Draw(t, "times") {
			days := rapid.IntRange(-10, 420).Draw(t, "atDays")
			times = append(times, genEpoch.AddDate(0, 0, days))
		}
		tl := (*GoodwillRules)(nil).Timeline(times...)
		for _, in := range events {
			tl.Add(in)
		}
		for i, at := range tl.Times() {
			ps, err := Fold(context.Background(), slices.Values(events), at)
			if err != nil {
				t.Fatal(err)
			}
			var want int64
			for p := range ps.Unordered() {
				want += p.goodwill
			}
			if got := tl.total[i]; got != want {
				t.Fatalf("at %v: timeline %d, profiles %d (millionths)", at, got, want)
			}
		}
	})
}

// Contacts the business initiated change nothing in a profile, nor the
// goodwill of the base, whatever the goodwill rules say of them.
func TestInitiatedContactsAreLeftOut(t *testing.T) {
	rules := &GoodwillRules{Effects: map[Kind]float64{Outreach: 4, OutreachAttempt: 1}}
	rapid.Check(t, func(t *rapid.T) {
		events := genHistory(3, 30).Draw(t, "events")
		withContacts := slices.Clone(events)
		for i := range rapid.IntRange(1, 10).Draw(t, "contacts") {
			withContacts = append(withContacts, Interaction{
				ID:       "contact" + strconv.Itoa(i),
				Customer: CustomerID("c" + strconv.Itoa(rapid.IntRange(0, 2).Draw(t, "customer"))),
				Time:     genEpoch.Add(time.Duration(rapid.IntRange(0, 400).Draw(t, "day")) * 24 * time.Hour),
				Kind:     rapid.SampledFrom([]Kind{Outreach, OutreachAttempt}).Draw(t, "kind"),
			})
		}
		asOf := genEpoch.AddDate(2, 0, 0)
		fold := func(evs []Interaction) *Profiles {
			ps, err := Folder{Rules: rules}.Fold(context.Background(), slices.Values(evs), asOf)
			if err != nil {
				t.Fatal(err)
			}
			return ps
		}
		plain, contacted := fold(events), fold(withContacts)
		for id, p := range plain.All() {
			q, ok := contacted.Get(id)
			a, _ := p.MarshalJSON()
			b, _ := q.MarshalJSON()
			if !ok || string(a) != string(b) {
				t.Fatalf("customer %s: contacts changed the profile", id)
			}
		}
		tl := rules.Timeline(asOf)
		for _, in := range withContacts {
			tl.Add(in)
		}
		var want int64
		for p := range plain.Unordered() {
			want += p.goodwill
		}
		if tl.total[0] != want {
			t.Fatalf("contacts moved the base's goodwill: %d, want %d", tl.total[0], want)
		}
	})
}
