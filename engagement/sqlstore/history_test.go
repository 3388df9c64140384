package sqlstore_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/sqlstore"
)

// TestRecordStatesInvalid checks that a batch with a bad record fails
// naming the field and stores nothing.
func TestRecordStatesInvalid(t *testing.T) {
	good := engagement.StateRecord{Customer: "ada", Time: epoch, Stage: "returning", Band: "green", Score: 80}
	cases := []struct {
		name  string
		bad   engagement.StateRecord
		field string
	}{
		{"no customer", engagement.StateRecord{Time: epoch, Stage: "new"}, "customer"},
		{"no time", engagement.StateRecord{Customer: "ada", Stage: "new"}, "time"},
		{"no stage", engagement.StateRecord{Customer: "ada", Time: epoch}, "stage"},
		{"score over 100", engagement.StateRecord{Customer: "ada", Time: epoch, Stage: "new", Band: "red", Score: 100.5}, "score"},
		{"score NaN", engagement.StateRecord{Customer: "ada", Time: epoch, Stage: "new", Band: "red", Score: math.NaN()}, "score"},
		{"score without band", engagement.StateRecord{Customer: "ada", Time: epoch, Stage: "new", Score: 3}, "score"},
		{"control character in band", engagement.StateRecord{Customer: "ada", Time: epoch, Stage: "new", Band: "re\nd"}, "band"},
	}
	eachBackend(t, func(t *testing.T, open func(tb testing.TB) *sqlstore.Store) {
		ctx := context.Background()
		s := open(t)
		for _, c := range cases {
			err := s.RecordStates(ctx, good, c.bad)
			var fe *engagement.FieldError
			if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, engagement.ErrInvalid) {
				t.Errorf("%s: RecordStates error %v, want a FieldError on %s", c.name, err, c.field)
			}
		}
		if got := collect(t, s.LatestStates(ctx, far)); len(got) != 0 {
			t.Errorf("after failed batches: %+v stored, want none", got)
		}
	})
}

// TestStatesRanges checks the bounds of States and LatestStates, that a
// record for a stored time replaces it, and that scores and times come
// back exactly.
func TestStatesRanges(t *testing.T) {
	at := func(ns int64) time.Time { return epoch.Add(time.Duration(ns)) }
	eachBackend(t, func(t *testing.T, open func(tb testing.TB) *sqlstore.Store) {
		ctx := context.Background()
		s := open(t)
		recs := []engagement.StateRecord{
			{Customer: "b", Time: at(2).In(time.FixedZone("X", 3600)), Stage: "new"},
			{Customer: "b", Time: at(1), Stage: "new", Band: "red", Score: 40.122},
			{Customer: "a", Time: at(0), Stage: "returning", Band: "green", Score: math.SmallestNonzeroFloat64},
			{Customer: "a", Time: at(3), Stage: "lapsed", Band: "yellow", Score: 100},
			{Customer: "a", Time: at(3), Stage: "lapsed", Band: "red", Score: 0.1}, // the later of the call wins
			{Customer: "A", Time: at(-1), Stage: "new"},
		}
		if err := s.RecordStates(ctx, recs...); err != nil {
			t.Fatal(err)
		}
		// Replacing a stored record.
		if err := s.RecordStates(ctx, engagement.StateRecord{Customer: "b", Time: at(1), Stage: "returning", Band: "green", Score: 99.5}); err != nil {
			t.Fatal(err)
		}
		a0, a3, b1, b2, A := recs[2], recs[4], engagement.StateRecord{Customer: "b", Time: at(1), Stage: "returning", Band: "green", Score: 99.5}, recs[0], recs[5]
		cases := []struct {
			name     string
			id       engagement.CustomerID
			from, to time.Time
			want     []engagement.StateRecord
		}{
			{"all of a", "a", time.Time{}, time.Time{}, []engagement.StateRecord{a0, a3}},
			{"from is inclusive", "a", at(3), time.Time{}, []engagement.StateRecord{a3}},
			{"to is exclusive", "a", time.Time{}, at(3), []engagement.StateRecord{a0}},
			{"empty range", "a", at(1), at(1), nil},
			{"reversed range", "a", at(3), at(0), nil},
			{"far bounds", "b", time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), []engagement.StateRecord{b1, b2}},
			{"before all time", "b", time.Time{}, time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), nil},
			{"after all time", "b", time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), time.Time{}, nil},
			{"case matters", "A", time.Time{}, time.Time{}, []engagement.StateRecord{A}},
			{"unknown", "z", time.Time{}, time.Time{}, nil},
		}
		for _, c := range cases {
			got := collect(t, s.States(ctx, c.id, c.from, c.to))
			if !equalStates(got, c.want) {
				t.Errorf("%s: States(%q, %v, %v) = %+v, want %+v", c.name, c.id, c.from, c.to, got, c.want)
			}
			for _, r := range got {
				if r.Time.Location() != time.UTC {
					t.Errorf("%s: time %v not in UTC", c.name, r.Time)
				}
			}
		}
		latest := []struct {
			asOf time.Time
			want []engagement.StateRecord
		}{
			{time.Time{}, nil}, // before every record
			{far, []engagement.StateRecord{A, a3, b2}},
			{at(3), []engagement.StateRecord{A, a3, b2}},
			{at(2), []engagement.StateRecord{A, a0, b2}},
			{at(1), []engagement.StateRecord{A, a0, b1}},
			{at(-1), []engagement.StateRecord{A}},
			{at(-2), nil},
			{time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), nil},
		}
		for _, c := range latest {
			if got := collect(t, s.LatestStates(ctx, c.asOf)); !equalStates(got, c.want) {
				t.Errorf("LatestStates(%v) = %+v, want %+v", c.asOf, got, c.want)
			}
		}
	})
}

