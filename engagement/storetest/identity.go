package storetest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/engagekit/engage/engagement"
)

// mergesOf reads the merges of id, recording a problem if the read fails
// or the order is wrong.
func mergesOf(p *problems, is engagement.IdentityStore, id engagement.CustomerID) ([]engagement.Merge, bool) {
	call := fmt.Sprintf("Merges(%q)", id)
	got, err := readAll(p, call, is.Merges(context.Background(), id))
	if err != nil {
		p.addf("%s: unexpected error: %v", call, err)
		return got, false
	}
	for i := 1; i < len(got); i++ {
		if compareMerges(got[i-1], got[i]) >= 0 {
			p.addf("%s yielded %v before %v; want ascending order of Time, then From", call, got[i-1], got[i])
			break
		}
	}
	return got, true
}

// compareMerges orders merges as Merges yields them.
func compareMerges(a, b engagement.Merge) int {
	return cmp.Or(a.Time.Compare(b.Time), strings.Compare(string(a.From), string(b.From)))
}

// diffMerges records a problem when got differs from want, merges
// compared with [engagement.Merge.Equal].
func diffMerges(p *problems, call string, want, got []engagement.Merge) {
	if d := gocmp.Diff(want, got, gocmp.Comparer(engagement.Merge.Equal)); d != "" {
		p.addf("%s mismatch (-want +got):\n%s", call, d)
	}
}

// checkResolve records a problem unless Resolve(id) is want.
func checkResolve(p *problems, is engagement.IdentityStore, after string, id, want engagement.CustomerID) {
	got, err := is.Resolve(context.Background(), id)
	switch {
	case err != nil:
		p.addf("Resolve(%q) after %s: unexpected error: %v", id, after, err)
	case got != want:
		p.addf("Resolve(%q) after %s = %q, want %q", id, after, got, want)
	}
}

// as returns copies of ins filed under customer c, in store order.
func as(c engagement.CustomerID, ins ...engagement.Interaction) []engagement.Interaction {
	out := make([]engagement.Interaction, len(ins))
	for i, in := range ins {
		in.Customer = c
		out[i] = in
	}
	slices.SortFunc(out, compareInteractions)
	return out
}

// checkCustomer records a problem unless Customer(id) returns want.
func checkCustomer(p *problems, s engagement.Store, after string, id engagement.CustomerID, want engagement.Customer) {
	got, err := s.Customer(context.Background(), id)
	switch {
	case err != nil:
		p.addf("Customer(%q) after %s: got error %v, want %+v", id, after, err, want)
	case !got.Equal(want):
		p.addf("Customer(%q) after %s = %+v, want %+v", id, after, got, want)
	}
}

// checkNoCustomer records a problem unless Customer(id) fails with
// ErrNotFound.
func checkNoCustomer(p *problems, s engagement.Store, after string, id engagement.CustomerID) {
	if got, err := s.Customer(context.Background(), id); !errors.Is(err, engagement.ErrNotFound) {
		p.addf("Customer(%q) after %s = %+v, %v; want an error matching ErrNotFound", id, after, got, err)
	}
}

// checkHistory records a problem unless Interactions({Customer: id})
// yields want.
func checkHistory(p *problems, s engagement.Store, after string, id engagement.CustomerID, want []engagement.Interaction) {
	q := engagement.Query{Customer: id}
	if got, ok := interactions(p, s, q); ok {
		diffInteractions(p, "Interactions("+queryString(q)+") after "+after, want, got)
	}
}

