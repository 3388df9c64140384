package digest_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/listening/digest"
	"github.com/engagekit/engage/listening/sentiment"
	"pgregory.net/rapid"
)

var t0 = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)

var topics = []string{"", "app", "billing", "delivery"}

func genTime(t *rapid.T, label string) time.Time {
	return t0.Add(time.Duration(rapid.IntRange(0, 72*60).Draw(t, label)) * time.Minute)
}

func genBaseline(t *rapid.T) listening.Baseline {
	return listening.Baseline{
		Mean:   float64(rapid.IntRange(0, 40).Draw(t, "mean")) / 4,
		SD:     float64(rapid.IntRange(0, 20).Draw(t, "sd")) / 4,
		Method: rapid.SampledFrom([]string{"sigma", "poisson"}).Draw(t, "method"),
		Level:  rapid.IntRange(5, 20).Draw(t, "level"),
	}
}

func genAlert(t *rapid.T) listening.Alert {
	at := genTime(t, "at")
	return listening.Alert{
		Topic:    rapid.SampledFrom(topics).Draw(t, "topic"),
		Window:   at.Truncate(time.Hour),
		Negative: rapid.IntRange(5, 30).Draw(t, "negative"),
		Baseline: genBaseline(t),
		Mention:  rapid.StringMatching(`m-[0-9]{1,2}`).Draw(t, "mention"),
		At:       at,
	}
}

func genSpike(t *rapid.T) digest.Spike {
	return digest.Spike{Topic: rapid.SampledFrom(topics).Draw(t, "topic"), Spike: listening.Spike{
		Measure:  rapid.SampledFrom([]listening.Measure{listening.Negatives, listening.Positives, listening.Volume}).Draw(t, "measure"),
		Window:   genTime(t, "window").Truncate(time.Hour),
		Count:    rapid.IntRange(5, 30).Draw(t, "count"),
		Baseline: genBaseline(t),
	}}
}

func genBreach(t *rapid.T) digest.Breach {
	due := genTime(t, "due")
	b := listening.Breach{
		Case:     rapid.StringMatching(`c-[0-9]{1,2}`).Draw(t, "case"),
		Severity: listening.Severity(rapid.IntRange(1, 3).Draw(t, "severity")),
		Due:      due,
		Late:     time.Duration(rapid.IntRange(1, 600).Draw(t, "late")) * time.Minute,
	}
	if rapid.Bool().Draw(t, "responded") {
		b.Responded = due.Add(b.Late)
	}
	return digest.Breach{Topic: rapid.SampledFrom(topics).Draw(t, "topic"), Breach: b}
}

func genPeriod(t *rapid.T) digest.Period {
	start := t0.Add(time.Duration(rapid.IntRange(0, 48).Draw(t, "start")) * time.Hour)
	return digest.Period{Start: start, End: start.Add(time.Duration(rapid.IntRange(1, 48).Draw(t, "hours")) * time.Hour)}
}

type inputs struct {
	alerts   []listening.Alert
	spikes   []digest.Spike
	breaches []digest.Breach
}

func genInputs(t *rapid.T) inputs {
	return inputs{
		alerts:   rapid.SliceOfN(rapid.Custom(genAlert), 0, 15).Draw(t, "alerts"),
		spikes:   rapid.SliceOfN(rapid.Custom(genSpike), 0, 15).Draw(t, "spikes"),
		breaches: rapid.SliceOfN(rapid.Custom(genBreach), 0, 15).Draw(t, "breaches"),
	}
}

func shuffle[T any](t *rapid.T, label string, xs []T) []T {
	out := append([]T(nil), xs...)
	for i := len(out) - 1; i > 0; i-- {
		j := rapid.IntRange(0, i).Draw(t, label)
		out[i], out[j] = out[j], out[i]
	}
	return out
}

func build(t *rapid.T, p digest.Period, in inputs) digest.Digest {
	d, err := digest.Build(p, in.alerts, in.spikes, in.breaches)
	if err != nil {
		t.Fatalf("Build(%v): %v", p, err)
	}
	return d
}

