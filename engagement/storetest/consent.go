package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/engagekit/engage/engagement"
)

// consentsOf reads the consent records of id, recording a problem if the
// read fails or the order is not that of
// [engagement.CompareConsentRecords], strictly (an Equal record is stored
// once).
func consentsOf(p *problems, cs engagement.ConsentStore, id engagement.CustomerID) ([]engagement.ConsentRecord, bool) {
	call := fmt.Sprintf("ConsentRecords(%q)", id)
	got, err := readAll(p, call, cs.ConsentRecords(context.Background(), id))
	if err != nil {
		p.addf("%s: unexpected error: %v", call, err)
		return got, false
	}
	for i := 1; i < len(got); i++ {
		if c := engagement.CompareConsentRecords(got[i-1], got[i]); c > 0 {
			p.addf("%s yielded %+v before %+v; want the order of CompareConsentRecords (time, purpose, channel, state, expiry, source)", call, got[i-1], got[i])
			break
		} else if c == 0 && got[i-1].Equal(got[i]) {
			p.addf("%s yielded %+v twice; an Equal record is stored once", call, got[i])
			break
		}
	}
	return got, true
}

// diffConsents records a problem when got differs from want, records
// compared with [engagement.ConsentRecord.Equal].
func diffConsents(p *problems, call string, want, got []engagement.ConsentRecord) {
	if d := gocmp.Diff(want, got, gocmp.Comparer(engagement.ConsentRecord.Equal)); d != "" {
		p.addf("%s mismatch (-want +got):\n%s", call, d)
	}
}

// sortedConsents returns a sorted copy of rs, as ConsentRecords yields
// them.
func sortedConsents(rs ...engagement.ConsentRecord) []engagement.ConsentRecord {
	return slices.SortedFunc(slices.Values(rs), engagement.CompareConsentRecords)
}

// checkConsents records a problem unless ConsentRecords(id) yields want.
func checkConsents(p *problems, cs engagement.ConsentStore, after string, id engagement.CustomerID, want []engagement.ConsentRecord) {
	if got, ok := consentsOf(p, cs, id); ok {
		diffConsents(p, fmt.Sprintf("ConsentRecords(%q) after %s", id, after), want, got)
	}
}

// sampleConsents returns records of ada that differ in each field the
// order looks at, some at the same time, and one of bo's.
func sampleConsents() (ada []engagement.ConsentRecord, bo engagement.ConsentRecord) {
	t0 := epoch()
	india := time.FixedZone("UTC+05:30", 5*3600+1800)
	ada = []engagement.ConsentRecord{
		{Customer: "ada", Purpose: engagement.PurposeMarketing, Channel: engagement.ChannelEmail, State: engagement.ConsentGiven,
			Time: t0.Add(2 * time.Hour).In(india), Expires: t0.AddDate(1, 0, 0), Source: "signup form"},
		{Customer: "ada", Purpose: engagement.PurposeMarketing, Channel: engagement.ChannelEmail, State: engagement.ConsentGiven,
			Time: t0.Add(2 * time.Hour), Source: "signup form"}, // no expiry sorts first
		{Customer: "ada", Purpose: engagement.PurposeMarketing, Channel: engagement.ChannelEmail, State: engagement.ConsentGiven,
			Time: t0.Add(2 * time.Hour), Source: "crm import"},
		{Customer: "ada", Purpose: engagement.PurposeMarketing, Channel: engagement.ChannelEmail, State: engagement.ConsentRefused,
			Time: t0.Add(2 * time.Hour)},
		{Customer: "ada", Purpose: engagement.PurposeMarketing, State: engagement.ConsentRefused,
			Time: t0.Add(2 * time.Hour), Source: "unsubscribe link"},
		{Customer: "ada", Purpose: engagement.PurposeService, Channel: engagement.ChannelSMS, State: engagement.ConsentGiven,
			Time: t0.Add(2 * time.Hour)},
		{Customer: "ada", Purpose: engagement.PurposeResearch, State: engagement.ConsentGiven,
			Time: t0.Add(2*time.Hour - time.Nanosecond)},
		{Customer: "ada", Purpose: "partner offers", Channel: "whatsapp", State: engagement.ConsentRefused,
			Time: t0.Add(5 * time.Hour), Source: "größe ✓"},
	}
	bo = engagement.ConsentRecord{Customer: "bo", Purpose: engagement.PurposeMarketing, State: engagement.ConsentGiven, Time: t0}
	return ada, bo
}

