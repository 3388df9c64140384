package segment

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/engagekit/engage/engagement"
)

// jsonNode is the JSON form of a node: exactly one of and, or, not,
// field (with op and value), consent and event.
type jsonNode struct {
	And     []*jsonNode     `json:"and,omitempty"`
	Or      []*jsonNode     `json:"or,omitempty"`
	Not     *jsonNode       `json:"not,omitempty"`
	Field   string          `json:"field,omitempty"`
	Op      string          `json:"op,omitempty"`
	Value   json.RawMessage `json:"value,omitempty"`
	Consent *jsonConsent    `json:"consent,omitempty"`
	Event   *jsonEvent      `json:"event,omitempty"`
}

type jsonConsent struct {
	Purpose string `json:"purpose"`
	Channel string `json:"channel,omitempty"`
}

type jsonEvent struct {
	Where  *jsonNode  `json:"where,omitempty"`
	Within string     `json:"within,omitempty"`
	Count  *jsonCount `json:"count,omitempty"`
}

type jsonCount struct {
	Op    string `json:"op"`
	Value int64  `json:"value"`
}

// MarshalJSON writes the segment as a small tree:
//
//	{"and":[{"field":"stage","op":"=","value":"advocate"},
//	        {"field":"last_purchase","op":"within","value":"30d"},
//	        {"consent":{"purpose":"marketing","channel":"email"}}]}
//
// Values are written as [engagement.Value] writes them (a time as
// {"time":"RFC 3339"}), names of stages and levels as strings, durations
// as their text ("30d"). The zero Segment is an error.
func (s *Segment) MarshalJSON() ([]byte, error) {
	if s == nil || s.root == nil {
		return nil, jsonError("", "", "segment is empty")
	}
	j, err := toJSON(s.root)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(j); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func toJSON(n *node) (*jsonNode, error) {
	j := new(jsonNode)
	switch n.kind {
	case nAnd, nOr:
		kids := make([]*jsonNode, len(n.kids))
		for i, k := range n.kids {
			var err error
			if kids[i], err = toJSON(k); err != nil {
				return nil, err
			}
		}
		if n.kind == nAnd {
			j.And = kids
		} else {
			j.Or = kids
		}
	case nNot:
		k, err := toJSON(n.kids[0])
		if err != nil {
			return nil, err
		}
		j.Not = k
	case nConsent:
		j.Consent = &jsonConsent{Purpose: string(n.purpose), Channel: n.channel}
	case nEvent:
		j.Event = &jsonEvent{}
		if n.where != nil {
			w, err := toJSON(n.where)
			if err != nil {
				return nil, err
			}
			j.Event.Where = w
		}
		if n.within != 0 {
			j.Event.Within = durationText(n.within)
		}
		if n.countOp != defaultCountOp || n.count != defaultCount {
			j.Event.Count = &jsonCount{Op: opText[n.countOp], Value: n.count}
		}
	case nCond:
		fi := &fields[n.field]
		j.Field, j.Op = fi.name, opText[n.op]
		if fi.keyed {
			j.Field += "." + n.key
		}
		var v any
		switch n.op {
		case opWithin, opBefore:
			v = durationText(n.dur)
		case opIn:
			v = n.vals
		default:
			v = n.vals[0]
		}
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		j.Value = raw
	}
	return j, nil
}

// UnmarshalJSON reads the form MarshalJSON writes, with the checks of
// [Parse]: an error is a *[ParseError] whose Path says where in the tree
// ("and[1].value").
func (s *Segment) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var j *jsonNode
	if err := dec.Decode(&j); err != nil {
		return jsonError("", jsonShort(data), "not a segment in JSON: "+err.Error())
	}
	if dec.More() {
		return jsonError("", jsonShort(data), "more than one JSON value")
	}
	n, err := fromJSON(j, "", false)
	if err != nil {
		return err
	}
	if n.depth() > maxDepth {
		return jsonError("", "", "segment nests more than "+strconv.Itoa(maxDepth)+" deep")
	}
	*s = *newSegment(n)
	return nil
}

