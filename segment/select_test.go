package segment_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/segment"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// newConsentStore returns the store the tests select from: a MemoryStore,
// which keeps consent records.
func newConsentStore() *engagement.MemoryStore { return engagement.NewMemoryStore() }

// smallBase is ann (an advocate who bought 12 days ago with email
// consent), bob (an advocate by history whose email consent was
// withdrawn), cat (stored, never bought), and dan (interactions, no
// customer record).
func smallBase(t testing.TB) *engagement.MemoryStore {
	ctx := context.Background()
	s := newConsentStore()
	if err := s.PutCustomers(ctx, annCustomer(), engagement.Customer{ID: "bob"}, engagement.Customer{ID: "cat"}); err != nil {
		t.Fatal(err)
	}
	ins := annHistory()
	for _, in := range annHistory() {
		in.ID, in.Customer = "bob"+in.ID, "bob"
		ins = append(ins, in)
	}
	ins = append(ins, engagement.Interaction{ID: "dan-0", Customer: "dan", Time: daysAgo(3), Kind: engagement.Purchase,
		Amount: decimal.New(10, 0)})
	ins = append(ins, engagement.Interaction{ID: "dan-later", Customer: "dan", Time: asOf.Add(time.Hour), Kind: engagement.Purchase,
		Amount: decimal.New(10, 0)})
	if err := s.Append(ctx, ins...); err != nil {
		t.Fatal(err)
	}
	rs := annConsent()
	for _, r := range annConsent() {
		r.Customer = "bob"
		rs = append(rs, r)
	}
	rs = append(rs, engagement.ConsentRecord{Customer: "bob", Purpose: engagement.PurposeMarketing, State: engagement.ConsentRefused,
		Time: daysAgo(2), Source: "unsubscribe link"})
	if err := s.RecordConsent(ctx, rs...); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSelect checks the example and others on a small base.
func TestSelect(t *testing.T) {
	ctx := context.Background()
	s := smallBase(t)
	for _, c := range []struct {
		text string
		want []engagement.CustomerID
	}{
		{"stage = advocate and last_purchase within 30d and consent(marketing, email)", []engagement.CustomerID{"ann"}},
		{"stage = advocate", []engagement.CustomerID{"ann", "bob"}},
		{"stage = prospect", []engagement.CustomerID{"cat"}},
		{"purchases = 1", []engagement.CustomerID{"dan"}},
		{"event(kind = purchase, within 1d)", nil},
		{`event(kind = purchase and property.utm_source = "newsletter", within 90d)`, []engagement.CustomerID{"ann", "bob"}},
		{`not account = "acme"`, []engagement.CustomerID{"bob", "cat", "dan"}},
	} {
		seg := segment.MustParse(c.text)
		sel, err := segment.Select(ctx, s, seg, asOf)
		if err != nil {
			t.Fatalf("%q: %v", c.text, err)
		}
		if !slices.Equal(sel.IDs, c.want) || sel.Customers != 4 {
			t.Errorf("%q: selected %v of %d, want %v of 4", c.text, sel.IDs, sel.Customers, c.want)
		}
	}

	seg := segment.MustParse("consent(marketing, email)")
	ok, why, err := segment.Customer(ctx, s, seg, "bob", asOf)
	if err != nil || ok || why.Detail != "marketing on every channel refused at 2026-02-27T00:00:00Z (unsubscribe link)" {
		t.Errorf("bob: %v, %q, %v", ok, why.Detail, err)
	}
	if _, _, err := segment.Customer(ctx, s, seg, "eve", asOf); !errors.Is(err, engagement.ErrNotFound) {
		t.Errorf("eve: %v, want ErrNotFound", err)
	}
	if _, err := segment.Select(ctx, s, nil, asOf); err == nil {
		t.Error("Select with no segment succeeded")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := segment.Select(cancelled, s, seg, asOf); !errors.Is(err, context.Canceled) {
		t.Errorf("Select on a cancelled context: %v", err)
	}
}

// TestSelectAgreesWithCustomer checks Select, which reads the base in one
// pass, against testing each customer alone, on random bases and
// segments.
func TestSelectAgreesWithCustomer(t *testing.T) {
	ctx := context.Background()
	ids := []engagement.CustomerID{"a", "b", "c", "d", "e"}
	kinds := []engagement.Kind{engagement.Purchase, engagement.Visit, engagement.Referral, engagement.Complaint}
	texts := []string{
		"stage = advocate", "purchases >= 2", "last_purchase within 30d", "consent(marketing, email)",
		"event(kind = purchase, within 30d)", `event(property.src = "ad", count >= 2) or group = customer`,
		"not event(kind = visit, within 60d) and consent(marketing)", "event(count = 0)", "level >= engaged",
	}
	rapid.Check(t, func(t *rapid.T) {
		s := newConsentStore()
		for _, id := range ids {
			if rapid.Bool().Draw(t, "stored") {
				if err := s.PutCustomers(ctx, engagement.Customer{ID: id,
					Group: engagement.Group(rapid.IntRange(0, 4).Draw(t, "group"))}); err != nil {
					t.Fatal(err)
				}
			}
		}
		var batch []engagement.Interaction
		for i := range rapid.IntRange(0, 30).Draw(t, "events") {
			in := engagement.Interaction{ID: fmt.Sprint(i), Customer: rapid.SampledFrom(ids).Draw(t, "customer"),
				Time: daysAgo(rapid.IntRange(-3, 200).Draw(t, "day")), Kind: rapid.SampledFrom(kinds).Draw(t, "kind")}
			if rapid.Bool().Draw(t, "ad") {
				in.Properties = engagement.Properties{"src": engagement.StringValue("ad")}
			}
			batch = append(batch, in)
		}
		if err := s.Append(ctx, batch...); err != nil {
			t.Fatal(err)
		}
		for range rapid.IntRange(0, 5).Draw(t, "consents") {
			_ = s.RecordConsent(ctx, engagement.ConsentRecord{Customer: rapid.SampledFrom(ids).Draw(t, "who"),
				Purpose: engagement.PurposeMarketing, Channel: rapid.SampledFrom([]string{"", "email"}).Draw(t, "channel"),
				State: engagement.ConsentGiven, Time: daysAgo(rapid.IntRange(1, 100).Draw(t, "when"))})
		}
		seg := segment.MustParse(rapid.SampledFrom(texts).Draw(t, "segment"))
		sel, err := segment.Select(ctx, s, seg, asOf)
		if err != nil {
			t.Fatal(err)
		}
		var want []engagement.CustomerID
		n := 0
		for _, id := range ids {
			ok, _, err := segment.Customer(ctx, s, seg, id, asOf)
			if errors.Is(err, engagement.ErrNotFound) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			n++
			if ok {
				want = append(want, id)
			}
		}
		if !slices.Equal(sel.IDs, want) || sel.Customers != n {
			t.Fatalf("%q: Select gives %v of %d, each alone %v of %d", seg, sel.IDs, sel.Customers, want, n)
		}
	})
}
