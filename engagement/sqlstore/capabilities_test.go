package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/sqlstore"
	"github.com/shopspring/decimal"
)

// TestPropertiesExact checks that properties and traits come back with
// exact numbers, their scale, times to the nanosecond and text as given.
func TestPropertiesExact(t *testing.T) {
	eachBackend(t, func(t *testing.T, open func(tb testing.TB) *sqlstore.Store) {
		ctx := context.Background()
		s := open(t)
		at := time.Date(1969, 7, 20, 20, 17, 40, 123456789, time.FixedZone("X", -5*3600))
		ps := engagement.Properties{
			"price": engagement.NumberValue(decimal.RequireFromString("1.50")),
			"big":   engagement.NumberValue(decimal.RequireFromString("-123456789012345678901234567890.000000000000000000001")),
			"at":    engagement.TimeValue(at),
			"text":  engagement.StringValue("<a href=\"x\">&</a> ü \u2028"),
			"ok":    engagement.BoolValue(false),
		}
		in := engagement.Interaction{ID: "o-1", Customer: "ada", Time: at, Kind: engagement.Purchase, Properties: ps}
		if err := s.Append(ctx, in); err != nil {
			t.Fatal(err)
		}
		if err := s.PutCustomers(ctx, engagement.Customer{ID: "ada", Account: "acme", Traits: ps}); err != nil {
			t.Fatal(err)
		}
		got := collect(t, s.Interactions(ctx, engagement.Query{}))
		c, err := s.Customer(ctx, "ada")
		if err != nil {
			t.Fatal(err)
		}
		if c.Account != "acme" {
			t.Errorf("account: got %q, want acme", c.Account)
		}
		if len(got) != 1 {
			t.Fatalf("got %d interactions, want 1", len(got))
		}
		for name, back := range map[string]engagement.Properties{"properties": got[0].Properties, "traits": c.Traits} {
			for k, v := range ps {
				// String shows the scale and the nanoseconds; Equal alone
				// would take 1.5 for 1.50.
				if w, ok := back[k]; !ok || w.Kind() != v.Kind() || w.String() != v.String() {
					t.Errorf("%s[%s]: got %v (%v), want %v (%v)", name, k, w, w.Kind(), v, v.Kind())
				}
			}
			if len(back) != len(ps) {
				t.Errorf("%s: got %d names, want %d", name, len(back), len(ps))
			}
		}
		// Re-appending with the properties in another representation is
		// idempotent; other properties conflict.
		same := in.Clone()
		same.Properties["price"] = engagement.NumberValue(decimal.RequireFromString("1.5"))
		if err := s.Append(ctx, same); err != nil {
			t.Errorf("re-append with equal properties: %v", err)
		}
		other := in.Clone()
		other.Properties["ok"] = engagement.BoolValue(true)
		if err := s.Append(ctx, other); !errors.Is(err, engagement.ErrConflict) {
			t.Errorf("re-append with other properties: got %v, want ErrConflict", err)
		}
		none := in.Clone()
		none.Properties = nil
		if err := s.Append(ctx, none); !errors.Is(err, engagement.ErrConflict) {
			t.Errorf("re-append without properties: got %v, want ErrConflict", err)
		}
	})
}