func checkConsentRoundTrip(s engagement.Store) error {
	cs, err := consentStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	ada, bo := sampleConsents()
	if err := cs.RecordConsent(ctx); err != nil {
		p.addf("RecordConsent with no records: got error %v, want nil", err)
	}
	if got, ok := consentsOf(&p, cs, "ada"); ok && len(got) != 0 {
		p.addf("ConsentRecords(%q) on an empty store yielded %d records, want none", "ada", len(got))
	}
	batch := slices.Clone(ada)
	slices.Reverse(batch)
	batch = append(batch, bo, ada[0]) // ada[0] twice in one call
	if err := cs.RecordConsent(ctx, batch...); err != nil {
		return fmt.Errorf("RecordConsent: %v", err)
	}
	again := ada[0]
	again.Time = again.Time.UTC() // Equal, written otherwise
	if err := cs.RecordConsent(ctx, again, ada[3]); err != nil {
		p.addf("RecordConsent of records stored already: got error %v, want nil", err)
	}
	after := "recording them out of order, with Equal records twice"
	checkConsents(&p, cs, after, "ada", sortedConsents(ada...))
	checkConsents(&p, cs, after, "bo", []engagement.ConsentRecord{bo})
	checkConsents(&p, cs, after, "nobody", nil)
	checkNoCustomer(&p, s, "only consent records named the customer", "ada")
	return p.err()
}

func checkConsentInvalid(s engagement.Store) error {
	cs, err := consentStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	t0 := epoch()
	ok := engagement.ConsentRecord{Customer: "ada", Purpose: engagement.PurposeMarketing, State: engagement.ConsentGiven, Time: t0}
	if err := cs.RecordConsent(ctx, ok); err != nil {
		return fmt.Errorf("RecordConsent: %v", err)
	}
	set := func(change func(*engagement.ConsentRecord)) engagement.ConsentRecord {
		r := ok
		r.Time = t0.Add(time.Hour)
		change(&r)
		return r
	}
	bad := []struct {
		what string
		r    engagement.ConsentRecord
	}{
		{"no customer", set(func(r *engagement.ConsentRecord) { r.Customer = "" })},
		{"no purpose", set(func(r *engagement.ConsentRecord) { r.Purpose = "" })},
		{"state unknown", set(func(r *engagement.ConsentRecord) { r.State = engagement.ConsentUnknown })},
		{"no time", set(func(r *engagement.ConsentRecord) { r.Time = time.Time{} })},
		{"a refusal that expires", set(func(r *engagement.ConsentRecord) {
			r.State, r.Expires = engagement.ConsentRefused, r.Time.Add(time.Hour)
		})},
		{"a grant that expires before it is given", set(func(r *engagement.ConsentRecord) { r.Expires = r.Time.Add(-time.Hour) })},
		{"a control character in the channel", set(func(r *engagement.ConsentRecord) { r.Channel = "e\nmail" })},
	}
	fresh := engagement.ConsentRecord{Customer: "bo", Purpose: engagement.PurposeService, State: engagement.ConsentGiven, Time: t0}
	for _, b := range bad {
		err := cs.RecordConsent(ctx, fresh, b.r)
		var fe *engagement.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) {
			p.addf("RecordConsent(valid, record with %s %+v): got error %v, want a *FieldError matching ErrInvalid", b.what, b.r, err)
		}
	}
	after := "only failed calls besides the first"
	checkConsents(&p, cs, after, "ada", []engagement.ConsentRecord{ok})
	checkConsents(&p, cs, after, "bo", nil)
	return p.err()
}

