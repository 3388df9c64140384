package main

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/engagekit/engage/examples/internal/runtest"
	"github.com/shopspring/decimal"
)

// table is what run prints: the fitted parameters by name, the customers'
// rows in order and the base's totals.
type table struct {
	params         map[string]float64
	converged      []string // "true" or "false", BG/NBD then Gamma-Gamma
	customers      []string
	alive, buys    map[string]float64
	spend, revenue map[string]decimal.Decimal
	value          map[string]decimal.Decimal
	total          [2]decimal.Decimal // revenue, value
	totalLabel     string
}

var paramRE = regexp.MustCompile(`\b(r|alpha|a|b|p|q|gamma) (-?[0-9.]+)`)

// parse reads run's output, failing the test on anything unexpected.
func parse(t *testing.T, out string) table {
	t.Helper()
	tb := table{params: map[string]float64{}, alive: map[string]float64{}, buys: map[string]float64{},
		spend: map[string]decimal.Decimal{}, revenue: map[string]decimal.Decimal{}, value: map[string]decimal.Decimal{}}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) < 7 {
		t.Fatalf("output too short:\n%s", out)
	}
	for _, line := range lines[1:3] {
		for _, m := range paramRE.FindAllStringSubmatch(line, -1) {
			v, err := strconv.ParseFloat(m[2], 64)
			if err != nil {
				t.Fatalf("parameter %s %q: %v", m[1], m[2], err)
			}
			tb.params[m[1]] = v
		}
		tb.converged = append(tb.converged, line[strings.LastIndex(line, " ")+1:len(line)-1])
	}
	if lines[5] != "customer   P(alive) purchases     spend    revenue      value" {
		t.Fatalf("line 6 is %q, not the table's header; output:\n%s", lines[5], out)
	}
	for _, line := range lines[6:] {
		f := strings.Fields(line)
		if f[0] == "all" {
			tb.totalLabel = f[0] + " " + f[1]
			tb.total = [2]decimal.Decimal{decimal.RequireFromString(f[2]), decimal.RequireFromString(f[3])}
			continue
		}
		if len(f) != 6 {
			t.Fatalf("row %q: want 6 fields", line)
		}
		c := f[0]
		tb.customers = append(tb.customers, c)
		tb.alive[c], _ = strconv.ParseFloat(f[1], 64)
		tb.buys[c], _ = strconv.ParseFloat(f[2], 64)
		tb.spend[c] = decimal.RequireFromString(f[3])
		tb.revenue[c] = decimal.RequireFromString(f[4])
		tb.value[c] = decimal.RequireFromString(f[5])
	}
	return tb
}

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	var out strings.Builder
	if err := run(&out, args); err != nil {
		t.Fatalf("run %q: %v", args, err)
	}
	return out.String()
}

// hyp2f1 sums the Gauss hypergeometric series 2F1(a, b; c; z) for |z| < 1.
func hyp2f1(a, b, c, z float64) float64 {
	sum, term := 1.0, 1.0
	for n := 0.0; n < 1000 && math.Abs(term) > 1e-15*math.Abs(sum); n++ {
		term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
		sum += term
	}
	return sum
}