func checkMergeHistory(s engagement.Store) error {
	is, err := identityStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	t0 := epoch()
	visit := engagement.Interaction{
		ID: "v-1", Customer: "anon-7", Time: t0.Add(time.Hour), Kind: engagement.Visit, Touchpoint: "web",
		Properties: engagement.Properties{"utm_source": engagement.StringValue("newsletter")},
	}
	anonBuy := purchase("p-1", "anon-7", t0.Add(3*time.Hour), 500)
	userBuy := purchase("p-2", "u-42", t0.Add(2*time.Hour), 700)
	userBuy2 := purchase("p-3", "u-42", t0.Add(4*time.Hour), 900)
	otherBuy := purchase("p-4", "other", t0, 100)
	if err := s.Append(ctx, visit, anonBuy, userBuy, userBuy2, otherBuy); err != nil {
		return fmt.Errorf("Append: %v", err)
	}
	anon := engagement.Customer{
		ID: "anon-7", Group: engagement.GroupProspect, Account: "acme",
		Attributes: map[string]string{"region": "north", "tier": "trial"},
		Traits:     engagement.Properties{"device": engagement.StringValue("ios"), "plan": engagement.StringValue("free")},
	}
	user := engagement.Customer{
		ID: "u-42", Name: "Ada", Consent: engagement.ConsentGiven,
		Attributes: map[string]string{"tier": "gold"},
		Traits:     engagement.Properties{"plan": engagement.StringValue("pro")},
	}
	other := engagement.Customer{ID: "other", Name: "Bo"}
	if err := s.PutCustomers(ctx, anon, user, other); err != nil {
		return fmt.Errorf("PutCustomers: %v", err)
	}

	m := engagement.Merge{From: "anon-7", Into: "u-42", Time: t0.Add(5 * time.Hour), Reason: "login"}
	if err := is.Merge(ctx, m); err != nil {
		return fmt.Errorf("Merge(%v): %v", m, err)
	}
	after := fmt.Sprintf("Merge(%v)", m)
	history := as("u-42", visit, anonBuy, userBuy, userBuy2)
	merged := engagement.MergeCustomers(user, anon)
	for _, id := range []engagement.CustomerID{"anon-7", "u-42"} {
		checkHistory(&p, s, after, id, history)
		checkCustomer(&p, s, after, id, merged)
		if got, ok := mergesOf(&p, is, id); ok {
			diffMerges(&p, fmt.Sprintf("Merges(%q) after %s", id, after), []engagement.Merge{m}, got)
		}
	}
	if got, ok := interactions(&p, s, engagement.Query{}); ok {
		diffInteractions(&p, "Interactions({}) after "+after, append([]engagement.Interaction{otherBuy}, history...), got)
	}
	if got, ok := customers(&p, s); ok {
		diffCustomers(&p, "Customers after "+after+" (no alias listed)", []engagement.Customer{other, merged}, got)
	}
	checkResolve(&p, is, after, "anon-7", "u-42")
	checkResolve(&p, is, after, "u-42", "u-42")
	checkResolve(&p, is, after, "nobody", "nobody")
	if got, ok := mergesOf(&p, is, "other"); ok && len(got) != 0 {
		p.addf("Merges(%q), a customer no one was merged into, yielded %v; want none", "other", got)
	}

	// The alias stands for u-42 in later calls too.
	if err := s.Append(ctx, anonBuy, visit); err != nil {
		p.addf("Append of interactions stored before the merge, naming the alias again: got error %v, want nil (they are stored already)", err)
	}
	changed := anonBuy
	changed.Touchpoint = "shop"
	if err := s.Append(ctx, changed); !errors.Is(err, engagement.ErrConflict) {
		p.addf("Append of a stored ID with another touch point, naming the alias: got error %v, want one matching ErrConflict", err)
	}
	late := purchase("p-5", "anon-7", t0.Add(6*time.Hour), 300)
	if err := s.Append(ctx, late); err != nil {
		return errors.Join(append(p, fmt.Errorf("Append naming the alias after the merge: %v", err))...)
	}
	history = as("u-42", visit, anonBuy, userBuy, userBuy2, late)
	checkHistory(&p, s, after+" and an Append naming the alias", "u-42", history)
	checkHistory(&p, s, after+" and an Append naming the alias", "anon-7", history)

	renamed := engagement.Customer{ID: "anon-7", Name: "Renamed"}
	if err := s.PutCustomers(ctx, renamed); err != nil {
		return errors.Join(append(p, fmt.Errorf("PutCustomers naming the alias: %v", err))...)
	}
	after = "PutCustomers(" + fmt.Sprintf("%+v", renamed) + ") naming the alias"
	checkCustomer(&p, s, after, "u-42", engagement.Customer{ID: "u-42", Name: "Renamed"})
	if got, ok := customers(&p, s); ok {
		diffCustomers(&p, "Customers after "+after, []engagement.Customer{other, {ID: "u-42", Name: "Renamed"}}, got)
	}

	// When only From has a record, it is kept under Into's ID.
	solo := engagement.Customer{ID: "solo", Name: "Solo", Traits: engagement.Properties{"plan": engagement.StringValue("free")}}
	if err := s.PutCustomers(ctx, solo); err != nil {
		return errors.Join(append(p, fmt.Errorf("PutCustomers: %v", err))...)
	}
	m2 := engagement.Merge{From: "solo", Into: "bare", Time: t0.Add(7 * time.Hour)}
	if err := is.Merge(ctx, m2); err != nil {
		return errors.Join(append(p, fmt.Errorf("Merge(%v): %v", m2, err))...)
	}
	moved := solo.Clone()
	moved.ID = "bare"
	checkCustomer(&p, s, fmt.Sprintf("Merge(%v), where only From had a record", m2), "bare", moved)
	checkCustomer(&p, s, fmt.Sprintf("Merge(%v), where only From had a record", m2), "solo", moved)
	return p.err()
}

