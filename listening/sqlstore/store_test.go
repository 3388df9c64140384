package sqlstore_test

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/listening"
	"github.com/engagekit/engage/listening/sentiment"
	"github.com/engagekit/engage/listening/sourcetest"
	"github.com/engagekit/engage/listening/sqlstore"
	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// runes are the characters generated strings use: ASCII, SQL and JSON
// specials, and multi-byte runes.
var runes = []rune{'a', 'b', 'Z', '0', ' ', '\'', '"', '\\', '%', '<', '?', '$', 'é', '日', '😀', '\n', '\t'}

func str(min, max int) *rapid.Generator[string] {
	return rapid.StringOfN(rapid.RuneFrom(runes), min, max, -1)
}

// genTime draws any storable time, in a random fixed zone.
func genTime(t *rapid.T, label string) time.Time {
	ns := rapid.Int64().Draw(t, label)
	off := rapid.IntRange(-14, 14).Draw(t, label+"_zone") * 3600
	return time.Unix(0, ns).In(time.FixedZone("z", off))
}

// genMention draws a valid mention; ids is the alphabet of IDs, kept
// small so that keys repeat.
func genMention(t *rapid.T, label string) listening.Mention {
	return listening.Mention{
		ID:       rapid.StringMatching(`[a-d]{1,2}`).Draw(t, label+"_id"),
		Source:   rapid.SampledFrom([]string{"", "twitter", "https://example.com/feed?x=1"}).Draw(t, label+"_source"),
		Author:   str(0, 6).Draw(t, label+"_author"),
		Time:     genTime(t, label+"_time"),
		Text:     "t" + str(0, 20).Draw(t, label+"_text"),
		URL:      str(0, 6).Draw(t, label+"_url"),
		Customer: engagement.CustomerID(str(0, 4).Draw(t, label+"_customer")),
		Topics:   rapid.SliceOfN(rapid.Custom(func(t *rapid.T) string { return "x" + str(0, 5).Draw(t, "topic") }), 0, 3).Draw(t, label+"_topics"),
	}
}

func genSentiment(t *rapid.T, label string) sentiment.Sentiment {
	f := rapid.OneOf(rapid.Float64Range(-1, 1), rapid.SampledFrom([]float64{0, 1e-300, -1}))
	v := sentiment.Sentiment{Score: f.Draw(t, label+"_score"), Positive: f.Draw(t, label+"_pos"), Negative: f.Draw(t, label+"_neg"), Neutral: f.Draw(t, label+"_neu")}
	if rapid.Bool().Draw(t, label+"_negzero") {
		v.Negative = math.Copysign(0, -1) // negative zero must survive too
	}
	return v
}

func genCase(t *rapid.T, label string) *listening.Case {
	m := genMention(t, label)
	c := &listening.Case{
		ID:        rapid.StringMatching(`c[a-d]{1,2}`).Draw(t, label+"_cid"),
		Mention:   m,
		Sentiment: genSentiment(t, label),
		Severity:  listening.Severity(rapid.IntRange(0, 3).Draw(t, label+"_severity")),
		Opened:    genTime(t, label+"_opened"),
		Due:       genTime(t, label+"_due"),
		Assignee:  str(0, 5).Draw(t, label+"_assignee"),
	}
	n := rapid.IntRange(0, 4).Draw(t, label+"_steps")
	for i := range n {
		c.Path = append(c.Path, listening.StepRecord{
			Step: listening.Step(rapid.IntRange(1, 8).Draw(t, fmt.Sprintf("%s_step%d", label, i))),
			At:   genTime(t, fmt.Sprintf("%s_at%d", label, i)),
			Note: str(0, 5).Draw(t, fmt.Sprintf("%s_note%d", label, i)),
		})
	}
	return c
}

// normal returns m as the store gives it back: in UTC, no empty topics.
func normal(m listening.Mention) listening.Mention {
	m.Time = m.Time.UTC()
	if len(m.Topics) == 0 {
		m.Topics = nil
	}
	return m
}

