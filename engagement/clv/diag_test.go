package clv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// bgnbdGen draws a BG/NBD model with parameters in a plausible range.
var bgnbdGen = rapid.Custom(func(t *rapid.T) BGNBD {
	p := func(name string, lo, hi float64) float64 { return rapid.Float64Range(lo, hi).Draw(t, name) }
	return BGNBD{R: p("r", 0.1, 3), Alpha: p("alpha", 0.5, 20), A: p("a", 0.2, 3), B: p("b", 0.5, 5)}
})

// holdoutSummaryGen draws a valid summary with holdout purchases.
var holdoutSummaryGen = rapid.Custom(func(t *rapid.T) Summary {
	age := float64(rapid.IntRange(0, 60).Draw(t, "age"))
	s := Summary{Age: age, HoldoutFrequency: rapid.IntRange(0, 12).Draw(t, "holdout")}
	if age > 0 {
		s.Frequency = rapid.IntRange(0, 15).Draw(t, "x")
	}
	if s.Frequency > 0 {
		s.Recency = float64(rapid.IntRange(1, int(age)).Draw(t, "tx"))
	}
	return s
})

func TestCalibrationHoldoutConserves(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := bgnbdGen.Draw(t, "model")
		ss := rapid.SliceOfN(holdoutSummaryGen, 1, 50).Draw(t, "summaries")
		maxF := rapid.IntRange(0, 10).Draw(t, "maxF")
		h := rapid.Float64Range(0, 52).Draw(t, "holdout")
		tab, err := CalibrationHoldout(m, ss, h, HoldoutOptions{MaxFrequency: maxF})
		if err != nil {
			t.Fatal(err)
		}
		if maxF == 0 {
			maxF = 7
		}
		if len(tab.Groups) != maxF+1 || !tab.Groups[maxF].OrMore {
			t.Fatalf("%d groups, last OrMore %v; want %d, true", len(tab.Groups), tab.Groups[len(tab.Groups)-1].OrMore, maxF+1)
		}
		n := make([]int, maxF+1)
		act := make([]float64, maxF+1)
		var pred float64
		for _, s := range ss {
			n[min(s.Frequency, maxF)]++
			act[min(s.Frequency, maxF)] += float64(s.HoldoutFrequency)
			p, err := m.ConditionalExpectedPurchases(s, h)
			if err != nil {
				t.Fatal(err)
			}
			pred += p
		}
		var customers int
		var predicted float64
		for i, g := range tab.Groups {
			if g.Frequency != i || g.Customers != n[i] || g.Actual != act[i] {
				t.Fatalf("group %d: %+v; want frequency %d, %d customers, actual %v", i, g, i, n[i], act[i])
			}
			if g.Customers > 0 && !near(g.MeanActual*float64(g.Customers), g.Actual, 1e-9*(1+g.Actual)) {
				t.Fatalf("group %d: mean actual %v of %d customers, total %v", i, g.MeanActual, g.Customers, g.Actual)
			}
			customers += g.Customers
			predicted += g.Predicted
		}
		if customers != len(ss) || tab.Total.Customers != len(ss) {
			t.Fatalf("groups hold %d customers, total %d; want %d", customers, tab.Total.Customers, len(ss))
		}
		if !near(tab.Total.Predicted, pred, 1e-9*(1+pred)) || !near(predicted, pred, 1e-9*(1+pred)) {
			t.Fatalf("predicted total %v, groups sum %v; want %v", tab.Total.Predicted, predicted, pred)
		}
	})
}

func TestAliveMatrixProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := bgnbdGen.Draw(t, "model")
		opts := MatrixOptions{
			Age:          rapid.Float64Range(0.5, 60).Draw(t, "age"),
			MaxFrequency: rapid.IntRange(0, 12).Draw(t, "maxF"),
			Bins:         rapid.IntRange(0, 20).Draw(t, "bins"),
		}
		g, err := AliveMatrix(m, opts)
		if err != nil {
			t.Fatal(err)
		}
		rows, cols := opts.maxFrequency()+1, opts.bins()+1
		if len(g.Rows) != rows || len(g.Columns) != cols || len(g.Values) != rows {
			t.Fatalf("grid %d rows (%d labels), %d columns; want %d, %d", len(g.Values), len(g.Rows), len(g.Columns), rows, cols)
		}
		for x, row := range g.Values {
			want := (m.B + float64(x) - 1) / (m.A + m.B + float64(x) - 1)
			if x == 0 {
				want = 1
			}
			if !near(row[cols-1], want, 1e-12) {
				t.Fatalf("P(alive | x=%d, t_x=T) = %v, want %v", x, row[cols-1], want)
			}
			for j := 1; j < cols; j++ {
				if row[j] < row[j-1] || row[j] > 1 || row[j] < 0 {
					t.Fatalf("x=%d: P(alive) %v then %v at columns %d, %d", x, row[j-1], row[j], j-1, j)
				}
			}
		}
	})
}

func TestGridCSVRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := bgnbdGen.Draw(t, "model")
		opts := MatrixOptions{Age: rapid.Float64Range(0.5, 30).Draw(t, "age"), MaxFrequency: rapid.IntRange(0, 6).Draw(t, "maxF")}
		g, err := PurchaseMatrix(m, rapid.Float64Range(0, 52).Draw(t, "t"), opts)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := g.WriteCSV(&buf); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != len(g.Rows)+1 || recs[0][0] != "frequency/recency" {
			t.Fatalf("%d records, header %q", len(recs), recs[0])
		}
		for i, rec := range recs[1:] {
			if rec[0] != g.Rows[i] || len(rec) != len(g.Columns)+1 {
				t.Fatalf("record %d: %q", i+1, rec)
			}
			for j, f := range rec[1:] {
				v, err := strconv.ParseFloat(f, 64)
				if err != nil || v != g.Values[i][j] {
					t.Fatalf("cell (%d, %d) = %q, want %v", i, j, f, g.Values[i][j])
				}
			}
		}
	})
}

// trackingTxs draws transactions of a few customers over 40 days from
// 2024-01-01, several a day possible.
func trackingTxs(t *rapid.T) []Transaction {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	n := rapid.IntRange(1, 30).Draw(t, "transactions")
	txs := make([]Transaction, n)
	for i := range txs {
		txs[i] = Transaction{
			Customer: engagement.CustomerID(fmt.Sprint(rapid.IntRange(0, 5).Draw(t, "customer"))),
			Time:     base.AddDate(0, 0, rapid.IntRange(0, 40).Draw(t, "day")).Add(time.Duration(rapid.IntRange(0, 86399).Draw(t, "second")) * time.Second),
			Amount:   decimal.New(int64(rapid.IntRange(0, 1000).Draw(t, "cents")), -2),
		}
	}
	return txs
}

func TestTrackPurchasesProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := bgnbdGen.Draw(t, "model")
		txs := trackingTxs(t)
		base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		calEnd := base.AddDate(0, 0, rapid.IntRange(0, 30).Draw(t, "calibration days"))
		opts := TrackingOptions{Period: time.Duration(rapid.IntRange(1, 10).Draw(t, "period days")) * 24 * time.Hour}
		if rapid.Bool().Draw(t, "holdout") {
			opts.HoldoutEnd = calEnd.AddDate(0, 0, rapid.IntRange(0, 15).Draw(t, "holdout days"))
		}
		ss, err := Summarize(txs, calEnd, SummaryOptions{HoldoutEnd: opts.HoldoutEnd})
		if err != nil {
			t.Fatal(err)
		}
		tr, err := TrackPurchases(m, txs, calEnd, opts)
		if len(ss) == 0 {
			if !errors.Is(err, ErrNoCustomers) {
				t.Fatalf("no cohort: error %v, want ErrNoCustomers", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if tr.Customers != len(ss) {
			t.Fatalf("%d customers, want %d", tr.Customers, len(ss))
		}
		var repeats int
		var expected float64
		end := calEnd
		if !opts.HoldoutEnd.IsZero() {
			end = opts.HoldoutEnd
		}
		extra := float64(dayOf(end)-dayOf(calEnd)) / 7
		for _, s := range ss {
			repeats += s.Frequency + s.HoldoutFrequency
			v, err := m.ExpectedPurchases(s.Age + extra)
			if err != nil {
				t.Fatal(err)
			}
			expected += v
		}
		last := tr.Periods[len(tr.Periods)-1]
		if last.CumulativeActual != repeats || !near(last.CumulativeExpected, expected, 1e-9*(1+expected)) {
			t.Fatalf("last period: actual %d, expected %v; want %d, %v", last.CumulativeActual, last.CumulativeExpected, repeats, expected)
		}
		if !last.End.Equal(time.Unix(dayOf(end)*86400, 0).UTC()) {
			t.Fatalf("last period ends %v, want %v", last.End, end)
		}
		var prevA int
		var prevE float64
		for k, p := range tr.Periods {
			if p.Period != k+1 || p.Holdout != (k >= tr.Calibration) {
				t.Fatalf("period %d: number %d, holdout %v with %d calibration periods", k, p.Period, p.Holdout, tr.Calibration)
			}
			if p.CumulativeActual < prevA || p.CumulativeExpected < prevE-1e-12*(1+prevE) {
				t.Fatalf("period %d: cumulative falls: actual %d to %d, expected %v to %v", p.Period, prevA, p.CumulativeActual, prevE, p.CumulativeExpected)
			}
			if p.CumulativeActual-prevA != p.Actual || !near(p.CumulativeExpected-prevE, p.Expected, 1e-12*(1+prevE)) {
				t.Fatalf("period %d: increments %d, %v do not match the cumulative figures", p.Period, p.Actual, p.Expected)
			}
			prevA, prevE = p.CumulativeActual, p.CumulativeExpected
		}
	})
}

