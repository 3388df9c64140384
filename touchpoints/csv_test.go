package touchpoints_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/touchpoints"
)

func TestReadTouchpoints(t *testing.T) {
	// A byte order mark, columns in another order and case, an unknown
	// column, CRLF line breaks, a quoted name, spelt-out flags, an empty
	// owner and cost.
	const file = "\ufeffPhase, ID ,name,channel,notes,Owner,online,partner,cost\r\n" +
		"Awareness,tp-1,\"Ads, \"\"spring\"\"\",search_ads,ignored,Marketing,online,partner,1200.50\r\n" +
		"\r\n" +
		"purchase,tp-2,Flagship store,store,,Sales,offline,in-house,3000\r\n" +
		"cultivation,tp-3,,forum,,,yes,no,\r\n"
	got, err := touchpoints.ReadTouchpoints(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	want := []touchpoints.Touchpoint{
		{ID: "tp-1", Name: `Ads, "spring"`, Channel: "search_ads", Phase: touchpoints.Awareness,
			Owner: touchpoints.Marketing, Online: true, Partner: true, Cost: decimal.RequireFromString("1200.5")},
		{ID: "tp-2", Name: "Flagship store", Channel: "store", Phase: touchpoints.Purchase,
			Owner: touchpoints.Sales, Cost: decimal.New(3000, 0)},
		{ID: "tp-3", Channel: "forum", Phase: touchpoints.Cultivation, Online: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("touch points mismatch (-want +got):\n%s", diff)
	}
}

func TestReadTouchpointsErrors(t *testing.T) {
	const header = "id,name,channel,phase,owner,online,partner,cost\n"
	type fieldErr struct {
		Line         int
		Field, Value string
	}
	tests := []struct {
		name      string
		file      string
		want      fieldErr
		duplicate bool
	}{
		{"empty input", "", fieldErr{1, "header", ""}, false},
		{"missing column", "id,channel,cost\n", fieldErr{1, "header", "phase"}, false},
		{"repeated column", "id,channel,phase,cost,ID\n", fieldErr{1, "header", "ID"}, false},
		{"bad phase", header + "tp-1,,email,awareness,,,,1\ntp-2,,email,loyalty,,,,1\n", fieldErr{3, "phase", "loyalty"}, false},
		{"no phase", header + "tp-1,,email,,,,,1\n", fieldErr{2, "phase", ""}, false},
		{"no id", header + ",,email,use,,,,1\n", fieldErr{2, "id", ""}, false},
		{"no channel", header + "tp-1,,,use,,,,1\n", fieldErr{2, "channel", ""}, false},
		{"bad owner", header + "tp-1,,email,use,R&D,,,1\n", fieldErr{2, "owner", "R&D"}, false},
		{"bad online", header + "tp-1,,email,use,,maybe,,1\n", fieldErr{2, "online", "maybe"}, false},
		{"bad partner", header + "tp-1,,email,use,,,agency,1\n", fieldErr{2, "partner", "agency"}, false},
		{"bad cost", header + "tp-1,,email,use,,,,12,50\n", fieldErr{2, "record", "tp-1,,email,use,,,,12,50"}, false},
		{"not a number", header + "tp-1,,email,use,,,,twelve\n", fieldErr{2, "cost", "twelve"}, false},
		{"negative cost", header + "tp-1,,email,use,,,,-3\n", fieldErr{2, "cost", "-3"}, false},
		{"absurd cost", header + "tp-1,,email,use,,,,1e999999\n", fieldErr{2, "cost", "1e999999"}, false},
		{"value on a later line", header + "tp-1,\"two\nlines\",email,use,,,,-1\n", fieldErr{3, "cost", "-1"}, false},
		{"bad quote", header + "tp-1,a\"b,email,use,,,,1\n", fieldErr{2, "record", ""}, false},
		{"duplicate id", header + "tp-1,,email,use,,,,1\ntp-2,,email,use,,,,1\ntp-1,,store,use,,,,1\n", fieldErr{4, "id", "tp-1"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tps, err := touchpoints.ReadTouchpoints(strings.NewReader(tt.file))
			if err == nil {
				t.Fatalf("ReadTouchpoints() = %v, nil; want an error", tps)
			}
			fe := tpFieldError(t, err)
			got := fieldErr{fe.Line, fe.Field, fe.Value}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("error %q mismatch (-want +got):\n%s", err, diff)
			}
			if errors.Is(err, touchpoints.ErrDuplicate) != tt.duplicate {
				t.Errorf("errors.Is(%q, ErrDuplicate) = %v, want %v", err, !tt.duplicate, tt.duplicate)
			}
		})
	}
}

func TestReadTouchpointsHeaderOnly(t *testing.T) {
	tps, err := touchpoints.ReadTouchpoints(strings.NewReader("id,channel,phase,cost\n"))
	if err != nil || len(tps) != 0 {
		t.Errorf("ReadTouchpoints(header only) = %v, %v; want none, nil", tps, err)
	}
}

func TestReadTouchpointsReadError(t *testing.T) {
	boom := errors.New("boom")
	r := iotest.DataErrReader(iotest.ErrReader(boom))
	_, err := touchpoints.ReadTouchpoints(r)
	if !errors.Is(err, boom) {
		t.Errorf("ReadTouchpoints(failing reader) = %v, want it to wrap %v", err, boom)
	}
}

// TestReadTouchpointsLongRecord checks that a record longer than
// engagement.MaxRecordLen, here a quote never closed, fails on the line
// after the last good record instead of being read whole.
func TestReadTouchpointsLongRecord(t *testing.T) {
	for _, tt := range []struct {
		name, input string
		line        int
	}{
		{"record", "id,channel,phase,cost\nweb,online,purchase,10\n\"" + strings.Repeat("x", 3*engagement.MaxRecordLen), 3},
		{"header", "id,\"" + strings.Repeat("x", 3*engagement.MaxRecordLen), 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := touchpoints.ReadTouchpoints(strings.NewReader(tt.input))
			fe := tpFieldError(t, err)
			if fe.Line != tt.line || fe.Field != "record" || !strings.Contains(err.Error(), "longer than") {
				t.Errorf("ReadTouchpoints = %v, want a record too long on line %d", err, tt.line)
			}
		})
	}
}

