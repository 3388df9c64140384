package storetest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/shopspring/decimal"
)

// sampleProperties returns properties of every kind, with the awkward
// cases a backend may lose: trailing zeros of a number (1.50, 0.00), a
// negative number, a number of 40 digits, a positive exponent, the empty
// text, non-ASCII names and text, a line break, and a time in another
// zone to the nanosecond.
func sampleProperties() engagement.Properties {
	india := time.FixedZone("UTC+05:30", 5*3600+1800)
	return engagement.Properties{
		"order_id":   engagement.StringValue("o-1001"),
		"qty":        engagement.IntValue(3),
		"price":      engagement.NumberValue(decimal.New(150, -2)),
		"discount":   engagement.NumberValue(decimal.New(-5, -3)),
		"nothing":    engagement.NumberValue(decimal.New(0, -2)),
		"thousands":  engagement.NumberValue(decimal.New(12, 3)),
		"long":       engagement.NumberValue(decimal.RequireFromString("1234567890123456789012345678901.123456789")),
		"gift":       engagement.BoolValue(false),
		"first":      engagement.BoolValue(true),
		"shipped_at": engagement.TimeValue(time.Date(2024, 3, 1, 17, 4, 5, 123456789, india)),
		"utm_source": engagement.StringValue(""),
		"größe":      engagement.StringValue("ünïcode ✓"),
		"note text":  engagement.StringValue("two\nlines, \"quoted\""),
	}
}

// diffProperties records a problem when got differs from want: a name
// missing or extra, a value of another kind or value, or a number with
// another scale (1.5 for 1.50), which [engagement.Properties.Equal] alone
// would let pass.
func diffProperties(p *problems, what string, want, got engagement.Properties) {
	for _, k := range want.Keys() {
		w := want[k]
		g, ok := got[k]
		switch {
		case !ok:
			p.addf("%s: property %q is missing; want %s %q", what, k, w.Kind(), w)
		case !g.Equal(w):
			p.addf("%s: property %q = %s %q, want %s %q", what, k, g.Kind(), g, w.Kind(), w)
		case g.Kind() == engagement.ValueNumber && g.String() != w.String():
			p.addf("%s: number property %q came back as %s, want %s (the scale must be kept)", what, k, g, w)
		}
	}
	for _, k := range got.Keys() {
		if _, ok := want[k]; !ok {
			p.addf("%s: property %q = %s %q is extra; want no such property", what, k, got[k].Kind(), got[k])
		}
	}
}

func checkPropertiesRoundTrip(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	rich := purchase("p-rich", "ada", epoch().Add(time.Hour), 1999)
	rich.Properties = sampleProperties()
	none := purchase("p-nil", "ada", epoch().Add(2*time.Hour), 100)
	empty := purchase("p-empty", "ada", epoch().Add(3*time.Hour), 100)
	empty.Properties = engagement.Properties{}
	want := []engagement.Interaction{rich, none, empty}
	if err := s.Append(ctx, want...); err != nil {
		return fmt.Errorf("Append of interactions with properties of every kind: %v", err)
	}
	if got, ok := interactions(&p, s, engagement.Query{}); ok {
		diffInteractions(&p, "Interactions({}) after appending properties", want, got)
		for _, in := range got {
			if in.ID == rich.ID {
				diffProperties(&p, fmt.Sprintf("Interactions({}) id %q", in.ID), rich.Properties, in.Properties)
			}
		}
	}

	traits := sampleProperties()
	cs := []engagement.Customer{
		{ID: "ada", Name: "Ada", Account: "acme", Traits: traits},
		{ID: "bo", Account: "Globex Ltd.", Traits: engagement.Properties{}},
		{ID: "chidi"},
	}
	if err := s.PutCustomers(ctx, cs...); err != nil {
		return fmt.Errorf("PutCustomers of customers with accounts and traits of every kind: %v", err)
	}
	for _, w := range cs {
		got, err := s.Customer(ctx, w.ID)
		if err != nil {
			p.addf("Customer(%q): unexpected error: %v", w.ID, err)
			continue
		}
		diffCustomers(&p, fmt.Sprintf("Customer(%q)", w.ID), []engagement.Customer{w}, []engagement.Customer{got})
		diffProperties(&p, fmt.Sprintf("Customer(%q) traits", w.ID), w.Traits, got.Traits)
	}
	if got, ok := customers(&p, s); ok {
		diffCustomers(&p, "Customers", cs, got)
		for _, c := range got {
			if c.ID == "ada" {
				diffProperties(&p, `Customers: customer "ada" traits`, traits, c.Traits)
			}
		}
	}
	return p.err()
}

