package channeltest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/engagekit/engage/outreach"
)

// cases returns the clauses of the Channel contract, in the order Run and
// TestChannel check them.
func cases() []testCase {
	return []testCase{
		{
			Name:        "Deliver",
			Explanation: "Deliver delivers a valid message, with or without subject, body and action: it returns no error and a receipt holding the message's ID, a non-empty Ref, and Duplicate unset",
			Check:       checkDeliver,
		},
		{
			Name:        "RepeatIsDuplicate",
			Explanation: "a repeat of a delivered key delivers nothing: it returns no error and the first receipt (same ID and Ref) with Duplicate set, even when the rest of the message differs, however often it is repeated",
			Check:       checkRepeatIsDuplicate,
		},
		{
			Name:        "KeysExact",
			Explanation: "keys are compared byte by byte: keys that differ only in case or by a suffix are different messages, each delivered, and so are messages to one customer with one action under different keys",
			Check:       checkKeysExact,
		},
		{
			Name:        "Invalid",
			Explanation: "a message that fails Message.Validate (empty, over-long or non-ASCII key, no customer, no time or one out of range) is refused with an error matching outreach.ErrPermanent and outreach.ErrInvalid, and its key is not marked delivered",
			Check:       checkInvalid,
		},
		{
			Name:        "DoneContext",
			Explanation: "Deliver with a context already cancelled or past its deadline returns an error wrapping ctx.Err() and matching outreach.ErrTemporary, and delivers nothing: the key is delivered afresh later",
			Check:       checkDoneContext,
		},
		{
			Name:        "Concurrent",
			Explanation: "Deliver may be called concurrently: of many concurrent calls with one key exactly one delivers and the others return its receipt with Duplicate set, and concurrent calls with different keys each deliver",
			Check:       checkConcurrent,
		},
	}
}

// epoch is the time the fixed cases send their messages at.
func epoch() time.Time { return time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC) }

// message returns a valid message with the given key.
func message(id string) outreach.Message {
	return outreach.Message{
		ID:       id,
		Customer: "c-ada",
		Action:   "quick_feedback",
		Subject:  "How was your order?",
		Body:     "One question, one tap.",
		Time:     epoch(),
	}
}

// deliver delivers m with a background context and records a problem if
// the call fails or its receipt is not a first delivery of m.
func deliver(p *problems, c outreach.Channel, m outreach.Message) (outreach.Receipt, bool) {
	r, err := c.Deliver(context.Background(), m)
	switch {
	case err != nil:
		p.addf("Deliver(%q): unexpected error: %v", m.ID, err)
		return r, false
	case r.ID != m.ID:
		p.addf("Deliver(%q) returned a receipt for key %q", m.ID, r.ID)
	case r.Ref == "":
		p.addf("Deliver(%q) returned a receipt with an empty Ref", m.ID)
	case r.Duplicate:
		p.addf("Deliver(%q) of a key never delivered returned Duplicate set; want a new delivery", m.ID)
	}
	return r, true
}

// repeat delivers m again and records a problem unless the receipt is
// first with Duplicate set.
func repeat(p *problems, c outreach.Channel, m outreach.Message, first outreach.Receipt) {
	r, err := c.Deliver(context.Background(), m)
	want := first
	want.Duplicate = true
	switch {
	case err != nil:
		p.addf("Deliver(%q) again: unexpected error: %v", m.ID, err)
	case r != want:
		p.addf("Deliver(%q) again = %+v; want the first receipt with Duplicate set, %+v", m.ID, r, want)
	}
}

func checkDeliver(c outreach.Channel) error {
	var p problems
	deliver(&p, c, message("k-full"))
	bare := outreach.Message{ID: "k-bare", Customer: "c-bo", Time: epoch()}
	deliver(&p, c, bare)
	zone := outreach.Message{ID: "k-zone", Customer: "c-chidi", Time: epoch().In(time.FixedZone("UTC+05:30", 5*3600+1800))}
	deliver(&p, c, zone)
	long := message(strings.Repeat("k", outreach.MaxMessageIDLen))
	long.Customer = "c-é" // customer IDs are any string
	deliver(&p, c, long)
	return p.err()
}

func checkRepeatIsDuplicate(c outreach.Channel) error {
	var p problems
	m := message("k-1")
	first, ok := deliver(&p, c, m)
	if !ok {
		return p.err()
	}
	repeat(&p, c, m, first)
	changed := m
	changed.Customer, changed.Action, changed.Subject, changed.Body = "c-other", "vote", "Other", "Other"
	changed.Time = m.Time.Add(time.Hour)
	repeat(&p, c, changed, first)
	repeat(&p, c, m, first)
	// A delivery of another key in between does not disturb it.
	deliver(&p, c, message("k-2"))
	repeat(&p, c, m, first)
	return p.err()
}