// TestConsentEdges checks records the key and the ordering could get
// wrong: an expiry at 1970-01-01T00:00:00Z, one before 1970 (which sorts
// after no expiry), a source longer than an index entry, and an equal
// record stored once, also when it names an alias.
func TestConsentEdges(t *testing.T) {
	eachBackend(t, func(t *testing.T, open func(tb testing.TB) *sqlstore.Store) {
		ctx := context.Background()
		s := open(t)
		epoch0 := time.Unix(0, 0).UTC()
		long := strings.Repeat("x", engagement.MaxValueBytes)
		rs := []engagement.ConsentRecord{
			{Customer: "ada", Purpose: engagement.PurposeMarketing, State: engagement.ConsentGiven, Time: epoch0.Add(-time.Hour), Expires: epoch0},
			{Customer: "ada", Purpose: engagement.PurposeMarketing, State: engagement.ConsentGiven, Time: epoch0.Add(-3 * time.Hour), Expires: epoch0.Add(-2 * time.Hour)},
			{Customer: "ada", Purpose: engagement.PurposeMarketing, State: engagement.ConsentGiven, Time: epoch0.Add(-3 * time.Hour)},
			{Customer: "ada", Purpose: engagement.PurposeService, Channel: engagement.ChannelSMS, State: engagement.ConsentRefused, Time: epoch0.Add(time.Nanosecond), Source: long},
			{Customer: "ada", Purpose: engagement.PurposeService, Channel: engagement.ChannelSMS, State: engagement.ConsentRefused, Time: epoch0.Add(time.Nanosecond), Source: long + ""},
		}
		if err := s.RecordConsent(ctx, rs...); err != nil {
			t.Fatal(err)
		}
		if err := s.Merge(ctx, engagement.Merge{From: "anon", Into: "ada", Time: epoch0}); err != nil {
			t.Fatal(err)
		}
		again := rs[3]
		again.Customer = "anon"
		if err := s.RecordConsent(ctx, again, rs[0]); err != nil {
			t.Fatal(err)
		}
		want := []engagement.ConsentRecord{rs[2], rs[1], rs[0], rs[3]}
		got := collect(t, s.ConsentRecords(ctx, "anon"))
		if len(got) != len(want) {
			t.Fatalf("got %d records, want %d: %+v", len(got), len(want), got)
		}
		for i := range want {
			if !got[i].Equal(want[i]) || got[i].Time.Location() != time.UTC {
				t.Errorf("record %d: got %+v, want %+v", i, got[i], want[i])
			}
		}
		// A bad record fails the batch, naming it.
		bad := rs[0]
		bad.State = engagement.ConsentUnknown
		err := s.RecordConsent(ctx, engagement.ConsentRecord{Customer: "bo", Purpose: "research", State: engagement.ConsentGiven, Time: epoch0}, bad)
		var fe *engagement.FieldError
		if !errors.As(err, &fe) || fe.Field != "state" || !strings.Contains(err.Error(), "record 1") {
			t.Errorf("bad record: got %v, want a FieldError on state naming record 1", err)
		}
		if n := len(collect(t, s.ConsentRecords(ctx, "bo"))); n != 0 {
			t.Errorf("a failed batch stored %d records of bo", n)
		}
	})
}

// TestMergeCases checks Merge's refusals and no-ops, that a refused merge
// changes nothing, and that a chain of merges resolves in one step.
func TestMergeCases(t *testing.T) {
	at := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	mg := func(from, into engagement.CustomerID) engagement.Merge {
		return engagement.Merge{From: from, Into: into, Time: at, Reason: "login"}
	}
	manyTraits := func(prefix string) engagement.Properties {
		ps := engagement.Properties{}
		for i := range engagement.MaxProperties {
			ps[fmt.Sprintf("%s%02d", prefix, i)] = engagement.IntValue(int64(i))
		}
		return ps
	}
	cases := []struct {
		name   string
		before []engagement.Merge
		merge  engagement.Merge
		want   error // nil, ErrConflict or ErrInvalid
	}{
		{"into itself", nil, mg("a", "a"), engagement.ErrInvalid},
		{"no time", nil, engagement.Merge{From: "a", Into: "b"}, engagement.ErrInvalid},
		{"alias of another", []engagement.Merge{mg("a", "b")}, mg("a", "c"), engagement.ErrConflict},
		{"cycle", []engagement.Merge{mg("a", "b")}, mg("b", "a"), engagement.ErrConflict},
		{"long cycle", []engagement.Merge{mg("a", "b"), mg("b", "c")}, mg("c", "a"), engagement.ErrConflict},
		{"again", []engagement.Merge{mg("a", "b")}, mg("a", "b"), nil},
		{"again through an alias", []engagement.Merge{mg("a", "c"), mg("b", "c")}, mg("a", "b"), nil},
		{"too many traits", nil, mg("big1", "big2"), engagement.ErrInvalid},
	}
	eachBackend(t, func(t *testing.T, open func(tb testing.TB) *sqlstore.Store) {
		ctx := context.Background()
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				s := open(t)
				if err := s.PutCustomers(ctx, engagement.Customer{ID: "big1", Traits: manyTraits("x")}, engagement.Customer{ID: "big2", Traits: manyTraits("y")}); err != nil {
					t.Fatal(err)
				}
				if err := s.Append(ctx, engagement.Interaction{ID: "i-a", Customer: "a", Time: at, Kind: engagement.Visit},
					engagement.Interaction{ID: "i-big1", Customer: "big1", Time: at, Kind: engagement.Visit}); err != nil {
					t.Fatal(err)
				}
				for _, m := range tc.before {
					if err := s.Merge(ctx, m); err != nil {
						t.Fatalf("Merge(%v): %v", m, err)
					}
				}
				before := snapshot(t, s)
				err := s.Merge(ctx, tc.merge)
				switch {
				case tc.want == nil && err != nil:
					t.Fatalf("Merge(%v): %v", tc.merge, err)
				case tc.want != nil && !errors.Is(err, tc.want):
					t.Fatalf("Merge(%v): got %v, want %v", tc.merge, err, tc.want)
				}
				if after := snapshot(t, s); after != before {
					t.Errorf("Merge(%v) changed the store:\nbefore %s\nafter  %s", tc.merge, before, after)
				}
			})
		}
		t.Run("chain", func(t *testing.T) {
			s := open(t)
			for _, m := range []engagement.Merge{mg("a", "b"), mg("b", "c"), mg("c", "d")} {
				if err := s.Merge(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			for _, id := range []engagement.CustomerID{"a", "b", "c", "d"} {
				if got, err := s.Resolve(ctx, id); err != nil || got != "d" {
					t.Errorf("Resolve(%q) = %q, %v; want d", id, got, err)
				}
			}
			got := collect(t, s.Merges(ctx, "a"))
			if len(got) != 3 || got[0].Into != "b" || got[1].Into != "c" || got[2].Into != "d" {
				t.Errorf("Merges(a): got %+v, want the three merges as recorded", got)
			}
		})
	})
}

