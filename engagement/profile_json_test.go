package engagement_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/google/go-cmp/cmp"
)

func TestSnapshotJSONKeepsRecommendZero(t *testing.T) {
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		rating  engagement.Rating
		wantRec string // the member as written, or "" for none
	}{
		{"answer 0", engagement.Recommends(0), `"recommend":0`},
		{"answer 7", engagement.Recommends(7), `"recommend":7`},
		{"no answer", engagement.Satisfied(4), ""},
	} {
		p, err := engagement.NewProfile("ana", at.AddDate(0, 1, 0), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Add(engagement.Interaction{ID: "1", Customer: "ana", Time: at,
			Kind: engagement.RatingGiven, Rating: tc.rating}); err != nil {
			t.Fatal(err)
		}
		data, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(data), `"recommend"`); got != (tc.wantRec != "") ||
			tc.wantRec != "" && !strings.Contains(string(data), tc.wantRec) {
			t.Errorf("%s: JSON %s; want member %q", tc.name, data, tc.wantRec)
		}
		var back engagement.Snapshot
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatalf("%s: Unmarshal(%s): %v", tc.name, data, err)
		}
		if d := cmp.Diff(p.Snapshot(), back); d != "" {
			t.Errorf("%s: round trip (-want +got):\n%s", tc.name, d)
		}
	}
}
