package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/engagekit/engage/engagement"
)

// The clauses of [engagement.HistoryStore].

// historyStore returns s as an [engagement.HistoryStore], or an error
// that skips the clause.
func historyStore(s engagement.Store) (engagement.HistoryStore, error) {
	if hs, ok := s.(engagement.HistoryStore); ok {
		return hs, nil
	}
	return nil, &skipError{fmt.Sprintf("%T does not implement engagement.HistoryStore (RecordStates, States, LatestStates)", s)}
}

// statesOf reads States(id, from, to), recording a problem if the read
// fails or the records are not in strictly ascending order of Time (a
// customer has one record per time).
func statesOf(p *problems, hs engagement.HistoryStore, id engagement.CustomerID, from, to time.Time) ([]engagement.StateRecord, bool) {
	call := statesCall(id, from, to)
	got, err := readAll(p, call, hs.States(context.Background(), id, from, to))
	if err != nil {
		p.addf("%s: unexpected error: %v", call, err)
		return got, false
	}
	for i := 1; i < len(got); i++ {
		if !got[i-1].Time.Before(got[i].Time) {
			p.addf("%s yielded %+v before %+v; want strictly ascending Time, one record per customer and time", call, got[i-1], got[i])
			break
		}
	}
	return got, true
}

// latestOf reads LatestStates(asOf), recording a problem if the read
// fails or the records are not in strictly ascending order of customer.
func latestOf(p *problems, hs engagement.HistoryStore, asOf time.Time) ([]engagement.StateRecord, bool) {
	call := "LatestStates(" + asOf.Format(time.RFC3339Nano) + ")"
	got, err := readAll(p, call, hs.LatestStates(context.Background(), asOf))
	if err != nil {
		p.addf("%s: unexpected error: %v", call, err)
		return got, false
	}
	for i := 1; i < len(got); i++ {
		if got[i-1].Customer >= got[i].Customer {
			p.addf("%s yielded %+v before %+v; want one record per customer, in strictly ascending byte order of customer ID", call, got[i-1], got[i])
			break
		}
	}
	return got, true
}

func statesCall(id engagement.CustomerID, from, to time.Time) string {
	bound := func(t time.Time) string {
		if t.IsZero() {
			return "zero"
		}
		return t.Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("States(%q, %s, %s)", id, bound(from), bound(to))
}

// diffStates records a problem when got differs from want, records
// compared with [engagement.StateRecord.Equal].
func diffStates(p *problems, call string, want, got []engagement.StateRecord) {
	if d := gocmp.Diff(want, got, gocmp.Comparer(engagement.StateRecord.Equal), cmpopts.EquateEmpty()); d != "" {
		p.addf("%s mismatch (-want +got):\n%s", call, d)
	}
}

// checkStates records a problem unless States(id) with no bounds yields
// want.
func checkStates(p *problems, hs engagement.HistoryStore, after string, id engagement.CustomerID, want []engagement.StateRecord) {
	if got, ok := statesOf(p, hs, id, time.Time{}, time.Time{}); ok {
		diffStates(p, statesCall(id, time.Time{}, time.Time{})+" after "+after, want, got)
	}
}

// checkLatest records a problem unless LatestStates(asOf) yields want.
func checkLatest(p *problems, hs engagement.HistoryStore, after string, asOf time.Time, want []engagement.StateRecord, why string) {
	if got, ok := latestOf(p, hs, asOf); ok {
		diffStates(p, "LatestStates("+asOf.Format(time.RFC3339Nano)+") after "+after+" ("+why+")", want, got)
	}
}

// modelStates is what a HistoryStore holds, as a plain list: the records
// of every customer, at most one per customer and time.
type modelStates []engagement.StateRecord

// add adds r, replacing a record of its customer at its time.
func (ms modelStates) add(r engagement.StateRecord) modelStates {
	for i, o := range ms {
		if o.Customer == r.Customer && o.Time.Equal(r.Time) {
			ms[i] = r
			return ms
		}
	}
	return append(ms, r)
}

// window returns the records of id within [from, to), a zero bound no
// bound, by time.
func (ms modelStates) window(id engagement.CustomerID, from, to time.Time) []engagement.StateRecord {
	var out []engagement.StateRecord
	for _, r := range ms {
		if r.Customer == id && (from.IsZero() || !r.Time.Before(from)) && (to.IsZero() || r.Time.Before(to)) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b engagement.StateRecord) int { return a.Time.Compare(b.Time) })
	return out
}