func checkKeysExact(c outreach.Channel) error {
	var p problems
	for _, id := range []string{"key", "KEY", "Key", "key2", "ke", "key-"} {
		deliver(&p, c, message(id))
	}
	return p.err()
}

func checkInvalid(c outreach.Channel) error {
	var p problems
	bad := map[string]outreach.Message{
		"empty key":       message(""),
		"over-long key":   message(strings.Repeat("k", outreach.MaxMessageIDLen+1)),
		"key with space":  message("inv key"),
		"non-ASCII key":   message("inv-é"),
		"control in key":  message("inv\n1"),
		"empty customer":  {ID: "inv-customer", Time: epoch()},
		"zero time":       {ID: "inv-time", Customer: "c-ada"},
		"time after 2262": {ID: "inv-late", Customer: "c-ada", Time: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)},
		"all fields zero": {},
	}
	for _, what := range sortedKeys(bad) {
		m := bad[what]
		_, err := c.Deliver(context.Background(), m)
		if !errors.Is(err, outreach.ErrPermanent) || !errors.Is(err, outreach.ErrInvalid) {
			p.addf("Deliver of a message with %s: got error %v, want one matching ErrPermanent and ErrInvalid", what, err)
		}
	}
	// The valid keys of refused messages were not marked delivered.
	for _, id := range []string{"inv-customer", "inv-time", "inv-late"} {
		deliver(&p, c, message(id))
	}
	return p.err()
}

func checkDoneContext(c outreach.Channel) error {
	var p problems
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel2()
	tests := []struct {
		name string
		ctx  context.Context
		want error
		key  string
	}{
		{"cancelled", cancelled, context.Canceled, "done-1"},
		{"expired", expired, context.DeadlineExceeded, "done-2"},
	}
	for _, tt := range tests {
		_, err := c.Deliver(tt.ctx, message(tt.key))
		if !errors.Is(err, tt.want) || !errors.Is(err, outreach.ErrTemporary) {
			p.addf("Deliver(%q) with a %s context: got error %v, want one wrapping %v and matching ErrTemporary", tt.key, tt.name, err, tt.want)
		}
	}
	// Nothing was delivered: the keys are new.
	for _, tt := range tests {
		first, ok := deliver(&p, c, message(tt.key))
		if !ok {
			continue
		}
		// A delivered key stays delivered; a done context may or may not
		// be noticed first, but must never deliver it again.
		r, err := c.Deliver(cancelled, message(tt.key))
		if err == nil && (r.ID != first.ID || r.Ref != first.Ref || !r.Duplicate) {
			p.addf("Deliver(%q) of a delivered key with a cancelled context = %+v; want an error or the first receipt with Duplicate set", tt.key, r)
		}
		repeat(&p, c, message(tt.key), first)
	}
	return p.err()
}

// The shape of the Concurrent check.
const (
	concKeys    = 4 // distinct keys
	concCallers = 8 // concurrent calls per key
)

func checkConcurrent(c outreach.Channel) error {
	type result struct {
		r   outreach.Receipt
		err error
	}
	results := make([][]result, concKeys)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for k := range concKeys {
		results[k] = make([]result, concCallers)
		for i := range concCallers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() {
					if x := recover(); x != nil {
						results[k][i].err = fmt.Errorf("panic: %v", x)
					}
				}()
				<-start
				r, err := c.Deliver(context.Background(), message(fmt.Sprintf("conc-%d", k)))
				results[k][i] = result{r, err}
			}()
		}
	}
	close(start)
	wg.Wait()

	var p problems
	for k, rs := range results {
		key := fmt.Sprintf("conc-%d", k)
		var firsts []outreach.Receipt
		refs := make(map[string]int)
		for _, res := range rs {
			switch {
			case res.err != nil:
				p.addf("Deliver(%q) concurrently: unexpected error: %v", key, res.err)
				continue
			case res.r.ID != key:
				p.addf("Deliver(%q) concurrently returned a receipt for key %q", key, res.r.ID)
			}
			refs[res.r.Ref]++
			if !res.r.Duplicate {
				firsts = append(firsts, res.r)
			}
		}
		if len(firsts) != 1 {
			p.addf("%d concurrent Deliver(%q) calls delivered it %d times (receipts without Duplicate: %+v); want exactly once",
				concCallers, key, len(firsts), firsts)
		}
		if len(refs) > 1 {
			p.addf("%d concurrent Deliver(%q) calls returned %d different Refs %v; want every call to return the one delivery's receipt",
				concCallers, key, len(refs), refs)
		}
	}
	return p.err()
}