func jsonShort(data []byte) string { return string(bytes.TrimSpace(data)) }

// member joins a path and a member name.
func member(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func fromJSON(j *jsonNode, path string, inEvent bool) (*node, error) {
	if j == nil {
		return nil, jsonError(path, "null", "want a condition")
	}
	forms := 0
	for _, set := range []bool{j.And != nil, j.Or != nil, j.Not != nil, j.Field != "" || j.Op != "" || j.Value != nil, j.Consent != nil, j.Event != nil} {
		if set {
			forms++
		}
	}
	if forms != 1 {
		return nil, jsonError(path, "", "want exactly one of and, or, not, field, consent and event")
	}
	switch {
	case j.And != nil || j.Or != nil:
		kids, name := j.And, "and"
		if j.Or != nil {
			kids, name = j.Or, "or"
		}
		if len(kids) < 2 {
			return nil, jsonError(member(path, name), "", name+" takes two or more conditions")
		}
		ns := make([]*node, len(kids))
		for i, k := range kids {
			var err error
			if ns[i], err = fromJSON(k, member(path, name)+"["+strconv.Itoa(i)+"]", inEvent); err != nil {
				return nil, err
			}
		}
		if name == "and" {
			return andOf(ns...), nil
		}
		return orOf(ns...), nil
	case j.Not != nil:
		k, err := fromJSON(j.Not, member(path, "not"), inEvent)
		if err != nil {
			return nil, err
		}
		return notOf(k), nil
	case j.Consent != nil:
		if inEvent {
			return nil, jsonError(member(path, "consent"), "", "consent is about the customer, not an event")
		}
		n := &node{kind: nConsent, purpose: engagement.Purpose(j.Consent.Purpose), channel: j.Consent.Channel}
		if reason := checkName(j.Consent.Purpose); reason != "" {
			return nil, jsonError(member(path, "consent.purpose"), j.Consent.Purpose, "purpose "+reason)
		}
		if j.Consent.Channel != "" {
			if reason := checkName(j.Consent.Channel); reason != "" {
				return nil, jsonError(member(path, "consent.channel"), j.Consent.Channel, "channel "+reason)
			}
		}
		return n, nil
	case j.Event != nil:
		return eventFromJSON(j.Event, member(path, "event"), inEvent)
	}
	return condFromJSON(j, path, inEvent)
}

func eventFromJSON(j *jsonEvent, path string, inEvent bool) (*node, error) {
	if inEvent {
		return nil, jsonError(path, "", "event cannot hold another event")
	}
	n := &node{kind: nEvent, countOp: defaultCountOp, count: defaultCount}
	if j.Where != nil {
		w, err := fromJSON(j.Where, member(path, "where"), true)
		if err != nil {
			return nil, err
		}
		n.where = w
	}
	if j.Within != "" {
		d, reason := parseDuration(j.Within)
		if reason != "" {
			return nil, jsonError(member(path, "within"), j.Within, reason)
		}
		n.within = d
	}
	if j.Count != nil {
		o := opByText(j.Count.Op)
		if !o.ordering() {
			return nil, jsonError(member(path, "count.op"), j.Count.Op, "want = != < <= > or >=")
		}
		if j.Count.Value < 0 {
			return nil, jsonError(member(path, "count.value"), strconv.FormatInt(j.Count.Value, 10), "a count is 0 or more")
		}
		n.countOp, n.count = o, j.Count.Value
	}
	return n, nil
}

func opByText(s string) op {
	for o := opEq; o <= opBefore; o++ {
		if opText[o] == s {
			return o
		}
	}
	return opNone
}

func condFromJSON(j *jsonNode, path string, inEvent bool) (*node, error) {
	name, key, keyed := strings.Cut(j.Field, ".")
	id, ok := fieldByName(name)
	fpath := member(path, "field")
	if !ok || fields[id].keyed != keyed {
		return nil, jsonError(fpath, j.Field, "unknown field; want one of "+fieldNames(inEvent))
	}
	fi := &fields[id]
	if fi.event != inEvent {
		if inEvent {
			return nil, jsonError(fpath, j.Field, "a customer field inside an event; use "+fieldNames(true))
		}
		return nil, jsonError(fpath, j.Field, "a field of an event: use it inside event")
	}
	n := &node{kind: nCond, field: id, key: key, op: opByText(j.Op)}
	if keyed {
		if reason := checkName(key); reason != "" {
			return nil, jsonError(fpath, j.Field, fi.name+" name "+reason)
		}
	}
	if n.op == opNone {
		return nil, jsonError(member(path, "op"), j.Op, "want = != < <= > >= in within or before")
	}
	if reason := checkOp(fi, n.op); reason != "" {
		return nil, jsonError(member(path, "op"), j.Op, reason)
	}
	vpath := member(path, "value")
	if j.Value == nil {
		return nil, jsonError(vpath, "", "value is missing")
	}
	switch n.op {
	case opWithin, opBefore:
		var s string
		if err := json.Unmarshal(j.Value, &s); err != nil {
			return nil, jsonError(vpath, string(j.Value), `want a duration such as "30d"`)
		}
		d, reason := parseDuration(s)
		if reason != "" {
			return nil, jsonError(vpath, s, reason)
		}
		n.dur = d
	case opIn:
		var raws []json.RawMessage
		if err := json.Unmarshal(j.Value, &raws); err != nil || len(raws) == 0 {
			return nil, jsonError(vpath, string(j.Value), "in takes a list of one or more values")
		}
		for i, raw := range raws {
			v, err := valueFromJSON(fi, n.op, raw, vpath+"["+strconv.Itoa(i)+"]")
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
		}
	default:
		v, err := valueFromJSON(fi, n.op, j.Value, vpath)
		if err != nil {
			return nil, err
		}
		n.vals = []engagement.Value{v}
	}
	return n, nil
}

// valueFromJSON reads one value for fi, with the checks of the text form.
func valueFromJSON(fi *fieldInfo, o op, raw json.RawMessage, path string) (engagement.Value, error) {
	var v engagement.Value
	if err := v.UnmarshalJSON(raw); err != nil {
		var fe *engagement.FieldError
		if errors.As(err, &fe) {
			return v, jsonError(path, string(raw), fe.Err.Error())
		}
		return v, jsonError(path, string(raw), err.Error())
	}
	bad := func(reason string) (engagement.Value, error) {
		return engagement.Value{}, jsonError(path, string(raw), reason)
	}
	switch fi.typ {
	case tEnum:
		s, ok := v.Str()
		if !ok {
			return bad(fi.name + " takes a name: one of " + strings.Join(fi.names, ", "))
		}
		w, reason := enumValue(fi, o, s)
		if reason != "" {
			return bad(reason)
		}
		return w, nil
	case tNumber:
		if v.Kind() != engagement.ValueNumber {
			return bad(fi.name + " takes a number")
		}
	}
	if d, ok := v.Num(); ok {
		if reason := checkNumber(d); reason != "" {
			return bad(reason)
		}
	}
	switch fi.typ {
	case tString:
		s, ok := v.Str()
		if !ok {
			return bad(fi.name + " takes text")
		}
		if fi.idents {
			if err := engagement.Kind(s).Validate(); err != nil {
				return bad("not a kind: want lower-case letters, digits and underscores, starting with a letter")
			}
		}
	case tTime:
		if s, ok := v.Str(); ok { // a plain RFC 3339 string will do for a time field
			w, reason := timeValue(s)
			if reason != "" {
				return bad(reason)
			}
			return w, nil
		}
		if v.Kind() != engagement.ValueTime {
			return bad(fi.name + ` takes a time: {"time":"2024-03-01T00:00:00Z"}`)
		}
	}
	if t, ok := v.Instant(); ok {
		if _, reason := timeValue(t.Format(time.RFC3339Nano)); reason != "" {
			return bad(reason)
		}
	}
	return v, nil
}