func normalCase(c *listening.Case) *listening.Case {
	d := *c
	d.Mention = normal(c.Mention)
	d.Opened, d.Due = c.Opened.UTC(), c.Due.UTC()
	d.Path = nil
	for _, r := range c.Path {
		r.At = r.At.UTC()
		d.Path = append(d.Path, r)
	}
	return &d
}

func byTimeID(a, b listening.Mention) int {
	return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Source, b.Source))
}

// fataler is what collect needs of a *testing.T or *rapid.T.
type fataler interface {
	Helper()
	Fatalf(string, ...any)
}

func collect[T any](t fataler, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for x, err := range seq {
		if err != nil {
			t.Fatalf("iterating: %v", err)
		}
		out = append(out, x)
	}
	return out
}

// exact compares values including each time's location and encoding.
var exact = gocmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) && a.Location() == b.Location() })

func TestMentionsRoundTrip(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, open opener) {
		s, reset := open(t)
		rapid.Check(t, func(rt *rapid.T) {
			reset()
			ctx := context.Background()
			ms := rapid.SliceOfNDistinct(rapid.Custom(func(t *rapid.T) listening.Mention { return genMention(t, "m") }), 0, 8,
				func(m listening.Mention) [2]string { return [2]string{m.Source, m.ID} }).Draw(rt, "mentions")
			if err := s.PutMentions(ctx, ms...); err != nil {
				rt.Fatalf("PutMentions: %v", err)
			}
			want := make([]listening.Mention, len(ms))
			for i, m := range ms {
				want[i] = normal(m)
			}
			// Fetch gives them in the order written.
			got, _, err := s.Fetch(ctx, "")
			if err != nil {
				rt.Fatalf("Fetch: %v", err)
			}
			if d := gocmp.Diff(want, got, exact, cmpopts.EquateEmpty()); d != "" {
				rt.Fatalf("Fetch after PutMentions (-want +got):\n%s", d)
			}
			slices.SortFunc(want, byTimeID)
			if d := gocmp.Diff(want, collect(rt, s.Mentions(ctx, time.Time{}, time.Time{})), exact, cmpopts.EquateEmpty()); d != "" {
				rt.Fatalf("Mentions (-want +got):\n%s", d)
			}
			// A time range selects [from, to).
			from, to := genTime(rt, "from"), genTime(rt, "to")
			var inRange []listening.Mention
			for _, m := range want {
				if !m.Time.Before(from) && m.Time.Before(to) {
					inRange = append(inRange, m)
				}
			}
			if d := gocmp.Diff(inRange, collect(rt, s.Mentions(ctx, from, to)), exact, cmpopts.EquateEmpty()); d != "" {
				rt.Fatalf("Mentions(%v, %v) (-want +got):\n%s", from, to, d)
			}
			// Writing them again, in any order, changes nothing.
			if err := s.PutMentions(ctx, rapid.Permutation(ms).Draw(rt, "again")...); err != nil {
				rt.Fatalf("PutMentions again: %v", err)
			}
			if n := len(collect(rt, s.Mentions(ctx, time.Time{}, time.Time{}))); n != len(ms) {
				rt.Fatalf("after writing again: %d mentions, want %d", n, len(ms))
			}
		})
	})
}

func TestScoredRoundTrip(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, open opener) {
		s, reset := open(t)
		rapid.Check(t, func(rt *rapid.T) {
			reset()
			ctx := context.Background()
			m := genMention(rt, "m")
			sc := listening.Scored{Mention: m, Sentiment: genSentiment(rt, "s"), Negative: rapid.Bool().Draw(rt, "negative")}
			if rapid.Bool().Draw(rt, "plain first") {
				// A mention stored plain gains its sentiment later.
				if err := s.PutMentions(ctx, m); err != nil {
					rt.Fatalf("PutMentions: %v", err)
				}
				if n := len(collect(rt, s.Scored(ctx, time.Time{}, time.Time{}))); n != 0 {
					rt.Fatalf("Scored after PutMentions: %d, want 0", n)
				}
			}
			if err := s.PutScored(ctx, sc); err != nil {
				rt.Fatalf("PutScored: %v", err)
			}
			// Writing it plain again is a no-op, not a loss of sentiment.
			if err := s.PutMentions(ctx, m); err != nil {
				rt.Fatalf("PutMentions after PutScored: %v", err)
			}
			want := sc
			want.Mention = normal(m)
			if d := gocmp.Diff([]listening.Scored{want}, collect(rt, s.Scored(ctx, time.Time{}, time.Time{})), exact, cmpopts.EquateEmpty()); d != "" {
				rt.Fatalf("Scored (-want +got):\n%s", d)
			}
			got := collect(rt, s.Scored(ctx, time.Time{}, time.Time{}))[0].Sentiment
			if math.Signbit(got.Negative) != math.Signbit(sc.Sentiment.Negative) {
				rt.Fatalf("sentiment %v read back as %v", sc.Sentiment, got)
			}
			other := sc
			other.Sentiment.Score += 0.5
			if err := s.PutScored(ctx, other); !errors.Is(err, engagement.ErrConflict) {
				rt.Fatalf("PutScored with another sentiment: %v, want ErrConflict", err)
			}
		})
	})
}