// far is a time after every valid record.
var far = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// equalStates reports whether a and b hold equal records in order.
func equalStates(a, b []engagement.StateRecord) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

// TestCheckpointVersions checks the compare-and-swap of SaveCheckpoint
// step by step.
func TestCheckpointVersions(t *testing.T) {
	saved := epoch.In(time.FixedZone("X", 7200))
	eachBackend(t, func(t *testing.T, open func(tb testing.TB) *sqlstore.Store) {
		ctx := context.Background()
		s := open(t)
		steps := []struct {
			name    string
			save    engagement.Checkpoint
			want    error // nil, ErrConflict or ErrInvalid
			version int64 // of the stored checkpoint afterwards
			value   string
		}{
			{"first save", engagement.Checkpoint{Customer: "ada", Name: "play", Value: []byte("step 1"), Saved: saved}, nil, 1, "step 1"},
			{"first save again", engagement.Checkpoint{Customer: "ada", Name: "play", Value: []byte("other"), Saved: saved}, engagement.ErrConflict, 1, "step 1"},
			{"next save", engagement.Checkpoint{Customer: "ada", Name: "play", Value: []byte("step 2"), Version: 1, Saved: saved}, nil, 2, "step 2"},
			{"stale save", engagement.Checkpoint{Customer: "ada", Name: "play", Value: []byte("stale"), Version: 1, Saved: saved}, engagement.ErrConflict, 2, "step 2"},
			{"future version", engagement.Checkpoint{Customer: "ada", Name: "play", Value: []byte("ahead"), Version: 7, Saved: saved}, engagement.ErrConflict, 2, "step 2"},
			{"empty value", engagement.Checkpoint{Customer: "ada", Name: "play", Version: 2, Saved: saved}, nil, 3, ""},
			{"negative version", engagement.Checkpoint{Customer: "ada", Name: "play", Version: -1, Saved: saved}, engagement.ErrInvalid, 3, ""},
			{"too long", engagement.Checkpoint{Customer: "ada", Name: "play", Value: make([]byte, engagement.MaxCheckpointBytes+1), Version: 3, Saved: saved}, engagement.ErrInvalid, 3, ""},
			{"no time", engagement.Checkpoint{Customer: "ada", Name: "play", Version: 3}, engagement.ErrInvalid, 3, ""},
		}
		for _, st := range steps {
			got, err := s.SaveCheckpoint(ctx, st.save)
			if errClass(err) != st.want {
				t.Fatalf("%s: SaveCheckpoint error %v, want %v", st.name, err, st.want)
			}
			if err == nil && (got.Version != st.save.Version+1 || string(got.Value) != st.value || !got.Saved.Equal(saved) || got.Saved.Location() != time.UTC) {
				t.Errorf("%s: SaveCheckpoint returned %+v, want version %d, value %q, saved %v in UTC", st.name, got, st.save.Version+1, st.value, saved)
			}
			back, err := s.LoadCheckpoint(ctx, "ada", "play")
			if err != nil || back.Version != st.version || string(back.Value) != st.value {
				t.Fatalf("%s: LoadCheckpoint = %+v, %v; want version %d, value %q", st.name, back, err, st.version, st.value)
			}
		}
		// The biggest value fits exactly.
		big := make([]byte, engagement.MaxCheckpointBytes)
		for i := range big {
			big[i] = byte(i * 7)
		}
		if _, err := s.SaveCheckpoint(ctx, engagement.Checkpoint{Customer: "ada", Name: "big", Value: big, Saved: saved}); err != nil {
			t.Fatal(err)
		}
		if back, err := s.LoadCheckpoint(ctx, "ada", "big"); err != nil || string(back.Value) != string(big) {
			t.Errorf("the largest value did not come back as saved: %v", err)
		}
		none, err := s.LoadCheckpoint(ctx, "bo", "play")
		if err != nil || none.Version != 0 || none.Value != nil || none.Customer != "bo" || none.Name != "play" {
			t.Errorf("LoadCheckpoint of none = %+v, %v; want version 0 and no value", none, err)
		}
		for _, bad := range []struct {
			id   engagement.CustomerID
			name string
		}{{"", "play"}, {"ada", ""}, {"ada", "a\x00b"}} {
			if _, err := s.LoadCheckpoint(ctx, bad.id, bad.name); !errors.Is(err, engagement.ErrInvalid) {
				t.Errorf("LoadCheckpoint(%q, %q): error %v, want ErrInvalid", bad.id, bad.name, err)
			}
		}
	})
}