func TestClvfitFitsTheEmbeddedSample(t *testing.T) {
	out := runOK(t, "-top", "0")
	// The sample holds 454 purchases of 120 customers (k001 to k120) on
	// 2025-01-01 to 2025-12-31; 83 of them bought on more than one day.
	if want := "embedded interactions.csv as of 2025-12-31: 120 customers bought, 83 of them again\n"; !strings.HasPrefix(out, want) {
		t.Fatalf("first line is not %q; output:\n%s", want, out)
	}
	tb := parse(t, out)
	if tb.converged[0] != "true" || tb.converged[1] != "true" {
		t.Errorf("converged = %q; want both true", tb.converged)
	}
	// The maximum-likelihood fits of this sample (it was drawn with r 0.9,
	// alpha 6, a 0.7, b 3, p 6, q 4 and gamma 40; 120 customers tell the
	// dropout and the spend spread only roughly).
	for name, want := range map[string]float64{"r": 0.5347, "alpha": 4.8007, "a": 3.8179, "b": 29.0564, "p": 3.8070, "q": 5.1761, "gamma": 84.3552} {
		if got, ok := tb.params[name]; !ok || math.Abs(got-want) > 1e-3*want {
			t.Errorf("parameter %s = %v (printed: %t); want %v", name, got, ok, want)
		}
	}

	// Every customer listed, most valuable first, and the totals are the
	// sums of the listed figures.
	if len(tb.customers) != 120 || tb.totalLabel != "all 120" {
		t.Fatalf("%d customers listed, total labelled %q; want 120 and all 120", len(tb.customers), tb.totalLabel)
	}
	var revenue, value decimal.Decimal
	for i, c := range tb.customers {
		revenue, value = revenue.Add(tb.revenue[c]), value.Add(tb.value[c])
		if i > 0 && tb.value[c].GreaterThan(tb.value[tb.customers[i-1]]) {
			t.Errorf("%s (value %s) is listed after %s (value %s)", c, tb.value[c], tb.customers[i-1], tb.value[tb.customers[i-1]])
		}
		// Discounting at 10% a year takes 0 to 10% off a year's revenue.
		if tb.value[c].GreaterThan(tb.revenue[c]) || tb.value[c].LessThan(tb.revenue[c].Mul(decimal.RequireFromString("0.9"))) {
			t.Errorf("%s: value %s, revenue %s; want value within 10%% below revenue", c, tb.value[c], tb.revenue[c])
		}
	}
	if !revenue.Equal(tb.total[0]) || !value.Equal(tb.total[1]) {
		t.Errorf("the rows add up to revenue %s and value %s; the totals printed are %s and %s", revenue, value, tb.total[0], tb.total[1])
	}

	// k008, k007 bought once, on 2025-01-17 and 2025-07-01; k013 bought on
	// 23 days from April to December.
	p, q, gamma := tb.params["p"], tb.params["q"], tb.params["gamma"]
	for _, c := range []string{"k007", "k008"} {
		// Without a repeat purchase the BG/NBD customer cannot have
		// dropped out (drop-outs follow purchases), and the Gamma-Gamma
		// expected spend is the population mean p·gamma/(q-1).
		if tb.alive[c] != 1 {
			t.Errorf("%s: P(alive) %v; want 1 for a customer with no repeat purchase", c, tb.alive[c])
		}
		if mean := p * gamma / (q - 1); math.Abs(tb.spend[c].InexactFloat64()-mean) > 0.01 {
			t.Errorf("%s: spend %s; want the population mean p·gamma/(q-1) = %.2f", c, tb.spend[c], mean)
		}
		// Purchases are printed to 3 places: up to 0.0005 × spend off.
		if d := tb.spend[c].InexactFloat64()*tb.buys[c] - tb.revenue[c].InexactFloat64(); math.Abs(d) > 0.0005*tb.spend[c].InexactFloat64()+0.005 {
			t.Errorf("%s: revenue %s is not purchases %v × spend %s", c, tb.revenue[c], tb.buys[c], tb.spend[c])
		}
	}
	if !(tb.buys["k008"] < tb.buys["k007"] && tb.buys["k007"] < tb.buys["k013"]) {
		t.Errorf("expected purchases k008 %v, k007 %v, k013 %v; want them increasing: "+
			"silent for longer, fewer; frequent, more", tb.buys["k008"], tb.buys["k007"], tb.buys["k013"])
	}
	// Fader, Hardie & Lee (2005), eq. 10, for x = 0: E[Y(t) | T] =
	// (a+b-1)/(a-1) · [1 - ((alpha+T)/(alpha+T+t))^r · 2F1(r, b; a+b-1; t/(alpha+T+t))].
	// k008's T is 2025-01-17 to 2025-12-31, 348 days; t is 52 weeks.
	r, alpha, a, b := tb.params["r"], tb.params["alpha"], tb.params["a"], tb.params["b"]
	T, h := 348.0/7, 52.0
	want := (a + b - 1) / (a - 1) * (1 - math.Pow((alpha+T)/(alpha+T+h), r)*hyp2f1(r, b, a+b-1, h/(alpha+T+h)))
	if got := tb.buys["k008"]; math.Abs(got-want) > 0.002 {
		t.Errorf("k008 expects %v purchases; eq. 10 with the printed parameters gives %.4f", got, want)
	}
}