// A digest's counts are the inputs that fall in its period, topic by
// topic, and every item it holds lies in the period.
func TestCountsMatchInputs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, in := genPeriod(t), genInputs(t)
		d := build(t, p, in)
		want := map[string]digest.Counts{}
		var total digest.Counts
		for _, a := range in.alerts {
			if !a.At.Before(p.Start) && a.At.Before(p.End) {
				c := want[a.Topic]
				c.Alerts++
				want[a.Topic] = c
				total.Alerts++
			}
		}
		for _, s := range in.spikes {
			if !s.Window.Before(p.Start) && s.Window.Before(p.End) {
				c := want[s.Topic]
				c.Spikes++
				want[s.Topic] = c
				total.Spikes++
			}
		}
		for _, b := range in.breaches {
			if !b.Due.Before(p.Start) && b.Due.Before(p.End) {
				c := want[b.Topic]
				c.Breaches++
				want[b.Topic] = c
				total.Breaches++
			}
		}
		if got := d.Counts(); got != total {
			t.Fatalf("Counts() = %+v, want %+v", got, total)
		}
		if d.Empty() != (total.Total() == 0) {
			t.Fatalf("Empty() = %v with %d items", d.Empty(), total.Total())
		}
		if len(d.Topics) != len(want) {
			t.Fatalf("%d topics, want %d", len(d.Topics), len(want))
		}
		for i, tp := range d.Topics {
			if i > 0 && d.Topics[i-1].Name >= tp.Name {
				t.Fatalf("topics out of order: %q before %q", d.Topics[i-1].Name, tp.Name)
			}
			got := digest.Counts{Alerts: len(tp.Alerts), Spikes: len(tp.Spikes), Breaches: len(tp.Breaches)}
			if got != want[tp.Name] {
				t.Fatalf("topic %q: %+v, want %+v", tp.Name, got, want[tp.Name])
			}
			for j := 1; j < len(tp.Alerts); j++ {
				if tp.Alerts[j-1].Negative < tp.Alerts[j].Negative {
					t.Fatalf("topic %q: alerts not worst first", tp.Name)
				}
			}
			for j := 1; j < len(tp.Breaches); j++ {
				if tp.Breaches[j-1].Late < tp.Breaches[j].Late {
					t.Fatalf("topic %q: breaches not latest first", tp.Name)
				}
			}
		}
		if s := d.Subject(digest.Format{}); !strings.Contains(s, strings.SplitN(strings.SplitN(d.Body(digest.Format{}), "\n", 3)[1], " in ", 2)[0]) {
			t.Fatalf("subject %q does not carry the body's counts", s)
		}
	})
}

// The digest, its subject and its body do not depend on the order of the
// inputs.
func TestOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, in := genPeriod(t), genInputs(t)
		d1 := build(t, p, in)
		d2 := build(t, p, inputs{shuffle(t, "a", in.alerts), shuffle(t, "s", in.spikes), shuffle(t, "b", in.breaches)})
		if !reflect.DeepEqual(d1, d2) {
			t.Fatalf("digests differ with the inputs reordered:\n%+v\n%+v", d1, d2)
		}
		f := digest.Format{MaxItems: rapid.IntRange(-1, 4).Draw(t, "max")}
		if d1.Body(f) != d2.Body(f) || d1.Subject(f) != d2.Subject(f) {
			t.Fatalf("text differs with the inputs reordered:\n%s\n%s", d1.Body(f), d2.Body(f))
		}
	})
}