// snapshot describes everything s holds about the test's customers.
func snapshot(t *testing.T, s *sqlstore.Store) string {
	ctx := context.Background()
	var b strings.Builder
	fmt.Fprintf(&b, "customers %v; interactions %v;", collect(t, s.Customers(ctx)), collect(t, s.Interactions(ctx, engagement.Query{})))
	for _, id := range []engagement.CustomerID{"a", "b", "c", "big1", "big2"} {
		r, err := s.Resolve(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, " %s→%s %v %v;", id, r, collect(t, s.Merges(ctx, id)), collect(t, s.ConsentRecords(ctx, id)))
	}
	return b.String()
}

// TestEraseCases checks the reports of both modes, the pseudonym
// conflicts, and that erasing again, or erasing an unknown customer,
// succeeds with nothing counted.
func TestEraseCases(t *testing.T) {
	at := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	eachBackend(t, func(t *testing.T, open func(tb testing.TB) *sqlstore.Store) {
		ctx := context.Background()
		fill := func(t *testing.T) *sqlstore.Store {
			s := open(t)
			props := engagement.Properties{"sku": engagement.StringValue("A-1")}
			if err := s.Append(ctx,
				engagement.Interaction{ID: "1", Customer: "anon", Time: at, Kind: engagement.Purchase, Amount: decimal.New(990, -2), Properties: props},
				engagement.Interaction{ID: "2", Customer: "ada", Time: at, Kind: engagement.Visit},
				engagement.Interaction{ID: "3", Customer: "bo", Time: at, Kind: engagement.Visit}); err != nil {
				t.Fatal(err)
			}
			if err := s.PutCustomers(ctx, engagement.Customer{ID: "ada", Name: "Ada"}, engagement.Customer{ID: "bo"}); err != nil {
				t.Fatal(err)
			}
			if err := s.RecordConsent(ctx, engagement.ConsentRecord{Customer: "anon", Purpose: "marketing", State: engagement.ConsentGiven, Time: at}); err != nil {
				t.Fatal(err)
			}
			if err := s.Merge(ctx, engagement.Merge{From: "anon", Into: "ada", Time: at}); err != nil {
				t.Fatal(err)
			}
			return s
		}
		t.Run("delete", func(t *testing.T) {
			s := fill(t)
			rep, err := s.Erase(ctx, engagement.Erasure{Customer: "anon", Mode: engagement.EraseDelete})
			want := engagement.ErasureReport{Customer: "ada", Record: true, Interactions: 2, Consents: 1, Aliases: 1}
			if err != nil || rep != want {
				t.Fatalf("Erase: got %+v, %v; want %+v", rep, err, want)
			}
			if got := collect(t, s.Interactions(ctx, engagement.Query{})); len(got) != 1 || got[0].ID != "3" {
				t.Errorf("interactions left: %+v, want only bo's", got)
			}
			if r, _ := s.Resolve(ctx, "anon"); r != "anon" {
				t.Errorf("Resolve(anon) after erasure = %q, want anon", r)
			}
			if got := collect(t, s.Merges(ctx, "ada")); len(got) != 0 {
				t.Errorf("merges left: %+v", got)
			}
			rep, err = s.Erase(ctx, engagement.Erasure{Customer: "anon", Mode: engagement.EraseDelete})
			if want := (engagement.ErasureReport{Customer: "anon"}); err != nil || rep != want {
				t.Errorf("Erase again: got %+v, %v; want %+v", rep, err, want)
			}
		})
		t.Run("anonymise", func(t *testing.T) {
			s := fill(t)
			for _, e := range []engagement.Erasure{{Customer: "ada", Pseudonym: "bo"}, {Customer: "anon", Pseudonym: "ada"}, {Customer: "ada", Pseudonym: "anon"}} {
				e.Mode = engagement.EraseAnonymise
				if _, err := s.Erase(ctx, e); !errors.Is(err, engagement.ErrConflict) {
					t.Errorf("Erase(%+v): got %v, want ErrConflict", e, err)
				}
			}
			rep, err := s.Erase(ctx, engagement.Erasure{Customer: "ada", Mode: engagement.EraseAnonymise, Pseudonym: "x7"})
			want := engagement.ErasureReport{Customer: "ada", Record: true, Interactions: 2, Consents: 1, Aliases: 1}
			if err != nil || rep != want {
				t.Fatalf("Erase: got %+v, %v; want %+v", rep, err, want)
			}
			got := collect(t, s.Interactions(ctx, engagement.Query{Customer: "x7"}))
			if len(got) != 2 || got[0].Properties != nil || got[1].Properties != nil || !got[0].Amount.Equal(decimal.New(99, -1)) {
				t.Errorf("pseudonymous interactions: %+v, want both, amounts kept, properties gone", got)
			}
			if _, err := s.Customer(ctx, "ada"); !errors.Is(err, engagement.ErrNotFound) {
				t.Errorf("Customer(ada) after erasure: %v, want ErrNotFound", err)
			}
			// Retried with the same pseudonym, now in use: nothing to do.
			if rep, err := s.Erase(ctx, engagement.Erasure{Customer: "ada", Mode: engagement.EraseAnonymise, Pseudonym: "x7"}); err != nil || rep != (engagement.ErasureReport{Customer: "ada"}) {
				t.Errorf("Erase again: got %+v, %v; want an empty report", rep, err)
			}
		})
		t.Run("invalid", func(t *testing.T) {
			s := fill(t)
			for _, e := range []engagement.Erasure{{Customer: "ada"}, {Customer: "ada", Mode: engagement.EraseAnonymise}, {Mode: engagement.EraseDelete}} {
				if _, err := s.Erase(ctx, e); !errors.Is(err, engagement.ErrInvalid) {
					t.Errorf("Erase(%+v): got %v, want ErrInvalid", e, err)
				}
			}
			if n := len(collect(t, s.Interactions(ctx, engagement.Query{}))); n != 3 {
				t.Errorf("after refused erasures %d interactions, want 3", n)
			}
		})
	})
}