func TestClvfitTopAndHorizon(t *testing.T) {
	all := parse(t, runOK(t, "-top", "0"))
	top := parse(t, runOK(t)) // the 10 most valuable
	if len(top.customers) != 10 || strings.Join(top.customers, " ") != strings.Join(all.customers[:10], " ") {
		t.Errorf("the default lists %q; want the first 10 of %q", top.customers, all.customers)
	}
	if top.totalLabel != "all 120" || !top.total[0].Equal(all.total[0]) || !top.total[1].Equal(all.total[1]) {
		t.Errorf("the default's total %q %v; want all 120 %v", top.totalLabel, top.total, all.total)
	}
	// Not discounted, the value is the revenue.
	flat := parse(t, runOK(t, "-top", "0", "-discount", "0"))
	for _, c := range flat.customers {
		if !flat.value[c].Equal(flat.revenue[c]) || !flat.revenue[c].Equal(all.revenue[c]) {
			t.Errorf("%s undiscounted: value %s, revenue %s; want both %s", c, flat.value[c], flat.revenue[c], all.revenue[c])
		}
	}
	// Half the horizon, no more than the whole and at least half of it
	// (to the 0.001 printed): purchases slow down as customers drop out.
	half := parse(t, runOK(t, "-weeks", "26", "-top", "0"))
	for _, c := range half.customers {
		if h, w := half.buys[c], all.buys[c]; h > w || h < w/2-0.001 || w > 0.01 && h == w {
			t.Errorf("%s expects %v purchases in 26 weeks and %v in 52; want between half and all", c, h, w)
		}
	}
	if !half.total[0].LessThan(all.total[0]) {
		t.Errorf("revenue over 26 weeks %s, over 52 %s; want less", half.total[0], all.total[0])
	}
}

func TestClvfitRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	const header = "id,customer,time,kind,amount\n"
	bad := write("bad.csv", header+"1,ana,2025-01-01,purchase,10\n2,ana,2025-01-02,purchase,-3\n")
	once := write("once.csv", header+"1,ana,2025-01-01,purchase,10\n2,ben,2025-02-01,purchase,20\n3,ben,2025-02-01,purchase,5\n")
	runtest.Fails(t, run, []runtest.Failure{
		{Args: []string{bad}, Want: []string{"bad.csv", "line 3", "amount", `"-3"`}},
		{Args: []string{write("time.csv", header+"1,ana,2025-13-01,purchase,10\n")}, Want: []string{"time.csv", "line 2", "time", `"2025-13-01"`}},
		{Args: []string{once}, Want: []string{"once.csv as of 2025-02-01", "no repeat buyers"}},
		{Args: []string{"-asof", "2024-12-31"}, Want: []string{"as of 2024-12-31", "no customers"}},
		{Args: []string{"-asof", "July"}, Want: []string{"-asof", `"July"`}},
		{Args: []string{"-weeks", "-1"}, Want: []string{"-weeks -1", "periods", `"-1"`}},
		{Args: []string{filepath.Join(dir, "missing.csv")}, Want: []string{"missing.csv"}},
		{Args: []string{bad, once}, Want: []string{"give one interactions file, not 2"}},
	})
}

// -h names the file the program reads and its format, and lists the flags.
func TestClvfitHelp(t *testing.T) {
	runtest.Help(t, run, "[interactions.csv]", `id,
customer, time (RFC 3339), kind`, "-weeks")
}
