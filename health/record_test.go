package health_test

import (
	"context"
	"errors"
	"testing"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/health"
	"github.com/engagekit/engage/stages"
)

func TestStateRecordRoundTrip(t *testing.T) {
	var s health.Set
	f := health.Facts{Profile: profile(t, engagement.Recommends(10), engagement.Purchase, engagement.RatingGiven),
		Stage: stages.Result{Stage: stages.Advocate}}
	r, err := s.Score(&f, "", asOf)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := r.StateRecord(asOf)
	if err != nil {
		t.Fatal(err)
	}
	want := engagement.StateRecord{Customer: "ann", Time: asOf, Stage: "advocate", Band: r.Band, Score: r.Score}
	if !rec.Equal(want) || rec.Band == "" {
		t.Fatalf("record %+v, want %+v", rec, want)
	}
	// Through a store and back.
	store := engagement.NewMemoryStore()
	var hs engagement.HistoryStore = store
	if err := hs.RecordStates(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	n := 0
	for got, err := range hs.LatestStates(context.Background(), asOf) {
		n++
		if err != nil {
			t.Fatal(err)
		}
		st, err := health.ParseState(got, nil)
		if err != nil {
			t.Fatal(err)
		}
		if st.Stage != stages.Advocate || st.Band != r.Band || st.Score != r.Score {
			t.Errorf("state %+v, want advocate %s %v", st, r.Band, r.Score)
		}
	}
	if n != 1 {
		t.Errorf("LatestStates yielded %d records, want 1", n)
	}
}

func TestStateRecordUnscored(t *testing.T) {
	r := health.Result{Customer: "ann", Stage: stages.Former}
	rec, err := r.StateRecord(asOf)
	if err != nil || rec.Band != "" || rec.Score != 0 || rec.Stage != "former" {
		t.Fatalf("got %+v, %v; want a stage-only record", rec, err)
	}
	if _, err := (&health.Result{Customer: "ann"}).StateRecord(asOf); !errors.Is(err, engagement.ErrInvalid) {
		t.Errorf("unclassified: got %v, want engagement.ErrInvalid", err)
	}
	if _, err := (&health.Result{Stage: stages.Returning}).StateRecord(asOf); !errors.Is(err, engagement.ErrInvalid) {
		t.Errorf("no customer: got %v, want engagement.ErrInvalid", err)
	}
}

func TestParseStateInvalid(t *testing.T) {
	if _, err := health.ParseState(engagement.StateRecord{Stage: "loyal"}, nil); !errors.Is(err, stages.ErrInvalid) {
		t.Errorf("stage loyal: got %v, want stages.ErrInvalid", err)
	}
	if _, err := health.ParseState(engagement.StateRecord{Stage: "returning", Band: "amber", Score: 50}, nil); !errors.Is(err, health.ErrInvalid) {
		t.Errorf("band amber: got %v, want ErrInvalid", err)
	}
	st, err := health.ParseState(engagement.StateRecord{Stage: "returning"}, nil)
	if err != nil || st.Stage != stages.Returning || st.Band != "" {
		t.Errorf("no band: got %+v, %v", st, err)
	}
}