// latest returns, for each customer, its latest record at or before asOf,
// by customer.
func (ms modelStates) latest(asOf time.Time) []engagement.StateRecord {
	best := make(map[engagement.CustomerID]engagement.StateRecord)
	for _, r := range ms {
		if r.Time.After(asOf) {
			continue
		}
		if b, ok := best[r.Customer]; !ok || r.Time.After(b.Time) {
			best[r.Customer] = r
		}
	}
	out := make([]engagement.StateRecord, 0, len(best))
	for _, r := range best {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b engagement.StateRecord) int { return strings.Compare(string(a.Customer), string(b.Customer)) })
	return out
}

// state returns a valid state record for the fixed cases.
func state(c engagement.CustomerID, t time.Time, stage, band string, score float64) engagement.StateRecord {
	return engagement.StateRecord{Customer: c, Time: t, Stage: stage, Band: band, Score: score}
}

func checkHistoryRoundTrip(s engagement.Store) error {
	hs, err := historyStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	t0 := epoch()
	india := time.FixedZone("UTC+05:30", 5*3600+1800)
	ada := []engagement.StateRecord{
		state("ada", t0.Add(time.Hour), "new", "", 0),
		state("ada", t0.Add(2*time.Hour-time.Nanosecond), "active", "yellow", 59),
		state("ada", t0.Add(2*time.Hour).In(india), "active", "red", 21.25),
		state("ada", t0.Add(3*time.Hour), "returning", "green", 100),
		state("ada", t0.AddDate(0, 1, 0), "lapsed", "red", 0),
	}
	bo := state("bo", t0, "größe ✓", "", 0)
	if err := hs.RecordStates(ctx); err != nil {
		p.addf("RecordStates with no records: got error %v, want nil", err)
	}
	checkStates(&p, hs, "nothing was recorded", "ada", nil)
	checkLatest(&p, hs, "nothing was recorded", t0.AddDate(1, 0, 0), nil, "no records at all")

	batch := slices.Clone(ada)
	slices.Reverse(batch)
	batch = slices.Insert(batch, 2, bo)
	if err := hs.RecordStates(ctx, batch...); err != nil {
		return fmt.Errorf("RecordStates(%+v): %v", batch, err)
	}
	after := "recording them out of order (times in several zones, to the nanosecond)"
	checkStates(&p, hs, after, "ada", ada)
	checkStates(&p, hs, after, "bo", []engagement.StateRecord{bo})
	checkStates(&p, hs, after, "nobody", nil)
	checkStates(&p, hs, after+"; IDs are compared byte by byte", "Ada", nil)
	checkNoCustomer(&p, s, "only state records named the customer", "ada")

	// A caller may stop ranging early.
	n := 0
	for _, err := range hs.States(ctx, "ada", time.Time{}, time.Time{}) {
		if err != nil {
			p.addf("%s: unexpected error: %v", statesCall("ada", time.Time{}, time.Time{}), err)
		}
		n++
		break
	}
	for _, err := range hs.LatestStates(ctx, t0.AddDate(1, 0, 0)) {
		if err != nil {
			p.addf("LatestStates: unexpected error: %v", err)
		}
		break
	}
	if n != 1 {
		p.addf("ranging over States and breaking after the first record ran the loop %d times, want 1", n)
	}
	return p.err()
}

func checkHistoryReplace(s engagement.Store) error {
	hs, err := historyStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	t0 := epoch()
	zone := time.FixedZone("UTC-08", -8*3600)
	first := state("ada", t0.Add(time.Hour), "new", "yellow", 50)
	other := state("bo", t0.Add(time.Hour), "active", "green", 90)
	if err := hs.RecordStates(ctx, first, other); err != nil {
		return fmt.Errorf("RecordStates: %v", err)
	}
	// The same instant written in another zone replaces it whole, the band
	// and score cleared.
	again := state("ada", t0.Add(time.Hour).In(zone), "active", "", 0)
	if err := hs.RecordStates(ctx, again); err != nil {
		return fmt.Errorf("RecordStates(%+v): %v", again, err)
	}
	checkStates(&p, hs, fmt.Sprintf("recording %+v then %+v (the same customer and instant)", first, again), "ada", []engagement.StateRecord{again})
	checkStates(&p, hs, "replacing another customer's record at the same time", "bo", []engagement.StateRecord{other})

	// Within one call the later wins; a nanosecond apart is another time.
	early := state("ada", t0.Add(2*time.Hour), "active", "red", 10)
	late := state("ada", t0.Add(2*time.Hour), "lapsed", "red", 5)
	next := state("ada", t0.Add(2*time.Hour+time.Nanosecond), "lapsed", "red", 4)
	if err := hs.RecordStates(ctx, early, next, late); err != nil {
		return fmt.Errorf("RecordStates: %v", err)
	}
	checkStates(&p, hs, fmt.Sprintf("one call recording %+v, %+v and %+v (the later of two at one time wins; a nanosecond apart is another time)", early, next, late),
		"ada", []engagement.StateRecord{again, late, next})
	return p.err()
}