func TestCasesRoundTrip(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, open opener) {
		s, reset := open(t)
		rapid.Check(t, func(rt *rapid.T) {
			reset()
			ctx := context.Background()
			cs := rapid.SliceOfNDistinct(rapid.Custom(func(t *rapid.T) *listening.Case { return genCase(t, "c") }), 0, 6,
				func(c *listening.Case) string { return c.ID }).Draw(rt, "cases")
			if err := s.PutCases(ctx, cs...); err != nil {
				rt.Fatalf("PutCases: %v", err)
			}
			want := make([]*listening.Case, len(cs))
			for i, c := range cs {
				want[i] = normalCase(c)
			}
			slices.SortFunc(want, func(a, b *listening.Case) int {
				return cmp.Or(a.Opened.Compare(b.Opened), cmp.Compare(a.ID, b.ID))
			})
			if d := gocmp.Diff(want, collect(rt, s.Cases(ctx)), exact, cmpopts.EquateEmpty()); d != "" {
				rt.Fatalf("Cases (-want +got):\n%s", d)
			}
			if err := s.PutCases(ctx, cs...); err != nil {
				rt.Fatalf("PutCases again: %v", err)
			}
			if n := len(collect(rt, s.Cases(ctx))); n != len(cs) {
				rt.Fatalf("after writing again: %d cases, want %d", n, len(cs))
			}
		})
	})
}

// scored returns a scored mention negative enough to open a case.
func scored(id string, at time.Time) listening.Scored {
	return listening.Scored{
		Mention:   listening.Mention{ID: id, Source: "twitter", Time: at, Text: "the refund never came"},
		Sentiment: sentiment.Sentiment{Score: -0.7, Negative: 0.8, Neutral: 0.2},
		Negative:  true,
	}
}

func TestCaseMovesOnButNeverBack(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, open opener) {
		s, _ := open(t)
		ctx := context.Background()
		at := time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)
		c, err := listening.OpenCase(scored("m1", at), at, listening.CasePolicy{})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.PutCases(ctx, c); err != nil {
			t.Fatal(err)
		}
		old := *c
		old.Path = slices.Clone(c.Path)
		if err := c.Advance(listening.StepRespond, at.Add(time.Minute), "sorry, on it"); err != nil {
			t.Fatal(err)
		}
		if err := c.Assign(listening.Staff{Name: "ana", Spokesperson: true}); err != nil {
			t.Fatal(err)
		}
		if err := s.PutCases(ctx, c); err != nil {
			t.Fatalf("PutCases of a case that moved on: %v", err)
		}
		got := collect(t, s.Cases(ctx))
		if d := gocmp.Diff([]*listening.Case{c}, got, exact, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("Cases after moving on (-want +got):\n%s", d)
		}
		if err := s.PutCases(ctx, &old); !errors.Is(err, engagement.ErrConflict) {
			t.Errorf("PutCases of the stale case: %v, want ErrConflict", err)
		}
		rewritten := *c
		rewritten.Path = slices.Clone(c.Path)
		rewritten.Path[1].Note = "changed"
		if err := s.PutCases(ctx, &rewritten); !errors.Is(err, engagement.ErrConflict) {
			t.Errorf("PutCases rewriting a step: %v, want ErrConflict", err)
		}
		resevered := *c
		resevered.Severity = listening.SeverityLow
		if err := s.PutCases(ctx, &resevered); !errors.Is(err, engagement.ErrConflict) {
			t.Errorf("PutCases changing severity: %v, want ErrConflict", err)
		}
		if d := gocmp.Diff([]*listening.Case{c}, collect(t, s.Cases(ctx)), exact, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("refused writes changed the case (-want +got):\n%s", d)
		}
	})
}

