package segment

import (
	"strconv"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// testAsOf is the as-of time of the generated facts.
var testAsOf = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

var (
	testKeys     = []string{"plan", "seats", "pro", "signed up", "é", "and", "utm_source"}
	testStrings  = []string{"", "acme", "pro", "free", "a\"b", "tab\there", "\x00", "é", "newsletter"}
	factStrings  = append([]string{"\xff"}, testStrings...)
	testPurposes = []string{"marketing", "service", "research", "x y"}
	testChannels = []string{"", "email", "sms", "push"}
	testKinds    = []string{"purchase", "visit", "complaint", "referral", "rating", "review", "webinar"}
)

func genTime(label string) *rapid.Generator[time.Time] {
	return rapid.Custom(func(t *rapid.T) time.Time {
		days := rapid.IntRange(-400, 10).Draw(t, label+"Days")
		nanos := rapid.SampledFrom([]int64{0, 1, int64(time.Hour), int64(12 * time.Hour)}).Draw(t, label+"Nanos")
		return testAsOf.AddDate(0, 0, days).Add(time.Duration(nanos))
	})
}

func genDecimal(label string) *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		return decimal.New(rapid.Int64Range(-2000, 2000).Draw(t, label), int32(rapid.IntRange(-2, 0).Draw(t, label+"Exp")))
	})
}

func genDuration(label string) *rapid.Generator[time.Duration] {
	return rapid.Custom(func(t *rapid.T) time.Duration {
		u := durationUnits[rapid.IntRange(0, len(durationUnits)-1).Draw(t, label+"Unit")]
		return time.Duration(rapid.Int64Range(1, 500).Draw(t, label)) * u.d
	})
}

// genValue draws a typed value of any kind.
func genValue(label string) *rapid.Generator[engagement.Value] {
	return rapid.Custom(func(t *rapid.T) engagement.Value {
		switch rapid.IntRange(0, 3).Draw(t, label+"Kind") {
		case 0:
			return engagement.StringValue(rapid.SampledFrom(testStrings).Draw(t, label))
		case 1:
			return engagement.NumberValue(genDecimal(label).Draw(t, label))
		case 2:
			return engagement.BoolValue(rapid.Bool().Draw(t, label))
		}
		return engagement.TimeValue(genTime(label).Draw(t, label))
	})
}

// fieldsOf lists the fields of one scope.
func fieldsOf(event bool) []fieldID {
	var ids []fieldID
	for i := range fields {
		if i != int(fNone) && fields[i].event == event {
			ids = append(ids, fieldID(i))
		}
	}
	return ids
}

// genCond draws a valid condition on a field of the scope.
func genCond(t *rapid.T, event bool) *node {
	id := rapid.SampledFrom(fieldsOf(event)).Draw(t, "field")
	fi := &fields[id]
	n := &node{kind: nCond, field: id}
	if fi.keyed {
		n.key = rapid.SampledFrom(testKeys).Draw(t, "key")
	}
	ops := []op{opEq, opNe, opLt, opLe, opGt, opGe, opIn}
	switch {
	case fi.typ == tTime:
		ops = []op{opEq, opNe, opLt, opLe, opGt, opGe, opWithin, opBefore}
	case fi.typ == tEnum && !fi.ordered:
		ops = []op{opEq, opNe, opIn}
	}
	n.op = rapid.SampledFrom(ops).Draw(t, "op")
	if n.op == opWithin || n.op == opBefore {
		n.dur = genDuration("dur").Draw(t, "dur")
		return n
	}
	count := 1
	if n.op == opIn {
		count = rapid.IntRange(1, 3).Draw(t, "values")
	}
	for range count {
		var v engagement.Value
		switch fi.typ {
		case tEnum:
			var names []string
			for i, name := range fi.names {
				if !n.op.ordering() || n.op == opEq || n.op == opNe || orderable(fi, i) {
					names = append(names, name)
				}
			}
			v = engagement.StringValue(rapid.SampledFrom(names).Draw(t, "name"))
		case tNumber:
			v = engagement.NumberValue(genDecimal("number").Draw(t, "number"))
		case tString:
			if fi.idents {
				v = engagement.StringValue(rapid.SampledFrom(testKinds).Draw(t, "kind"))
			} else {
				v = engagement.StringValue(rapid.SampledFrom(testStrings).Draw(t, "text"))
			}
		case tTime:
			v = engagement.TimeValue(genTime("time").Draw(t, "time"))
		case tValue:
			v = genValue("value").Draw(t, "value")
		}
		n.vals = append(n.vals, v)
	}
	return n
}