func checkHistoryInvalid(s engagement.Store) error {
	hs, err := historyStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	t0 := epoch()
	ok := state("ada", t0, "active", "green", 80)
	if err := hs.RecordStates(ctx, ok); err != nil {
		return fmt.Errorf("RecordStates(%+v): %v", ok, err)
	}
	set := func(change func(*engagement.StateRecord)) engagement.StateRecord {
		r := state("cy", t0.Add(time.Hour), "active", "yellow", 50)
		change(&r)
		return r
	}
	bad := []struct {
		what string
		r    engagement.StateRecord
	}{
		{"no customer", set(func(r *engagement.StateRecord) { r.Customer = "" })},
		{"a control character in the customer", set(func(r *engagement.StateRecord) { r.Customer = "c\ty" })},
		{"no time", set(func(r *engagement.StateRecord) { r.Time = time.Time{} })},
		{"a time in the year 1600", set(func(r *engagement.StateRecord) { r.Time = time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC) })},
		{"no stage", set(func(r *engagement.StateRecord) { r.Stage = "" })},
		{"a newline in the stage", set(func(r *engagement.StateRecord) { r.Stage = "act\nive" })},
		{"a newline in the band", set(func(r *engagement.StateRecord) { r.Band = "gr\neen" })},
		{"a score of 100.5", set(func(r *engagement.StateRecord) { r.Score = 100.5 })},
		{"a negative score", set(func(r *engagement.StateRecord) { r.Score = -1 })},
		{"a NaN score", set(func(r *engagement.StateRecord) { r.Score = math.NaN() })},
		{"a score without a band", set(func(r *engagement.StateRecord) { r.Band = "" })},
	}
	fresh := state("bo", t0, "new", "", 0)
	replacement := state("ada", t0, "lapsed", "red", 1)
	for _, b := range bad {
		err := hs.RecordStates(ctx, fresh, replacement, b.r)
		var fe *engagement.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) {
			p.addf("RecordStates(valid, valid, record with %s %+v): got error %v, want a *FieldError matching ErrInvalid", b.what, b.r, err)
		}
	}
	after := "only failed calls besides the first (each held a new record and a replacement before the invalid one)"
	checkStates(&p, hs, after, "ada", []engagement.StateRecord{ok})
	checkStates(&p, hs, after, "bo", nil)
	checkLatest(&p, hs, after, t0.AddDate(0, 0, 1), []engagement.StateRecord{ok}, "only the first call stored anything")
	return p.err()
}

func checkHistoryBounds(s engagement.Store) error {
	hs, err := historyStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	t0 := epoch()
	var all modelStates
	for h := range 5 {
		all = all.add(state("ada", t0.Add(time.Duration(h)*time.Hour), "active", "green", float64(60+h)))
	}
	all = all.add(state("ada", t0.Add(2*time.Hour+time.Nanosecond), "lapsed", "red", 12))
	all = all.add(state("bo", t0.Add(2*time.Hour), "new", "", 0))
	if err := hs.RecordStates(ctx, all...); err != nil {
		return fmt.Errorf("RecordStates: %v", err)
	}
	zone := time.FixedZone("UTC+09", 9*3600)
	bounds := []time.Time{
		{}, t0.Add(-time.Hour), t0, t0.Add(time.Hour - time.Nanosecond), t0.Add(time.Hour), t0.Add(time.Hour + time.Nanosecond),
		t0.Add(2 * time.Hour).In(zone), t0.Add(2*time.Hour + time.Nanosecond), t0.Add(4 * time.Hour), t0.Add(10 * time.Hour),
	}
	for _, id := range []engagement.CustomerID{"ada", "bo"} {
		for _, from := range bounds {
			for _, to := range bounds {
				got, ok := statesOf(&p, hs, id, from, to)
				if !ok {
					continue
				}
				diffStates(&p, statesCall(id, from, to)+" (From inclusive, To exclusive, a zero bound no bound)", all.window(id, from, to), got)
				if len(p) > 5 {
					return p.err() // enough to go on
				}
			}
		}
	}
	return p.err()
}

