package listening_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/listening/sentiment"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

func lcScored(id, text string, score float64, topics ...string) listening.Scored {
	return listening.Scored{
		Mention:   listening.Mention{ID: id, Time: lcT0, Text: text, Topics: topics},
		Sentiment: sentiment.Sentiment{Score: score},
		Negative:  score <= listening.DefaultNegativeThreshold,
	}
}

func TestFeedback(t *testing.T) {
	f := listening.Feedback{Examples: 2}
	f.Add(lcScored("1", "app crashes", -0.8, "app"))
	f.Add(lcScored("2", "app is fine", 0.2, "app"))
	f.Add(lcScored("3", "app slow, delivery late", -0.4, "app", "delivery"))
	f.Add(lcScored("4", "hello", 0))
	want := []listening.TopicFeedback{
		{Topic: "app", Count: 3, Negative: 2, NegativeShare: 2.0 / 3, MeanSentiment: -1.0 / 3, Examples: []string{"app crashes", "app slow, delivery late"}},
		{Topic: "", Count: 1, Examples: []string{"hello"}},
		{Topic: "delivery", Count: 1, Negative: 1, NegativeShare: 1, MeanSentiment: -0.4, Examples: []string{"app slow, delivery late"}},
	}
	rows := f.Report()
	if diff := cmp.Diff(want, rows, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("Report mismatch (-want +got):\n%s", diff)
	}
	var buf bytes.Buffer
	if err := listening.WriteFeedbackCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	wantCSV := `topic,count,negative,negative_share,mean_sentiment,example_1,example_2
app,3,2,0.6667,-0.3333,app crashes,"app slow, delivery late"
,1,0,0.0000,0.0000,hello,
delivery,1,1,1.0000,-0.4000,"app slow, delivery late",
`
	if diff := cmp.Diff(wantCSV, buf.String()); diff != "" {
		t.Errorf("CSV mismatch (-want +got):\n%s", diff)
	}
	js, err := json.Marshal(rows[2])
	if err != nil {
		t.Fatal(err)
	}
	wantJSON := `{"topic":"delivery","count":1,"negative":1,"negative_share":1,"mean_sentiment":-0.4,"examples":["app slow, delivery late"]}`
	if string(js) != wantJSON {
		t.Errorf("JSON = %s, want %s", js, wantJSON)
	}
	if err := f.Merge(&listening.Feedback{}); !errors.Is(err, listening.ErrMismatch) {
		t.Errorf("Merge of feedback keeping 3 examples into 2 = %v, want ErrMismatch", err)
	}
}

// TestFeedbackMerge: gathering a split stream apart and merging gives the
// feedback of the whole.
func TestFeedbackMerge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 40).Draw(t, "n")
		var ss []listening.Scored
		for i := range n {
			topics := rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"app", "price", "staff"}), 0, 3, rapid.ID[string]).Draw(t, "topics")
			score := float64(rapid.IntRange(-10, 10).Draw(t, "score")) / 10
			ss = append(ss, lcScored(fmt.Sprint(i), fmt.Sprint("text ", i), score, topics...))
		}
		keep := rapid.IntRange(-1, 4).Draw(t, "examples")
		split := rapid.IntRange(0, n).Draw(t, "split")
		whole, a, b := listening.Feedback{Examples: keep}, listening.Feedback{Examples: keep}, listening.Feedback{Examples: keep}
		for i, s := range ss {
			whole.Add(s)
			if i < split {
				a.Add(s)
			} else {
				b.Add(s)
			}
		}
		if err := a.Merge(&b); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(whole.Report(), a.Report(), cmpopts.EquateApprox(0, 1e-9), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("merged feedback differs from the whole (-want +got):\n%s", diff)
		}
	})
}
