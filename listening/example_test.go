package listening_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/listening/sentiment"
)

func ExampleCentre() {
	// A stand-in analyser: "bad" is negative. Use the package's
	// rule-based analyser, or your own, in real code.
	analyzer := sentiment.AnalyzerFunc(func(text string) sentiment.Sentiment {
		if strings.Contains(strings.ToLower(text), "bad") {
			return sentiment.Sentiment{Score: -0.6, Negative: 1}
		}
		return sentiment.Sentiment{Neutral: 1}
	})
	centre, err := listening.NewCentre(listening.CentreConfig{
		Analyzer: analyzer,
		Topics:   []listening.TopicRule{{Name: "delivery", Keywords: []string{"delivery", "courier"}}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	start := time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
	hear := func(hour, n int, text string) {
		for i := range n {
			m := listening.Mention{
				ID:   fmt.Sprintf("%d-%d", hour, i),
				Time: start.Add(time.Duration(hour)*time.Hour + time.Duration(i)*time.Minute),
				Text: text,
			}
			_, alerts, err := centre.Ingest(m)
			if err != nil {
				fmt.Println(err)
			}
			for _, a := range alerts {
				fmt.Println("ALERT", a)
			}
		}
	}
	// A day of two grumbles an hour is the baseline: no alerts.
	for hour := range 24 {
		hear(hour, 2, "bad delivery again")
		hear(hour, 3, "nice shop")
	}
	// Then the courier loses a van load.
	hear(24, 12, "Bad courier, my delivery is lost")
	t := centre.Series("delivery").At(start.Add(24 * time.Hour))
	fmt.Printf("delivery, hour 24: %d mentions, %d negative, mean score %.2f\n", t.Count, t.Negative, t.MeanScore())
	// Output:
	// ALERT all mentions: 7 negative in window 2024-05-07T00:00:00Z (baseline mean 2.00, sd 0.00, sigma level 7)
	// ALERT delivery: 7 negative in window 2024-05-07T00:00:00Z (baseline mean 2.00, sd 0.00, sigma level 7)
	// delivery, hour 24: 12 mentions, 12 negative, mean score -0.60
}

func ExampleCase() {
	heard := time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)
	s := listening.Scored{
		Mention:   listening.Mention{ID: "t-981", Source: "twitter", Time: heard, Text: "Your app ate my order. Never again."},
		Sentiment: sentiment.Sentiment{Score: -0.7, Negative: 0.7, Neutral: 0.3},
		Negative:  true,
	}
	c, err := listening.OpenCase(s, heard, listening.CasePolicy{})
	if err != nil {
		fmt.Println(err)
		return
	}
	staff := []listening.Staff{{Name: "Sam"}, {Name: "Ana", Spokesperson: true}}
	who, err := listening.Route(staff, s.Negative, nil)
	if err == nil {
		err = c.Assign(who)
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("severity", c.Severity, "due", c.Due.Format("15:04"), "assigned to", c.Assignee)

	fmt.Println(c.Advance(listening.StepFix, heard.Add(10*time.Minute), ""))
	steps := []listening.Step{listening.StepRespond, listening.StepExplain, listening.StepFix}
	for i, step := range steps {
		if err := c.Advance(step, heard.Add(time.Duration(40+10*i)*time.Minute), ""); err != nil {
			fmt.Println(err)
		}
	}
	for _, r := range c.Path {
		fmt.Println(r.At.Format("15:04"), r.Step)
	}
	_, late := c.Breach(heard.Add(3 * time.Hour))
	fmt.Println("breached:", late)
	// Output:
	// severity high due 10:00 assigned to Ana
	// listening: case "t-981": cannot go from listen to fix: skips respond
	// 09:00 listen
	// 09:40 respond
	// 09:50 explain
	// 10:00 fix
	// breached: false
}

func ExampleCheckPost() {
	post := listening.Post{
		Author: listening.Staff{Name: "Mike Schoultz"},
		Text:   "Hi, I'm Mike Schoultz and I work for Digital Spark Marketing. Our upcoming sale will beat any price in town!",
	}
	v := listening.CheckPost(post, listening.Guidelines{}) // the zero Guidelines are the defaults
	fmt.Println(v.Decision)
	for _, f := range v.Findings {
		fmt.Printf("%s (%s): %q\n", f.Rule, f.Category, f.Match)
	}
	// Output:
	// do_not_post
	// confidential (pricing): "price"
	// confidential (price comparison): "beat any price"
	// confidential (future promotions): "upcoming sale"
}

func ExampleFeedSource() {
	const feed = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Reviews</title>
<item><guid>r2</guid><title>Refund took weeks</title><pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate></item>
<item><guid>r1</guid><title>Great staff</title><pubDate>Mon, 06 May 2024 09:00:00 GMT</pubDate></item>
</channel></rss>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, feed)
	}))
	defer srv.Close()

	src := &listening.FeedSource{URL: srv.URL, Name: "reviews", Timeout: 5 * time.Second}
	var cursor listening.Cursor // keep it between polls (and runs) to never see an item twice
	for poll := 1; poll <= 2; poll++ {
		ms, next, err := src.Fetch(context.Background(), cursor)
		if err != nil {
			fmt.Println(err)
			return
		}
		cursor = next
		fmt.Printf("poll %d: %d new\n", poll, len(ms))
		for _, m := range ms {
			fmt.Println(" ", m.Time.Format(time.RFC3339), m.ID, m.Text)
		}
	}
	// Output:
	// poll 1: 2 new
	//   2024-05-06T09:00:00Z r1 Great staff
	//   2024-05-06T10:00:00Z r2 Refund took weeks
	// poll 2: 0 new
}

func ExampleWriteFeedbackCSV() {
	var f listening.Feedback
	for i, text := range []string{"checkout keeps failing", "checkout is quick", "love the colours"} {
		score := map[int]float64{0: -0.7, 1: 0.5, 2: 0.8}[i]
		topics := []string{"checkout"}
		if i == 2 {
			topics = []string{"design"}
		}
		f.Add(listening.Scored{
			Mention:   listening.Mention{ID: fmt.Sprint(i), Text: text, Topics: topics},
			Sentiment: sentiment.Sentiment{Score: score},
			Negative:  score <= listening.DefaultNegativeThreshold,
		})
	}
	if err := listening.WriteFeedbackCSV(os.Stdout, f.Report()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// topic,count,negative,negative_share,mean_sentiment,example_1,example_2
	// checkout,2,1,0.5000,-0.1000,checkout keeps failing,checkout is quick
	// design,1,0,0.0000,0.8000,love the colours,
}