func checkConsentAlias(s engagement.Store) error {
	cs, err := consentStore(s)
	if err != nil {
		return err
	}
	is, err := identityStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	t0 := epoch()
	before := engagement.ConsentRecord{Customer: "anon", Purpose: engagement.PurposeMarketing, Channel: engagement.ChannelEmail,
		State: engagement.ConsentGiven, Time: t0, Source: "cookie banner"}
	same := before
	same.Customer = "user" // Equal to before once that is filed under user
	own := engagement.ConsentRecord{Customer: "user", Purpose: engagement.PurposeService, State: engagement.ConsentGiven, Time: t0.Add(time.Hour)}
	if err := cs.RecordConsent(ctx, before, same, own); err != nil {
		return fmt.Errorf("RecordConsent: %v", err)
	}
	m := engagement.Merge{From: "anon", Into: "user", Time: t0.Add(2 * time.Hour), Reason: "login"}
	if err := is.Merge(ctx, m); err != nil {
		return fmt.Errorf("Merge(%v): %v", m, err)
	}
	late := engagement.ConsentRecord{Customer: "anon", Purpose: engagement.PurposeMarketing, State: engagement.ConsentRefused,
		Time: t0.Add(3 * time.Hour), Source: "unsubscribe link"}
	if err := cs.RecordConsent(ctx, late); err != nil {
		return fmt.Errorf("RecordConsent naming the alias after Merge(%v): %v", m, err)
	}
	late.Customer = "user"
	want := []engagement.ConsentRecord{same, own, late}
	after := fmt.Sprintf("Merge(%v) and a record naming the alias (each record filed under %q, the two that became Equal stored once)", m, "user")
	checkConsents(&p, cs, after, "user", want)
	checkConsents(&p, cs, after, "anon", want)
	return p.err()
}

func checkConsentLatestWins(s engagement.Store) error {
	cs, err := consentStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	day := func(d int) time.Time { return epoch().AddDate(0, 0, d) }
	withdrawal := engagement.ConsentRecord{Customer: "ada", Purpose: engagement.PurposeMarketing, Channel: engagement.ChannelEmail,
		State: engagement.ConsentRefused, Time: day(10), Source: "unsubscribe link"}
	oldGrant := engagement.ConsentRecord{Customer: "ada", Purpose: engagement.PurposeMarketing, Channel: engagement.ChannelEmail,
		State: engagement.ConsentGiven, Time: day(5), Source: "import crm-2024-03"}
	tieGrant := engagement.ConsentRecord{Customer: "ada", Purpose: engagement.PurposeMarketing, Channel: engagement.ChannelSMS,
		State: engagement.ConsentGiven, Time: day(10)}
	tieRefusal := engagement.ConsentRecord{Customer: "ada", Purpose: engagement.PurposeMarketing, Channel: engagement.ChannelSMS,
		State: engagement.ConsentRefused, Time: day(10)}
	// The withdrawal first, the older grant imported later.
	for _, r := range []engagement.ConsentRecord{withdrawal, tieGrant, oldGrant, tieRefusal} {
		if err := cs.RecordConsent(ctx, r); err != nil {
			return fmt.Errorf("RecordConsent(%+v): %v", r, err)
		}
	}
	stored, ok := consentsOf(&p, cs, "ada")
	if !ok {
		return p.err()
	}
	decide := []struct {
		channel string
		asOf    time.Time
		want    engagement.Consent
		why     string
	}{
		{engagement.ChannelEmail, day(20), engagement.ConsentRefused, "a withdrawal is not overridden by an older grant recorded after it"},
		{engagement.ChannelEmail, day(7), engagement.ConsentGiven, "before the withdrawal the older grant applies"},
		{engagement.ChannelSMS, day(20), engagement.ConsentRefused, "at the same time a withdrawal beats a grant"},
		{engagement.ChannelPush, day(20), engagement.ConsentUnknown, "no record for the channel"},
	}
	for _, d := range decide {
		got := engagement.ConsentAt(stored, engagement.PurposeMarketing, d.channel, d.asOf)
		if got.State != d.want {
			p.addf("ConsentAt(ConsentRecords(%q), marketing, %q, %s) = %v (%v), want %v: %s; the store yielded %+v",
				"ada", d.channel, d.asOf.Format(time.RFC3339), got.State, got, d.want, d.why, stored)
		}
	}
	return p.err()
}
