package engagement

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// relabel returns ins with every interaction of a customer in members
// moved to the customer id, and the others left out.
func relabel(ins []Interaction, members map[CustomerID]bool, id CustomerID) []Interaction {
	var out []Interaction
	for _, in := range ins {
		if members[in.Customer] {
			in.Customer = id
			out = append(out, in)
		}
	}
	return out
}

func TestByAccountEqualsFoldOfMembersAsOne(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ins := genHistory(6, 80).Draw(t, "history")
		accounts := make(map[CustomerID]AccountID)
		for i := range 6 {
			if a := rapid.SampledFrom([]AccountID{"", "acme", "globex"}).Draw(t, fmt.Sprintf("account_c%d", i)); a != "" {
				accounts[CustomerID(fmt.Sprintf("c%d", i))] = a
			}
		}
		ps, err := Fold(context.Background(), slices.Values(ins), genAsOf)
		if err != nil {
			t.Fatalf("Fold: %v", err)
		}
		aps := ps.ByAccount(func(id CustomerID) AccountID { return accounts[id] })

		want := map[AccountID]map[CustomerID]bool{}
		for id := range ps.All() {
			if a := accounts[id]; a != "" {
				if want[a] == nil {
					want[a] = map[CustomerID]bool{}
				}
				want[a][id] = true
			}
		}
		if len(aps) != len(want) {
			t.Fatalf("got %d accounts, want %d", len(aps), len(want))
		}
		for i, ap := range aps {
			if i > 0 && aps[i-1].Account >= ap.Account {
				t.Fatalf("accounts out of order: %q after %q", ap.Account, aps[i-1].Account)
			}
			members := want[ap.Account]
			if len(ap.Members) != len(members) {
				t.Fatalf("account %q has %d members, want %d", ap.Account, len(ap.Members), len(members))
			}
			for j, p := range ap.Members {
				if !members[p.Customer()] || j > 0 && ap.Members[j-1].Customer() >= p.Customer() {
					t.Fatalf("account %q: member %q out of place", ap.Account, p.Customer())
				}
			}
			id := CustomerID(ap.Account)
			whole := foldOne(t, id, genAsOf, relabel(ins, members, id))
			if d := profileDiff(whole, ap.Profile); d != "" {
				t.Fatalf("account %q profile (-fold of members as one +ByAccount):\n%s", ap.Account, d)
			}
		}
	})
}

func TestByAccountLeavesProfilesUnchanged(t *testing.T) {
	ins := []Interaction{
		{ID: "1", Customer: "ann", Time: genEpoch, Kind: Purchase, Amount: decimal.RequireFromString("10")},
		{ID: "2", Customer: "bob", Time: genEpoch.AddDate(0, 1, 0), Kind: Purchase, Amount: decimal.RequireFromString("5")},
	}
	ps, err := Fold(context.Background(), slices.Values(ins), genAsOf)
	if err != nil {
		t.Fatal(err)
	}
	ann, _ := ps.Get("ann")
	before := ann.Snapshot()
	aps := ps.ByAccount(func(CustomerID) AccountID { return "acme" })
	if len(aps) != 1 || aps[0].Profile.Purchases() != 2 || aps[0].Profile.Monetary().String() != "15" {
		t.Fatalf("ByAccount = %+v; want one account with 2 purchases worth 15", aps)
	}
	if d := cmp.Diff(before, ann.Snapshot()); d != "" {
		t.Fatalf("member profile changed (-before +after):\n%s", d)
	}
	if got := ps.ByAccount(nil); got != nil {
		t.Fatalf("ByAccount(nil) = %v; want nil", got)
	}
}

func TestAccountsOf(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryStore()
	if err := s.PutCustomers(ctx, Customer{ID: "ann", Account: "acme"}, Customer{ID: "bob"}); err != nil {
		t.Fatal(err)
	}
	got, err := AccountsOf(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got["ann"] != "acme" {
		t.Fatalf("AccountsOf = %v; want map[ann:acme]", got)
	}
}
