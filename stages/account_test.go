package stages_test

import (
	"testing"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
	"pgregory.net/rapid"
)

// An account's result classifies its combined profile, and its member mix
// counts each member once at the stage it has alone.
func TestClassifyAccountAgreesWithClassify(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ps := genProfiles(t)
		accounts := map[engagement.CustomerID]engagement.AccountID{"a": "acme", "b": "acme", "c": "acme", "d": "globex"}
		prev := genStage().Draw(t, "prev")
		memberPrev := genStage().Draw(t, "member_prev")
		rules := stages.DefaultRules()
		for _, ap := range ps.ByAccount(func(id engagement.CustomerID) engagement.AccountID { return accounts[id] }) {
			res := rules.ClassifyAccount(ap, prev, func(engagement.CustomerID) stages.Stage { return memberPrev })
			if res.Account != ap.Account {
				t.Fatalf("Account = %q; want %q", res.Account, ap.Account)
			}
			if want := rules.Classify(ap.Profile, prev); res.Result.Stage != want.Stage || res.Result.Why != want.Why {
				t.Fatalf("account %q: %v; want %v", ap.Account, res.Result, want)
			}
			var want stages.Distribution
			for _, p := range ap.Members {
				want.Add(rules.Classify(p, memberPrev).Stage)
			}
			if res.Members != want || res.Members.Total() != len(ap.Members) {
				t.Fatalf("account %q members %v; want %v over %d", ap.Account, res.Members, want, len(ap.Members))
			}
		}
	})
}