func TestWriteTouchpointsErrors(t *testing.T) {
	ok := touchpoints.Touchpoint{ID: "a", Channel: "email", Phase: touchpoints.Use}
	bad := ok
	bad.ID = "b"
	bad.Cost = decimal.New(-1, 0)
	var buf bytes.Buffer
	fe := tpFieldError(t, touchpoints.WriteTouchpoints(&buf, []touchpoints.Touchpoint{ok, bad}))
	if fe.Field != "touchpoints[1].cost" || fe.Value != "-1" {
		t.Errorf("WriteTouchpoints names %s %q, want touchpoints[1].cost \"-1\"", fe.Field, fe.Value)
	}
	if buf.Len() != 0 {
		t.Errorf("WriteTouchpoints wrote %q before failing", buf.String())
	}
	err := touchpoints.WriteTouchpoints(&buf, []touchpoints.Touchpoint{ok, ok})
	if fe := tpFieldError(t, err); fe.Field != "touchpoints[1].id" || !errors.Is(err, touchpoints.ErrDuplicate) {
		t.Errorf("WriteTouchpoints(duplicates) = %v", err)
	}
}

// tpText draws a string without \r (CSV reads \r\n inside a value back as
// \n), sometimes with commas, quotes, line breaks and surrounding space.
func tpText(nonBlank bool) *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		s := rapid.StringOfN(rapid.SampledFrom([]rune("ab ,\"\n\té€")), 0, 8, -1).Draw(t, "text")
		if nonBlank && strings.TrimSpace(s) == "" {
			s += "x"
		}
		return s
	})
}

func TestTouchpointsCSVRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tps := tpTouchpoints(8).Draw(t, "touchpoints")
		for i := range tps {
			tps[i].ID = fmt.Sprintf("%d%s", i, tpText(false).Draw(t, "id"))
			tps[i].Name = tpText(false).Draw(t, "name")
			tps[i].Channel = tpText(true).Draw(t, "channel")
		}
		var buf bytes.Buffer
		if err := touchpoints.WriteTouchpoints(&buf, tps); err != nil {
			t.Fatal(err)
		}
		got, err := touchpoints.ReadTouchpoints(&buf)
		if err != nil {
			t.Fatalf("ReadTouchpoints(WriteTouchpoints(tps)) = %v", err)
		}
		if diff := cmp.Diff(tps, got, cmp.Comparer(touchpoints.Touchpoint.Equal), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("round trip mismatch (-want +got):\n%s", diff)
		}
	})
}

func FuzzReadTouchpoints(f *testing.F) {
	f.Add([]byte("id,name,channel,phase,owner,online,partner,cost\ntp-1,Ads,search_ads,awareness,marketing,true,true,1200.5\n"))
	f.Add([]byte("\ufeffPHASE,id,channel,cost,extra\r\nUse,\" a\",\"x\ny\",1e3,?\r\n"))
	f.Add([]byte("id,channel,phase,cost,owner\na,b,purchase,0.0001,Product Management\nb,c,advocacy,,\n"))
	f.Add([]byte("id,channel,phase,cost\na,b,use,-1\n"))
	f.Add([]byte("id,channel,phase,cost\na,\"b\r\",use,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tps, err := touchpoints.ReadTouchpoints(bytes.NewReader(data))
		if err != nil {
			tpFieldError(t, err)
			return
		}
		var buf bytes.Buffer
		if err := touchpoints.WriteTouchpoints(&buf, tps); err != nil {
			t.Fatalf("WriteTouchpoints(what ReadTouchpoints accepted) = %v", err)
		}
		got, err := touchpoints.ReadTouchpoints(&buf)
		if err != nil {
			t.Fatalf("ReadTouchpoints(WriteTouchpoints(tps)) = %v\nwritten:\n%q", err, buf.String())
		}
		if diff := cmp.Diff(tps, got, cmp.Comparer(touchpoints.Touchpoint.Equal), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("round trip mismatch (-want +got):\n%s", diff)
		}
	})
}