// genNode draws a normal tree at most depth deep.
func genNode(t *rapid.T, depth int, event bool) *node {
	choice := 0
	if depth > 0 {
		choice = rapid.IntRange(0, 5).Draw(t, "node")
	}
	switch choice {
	case 1, 2:
		kids := make([]*node, rapid.IntRange(2, 3).Draw(t, "kids"))
		for i := range kids {
			kids[i] = genNode(t, depth-1, event)
		}
		if choice == 1 {
			return andOf(kids...)
		}
		return orOf(kids...)
	case 3:
		return notOf(genNode(t, depth-1, event))
	case 4:
		if event {
			break
		}
		return &node{kind: nConsent,
			purpose: engagement.Purpose(rapid.SampledFrom(testPurposes).Draw(t, "purpose")),
			channel: rapid.SampledFrom(testChannels).Draw(t, "channel")}
	case 5:
		if event {
			break
		}
		n := &node{kind: nEvent, countOp: defaultCountOp, count: defaultCount}
		if rapid.Bool().Draw(t, "where") {
			n.where = genNode(t, depth-1, true)
		}
		if rapid.Bool().Draw(t, "within") {
			n.within = genDuration("within").Draw(t, "within")
		}
		if rapid.Bool().Draw(t, "count") {
			n.countOp = rapid.SampledFrom([]op{opEq, opNe, opLt, opLe, opGt, opGe}).Draw(t, "countOp")
			n.count = rapid.Int64Range(0, 4).Draw(t, "countN")
		}
		return n
	}
	return genCond(t, event)
}

func genSegment() *rapid.Generator[*Segment] {
	return rapid.Custom(func(t *rapid.T) *Segment {
		return newSegment(genNode(t, rapid.IntRange(0, 4).Draw(t, "depth"), false))
	})
}

// genFacts draws a customer with a folded history, a stage, consent
// records and the interactions themselves.
func genFacts() *rapid.Generator[Facts] {
	return rapid.Custom(func(t *rapid.T) Facts {
		c := engagement.Customer{
			ID:      engagement.CustomerID(rapid.SampledFrom([]string{"c1", "c2", ""}).Draw(t, "id")),
			Group:   engagement.Group(rapid.IntRange(0, 5).Draw(t, "group")),
			Consent: engagement.Consent(rapid.IntRange(0, 3).Draw(t, "consentFlag")),
			Account: engagement.AccountID(rapid.SampledFrom(factStrings).Draw(t, "account")),
		}
		if rapid.Bool().Draw(t, "hasAttrs") {
			c.Attributes = map[string]string{rapid.SampledFrom(testKeys).Draw(t, "attrKey"): rapid.SampledFrom(factStrings).Draw(t, "attr")}
		}
		for range rapid.IntRange(0, 3).Draw(t, "traits") {
			if c.Traits == nil {
				c.Traits = engagement.Properties{}
			}
			c.Traits[rapid.SampledFrom(testKeys).Draw(t, "traitKey")] = genValue("trait").Draw(t, "trait")
		}
		f := Facts{Customer: c}
		id := c.ID
		if id == "" {
			id = "c0"
		}
		for i := range rapid.IntRange(0, 8).Draw(t, "events") {
			in := engagement.Interaction{
				ID: strconv.Itoa(i), Customer: id, Time: genTime("eventTime").Draw(t, "eventTime"),
				Kind:       engagement.Kind(rapid.SampledFrom(testKinds).Draw(t, "kind")),
				Touchpoint: rapid.SampledFrom([]string{"", "web", "shop"}).Draw(t, "touchpoint"),
			}
			if in.Kind == engagement.Purchase {
				in.Amount = decimal.New(rapid.Int64Range(0, 20000).Draw(t, "amount"), -2)
			}
			if in.Kind == engagement.RatingGiven || in.Kind == engagement.Review {
				if rapid.Bool().Draw(t, "recommend") {
					in.Rating = engagement.Rating{Scale: engagement.Recommend, Value: int8(rapid.IntRange(0, 10).Draw(t, "rating"))}
				} else {
					in.Rating = engagement.Rating{Scale: engagement.Satisfaction, Value: int8(rapid.IntRange(1, 5).Draw(t, "rating"))}
				}
			}
			if rapid.Bool().Draw(t, "hasProps") {
				in.Properties = engagement.Properties{rapid.SampledFrom(testKeys).Draw(t, "propKey"): genValue("prop").Draw(t, "prop")}
			}
			f.Interactions = append(f.Interactions, in)
		}
		if rapid.Bool().Draw(t, "hasProfile") {
			p, err := engagement.NewProfile(id, testAsOf, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, in := range f.Interactions {
				_ = p.Add(in) // those after the as-of time are refused
			}
			f.Profile = p
			f.Stage = stages.Classify(p, stages.Stage(rapid.IntRange(0, stages.NumStages).Draw(t, "prev")))
		} else if rapid.Bool().Draw(t, "stage") {
			f.Stage = stages.Result{Stage: stages.Stage(rapid.IntRange(0, 7).Draw(t, "stageValue"))}
		}
		for range rapid.IntRange(0, 3).Draw(t, "consents") {
			r := engagement.ConsentRecord{
				Customer: id,
				Purpose:  engagement.Purpose(rapid.SampledFrom(testPurposes).Draw(t, "purpose")),
				Channel:  rapid.SampledFrom(testChannels).Draw(t, "channel"),
				State:    rapid.SampledFrom([]engagement.Consent{engagement.ConsentGiven, engagement.ConsentRefused}).Draw(t, "state"),
				Time:     genTime("consentTime").Draw(t, "consentTime"),
			}
			f.Consent = append(f.Consent, r)
		}
		return f
	})
}