// The same period to the same recipient always gives the same message ID
// and body, whenever it is sent; another period or recipient gives
// another ID. Every message is valid.
func TestMessageStable(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, in := genPeriod(t), genInputs(t)
		to := engagement.CustomerID(rapid.SampledFrom([]string{"", "listening-team", "ops room", "é"}).Draw(t, "to"))
		s := &digest.Sender{Recipient: to}
		now1, now2 := genTime(t, "now1"), genTime(t, "now2")
		m1, err := s.Message(build(t, p, in), now1)
		if err != nil {
			t.Fatal(err)
		}
		m2, err := s.Message(build(t, p, inputs{shuffle(t, "a", in.alerts), in.spikes, shuffle(t, "b", in.breaches)}), now2)
		if err != nil {
			t.Fatal(err)
		}
		if m1.ID != m2.ID || m1.Body != m2.Body || m1.Subject != m2.Subject {
			t.Fatalf("same period, different messages:\n%+v\n%+v", m1, m2)
		}
		if err := m1.Validate(); err != nil {
			t.Fatalf("message does not validate: %v", err)
		}
		inZone := digest.Period{Start: p.Start.In(time.FixedZone("x", 3600)), End: p.End.In(time.FixedZone("y", -7200))}
		if digest.Key(m1.Customer, inZone) != m1.ID {
			t.Fatalf("the key depends on the time zone")
		}
		other := p
		if rapid.Bool().Draw(t, "shift start") {
			other.Start = other.Start.Add(-time.Duration(rapid.IntRange(1, 1e6).Draw(t, "by")))
		} else {
			other.End = other.End.Add(time.Duration(rapid.IntRange(1, 1e6).Draw(t, "by")))
		}
		if digest.Key(m1.Customer, other) == m1.ID {
			t.Fatalf("periods %v and %v share a key", p, other)
		}
		if digest.Key(m1.Customer+"x", p) == m1.ID {
			t.Fatalf("recipients %q and %q share a key", m1.Customer, m1.Customer+"x")
		}
	})
}

func TestCutOff(t *testing.T) {
	var alerts []listening.Alert
	for i := range 8 {
		alerts = append(alerts, listening.Alert{Topic: "billing", Negative: 5 + i, At: t0.Add(time.Duration(i) * time.Minute), Mention: "m"})
	}
	d, err := digest.Build(digest.Day(t0), alerts, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	body := d.Body(digest.Format{})
	if !strings.Contains(body, "alerts (8):") || !strings.Contains(body, "and 3 more") {
		t.Fatalf("default cut-off missing:\n%s", body)
	}
	if i, j := strings.Index(body, "- 12 negative"), strings.Index(body, "- 8 negative"); i < 0 || j < 0 || i > j {
		t.Fatalf("worst alert not first or missing:\n%s", body)
	}
	if strings.Contains(body, "- 7 negative") {
		t.Fatalf("an alert beyond the cut-off is listed:\n%s", body)
	}
	if all := d.Body(digest.Format{MaxItems: -1}); strings.Contains(all, "more") || !strings.Contains(all, "- 5 negative") {
		t.Fatalf("no cut-off wanted:\n%s", all)
	}
}

func TestBadPeriod(t *testing.T) {
	for _, p := range []digest.Period{{}, {Start: t0}, {Start: t0, End: t0}, {Start: t0, End: t0.Add(-time.Hour)}} {
		if _, err := digest.Build(p, nil, nil, nil); !errorsIsInvalid(err) {
			t.Errorf("Build(%v) = %v, want a field error", p, err)
		}
	}
}

func TestCaseBreaches(t *testing.T) {
	open := func(id string, topics []string) *listening.Case {
		c, err := listening.OpenCase(listening.Scored{
			Mention:   listening.Mention{ID: id, Source: "s", Time: t0, Text: "awful", Topics: topics},
			Sentiment: sentiment.Sentiment{Score: -0.9},
		}, t0, listening.CasePolicy{})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	got := digest.CaseBreaches([]*listening.Case{open("a", []string{"billing", "app"}), nil, open("b", nil)}, t0.Add(3*time.Hour))
	if len(got) != 2 || got[0].Topic != "billing" || got[1].Topic != "" || got[0].Late != 2*time.Hour {
		t.Fatalf("CaseBreaches = %+v", got)
	}
	if got := digest.CaseBreaches([]*listening.Case{open("c", nil)}, t0.Add(time.Hour)); len(got) != 0 {
		t.Fatalf("a case on time breached: %+v", got)
	}
}