func checkMergeChain(s engagement.Store) error {
	is, err := identityStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	t0 := epoch()
	ids := []engagement.CustomerID{"a", "b", "c", "d"}
	var (
		ins []engagement.Interaction
		cs  []engagement.Customer
	)
	for i, id := range ids {
		ins = append(ins, purchase("p-"+string(id), id, t0.Add(time.Duration(4-i)*time.Hour), int64(100*(i+1))))
		cs = append(cs, engagement.Customer{
			ID: id, Name: "name " + string(id),
			Attributes: map[string]string{"from_" + string(id): "yes"},
			Traits:     engagement.Properties{"seen_" + string(id): engagement.BoolValue(true)},
		})
	}
	if err := s.Append(ctx, ins...); err != nil {
		return fmt.Errorf("Append: %v", err)
	}
	if err := s.PutCustomers(ctx, cs...); err != nil {
		return fmt.Errorf("PutCustomers: %v", err)
	}
	ms := []engagement.Merge{
		{From: "a", Into: "b", Time: t0.Add(10 * time.Hour), Reason: "same e-mail"},
		{From: "b", Into: "c", Time: t0.Add(11 * time.Hour), Reason: "login"},
		{From: "d", Into: "a", Time: t0.Add(9 * time.Hour), Reason: "into an alias"}, // earlier Time, merged last
	}
	var done []string
	for _, m := range ms {
		if err := is.Merge(ctx, m); err != nil {
			return errors.Join(append(p, fmt.Errorf("Merge(%v) after %q: %v", m, done, err))...)
		}
		done = append(done, m.String())
	}
	after := fmt.Sprintf("the merges %q", done)
	rec := engagement.MergeCustomers(cs[1], cs[0])
	rec.ID = "c"
	rec = engagement.MergeCustomers(cs[2], rec)
	rec = engagement.MergeCustomers(rec, cs[3])
	wantMerges := []engagement.Merge{ms[2], ms[0], ms[1]} // by Time; each as recorded
	history := as("c", ins...)
	for _, id := range ids {
		checkResolve(&p, is, after, id, "c")
		checkHistory(&p, s, after, id, history)
		checkCustomer(&p, s, after, id, rec)
		if got, ok := mergesOf(&p, is, id); ok {
			diffMerges(&p, fmt.Sprintf("Merges(%q) after %s", id, after), wantMerges, got)
		}
	}
	if got, ok := customers(&p, s); ok {
		diffCustomers(&p, "Customers after "+after+" (only the customer all stand for)", []engagement.Customer{rec}, got)
	}
	return p.err()
}

func checkMergeInvalid(s engagement.Store) error {
	is, err := identityStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	t0 := epoch()
	stored := purchase("p-1", "a", t0, 100)
	if err := s.Append(ctx, stored); err != nil {
		return fmt.Errorf("Append: %v", err)
	}
	bad := []struct {
		what string
		m    engagement.Merge
	}{
		{"a customer into itself", engagement.Merge{From: "a", Into: "a", Time: t0}},
		{"an empty From", engagement.Merge{Into: "a", Time: t0}},
		{"an empty Into", engagement.Merge{From: "a", Time: t0}},
		{"no time", engagement.Merge{From: "a", Into: "b"}},
		{"a control character in From", engagement.Merge{From: "a\x00", Into: "b", Time: t0}},
		{"a time after 2262", engagement.Merge{From: "a", Into: "b", Time: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)}},
	}
	for _, b := range bad {
		err := is.Merge(ctx, b.m)
		var fe *engagement.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) {
			p.addf("Merge with %s (%+v): got error %v, want a *FieldError matching ErrInvalid", b.what, b.m, err)
		}
	}
	after := "only invalid merges"
	checkResolve(&p, is, after, "a", "a")
	checkResolve(&p, is, after, "b", "b")
	for _, id := range []engagement.CustomerID{"a", "b"} {
		if got, ok := mergesOf(&p, is, id); ok && len(got) != 0 {
			p.addf("Merges(%q) after %s yielded %v; want none", id, after, got)
		}
	}
	checkHistory(&p, s, after, "a", []engagement.Interaction{stored})
	return p.err()
}

