package segment_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/segment"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

var asOf = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func daysAgo(d int) time.Time { return asOf.AddDate(0, 0, -d) }

// annHistory is one customer's history: three purchases, the latest 12
// days ago, a referral, a satisfaction answer and a promoter's answer.
func annHistory() []engagement.Interaction {
	news := engagement.Properties{"utm_source": engagement.StringValue("newsletter")}
	ins := []engagement.Interaction{
		{Time: daysAgo(200), Kind: engagement.Purchase, Amount: decimal.RequireFromString("40.00"), Touchpoint: "web"},
		{Time: daysAgo(100), Kind: engagement.Purchase, Amount: decimal.RequireFromString("55.00"), Touchpoint: "shop", Properties: news},
		{Time: daysAgo(40), Kind: engagement.Referral},
		{Time: daysAgo(20), Kind: engagement.RatingGiven, Rating: engagement.Rating{Scale: engagement.Satisfaction, Value: 4}},
		{Time: daysAgo(12), Kind: engagement.Purchase, Amount: decimal.RequireFromString("25.00"), Touchpoint: "web", Properties: news},
		{Time: daysAgo(5), Kind: engagement.RatingGiven, Rating: engagement.Rating{Scale: engagement.Recommend, Value: 9}},
	}
	for i := range ins {
		ins[i].ID, ins[i].Customer = fmt.Sprint("ann-", i), "ann"
	}
	return ins
}

func annCustomer() engagement.Customer {
	return engagement.Customer{ID: "ann", Group: engagement.GroupCustomer, Consent: engagement.ConsentGiven,
		Account: "acme", Attributes: map[string]string{"region": "north"},
		Traits: engagement.Properties{
			"plan":      engagement.StringValue("pro"),
			"seats":     engagement.IntValue(5),
			"trial":     engagement.BoolValue(false),
			"signed_up": engagement.TimeValue(daysAgo(300)),
		}}
}

func annConsent() []engagement.ConsentRecord {
	return []engagement.ConsentRecord{
		{Customer: "ann", Purpose: engagement.PurposeMarketing, Channel: "email", State: engagement.ConsentGiven, Time: daysAgo(90), Source: "signup form"},
		{Customer: "ann", Purpose: engagement.PurposeMarketing, Channel: "sms", State: engagement.ConsentGiven, Time: daysAgo(90)},
		{Customer: "ann", Purpose: engagement.PurposeMarketing, Channel: "sms", State: engagement.ConsentRefused, Time: daysAgo(10)},
		{Customer: "ann", Purpose: engagement.PurposeResearch, State: engagement.ConsentGiven, Time: daysAgo(90), Expires: daysAgo(30)},
	}
}

