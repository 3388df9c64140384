package listening

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
)

// DefaultExamples is how many example texts [Feedback] keeps per topic: 3.
const DefaultExamples = 3

// TopicFeedback is what was heard about one topic, for product
// development: how much, how negative, and a few examples. The examples
// are the most negative mentions heard (lowest score first, then by
// mention ID), since those say what to fix.
type TopicFeedback struct {
	Topic         string   `json:"topic"` // empty for mentions that fall under no topic
	Count         int      `json:"count"`
	Negative      int      `json:"negative"`
	NegativeShare float64  `json:"negative_share"` // Negative / Count, 0 to 1
	MeanSentiment float64  `json:"mean_sentiment"` // mean score, -1 to 1
	Examples      []string `json:"examples"`
}

// Feedback gathers scored mentions by topic for product development (seed
// 003: the listening centre feeds "consumer feedback into product
// development"). A mention counts under each of its topics, or under the
// empty topic when it has none.
//
// Feedback is mergeable: gathering the parts of a stream apart and merging
// gives the feedback of the whole (up to floating-point rounding in the
// mean). The zero Feedback is empty, keeps DefaultExamples examples per
// topic, and is ready to use. It is not safe for concurrent use.
type Feedback struct {
	// Examples is how many example texts to keep per topic; zero means
	// DefaultExamples, negative means none. Set it before the first Add.
	Examples int

	topics map[string]*feedbackTopic
}

type feedbackTopic struct {
	tally    Tally
	examples []feedbackExample // sorted, at most the limit
}

type feedbackExample struct {
	score float64
	id    string
	text  string
}

func compareExamples(a, b feedbackExample) int {
	return cmp.Or(cmp.Compare(a.score, b.score), cmp.Compare(a.id, b.id), cmp.Compare(a.text, b.text))
}

func (f *Feedback) limit() int {
	switch {
	case f.Examples == 0:
		return DefaultExamples
	case f.Examples < 0:
		return 0
	}
	return f.Examples
}

// Add gathers one scored mention.
func (f *Feedback) Add(s Scored) {
	topics := s.Mention.Topics
	if len(topics) == 0 {
		topics = []string{""}
	}
	ex := feedbackExample{score: s.Sentiment.Score, id: s.Mention.ID, text: s.Mention.Text}
	for _, t := range topics {
		ft := f.topic(t)
		ft.tally.Add(s.Sentiment.Score, s.Negative)
		ft.examples = keepExamples(ft.examples, f.limit(), ex)
	}
}

func (f *Feedback) topic(t string) *feedbackTopic {
	if f.topics == nil {
		f.topics = make(map[string]*feedbackTopic)
	}
	ft := f.topics[t]
	if ft == nil {
		ft = &feedbackTopic{}
		f.topics[t] = ft
	}
	return ft
}

// keepExamples inserts examples into a sorted list capped at limit.
func keepExamples(list []feedbackExample, limit int, add ...feedbackExample) []feedbackExample {
	for _, e := range add {
		i, _ := slices.BinarySearchFunc(list, e, compareExamples)
		if i >= limit {
			continue
		}
		list = slices.Insert(list, i, e)
		if len(list) > limit {
			list = list[:limit]
		}
	}
	return list
}

// Merge adds g's feedback into f. Both must keep the same number of
// examples; otherwise Merge returns an error matching [ErrMismatch] and
// changes nothing. g is not changed.
func (f *Feedback) Merge(g *Feedback) error {
	if f.limit() != g.limit() {
		return fmt.Errorf("listening: merging feedback keeping %d examples into %d: %w", g.limit(), f.limit(), ErrMismatch)
	}
	for t, gt := range g.topics {
		ft := f.topic(t)
		ft.tally.Merge(gt.tally)
		ft.examples = keepExamples(ft.examples, f.limit(), gt.examples...)
	}
	return nil
}

// Report returns the feedback per topic, the most mentioned first (then by
// topic name).
func (f *Feedback) Report() []TopicFeedback {
	out := make([]TopicFeedback, 0, len(f.topics))
	for _, t := range slices.Sorted(maps.Keys(f.topics)) {
		ft := f.topics[t]
		ex := make([]string, len(ft.examples))
		for i, e := range ft.examples {
			ex[i] = e.text
		}
		out = append(out, TopicFeedback{
			Topic:         t,
			Count:         ft.tally.Count,
			Negative:      ft.tally.Negative,
			NegativeShare: ft.tally.NegativeShare(),
			MeanSentiment: ft.tally.MeanScore(),
			Examples:      ex,
		})
	}
	slices.SortStableFunc(out, func(a, b TopicFeedback) int { return cmp.Compare(b.Count, a.Count) })
	return out
}

// WriteFeedbackCSV writes rows as CSV with a header line: topic, count,
// negative, negative_share, mean_sentiment (both to 4 decimal places), then
// example_1 to example_n for the most examples any row has. For JSON, use
// encoding/json on the rows: [TopicFeedback] carries the tags.
func WriteFeedbackCSV(w io.Writer, rows []TopicFeedback) error {
	n := 0
	for _, r := range rows {
		n = max(n, len(r.Examples))
	}
	cw := csv.NewWriter(w)
	header := []string{"topic", "count", "negative", "negative_share", "mean_sentiment"}
	for i := range n {
		header = append(header, "example_"+strconv.Itoa(i+1))
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("listening: writing feedback: %w", err)
	}
	for _, r := range rows {
		rec := []string{
			r.Topic, strconv.Itoa(r.Count), strconv.Itoa(r.Negative),
			strconv.FormatFloat(r.NegativeShare, 'f', 4, 64),
			strconv.FormatFloat(r.MeanSentiment, 'f', 4, 64),
		}
		for i := range n {
			ex := ""
			if i < len(r.Examples) {
				ex = r.Examples[i]
			}
			rec = append(rec, ex)
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("listening: writing feedback: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("listening: writing feedback: %w", err)
	}
	return nil
}
