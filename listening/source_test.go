package listening_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/engagekit/engage/listening"
	"github.com/google/go-cmp/cmp"
)

func TestMentionValidate(t *testing.T) {
	good := listening.Mention{ID: "1", Time: lcT0, Text: "hello"}
	tests := []struct {
		name  string
		edit  func(*listening.Mention)
		field string // "" when valid
	}{
		{"valid", func(*listening.Mention) {}, ""},
		{"no id", func(m *listening.Mention) { m.ID = " " }, "id"},
		{"no time", func(m *listening.Mention) { m.Time = time.Time{} }, "time"},
		{"year 2300", func(m *listening.Mention) { m.Time = m.Time.AddDate(276, 0, 0) }, "time"},
		{"no text", func(m *listening.Mention) { m.Text = "\t" }, "text"},
		{"empty topic", func(m *listening.Mention) { m.Topics = []string{"a", ""} }, "topics"},
		{"pipe in topic", func(m *listening.Mention) { m.Topics = []string{"a|b"} }, "topics"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := good
			tt.edit(&m)
			err := m.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var fe *listening.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field || !errors.Is(err, listening.ErrInvalid) {
				t.Fatalf("Validate() = %v, want a listening.FieldError on %q matching listening.ErrInvalid", err, tt.field)
			}
		})
	}
}

func TestMemorySource(t *testing.T) {
	ctx := context.Background()
	var s listening.MemorySource
	ms, next, err := s.Fetch(ctx, "")
	if err != nil || len(ms) != 0 {
		t.Fatalf("empty Fetch = %v, %v", ms, err)
	}
	a := listening.Mention{ID: "a", Time: lcT0, Text: "good", Topics: []string{"x"}}
	b := listening.Mention{ID: "b", Time: lcT0, Text: "bad"}
	if err := s.Add(a, listening.Mention{ID: "bad"}); !errors.Is(err, listening.ErrInvalid) {
		t.Fatalf("Add(invalid) = %v, want listening.ErrInvalid", err)
	}
	if s.Len() != 0 {
		t.Fatalf("a failed Add added %d mentions", s.Len())
	}
	if err := s.Add(a, b); err != nil {
		t.Fatal(err)
	}
	a.Topics[0] = "changed after Add"
	ms, next2, err := s.Fetch(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	want := []listening.Mention{{ID: "a", Time: lcT0, Text: "good", Topics: []string{"x"}}, b}
	if diff := cmp.Diff(want, ms); diff != "" {
		t.Errorf("Fetch mismatch (-want +got):\n%s", diff)
	}
	ms[0].Topics[0] = "changed after Fetch"
	again, _, _ := s.Fetch(ctx, next)
	if again[0].Topics[0] != "x" {
		t.Errorf("changing a fetched mention changed the source: %q", again[0].Topics[0])
	}
	ms, _, err = s.Fetch(ctx, next2)
	if err != nil || len(ms) != 0 {
		t.Errorf("Fetch at the end = %v, %v; want nothing", ms, err)
	}
	for _, c := range []listening.Cursor{"x", "-1", "99"} {
		if _, _, err := s.Fetch(ctx, c); !errors.Is(err, listening.ErrCursor) {
			t.Errorf("Fetch(%q) = %v, want ErrCursor", c, err)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := s.Fetch(cctx, ""); !errors.Is(err, context.Canceled) {
		t.Errorf("Fetch(cancelled) = %v, want context.Canceled", err)
	}
}
