package stages

import "github.com/engagekit/engage/engagement"

// AccountResult is the stage of one account and the stages of its
// members.
type AccountResult struct {
	Account engagement.AccountID
	// Result classifies the account's combined profile, as if one customer
	// had done everything its members did.
	Result Result
	// Members counts the stages of the members, each classified alone.
	Members Distribution
}

// ClassifyAccount places an account ([engagement.Profiles.ByAccount]) in a
// stage, given the stage it was in before, and counts the stages of its
// members, each classified with no earlier stage (Unclassified) unless
// prevMember, when not nil, gives one.
func (r *Rules) ClassifyAccount(ap engagement.AccountProfile, prev Stage, prevMember func(engagement.CustomerID) Stage) AccountResult {
	res := AccountResult{Account: ap.Account}
	if ap.Profile != nil {
		res.Result = r.Classify(ap.Profile, prev)
	}
	for _, p := range ap.Members {
		before := Unclassified
		if prevMember != nil {
			before = prevMember(p.Customer())
		}
		res.Members.Add(r.Classify(p, before).Stage)
	}
	return res
}