// TestPutCustomersAlias checks that a customer written under an alias
// replaces the customer it stands for, and that Customers lists no alias.
func TestPutCustomersAlias(t *testing.T) {
	eachBackend(t, func(t *testing.T, open func(tb testing.TB) *sqlstore.Store) {
		ctx := context.Background()
		s := open(t)
		at := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
		if err := s.PutCustomers(ctx, engagement.Customer{ID: "anon", Name: "visitor", Traits: engagement.Properties{"device": engagement.StringValue("ios")}},
			engagement.Customer{ID: "ada", Group: engagement.GroupCustomer}); err != nil {
			t.Fatal(err)
		}
		if err := s.Merge(ctx, engagement.Merge{From: "anon", Into: "ada", Time: at}); err != nil {
			t.Fatal(err)
		}
		c, err := s.Customer(ctx, "anon")
		want := engagement.Customer{ID: "ada", Name: "visitor", Group: engagement.GroupCustomer, Traits: engagement.Properties{"device": engagement.StringValue("ios")}}
		if err != nil || !c.Equal(want) {
			t.Fatalf("Customer(anon) after merge: %+v, %v; want %+v", c, err, want)
		}
		if err := s.PutCustomers(ctx, engagement.Customer{ID: "anon", Name: "Ada", Account: "acme"}); err != nil {
			t.Fatal(err)
		}
		got := collect(t, s.Customers(ctx))
		if want := (engagement.Customer{ID: "ada", Name: "Ada", Account: "acme"}); len(got) != 1 || !got[0].Equal(want) {
			t.Errorf("Customers after PutCustomers(anon): %+v, want only %+v", got, want)
		}
	})
}