func TestMentionConflictAndAllOrNothing(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, open opener) {
		s, _ := open(t)
		ctx := context.Background()
		ms := sourcetest.Mentions(0, 3)
		if err := s.PutMentions(ctx, ms[0]); err != nil {
			t.Fatal(err)
		}
		changed := ms[0]
		changed.Text = "other text"
		// Against the store, and within a batch.
		if err := s.PutMentions(ctx, ms[1], changed, ms[2]); !errors.Is(err, engagement.ErrConflict) {
			t.Errorf("PutMentions with a changed stored mention: %v, want ErrConflict", err)
		}
		if err := s.PutMentions(ctx, ms[1], ms[1], ms[2], func() listening.Mention { m := ms[2]; m.URL = "x"; return m }()); !errors.Is(err, engagement.ErrConflict) {
			t.Errorf("PutMentions with a batch repeat of other content: %v, want ErrConflict", err)
		}
		for name, bad := range map[string]listening.Mention{
			"no text":  {ID: "x", Time: ms[0].Time},
			"NUL":      {ID: "x", Time: ms[0].Time, Text: "a\x00b"},
			"not UTF8": {ID: "x", Time: ms[0].Time, Text: "a\xffb"},
		} {
			err := s.PutMentions(ctx, ms[1], bad, ms[2])
			var fe *listening.FieldError
			if !errors.Is(err, listening.ErrInvalid) || !errors.As(err, &fe) {
				t.Errorf("PutMentions with a mention with %s: %v, want a FieldError", name, err)
			}
		}
		got := collect(t, s.Mentions(ctx, time.Time{}, time.Time{}))
		if d := gocmp.Diff([]listening.Mention{ms[0]}, got); d != "" {
			t.Errorf("refused batches stored something (-want +got):\n%s", d)
		}
		// Canceled contexts are honoured.
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.PutMentions(cctx, ms[1]); !errors.Is(err, context.Canceled) {
			t.Errorf("PutMentions with a cancelled context: %v", err)
		}
		for _, err := range s.Mentions(cctx, time.Time{}, time.Time{}) {
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Mentions with a cancelled context: %v", err)
			}
		}
		if err := s.PutCases(ctx, &listening.Case{ID: "c"}); !errors.Is(err, listening.ErrInvalid) {
			t.Errorf("PutCases of an empty case: %v, want ErrInvalid", err)
		}
	})
}