func annFacts(t testing.TB) segment.Facts {
	p, err := engagement.NewProfile("ann", asOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range annHistory() {
		if err := p.Add(in); err != nil {
			t.Fatal(err)
		}
	}
	return segment.Facts{Customer: annCustomer(), Profile: p, Stage: stages.Classify(p, stages.Unclassified),
		Consent: annConsent(), Interactions: annHistory()}
}

// TestFields checks each field on one hand-built customer: whether the
// condition holds, and that the explanation gives the value found.
func TestFields(t *testing.T) {
	f := annFacts(t)
	if f.Stage.Stage != stages.Advocate {
		t.Fatalf("the customer is %v, the table expects an advocate", f.Stage.Stage)
	}
	for _, c := range []struct {
		text   string
		want   bool
		detail string
	}{
		{"stage = advocate", true, "stage is advocate (wanted advocate)"},
		{"stage != advocate", false, "stage is advocate (wanted not advocate)"},
		{"stage >= returning", true, "stage is advocate (wanted at least returning)"},
		{"stage in (prospect, former)", false, "wanted one of prospect, former"},
		{"level = fully_engaged", true, "level is fully_engaged"},
		{"level < engaged", false, "level is fully_engaged (wanted below engaged)"},
		{"nps = promoter", true, "NPS class is promoter"},
		{"recommend >= 9", true, "latest likelihood to recommend is 9 (wanted at least 9)"},
		{"purchases = 3", true, "purchases is 3"},
		{"purchases > 2.5", true, "purchases is 3 (wanted above 2.5)"},
		{"purchase_days in (1, 2)", false, "purchase days is 3 (wanted one of 1, 2)"},
		{"monetary >= 120", true, "monetary value is 120.0"},
		{"monetary > 120.00", false, "(wanted above 120.00)"},
		{"satisfaction >= 4", true, "mean satisfaction is 4"},
		{"goodwill > 0", true, "goodwill is"},
		{"referrals = 1", true, "referrals is 1"},
		{"complaints_open = 0", true, "open complaints is 0"},
		{"complaints_resolved > 0", false, "resolved complaints is 0"},
		{"interactions = 6", true, "interactions is 6"},
		{"last_purchase within 30d", true, "last purchase 12 days ago (wanted within 30 days)"},
		{"last_purchase within 1w", false, "last purchase 12 days ago (wanted within 1 week)"},
		{"last_purchase before 10d", true, "(wanted more than 10 days ago)"},
		{"first_purchase before 26w", true, "first purchase 200 days ago"},
		{"last_seen within 5d", true, "last seen 5 days ago"},
		{"last_advocacy within 4d", false, "last sign of advocacy 5 days ago"},
		{`last_purchase >= "2026-02-01T00:00:00Z"`, true, "last purchase at 2026-02-17T00:00:00Z (wanted at or after 2026-02-01T00:00:00Z)"},
		{`id = "ann"`, true, `id is "ann"`},
		{"group = customer", true, "group is customer"},
		{`account = "acme"`, true, `account is "acme"`},
		{`not account = "acme"`, false, "not"},
		{`account != "acme"`, false, `account is "acme" (wanted not "acme")`},
		{"consent = given", true, "consent flag is given"},
		{`attr.region = "north"`, true, `attribute region is "north"`},
		{`attr.segment = "vip"`, false, "attribute segment is not set"},
		{`trait.plan = "pro"`, true, `trait plan is "pro" (wanted "pro")`},
		{`trait.plan in ("free", "pro")`, true, `trait plan is "pro"`},
		{`trait.seats >= 5`, true, "trait seats is 5 (wanted at least 5)"},
		{`trait.seats = "5"`, false, `trait seats is 5, a number: the type differs (wanted "5")`},
		{`trait.seats != "5"`, false, "the type differs"},
		{`trait.trial = false`, true, "trait trial is false"},
		{`trait.signed_up < time("2025-06-01T00:00:00Z")`, true, `trait signed_up is time("2025-05-05T00:00:00Z")`},
		{`trait.missing = 1`, false, "trait missing is not set"},
		{"consent(marketing, email)", true, "marketing on email given at 2025-12-01T00:00:00Z (signup form)"},
		{"consent(marketing, sms)", false, "marketing on sms refused at 2026-02-19T00:00:00Z"},
		{"consent(marketing)", false, "no marketing consent on record"},
		{"consent(marketing, push)", false, "no marketing consent on push on record"},
		{"consent(research, email)", false, "expired at 2026-01-30T00:00:00Z"},
		{"event(kind = purchase, within 90d)", true, "1 matching event in the last 90 days (wanted at least 1)"},
		{`event(kind = purchase and property.utm_source = "newsletter", within 90d, count >= 2)`, false, "1 matching event in the last 90 days (wanted at least 2)"},
		{`event(kind = purchase and property.utm_source = "newsletter", count >= 2)`, true, "2 matching events (wanted at least 2)"},
		{`event(touchpoint = "web" and amount > 30)`, true, "1 matching event"},
		{"event(kind in (complaint, return))", false, "0 matching events"},
		{"event(within 6d)", true, "1 matching event in the last 6 days"},
		{"event(count = 6)", true, "6 matching events (wanted 6)"},
		{`event(not property.utm_source = "newsletter", count = 4)`, true, "4 matching events"},
		{"stage = advocate and last_purchase within 30d and consent(marketing, email)", true, "all of: 3 of 3 held"},
		{"stage = returning or purchases > 10", false, "any of: 0 of 2 held"},
	} {
		s, err := segment.Parse(c.text)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.text, err)
			continue
		}
		got, x := s.Match(&f, asOf)
		if got != c.want || !strings.Contains(x.Detail, c.detail) {
			t.Errorf("%q: matched %v, want %v; explanation %q does not say %q", c.text, got, c.want, x.Detail, c.detail)
		}
		if s.Matches(&f, asOf) != got {
			t.Errorf("%q: Matches disagrees with Match", c.text)
		}
	}
}

// TestNoProfile checks a customer with no history: counts are zero, times
// and answers are missing, and nothing panics.
func TestNoProfile(t *testing.T) {
	f := segment.Facts{Customer: engagement.Customer{ID: "new"}}
	for _, c := range []struct {
		text   string
		want   bool
		detail string
	}{
		{"purchases = 0", true, "purchases is 0"},
		{"monetary = 0", true, "monetary value is 0"},
		{"last_purchase within 3650d", false, "no purchase on record"},
		{"not last_purchase within 30d", true, "not"},
		{"satisfaction < 3", false, "no satisfaction answer on record"},
		{"recommend < 7", false, "no likelihood-to-recommend answer on record"},
		{"nps = none", true, "NPS class is none"},
		{"stage = unclassified", true, "stage is unclassified"},
		{"level = none", true, "level is none"},
		{"level <= engaged", false, "level is none, which has no order"},
		{`account != "acme"`, false, "no account"},
		{`trait.plan != "pro"`, false, "trait plan is not set"},
		{"event(count = 0)", true, "0 matching events"},
		{"consent(marketing, email)", false, "no marketing consent on email on record"},
	} {
		s := segment.MustParse(c.text)
		got, x := s.Match(&f, asOf)
		if got != c.want || !strings.Contains(x.Detail, c.detail) {
			t.Errorf("%q: matched %v, want %v; explanation %q does not say %q", c.text, got, c.want, x.Detail, c.detail)
		}
	}
}
