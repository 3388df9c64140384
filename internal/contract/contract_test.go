package contract

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

type closer struct{ closed *int }

func (c closer) Close() error { *c.closed++; return errors.New("close failed") }

func TestCheck(t *testing.T) {
	clauses := []Clause[io.Closer]{
		{Name: "Keeps", Explanation: "keeps it", Check: func(io.Closer) error { return nil }},
		{Name: "Breaks", Explanation: "breaks it", Check: func(io.Closer) error { return errors.New("line one\nline two") }},
		{Name: "Panics", Explanation: "panics", Check: func(io.Closer) error { panic("boom") }},
	}
	closed := 0
	err := Check("suite", "thing", clauses, func() (io.Closer, error) { return closer{&closed}, nil })
	if closed != len(clauses) {
		t.Errorf("closed %d values, want %d", closed, len(clauses))
	}
	var failed []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ce *Error
		if !errors.As(e, &ce) {
			t.Fatalf("failure %v is not an *Error", e)
		}
		failed = append(failed, ce.Clause)
	}
	// Every clause fails the close; Breaks and Panics fail on their own too.
	if strings.Join(failed, ",") != "Keeps,Breaks,Panics" {
		t.Errorf("failed clauses %v", failed)
	}
	msg := err.Error()
	for _, want := range []string{"suite: Breaks: breaks it:\n\tline one\n\tline two", "panic: boom", "close: close failed"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
}

func TestCheckConstructor(t *testing.T) {
	clauses := []Clause[io.Closer]{{Name: "C", Explanation: "c", Check: func(io.Closer) error { return nil }}}
	boom := errors.New("boom")
	if err := Check("suite", "thing", clauses, func() (io.Closer, error) { return nil, boom }); !errors.Is(err, boom) || !strings.Contains(err.Error(), "new thing: boom") {
		t.Errorf("failing constructor: %v", err)
	}
	if err := Check("suite", "thing", clauses, func() (io.Closer, error) { return nil, nil }); err == nil || !strings.Contains(err.Error(), "new thing returned nil") {
		t.Errorf("nil value: %v", err)
	}
}

func TestFailedNamesEveryClause(t *testing.T) {
	one := &Error{Suite: "s", Clause: "A", Explanation: "a", Err: errors.New("x")}
	two := &Error{Suite: "s", Clause: "B", Explanation: "b", Err: errors.New("y")}
	err := errors.Join(one, fmt.Errorf("wrapped: %w", two), errors.New("not a clause"))
	got := Failed(err)
	if !got["A"] || !got["B"] || len(got) != 2 {
		t.Errorf("Failed = %v, want A and B", got)
	}
	if got := Failed(nil); len(got) != 0 {
		t.Errorf("Failed(nil) = %v", got)
	}
	if got := Failed(one); !got["A"] || len(got) != 1 {
		t.Errorf("Failed(one) = %v", got)
	}
}
