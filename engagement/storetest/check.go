package storetest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/engagekit/engage/engagement"
	"github.com/shopspring/decimal"
)

// problems gathers what a check found wrong with a store.
type problems []error

func (p *problems) addf(format string, args ...any) {
	*p = append(*p, fmt.Errorf(format, args...))
}

func (p problems) err() error { return errors.Join(p...) }

// readAll ranges over seq to its end, as a careless caller would, and
// returns the values yielded before the first error, and that error. A
// value or error yielded after the first error is a problem: the iterator
// must stop there.
func readAll[V any](p *problems, call string, seq iter.Seq2[V, error]) ([]V, error) {
	var (
		vals  []V
		first error
		after int
	)
	for v, err := range seq {
		switch {
		case first != nil:
			after++
		case err != nil:
			first = err
		default:
			vals = append(vals, v)
		}
	}
	if after > 0 {
		p.addf("%s yielded %d more pairs after the error %q; an iterator must stop at its first error", call, after, first)
	}
	return vals, first
}

// interactions reads what q selects, recording a problem if the read fails
// or breaks the ordering and UTC clauses.
func interactions(p *problems, s engagement.Store, q engagement.Query) ([]engagement.Interaction, bool) {
	call := "Interactions(" + queryString(q) + ")"
	got, err := readAll(p, call, s.Interactions(context.Background(), q))
	if err != nil {
		p.addf("%s: unexpected error: %v", call, err)
		return got, false
	}
	checkOrder(p, call, got)
	return got, true
}

// customers reads every customer, recording a problem if the read fails or
// the order is wrong.
func customers(p *problems, s engagement.Store) ([]engagement.Customer, bool) {
	got, err := readAll(p, "Customers", s.Customers(context.Background()))
	if err != nil {
		p.addf("Customers: unexpected error: %v", err)
		return got, false
	}
	for i := 1; i < len(got); i++ {
		if got[i-1].ID >= got[i].ID {
			p.addf("Customers yielded %q before %q; want strictly ascending IDs", got[i-1].ID, got[i].ID)
			break
		}
	}
	return got, true
}

// checkOrder records a problem if got is not ordered by customer, time and
// ID, or holds a time that is not in UTC.
func checkOrder(p *problems, call string, got []engagement.Interaction) {
	for i, in := range got {
		if in.Time.Location() != time.UTC {
			p.addf("%s yielded id %q with time %v in %v; want UTC", call, in.ID, in.Time, in.Time.Location())
			break
		}
		if i > 0 && compareInteractions(got[i-1], in) >= 0 {
			p.addf("%s yielded id %q (customer %q, %v) before id %q (customer %q, %v); want order by customer, time, id",
				call, got[i-1].ID, got[i-1].Customer, got[i-1].Time, in.ID, in.Customer, in.Time)
			break
		}
	}
}

// compareInteractions orders interactions as a Store yields them.
func compareInteractions(a, b engagement.Interaction) int {
	return cmp.Or(
		strings.Compare(string(a.Customer), string(b.Customer)),
		a.Time.Compare(b.Time),
		strings.Compare(a.ID, b.ID),
	)
}

// selected returns the interactions of all that q selects, in store order.
func selected(all []engagement.Interaction, q engagement.Query) []engagement.Interaction {
	var out []engagement.Interaction
	for _, in := range all {
		if q.Match(in) {
			out = append(out, in)
		}
	}
	slices.SortFunc(out, compareInteractions)
	return out
}

// diffInteractions records a problem when got differs from want; both
// are compared with [engagement.Interaction.Equal].
func diffInteractions(p *problems, call string, want, got []engagement.Interaction) {
	if d := gocmp.Diff(want, got, gocmp.Comparer(engagement.Interaction.Equal)); d != "" {
		p.addf("%s mismatch (-want +got):\n%s", call, d)
	}
}

// diffCustomers records a problem when got differs from want; both are
// compared with [engagement.Customer.Equal].
func diffCustomers(p *problems, call string, want, got []engagement.Customer) {
	if d := gocmp.Diff(want, got, gocmp.Comparer(engagement.Customer.Equal)); d != "" {
		p.addf("%s mismatch (-want +got):\n%s", call, d)
	}
}

func queryString(q engagement.Query) string {
	var parts []string
	if q.Customer != "" {
		parts = append(parts, fmt.Sprintf("Customer: %q", q.Customer))
	}
	if !q.From.IsZero() {
		parts = append(parts, "From: "+q.From.Format(time.RFC3339Nano))
	}
	if !q.To.IsZero() {
		parts = append(parts, "To: "+q.To.Format(time.RFC3339Nano))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// epoch is the start of the day the fixed cases happen on.
func epoch() time.Time { return time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC) }

// purchase returns a valid interaction for the fixed cases.
func purchase(id string, c engagement.CustomerID, t time.Time, cents int64) engagement.Interaction {
	return engagement.Interaction{
		ID:         id,
		Customer:   c,
		Time:       t,
		Kind:       engagement.Purchase,
		Touchpoint: "web",
		Amount:     decimal.New(cents, -2),
	}
}

// reshaped returns in with the same facts written differently: the time in
// another zone and the amount with more decimal places. The result is
// [engagement.Interaction.Equal] to in.
func reshaped(in engagement.Interaction) engagement.Interaction {
	zone := time.FixedZone("UTC+05:30", 5*3600+1800)
	if in.Time.Location() == zone || in.Time.Location().String() == zone.String() {
		zone = time.FixedZone("UTC-08", -8*3600)
	}
	in.Time = in.Time.In(zone)
	in.Amount = in.Amount.Add(decimal.New(0, -6))
	return in
}