func TestConcurrentWrites(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, open opener) {
		s, _ := open(t)
		ctx := context.Background()
		const writers, span, total = 8, 12, 4*(8-1) + 12
		all := sourcetest.Mentions(0, total)
		at := time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)
		var (
			wg   sync.WaitGroup
			errs = make([]error, writers+1)
			seen []listening.Mention
			stop = make(chan struct{})
		)
		// A reader follows the writes with a cursor all along.
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c listening.Cursor
			for {
				select {
				case <-stop:
					return
				default:
				}
				ms, next, err := s.Fetch(ctx, c)
				if err != nil {
					errs[writers] = err
					return
				}
				seen, c = append(seen, ms...), next
			}
		}()
		var wwg sync.WaitGroup
		for g := range writers {
			wwg.Add(1)
			go func() {
				defer wwg.Done()
				// Writer g writes mentions 4g to 4g+span, three at a time,
				// overlapping its neighbours, and a case for each.
				mine := all[4*g : 4*g+span]
				for i := 0; i < len(mine); i += 3 {
					batch := mine[i:min(i+3, len(mine))]
					if err := s.PutMentions(ctx, batch...); err != nil {
						errs[g] = err
						return
					}
					var cs []*listening.Case
					for _, m := range batch {
						c, err := listening.OpenCase(scored(m.ID, m.Time), at, listening.CasePolicy{})
						if err != nil {
							errs[g] = err
							return
						}
						cs = append(cs, c)
					}
					if err := s.PutCases(ctx, cs...); err != nil {
						errs[g] = err
						return
					}
				}
			}()
		}
		wwg.Wait()
		close(stop)
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		// Whatever the reader had not reached yet, it finds from its
		// last cursor: together exactly every mention, once.
		rest, _, err := s.Fetch(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(seen) > len(rest) || gocmp.Diff(rest[:len(seen)], seen) != "" {
			t.Fatalf("the following reader saw %d mentions that are not the first %d written", len(seen), len(seen))
		}
		ids := map[string]int{}
		for _, m := range rest {
			ids[m.ID]++
		}
		if len(rest) != total || len(ids) != total {
			t.Errorf("Fetch gave %d mentions, %d distinct; want %d", len(rest), len(ids), total)
		}
		if got := collect(t, s.Mentions(ctx, time.Time{}, time.Time{})); gocmp.Diff(all, got) != "" {
			t.Errorf("Mentions gave %d, want the %d written, in order", len(got), total)
		}
		if got := collect(t, s.Cases(ctx)); len(got) != total {
			t.Errorf("Cases gave %d, want %d", len(got), total)
		}
	})
}

func TestSource(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, open opener) {
		sourcetest.Run(t, func(t *testing.T) sourcetest.Fixture {
			s, _ := open(t)
			return sourcetest.Fixture{Source: s, Add: func(ms ...listening.Mention) error { return s.PutMentions(context.Background(), ms...) }}
		})
	})
}

func TestNewRejectsBadConfig(t *testing.T) {
	db := openSQLite(t)
	ctx := context.Background()
	for _, prefix := range []string{"", "A", "1x", "x;drop table t"} {
		if prefix != "" { // the zero Options means no prefix
			if _, err := sqlstore.New(ctx, db, sqlstore.SQLite, sqlstore.Options{TablePrefix: prefix}); err == nil {
				t.Errorf("New with table prefix %q: got nil error, want one", prefix)
			}
		}
		if _, err := sqlstore.New(ctx, db, sqlstore.SQLite, sqlstore.WithTablePrefix(prefix)); err == nil {
			t.Errorf("New with the deprecated WithTablePrefix(%q): got nil error, want one", prefix)
		}
	}
	if _, err := sqlstore.New(ctx, db, sqlstore.Dialect(0)); err == nil {
		t.Error("New with the zero Dialect: got nil error")
	}
	if _, err := sqlstore.New(ctx, nil, sqlstore.SQLite); err == nil {
		t.Error("New with a nil db: got nil error")
	}
}

func testSchemaTooNew(t *testing.T, db *sql.DB, d sqlstore.Dialect, prefix string) {
	ctx := context.Background()
	for range 2 { // the second New finds the schema current
		if _, err := sqlstore.New(ctx, db, d, sqlstore.Options{TablePrefix: prefix}); err != nil {
			t.Fatalf("New: %v", err)
		}
	}
	if _, err := db.ExecContext(ctx, fmt.Sprintf("INSERT INTO %sschema_version (version, applied_ns) VALUES (%d, 0)", prefix, sqlstore.SchemaVersion+1)); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlstore.New(ctx, db, d, sqlstore.Options{TablePrefix: prefix}); !errors.Is(err, sqlstore.ErrSchemaTooNew) {
		t.Errorf("New on a newer schema: %v, want ErrSchemaTooNew", err)
	}
}

func TestSchemaTooNewSQLite(t *testing.T) { testSchemaTooNew(t, openSQLite(t), sqlstore.SQLite, "m_") }

func TestSchemaTooNewPostgreSQL(t *testing.T) {
	db := postgres(t)
	prefix := randomPrefix(t)
	t.Cleanup(func() { dropTables(t, db, prefix) })
	testSchemaTooNew(t, db, sqlstore.PostgreSQL, prefix)
}
