package storetest

import (
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// CustomerGen returns a generator of valid customers with short IDs of
// lower-case letters and digits, any group and consent, up to three
// attributes, an account or none, and up to four traits drawn by
// [PropertiesGen].
func CustomerGen() *rapid.Generator[engagement.Customer] {
	return customerFrom(customerIDGen())
}

// InteractionGen returns a generator of valid interactions: every
// built-in kind and a couple of user-defined ones, times from 2000 to 2030
// to the nanosecond in one of a few time zones, amounts with up to four
// decimal places, ratings on either scale or none, and up to four
// properties drawn by [PropertiesGen].
func InteractionGen() *rapid.Generator[engagement.Interaction] {
	return interactionFrom(
		rapid.StringMatching(`[a-z0-9-]{1,16}`),
		customerIDGen(),
		timeGen(),
	)
}

func customerIDGen() *rapid.Generator[engagement.CustomerID] {
	return rapid.Map(rapid.StringMatching(`[a-z][a-z0-9]{0,7}`), func(s string) engagement.CustomerID {
		return engagement.CustomerID(s)
	})
}

// customerFrom returns a generator of valid customers whose IDs come from
// ids.
func customerFrom(ids *rapid.Generator[engagement.CustomerID]) *rapid.Generator[engagement.Customer] {
	groups := []engagement.Group{
		engagement.GroupUnspecified, engagement.GroupProspect, engagement.GroupCustomer,
		engagement.GroupAdvocate, engagement.GroupFormer,
	}
	consents := []engagement.Consent{engagement.ConsentUnknown, engagement.ConsentGiven, engagement.ConsentRefused}
	return rapid.Custom(func(t *rapid.T) engagement.Customer {
		return engagement.Customer{
			ID:      ids.Draw(t, "id"),
			Name:    rapid.SampledFrom([]string{"", "Ada", "Bo", "Chidi Okafor"}).Draw(t, "name"),
			Group:   rapid.SampledFrom(groups).Draw(t, "group"),
			Consent: rapid.SampledFrom(consents).Draw(t, "consent"),
			Attributes: rapid.MapOfN(
				rapid.SampledFrom([]string{"region", "segment", "tier"}),
				rapid.SampledFrom([]string{"", "north", "b2b", "gold"}),
				0, 3,
			).Draw(t, "attributes"),
			Account: rapid.SampledFrom([]engagement.AccountID{"", "acme", "globex", "Acme Ltd."}).Draw(t, "account"),
			Traits:  propertiesFrom(traitNames).Draw(t, "traits"),
		}
	})
}

// Property and trait names the generators draw from: common ones, one
// with a space, one in upper case, and one that is not ASCII.
var (
	propertyNames = []string{"order_id", "sku", "utm_source", "utm_campaign", "device", "locale", "qty", "price", "gift", "shipped_at", "Note", "größe"}
	traitNames    = []string{"plan", "seats", "signed_up_at", "trial", "mrr", "lead source", "größe"}
)

// PropertiesGen returns a generator of valid properties: none (nil or an
// empty map, which are equal), or up to four names drawn from common
// property names, each set to a value drawn by [ValueGen].
func PropertiesGen() *rapid.Generator[engagement.Properties] {
	return propertiesFrom(propertyNames)
}

// propertiesFrom returns a generator of valid properties whose names come
// from names.
func propertiesFrom(names []string) *rapid.Generator[engagement.Properties] {
	return rapid.Custom(func(t *rapid.T) engagement.Properties {
		n := rapid.IntRange(0, 4).Draw(t, "properties")
		if n == 0 {
			return rapid.SampledFrom([]engagement.Properties{nil, {}}).Draw(t, "none")
		}
		ps := make(engagement.Properties, n)
		for range n {
			ps[rapid.SampledFrom(names).Draw(t, "name")] = ValueGen().Draw(t, "value")
		}
		return ps
	})
}

// ValueGen returns a generator of valid values of all four kinds: short
// texts (the empty text, non-ASCII text and text with a line break among
// them), decimal numbers of either sign with 0 to 12 decimal places or a
// positive exponent, truth values, and times from 2000 to 2030 to the
// nanosecond.
func ValueGen() *rapid.Generator[engagement.Value] {
	return rapid.OneOf(
		rapid.Map(rapid.SampledFrom([]string{"", "o-1001", "SKU-42", "newsletter", "iOS 17", "de-CH", "ünïcode ✓", "two\nlines", `"quoted", with comma`}), engagement.StringValue),
		rapid.Custom(func(t *rapid.T) engagement.Value {
			units := rapid.Int64Range(-1_000_000_000, 1_000_000_000).Draw(t, "number_units")
			exp := rapid.IntRange(-12, 3).Draw(t, "number_exp")
			return engagement.NumberValue(decimal.New(units, int32(exp)))
		}),
		rapid.Map(rapid.Bool(), engagement.BoolValue),
		rapid.Map(timeGen(), engagement.TimeValue),
	)
}

// zones returns the time zones drawn times are written in.
func zones() []*time.Location {
	return []*time.Location{
		time.UTC,
		time.FixedZone("UTC+05:30", 5*3600+1800),
		time.FixedZone("UTC-08", -8*3600),
	}
}

// timeGen returns a generator of times from 2000 to 2030, to the
// nanosecond, in one of zones.
func timeGen() *rapid.Generator[time.Time] {
	lo := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	return rapid.Custom(func(t *rapid.T) time.Time {
		sec := rapid.Int64Range(lo, hi).Draw(t, "unix_seconds")
		nsec := rapid.OneOf(rapid.Just(int64(0)), rapid.Int64Range(0, 999_999_999)).Draw(t, "nanoseconds")
		zone := rapid.SampledFrom(zones()).Draw(t, "zone")
		return time.Unix(sec, nsec).In(zone)
	})
}

// amountGen returns a generator of amounts from 0 to 99999.99, built from
// drawn integers, with zero to four decimal places.
func amountGen() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		exp := rapid.IntRange(-4, 0).Draw(t, "amount_exp")
		units := rapid.Int64Range(0, 10_000_000).Draw(t, "amount_units")
		return decimal.New(units, int32(exp))
	})
}

// ratingGen returns a generator of valid ratings, the zero Rating
// included.
func ratingGen() *rapid.Generator[engagement.Rating] {
	return rapid.OneOf(
		rapid.Just(engagement.Rating{}),
		rapid.Map(rapid.IntRange(1, 5), engagement.Satisfied),
		rapid.Map(rapid.IntRange(0, 10), engagement.Recommends),
	)
}

// interactionFrom returns a generator of valid interactions whose IDs,
// customers and times come from the given generators.
func interactionFrom(ids *rapid.Generator[string], customers *rapid.Generator[engagement.CustomerID], times *rapid.Generator[time.Time]) *rapid.Generator[engagement.Interaction] {
	kinds := append(engagement.BuiltinKinds(), "webinar", "app_open")
	return rapid.Custom(func(t *rapid.T) engagement.Interaction {
		return engagement.Interaction{
			ID:         ids.Draw(t, "id"),
			Customer:   customers.Draw(t, "customer"),
			Time:       times.Draw(t, "time"),
			Kind:       rapid.SampledFrom(kinds).Draw(t, "kind"),
			Touchpoint: rapid.SampledFrom([]string{"", "web", "shop", "call_centre"}).Draw(t, "touchpoint"),
			Amount:     rapid.OneOf(rapid.Just(decimal.Decimal{}), amountGen()).Draw(t, "amount"),
			Rating:     ratingGen().Draw(t, "rating"),
			Properties: PropertiesGen().Draw(t, "properties"),
		}
	})
}