func checkMergeConflict(s engagement.Store) error {
	is, err := identityStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	t0 := epoch()
	ins := []engagement.Interaction{
		purchase("p-a", "a", t0, 100), purchase("p-b", "b", t0.Add(time.Hour), 200), purchase("p-c", "c", t0.Add(2*time.Hour), 300),
	}
	if err := s.Append(ctx, ins...); err != nil {
		return fmt.Errorf("Append: %v", err)
	}
	ab := engagement.Merge{From: "a", Into: "b", Time: t0.Add(10 * time.Hour)}
	bc := engagement.Merge{From: "b", Into: "c", Time: t0.Add(11 * time.Hour)}
	conflict := func(after string, m engagement.Merge, why string) {
		if err := is.Merge(ctx, m); !errors.Is(err, engagement.ErrConflict) {
			p.addf("Merge(%v) after %s (%s): got error %v, want one matching ErrConflict", m, after, why, err)
		}
	}
	if err := is.Merge(ctx, ab); err != nil {
		return fmt.Errorf("Merge(%v): %v", ab, err)
	}
	after := fmt.Sprintf("Merge(%v)", ab)
	conflict(after, engagement.Merge{From: "a", Into: "c", Time: t0.Add(12 * time.Hour)}, `"a" is an alias of "b" already`)
	conflict(after, engagement.Merge{From: "b", Into: "a", Time: t0.Add(12 * time.Hour)}, `"a" stands for "b": a cycle`)
	if err := is.Merge(ctx, bc); err != nil {
		return errors.Join(append(p, fmt.Errorf("Merge(%v) after %s: %v", bc, after, err))...)
	}
	after = fmt.Sprintf("Merge(%v) and Merge(%v)", ab, bc)
	conflict(after, engagement.Merge{From: "c", Into: "a", Time: t0.Add(12 * time.Hour)}, `"a" stands for "c": a cycle through a chain`)
	conflict(after, engagement.Merge{From: "c", Into: "b", Time: t0.Add(12 * time.Hour)}, `"b" stands for "c": a cycle`)
	conflict(after, engagement.Merge{From: "b", Into: "d", Time: t0.Add(12 * time.Hour)}, `"b" is an alias of "c" already`)

	after += " and the refused merges"
	for _, id := range []engagement.CustomerID{"a", "b", "c"} {
		checkResolve(&p, is, after, id, "c")
		checkHistory(&p, s, after, id, as("c", ins...))
		if got, ok := mergesOf(&p, is, id); ok {
			diffMerges(&p, fmt.Sprintf("Merges(%q) after %s", id, after), []engagement.Merge{ab, bc}, got)
		}
	}
	checkResolve(&p, is, after, "d", "d")
	return p.err()
}

func checkMergeIdempotent(s engagement.Store) error {
	is, err := identityStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	t0 := epoch()
	ins := []engagement.Interaction{purchase("p-a", "a", t0, 100), purchase("p-b", "b", t0.Add(time.Hour), 200)}
	if err := s.Append(ctx, ins...); err != nil {
		return fmt.Errorf("Append: %v", err)
	}
	ab := engagement.Merge{From: "a", Into: "b", Time: t0.Add(10 * time.Hour), Reason: "login"}
	if err := is.Merge(ctx, ab); err != nil {
		return fmt.Errorf("Merge(%v): %v", ab, err)
	}
	again := []engagement.Merge{
		ab,
		{From: "a", Into: "b", Time: t0.Add(20 * time.Hour), Reason: "login again"},
	}
	for _, m := range again {
		if err := is.Merge(ctx, m); err != nil {
			p.addf("Merge(%v) after Merge(%v): got error %v, want nil (an alias merged into the customer it stands for changes nothing)", m, ab, err)
		}
	}
	after := fmt.Sprintf("Merge(%v) and its repeats", ab)
	if got, ok := mergesOf(&p, is, "b"); ok {
		diffMerges(&p, fmt.Sprintf("Merges(%q) after %s (recorded once)", "b", after), []engagement.Merge{ab}, got)
	}
	checkHistory(&p, s, after, "b", as("b", ins...))

	bc := engagement.Merge{From: "b", Into: "c", Time: t0.Add(30 * time.Hour)}
	if err := is.Merge(ctx, bc); err != nil {
		return errors.Join(append(p, fmt.Errorf("Merge(%v): %v", bc, err))...)
	}
	for _, m := range []engagement.Merge{
		{From: "a", Into: "c", Time: t0.Add(40 * time.Hour)},
		{From: "a", Into: "b", Time: t0.Add(40 * time.Hour)},
	} {
		if err := is.Merge(ctx, m); err != nil {
			p.addf("Merge(%v) after Merge(%v) and Merge(%v): got error %v, want nil (%q stands for %q already)", m, ab, bc, err, m.From, "c")
		}
	}
	if got, ok := mergesOf(&p, is, "c"); ok {
		diffMerges(&p, fmt.Sprintf("Merges(%q) after a chain and repeats", "c"), []engagement.Merge{ab, bc}, got)
	}
	checkResolve(&p, is, "a chain and repeats", "a", "c")
	return p.err()
}