func checkLatestStates(s engagement.Store) error {
	hs, err := historyStore(s)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var p problems
	t0 := epoch()
	var all modelStates
	for _, r := range []engagement.StateRecord{
		state("ada", t0.Add(time.Hour), "new", "", 0),
		state("ada", t0.Add(3*time.Hour), "active", "green", 75),
		state("bo", t0.Add(2*time.Hour), "active", "yellow", 55),
		state("B", t0.Add(2*time.Hour), "lapsed", "red", 5),
		state("cy", t0.Add(5*time.Hour), "returning", "green", 90),
	} {
		all = all.add(r)
	}
	if err := hs.RecordStates(ctx, all...); err != nil {
		return fmt.Errorf("RecordStates: %v", err)
	}
	zone := time.FixedZone("UTC-05", -5*3600)
	for _, at := range []struct {
		asOf time.Time
		why  string
	}{
		{t0, "before any record: none"},
		{t0.Add(time.Hour - time.Nanosecond), "a nanosecond before the first record: none"},
		{t0.Add(time.Hour), "at the first record's time: at or before includes it"},
		{t0.Add(2 * time.Hour).In(zone), "at a record time written in another zone"},
		{t0.Add(150 * time.Minute), "between records: the earlier for each customer"},
		{t0.Add(3 * time.Hour), "at a customer's second record: that one, not the first"},
		{t0.AddDate(0, 0, 1), "after all records: each customer's latest"},
	} {
		checkLatest(&p, hs, "recording records for four customers", at.asOf, all.latest(at.asOf), at.why)
	}
	return p.err()
}

func checkHistoryAlias(s engagement.Store) error {
	hs, err := historyStore(s)
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
	anon := []engagement.StateRecord{
		state("anon", t0.Add(time.Hour), "new", "", 0),
		state("anon", t0.Add(2*time.Hour), "active", "yellow", 40),
	}
	user := []engagement.StateRecord{
		state("user", t0.Add(2*time.Hour), "active", "green", 85), // the same time as anon's: this one stays
		state("user", t0.Add(3*time.Hour), "returning", "green", 88),
	}
	if err := hs.RecordStates(ctx, slices.Concat(anon, user)...); err != nil {
		return fmt.Errorf("RecordStates: %v", err)
	}
	m := engagement.Merge{From: "anon", Into: "user", Time: t0.Add(4 * time.Hour), Reason: "login"}
	if err := is.Merge(ctx, m); err != nil {
		return fmt.Errorf("Merge(%v): %v", m, err)
	}
	late := state("anon", t0.Add(5*time.Hour), "active", "yellow", 60)
	if err := hs.RecordStates(ctx, late); err != nil {
		return fmt.Errorf("RecordStates naming the alias after Merge(%v): %v", m, err)
	}
	want := []engagement.StateRecord{
		state("user", t0.Add(time.Hour), "new", "", 0), user[0], user[1], state("user", t0.Add(5*time.Hour), "active", "yellow", 60),
	}
	after := fmt.Sprintf("Merge(%v) and a record naming the alias (every record filed under %q; at the time both had a record, Into's stays)", m, "user")
	checkStates(&p, hs, after, "user", want)
	checkStates(&p, hs, after, "anon", want)
	if got, ok := statesOf(&p, hs, "anon", t0.Add(2*time.Hour), t0.Add(5*time.Hour)); ok {
		diffStates(&p, statesCall("anon", t0.Add(2*time.Hour), t0.Add(5*time.Hour))+" after "+after, want[1:3], got)
	}
	checkLatest(&p, hs, after, t0.AddDate(0, 0, 1), want[3:], "the alias is no customer of its own")
	checkLatest(&p, hs, after, t0.Add(time.Hour), want[:1], "the alias's record filed under Into")
	return p.err()
}

func checkHistoryCancelled(s engagement.Store) error {
	hs, err := historyStore(s)
	if err != nil {
		return err
	}
	bg := context.Background()
	var p problems
	stored := state("ada", epoch(), "new", "", 0)
	if err := hs.RecordStates(bg, stored); err != nil {
		return fmt.Errorf("RecordStates: %v", err)
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	if err := hs.RecordStates(ctx, state("ada", epoch().Add(time.Hour), "active", "", 0)); !errors.Is(err, context.Canceled) {
		p.addf("RecordStates with a cancelled context: got error %v, want one matching context.Canceled", err)
	}
	rs, err := readAll(&p, "States", hs.States(ctx, "ada", time.Time{}, time.Time{}))
	if len(rs) != 0 || !errors.Is(err, context.Canceled) {
		p.addf("States with a cancelled context: got %d records then error %v, want no records and an error matching context.Canceled", len(rs), err)
	}
	rs, err = readAll(&p, "LatestStates", hs.LatestStates(ctx, epoch().AddDate(0, 0, 1)))
	if len(rs) != 0 || !errors.Is(err, context.Canceled) {
		p.addf("LatestStates with a cancelled context: got %d records then error %v, want no records and an error matching context.Canceled", len(rs), err)
	}
	checkStates(&p, hs, "RecordStates with a cancelled context", "ada", []engagement.StateRecord{stored})
	return p.err()
}