// TestCheckpointRace checks that of several saves from one version
// exactly one wins, the others failing with ErrConflict.
func TestCheckpointRace(t *testing.T) {
	eachBackend(t, func(t *testing.T, open func(tb testing.TB) *sqlstore.Store) {
		ctx := context.Background()
		s := open(t)
		const racers = 8
		for version := int64(0); version < 3; version++ {
			errs := make(chan error, racers)
			for i := range racers {
				go func() {
					_, err := s.SaveCheckpoint(ctx, engagement.Checkpoint{Customer: "ada", Name: "play", Value: []byte{byte(i)}, Version: version, Saved: epoch})
					errs <- err
				}()
			}
			won := 0
			for range racers {
				switch err := <-errs; {
				case err == nil:
					won++
				case !errors.Is(err, engagement.ErrConflict):
					t.Fatalf("save from version %d: %v", version, err)
				}
			}
			if won != 1 {
				t.Fatalf("saves from version %d: %d succeeded, want 1", version, won)
			}
		}
		if c, err := s.LoadCheckpoint(ctx, "ada", "play"); err != nil || c.Version != 3 {
			t.Errorf("after three rounds: %+v, %v; want version 3", c, err)
		}
	})
}

// TestHistoryFollowsMerges checks that state records and checkpoints
// written under an alias land with the customer, that a merge moves them
// with Into's winning, and that erasure removes and counts them.
func TestHistoryFollowsMerges(t *testing.T) {
	eachBackend(t, func(t *testing.T, open func(tb testing.TB) *sqlstore.Store) {
		ctx := context.Background()
		s := open(t)
		t0, t1 := epoch, epoch.Add(time.Hour)
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(s.RecordStates(ctx,
			engagement.StateRecord{Customer: "anon", Time: t0, Stage: "new"},
			engagement.StateRecord{Customer: "anon", Time: t1, Stage: "lapsed"},
			engagement.StateRecord{Customer: "ada", Time: t1, Stage: "returning"}))
		_, err := s.SaveCheckpoint(ctx, engagement.Checkpoint{Customer: "anon", Name: "p1", Value: []byte("anon"), Saved: t0})
		must(err)
		_, err = s.SaveCheckpoint(ctx, engagement.Checkpoint{Customer: "anon", Name: "p2", Value: []byte("anon"), Saved: t0})
		must(err)
		_, err = s.SaveCheckpoint(ctx, engagement.Checkpoint{Customer: "ada", Name: "p1", Value: []byte("ada"), Saved: t0})
		must(err)
		must(s.Merge(ctx, engagement.Merge{From: "anon", Into: "ada", Time: t1}))

		got := collect(t, s.States(ctx, "anon", time.Time{}, time.Time{}))
		want := []engagement.StateRecord{{Customer: "ada", Time: t0, Stage: "new"}, {Customer: "ada", Time: t1, Stage: "returning"}}
		if !equalStates(got, want) {
			t.Errorf("States(anon) after the merge = %+v, want %+v", got, want)
		}
		for name, v := range map[string]string{"p1": "ada", "p2": "anon"} {
			if c, err := s.LoadCheckpoint(ctx, "anon", name); err != nil || string(c.Value) != v || c.Customer != "ada" {
				t.Errorf("LoadCheckpoint(anon, %s) = %+v, %v; want ada's, value %q", name, c, err, v)
			}
		}
		// Writes naming the alias land with the customer.
		must(s.RecordStates(ctx, engagement.StateRecord{Customer: "anon", Time: t0, Stage: "lapsed"}))
		if c, err := s.SaveCheckpoint(ctx, engagement.Checkpoint{Customer: "anon", Name: "p2", Value: []byte("via alias"), Version: 1, Saved: t1}); err != nil || c.Customer != "ada" {
			t.Errorf("SaveCheckpoint through the alias = %+v, %v; want it saved under ada", c, err)
		}
		if got := collect(t, s.States(ctx, "ada", t0, t1)); len(got) != 1 || got[0].Stage != "lapsed" {
			t.Errorf("States(ada) after writing through the alias = %+v, want the lapsed record", got)
		}

		// A pseudonym holding only a state record or a checkpoint is taken.
		must(s.RecordStates(ctx, engagement.StateRecord{Customer: "p-state", Time: t0, Stage: "new"}))
		_, err = s.SaveCheckpoint(ctx, engagement.Checkpoint{Customer: "p-point", Name: "x", Saved: t0})
		must(err)
		for _, p := range []engagement.CustomerID{"p-state", "p-point"} {
			if _, err := s.Erase(ctx, engagement.Erasure{Customer: "ada", Mode: engagement.EraseAnonymise, Pseudonym: p}); !errors.Is(err, engagement.ErrConflict) {
				t.Errorf("Erase with pseudonym %q: error %v, want ErrConflict", p, err)
			}
		}
		rep, err := s.Erase(ctx, engagement.Erasure{Customer: "anon", Mode: engagement.EraseAnonymise, Pseudonym: "p-new"})
		must(err)
		if rep.States != 2 || rep.Checkpoints != 2 || rep.Customer != "ada" {
			t.Errorf("erasure report %+v, want 2 states and 2 checkpoints of ada", rep)
		}
		if got := collect(t, s.LatestStates(ctx, far)); len(got) != 1 || got[0].Customer != "p-state" {
			t.Errorf("LatestStates after the erasure = %+v, want p-state's only", got)
		}
		// A customer holding only a checkpoint is known to Erase.
		rep, err = s.Erase(ctx, engagement.Erasure{Customer: "p-point", Mode: engagement.EraseDelete})
		if err != nil || rep.Checkpoints != 1 {
			t.Errorf("Erase(p-point) = %+v, %v; want one checkpoint removed", rep, err)
		}
	})
}