func checkPropertiesCopies(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	want := purchase("p-1", "ada", epoch(), 100)
	want.Properties = engagement.Properties{"sku": engagement.StringValue("SKU-1")}
	in := want.Clone()
	if err := s.Append(ctx, in); err != nil {
		return fmt.Errorf("Append: %v", err)
	}
	in.Properties["sku"] = engagement.StringValue("changed by caller")
	in.Properties["extra"] = engagement.BoolValue(true)
	checkIn := func(after string) {
		if got, ok := interactions(&p, s, engagement.Query{}); ok {
			diffInteractions(&p, "Interactions({}) after "+after, []engagement.Interaction{want}, got)
		}
	}
	checkIn("changing the Properties passed to Append")
	for got, err := range s.Interactions(ctx, engagement.Query{}) {
		if err != nil {
			p.addf("Interactions({}): unexpected error: %v", err)
			break
		}
		if got.Properties != nil {
			got.Properties["sku"] = engagement.StringValue("changed via Interactions")
			got.Properties["extra"] = engagement.BoolValue(true)
		}
	}
	checkIn("changing the Properties Interactions yielded")

	c := engagement.Customer{ID: "ada", Traits: engagement.Properties{"plan": engagement.StringValue("pro")}}
	cin := c.Clone()
	if err := s.PutCustomers(ctx, cin); err != nil {
		return fmt.Errorf("PutCustomers: %v", err)
	}
	cin.Traits["plan"] = engagement.StringValue("changed by caller")
	checkC := func(after string) {
		got, err := s.Customer(ctx, "ada")
		switch {
		case err != nil:
			p.addf("Customer(%q) after %s: unexpected error: %v", "ada", after, err)
		case !got.Equal(c):
			p.addf("Customer(%q) after %s = %+v, want %+v", "ada", after, got, c)
		}
	}
	checkC("changing the Traits passed to PutCustomers")
	if got, err := s.Customer(ctx, "ada"); err == nil && got.Traits != nil {
		got.Traits["plan"] = engagement.StringValue("changed via Customer")
		checkC("changing the Traits Customer returned")
	}
	for got, err := range s.Customers(ctx) {
		if err != nil {
			p.addf("Customers: unexpected error: %v", err)
			break
		}
		if got.Traits != nil {
			got.Traits["plan"] = engagement.StringValue("changed via Customers")
		}
	}
	checkC("changing the Traits Customers yielded")
	return p.err()
}

func checkAppendPropertiesConflict(s engagement.Store) error {
	ctx := context.Background()
	var p problems
	stored := purchase("p-1", "ada", epoch(), 1000)
	stored.Properties = engagement.Properties{
		"sku":        engagement.StringValue("SKU-1"),
		"qty":        engagement.NumberValue(decimal.New(150, -2)),
		"shipped_at": engagement.TimeValue(epoch().Add(time.Hour)),
	}
	if err := s.Append(ctx, stored); err != nil {
		return fmt.Errorf("Append: %v", err)
	}
	change := func(f func(engagement.Properties)) engagement.Interaction {
		in := stored.Clone()
		f(in.Properties)
		return in
	}
	conflicts := []struct {
		what string
		in   engagement.Interaction
	}{
		{"a property's value changed", change(func(ps engagement.Properties) { ps["sku"] = engagement.StringValue("SKU-2") })},
		{"a property of another kind (text \"1.50\" for the number)", change(func(ps engagement.Properties) { ps["qty"] = engagement.StringValue("1.50") })},
		{"a property added", change(func(ps engagement.Properties) { ps["gift"] = engagement.BoolValue(false) })},
		{"a property removed", change(func(ps engagement.Properties) { delete(ps, "shipped_at") })},
		{"the time property 1ns later", change(func(ps engagement.Properties) {
			ps["shipped_at"] = engagement.TimeValue(epoch().Add(time.Hour + time.Nanosecond))
		})},
	}
	for _, c := range conflicts {
		fresh := purchase("fresh-"+c.what, "ada", epoch().Add(2*time.Hour), 100)
		if err := s.Append(ctx, fresh, c.in); !errors.Is(err, engagement.ErrConflict) {
			p.addf("Append(new, stored ID with %s): got error %v, want one matching ErrConflict", c.what, err)
		}
	}
	none := stored.Clone()
	none.Properties = nil
	if err := s.Append(ctx, none); !errors.Is(err, engagement.ErrConflict) {
		p.addf("Append(stored ID with its properties dropped): got error %v, want one matching ErrConflict", err)
	}

	same := []struct {
		what string
		in   engagement.Interaction
	}{
		{"the number written with another scale (1.5 for 1.50)", change(func(ps engagement.Properties) { ps["qty"] = engagement.NumberValue(decimal.New(15, -1)) })},
		{"the time property in another zone", change(func(ps engagement.Properties) {
			ps["shipped_at"] = engagement.TimeValue(epoch().Add(time.Hour).In(time.FixedZone("UTC-08", -8*3600)))
		})},
	}
	for _, c := range same {
		if err := s.Append(ctx, c.in); err != nil {
			p.addf("Append(stored interaction with %s, which is Equal): got error %v, want nil", c.what, err)
		}
	}
	if got, ok := interactions(&p, s, engagement.Query{}); ok {
		diffInteractions(&p, "Interactions({}) after failed and repeated appends", []engagement.Interaction{stored}, got)
		if len(got) == 1 {
			diffProperties(&p, "Interactions({}) after Equal repeats (the first write is kept)", stored.Properties, got[0].Properties)
		}
	}
	return p.err()
}
