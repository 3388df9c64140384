package engagement

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
)

// AccountID identifies an account: the organisation B2B customers belong
// to ([Customer.Account]). Any non-empty string without control characters
// will do.
type AccountID string

// AccountProfile is what the members of one account add up to.
type AccountProfile struct {
	Account AccountID
	// Members are the profiles of the account's customers, in ascending
	// order of customer ID. They belong to the Profiles they came from.
	Members []*Profile
	// Profile is the fold of every member's interactions, as if one
	// customer had done all of them: purchases, days, money, referrals and
	// complaints add up, goodwill balances add up, and recency, the latest
	// recommendation and the latest advocacy are the account's newest. Its
	// Customer is the account ID. Classifying it (package stages) gives
	// the account's stage; thresholds made for one person are easier for
	// a large account to meet, so compare member stage mixes as well.
	Profile *Profile
}

// ByAccount rolls the profiles up by account: accountOf names each
// customer's account, and customers it gives no account ("") are left
// out. The result is in ascending order of account ID; ps is not changed.
func (ps *Profiles) ByAccount(accountOf func(CustomerID) AccountID) []AccountProfile {
	if accountOf == nil {
		return nil
	}
	type member struct {
		account AccountID
		p       *Profile
	}
	var ms []member
	for p := range ps.Unordered() {
		if a := accountOf(p.customer); a != "" {
			ms = append(ms, member{a, p})
		}
	}
	slices.SortFunc(ms, func(x, y member) int {
		return cmp.Or(cmp.Compare(x.account, y.account), cmp.Compare(x.p.customer, y.p.customer))
	})
	var out []AccountProfile
	for i := 0; i < len(ms); {
		j := i
		ap := AccountProfile{Account: ms[i].account}
		for ; j < len(ms) && ms[j].account == ap.Account; j++ {
			ap.Members = append(ap.Members, ms[j].p)
			if ap.Profile == nil {
				ap.Profile = ms[j].p.Clone()
				ap.Profile.customer = CustomerID(ap.Account)
				continue
			}
			ap.Profile.merge(ms[j].p)
		}
		out = append(out, ap)
		i = j
	}
	return out
}

// AccountsOf reads every customer's account from s, for
// [Profiles.ByAccount]: AccountsOf(ctx, s)[id] is id's account, "" when
// it has none or is not stored.
func AccountsOf(ctx context.Context, s Store) (map[CustomerID]AccountID, error) {
	out := make(map[CustomerID]AccountID)
	for c, err := range s.Customers(ctx) {
		if err != nil {
			return nil, fmt.Errorf("engagement: accounts: %w", err)
		}
		if c.Account != "" {
			out[c.ID] = c.Account
		}
	}
	return out, nil
}

// Each yields the members' profiles, for functions that take a stream of
// profiles, such as estimate.BaseOf.
func (ap AccountProfile) Each() iter.Seq[*Profile] { return slices.Values(ap.Members) }