func TestDiagnosticsRefuseBadInput(t *testing.T) {
	m := BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	ss := []Summary{{Frequency: 1, Recency: 2, Age: 3}}
	txs := []Transaction{{Customer: "a", Time: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}}
	calEnd := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	errOf := func(_ any, err error) error { return err }
	for _, c := range []struct {
		name  string
		err   error
		field string
	}{
		{"negative max frequency", errOf(CalibrationHoldout(m, ss, 1, HoldoutOptions{MaxFrequency: -1})), "max frequency"},
		{"NaN holdout", errOf(CalibrationHoldout(m, ss, math.NaN(), HoldoutOptions{})), "holdout"},
		{"negative holdout frequency", errOf(CalibrationHoldout(m, []Summary{{Age: 1, HoldoutFrequency: -1}}, 1, HoldoutOptions{})), "holdout frequency"},
		{"recency beyond age", errOf(CalibrationHoldout(m, []Summary{{Frequency: 1, Recency: 4, Age: 3}}, 1, HoldoutOptions{})), "recency"},
		{"bad model", errOf(CalibrationHoldout(BGNBD{}, ss, 1, HoldoutOptions{})), "r"},
		{"zero age", errOf(AliveMatrix(m, MatrixOptions{})), "age"},
		{"negative bins", errOf(AliveMatrix(m, MatrixOptions{Age: 1, Bins: -1})), "bins"},
		{"huge bins", errOf(AliveMatrix(m, MatrixOptions{Age: 1, Bins: 1e7})), "bins"},
		{"negative horizon", errOf(PurchaseMatrix(m, -1, MatrixOptions{Age: 1})), "t"},
		{"part-day period", errOf(TrackPurchases(m, txs, calEnd, TrackingOptions{Period: 36 * time.Hour})), "period"},
		{"negative period", errOf(TrackPurchases(m, txs, calEnd, TrackingOptions{Period: -24 * time.Hour})), "period"},
		{"negative amount", errOf(TrackPurchases(m, []Transaction{{Customer: "a", Time: calEnd, Amount: decimal.New(-1, 0)}}, calEnd, TrackingOptions{})), "amount"},
		{"bad grid", Grid{Rows: []string{"0"}}.WriteCSV(&bytes.Buffer{}), "values"},
	} {
		var fe *FieldError
		if !errors.Is(c.err, ErrInvalid) || !errors.As(c.err, &fe) || fe.Field != c.field {
			t.Errorf("%s: error %v, want a *FieldError on %q", c.name, c.err, c.field)
		}
	}
	if _, err := CalibrationHoldout(m, nil, 1, HoldoutOptions{}); !errors.Is(err, ErrNoCustomers) {
		t.Errorf("no summaries: error %v, want ErrNoCustomers", err)
	}
	if _, err := TrackPurchases(m, nil, calEnd, TrackingOptions{}); !errors.Is(err, ErrNoCustomers) {
		t.Errorf("no transactions: error %v, want ErrNoCustomers", err)
	}
}
