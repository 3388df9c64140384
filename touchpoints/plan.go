package touchpoints

import (
	"fmt"
	"io"
	"maps"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"
)

// The share of conversations about a business that happen offline: 80 to
// 90 percent (seed 003). A [Plan] whose offline share of touch-point spend
// is below OfflineConversationShareLow (or [PlanOptions.OfflineFloor])
// reports a [FindingOffline]: the plan's money may not be where the
// conversations are. Touch points are
// not conversations, so the finding is a prompt to look, not a verdict.
const (
	OfflineConversationShareLow  = 0.80
	OfflineConversationShareHigh = 0.90
)

// offlineConversations states the offline share of conversations, "80-90%".
var offlineConversations = strconv.FormatFloat(OfflineConversationShareLow*100, 'f', -1, 64) + "-" +
	strconv.FormatFloat(OfflineConversationShareHigh*100, 'f', -1, 64) + "%"

// PlanOptions tune [NewPlan]. The zero PlanOptions names no coordinators.
type PlanOptions struct {
	// Coordinators names, for a phase, the function that coordinates the
	// touch points of every function serving it. A phase served by two or
	// more functions with no coordinator is a silo ([FindingUncoordinated]).
	// A nil map names none. The coordinator need not own a touch point at
	// the phase.
	Coordinators map[Phase]Function

	// OfflineFloor is the offline share of touch-point spend, in (0, 1],
	// below which the plan reports a [FindingOffline]. Zero means
	// [OfflineConversationShareLow].
	OfflineFloor float64
}

// Split is a count of touch points and what they cost, exactly.
type Split struct {
	Count int
	Cost  decimal.Decimal
}

func (s *Split) add(t Touchpoint) {
	s.Count++
	s.Cost = s.Cost.Add(t.Cost)
}

// Plan is one coordinated view of all of a business's touch points: which
// function serves which phase of the journey (the coverage matrix), where
// the journey has gaps, where touch points sit in silos (owned by nobody,
// or several functions at one phase with nobody coordinating), what is
// in-house and what is run by outside partners, what is online and what is
// offline, and what to do about it ([Plan.Findings]).
//
// A Plan is immutable once built by [NewPlan] and safe for concurrent use.
type Plan struct {
	offlineFloor float64
	tps          []Touchpoint
	coordinators map[Phase]Function
	functions    []Function                // the matrix columns
	cells        map[coverageCell]int      // touch points per phase and owner ("" for nobody)
	served       [NumPhases + 1]int        // touch points per phase
	owners       [NumPhases + 1][]Function // distinct owners per phase, in column order
	owned        int
	inHouse      Split
	partner      Split
	online       Split
	offline      Split
	findings     []Finding
}

type coverageCell struct {
	phase Phase
	owner Function
}

// NewPlan assesses the touch points tps, which it copies. Every touch point
// must pass [Touchpoint.Validate] and no two may share an ID; the error for
// the first that fails names its index, such as "touchpoints[3].phase"
// (and matches [ErrInvalid], and [ErrDuplicate] for a repeated ID). Every
// coordinator must be a valid function named for a valid phase; the error
// names the field "Coordinators[phase]" and the function, or "Coordinators"
// and the number of a phase that is not one. An empty tps is a valid plan
// with every phase a gap.
func NewPlan(tps []Touchpoint, opts PlanOptions) (*Plan, error) {
	if err := validateAll(tps); err != nil {
		return nil, err
	}
	for _, ph := range slices.Sorted(maps.Keys(opts.Coordinators)) {
		f := opts.Coordinators[ph]
		if !ph.Valid() {
			return nil, fieldError("Coordinators", strconv.Itoa(int(ph)),
				"coordinator named for no journey phase; want awareness to advocacy")
		}
		if reason := functionProblem(f); reason != "" {
			return nil, fieldError("Coordinators["+ph.String()+"]", string(f), reason)
		}
	}
	floor := opts.OfflineFloor
	if floor == 0 {
		floor = OfflineConversationShareLow
	}
	if math.IsNaN(floor) || floor < 0 || floor > 1 {
		return nil, fieldError("OfflineFloor", strconv.FormatFloat(opts.OfflineFloor, 'g', -1, 64),
			"offline floor must be more than 0 and at most 1, such as 0.8")
	}
	p := &Plan{
		offlineFloor: floor,
		tps:          slices.Clone(tps),
		coordinators: maps.Clone(opts.Coordinators),
		cells:        make(map[coverageCell]int),
	}
	var user []Function
	seenUser := make(map[Function]bool)
	for _, t := range p.tps {
		p.cells[coverageCell{t.Phase, t.Owner}]++
		p.served[t.Phase]++
		if t.Owner != "" {
			p.owned++
			if !t.Owner.IsBuiltin() && !seenUser[t.Owner] {
				seenUser[t.Owner] = true
				user = append(user, t.Owner)
			}
		}
		if t.Partner {
			p.partner.add(t)
		} else {
			p.inHouse.add(t)
		}
		if t.Online {
			p.online.add(t)
		} else {
			p.offline.add(t)
		}
	}
	slices.Sort(user)
	p.functions = append(Functions(), user...)
	for _, ph := range Phases() {
		for _, f := range p.functions {
			if p.cells[coverageCell{ph, f}] > 0 {
				p.owners[ph] = append(p.owners[ph], f)
			}
		}
	}
	p.findings = p.assess()
	return p, nil
}

// Touchpoints returns the touch points of the plan, in the order given to
// [NewPlan]. The slice is the caller's.
func (p *Plan) Touchpoints() []Touchpoint { return slices.Clone(p.tps) }

// Functions returns the columns of the coverage matrix: the built-in
// functions in the order of [Functions], then the user-defined functions
// that own a touch point, sorted by name. Touch points owned by nobody are
// counted under the empty Function, which is not listed. The slice is the
// caller's.
func (p *Plan) Functions() []Function { return slices.Clone(p.functions) }

// Coverage returns the number of touch points owned by f at phase ph: a
// cell of the coverage matrix. With f empty it returns the number owned by
// nobody. The counts over the functions of [Plan.Functions] add up to
// [Plan.Owned]; with the empty function added, to the number of touch
// points.
func (p *Plan) Coverage(ph Phase, f Function) int { return p.cells[coverageCell{ph, f}] }

// Served returns the number of touch points at phase ph, owned or not: the
// total of a row of the coverage matrix.
func (p *Plan) Served(ph Phase) int {
	if !ph.Valid() {
		return 0
	}
	return p.served[ph]
}

// Owned returns the number of touch points that have an owner.
func (p *Plan) Owned() int { return p.owned }

// Owners returns the functions that own touch points at phase ph, in the
// order of [Plan.Functions]. The slice is the caller's.
func (p *Plan) Owners(ph Phase) []Function {
	if !ph.Valid() {
		return nil
	}
	return slices.Clone(p.owners[ph])
}

// Coordinator returns the function named to coordinate phase ph, or "".
func (p *Plan) Coordinator(ph Phase) Function { return p.coordinators[ph] }

// Gaps returns the phases no touch point serves (owned or not), in journey
// order.
func (p *Plan) Gaps() []Phase {
	var gaps []Phase
	for _, ph := range Phases() {
		if p.served[ph] == 0 {
			gaps = append(gaps, ph)
		}
	}
	return gaps
}

// Unowned returns the touch points nobody owns, in the order given to
// [NewPlan]. The slice is the caller's.
func (p *Plan) Unowned() []Touchpoint {
	var out []Touchpoint
	for _, t := range p.tps {
		if t.Owner == "" {
			out = append(out, t)
		}
	}
	return out
}

// Uncoordinated returns the phases served by two or more functions with no
// coordinator named, in journey order.
func (p *Plan) Uncoordinated() []Phase {
	var out []Phase
	for _, ph := range Phases() {
		if len(p.owners[ph]) >= 2 && p.coordinators[ph] == "" {
			out = append(out, ph)
		}
	}
	return out
}

// InHouse returns the touch points run in-house: how many and their cost.
func (p *Plan) InHouse() Split { return p.inHouse }

// Partner returns the touch points run by outside partners: how many and
// their cost. InHouse and Partner add up to all touch points.
func (p *Plan) Partner() Split { return p.partner }

// Online returns the online touch points: how many and their cost.
func (p *Plan) Online() Split { return p.online }

// Offline returns the offline touch points: how many and their cost. Online
// and Offline add up to all touch points.
func (p *Plan) Offline() Split { return p.offline }

// TotalCost returns what all the touch points cost.
func (p *Plan) TotalCost() decimal.Decimal { return p.inHouse.Cost.Add(p.partner.Cost) }

// OfflineShare returns the offline share of touch-point spend, from 0 to 1;
// when nothing is spent, the offline share of touch points; with no touch
// points, 0. Compare it with [OfflineConversationShareLow] and
// [OfflineConversationShareHigh].
func (p *Plan) OfflineShare() float64 {
	if total := p.TotalCost(); total.Sign() > 0 {
		return ratio(p.offline.Cost, total)
	}
	if n := len(p.tps); n > 0 {
		return float64(p.offline.Count) / float64(n)
	}
	return 0
}

// FindingKind says what a [Finding] is about.
type FindingKind uint8

// The kinds of finding, in the order [Plan.Findings] lists them.
const (
	FindingUnspecified FindingKind = iota

	// FindingGap: no touch point serves a phase of the journey.
	FindingGap

	// FindingUncoordinated: a phase is served by two or more functions and
	// nobody is named to coordinate them (a silo).
	FindingUncoordinated

	// FindingUnowned: a touch point has no owner (a silo).
	FindingUnowned

	// FindingOffline: the offline share of spend is below
	// OfflineConversationShareLow (or the floor set in PlanOptions), where
	// most conversations happen.
	FindingOffline
)

var findingKindNames = [...]string{"", "gap", "uncoordinated", "unowned", "offline"}

// String returns the kind's text form: "gap", "uncoordinated", "unowned",
// "offline", or "" when unspecified.
func (k FindingKind) String() string {
	if int(k) < len(findingKindNames) {
		return findingKindNames[k]
	}
	return fmt.Sprintf("FindingKind(%d)", uint8(k))
}

// MarshalText implements [encoding.TextMarshaler].
func (k FindingKind) MarshalText() ([]byte, error) {
	if int(k) >= len(findingKindNames) {
		return nil, fieldError("kind", k.String(), "unknown finding kind")
	}
	return []byte(findingKindNames[k]), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts the text
// forms in any case; the empty text is FindingUnspecified.
func (k *FindingKind) UnmarshalText(text []byte) error {
	s := strings.ToLower(strings.TrimSpace(string(text)))
	for i, name := range findingKindNames {
		if s == name {
			*k = FindingKind(i)
			return nil
		}
	}
	return fieldError("kind", string(text), "want gap, uncoordinated, unowned or offline")
}

// Finding is one thing a [Plan] asks the business to look at, with a
// sentence explaining it.
type Finding struct {
	Kind FindingKind `json:"kind"`

	// Phase is the phase concerned: the gap, the uncoordinated phase, or
	// the unowned touch point's phase. It is unspecified for
	// FindingOffline.
	Phase Phase `json:"phase,omitzero"`

	// Touchpoint is the ID of the unowned touch point for FindingUnowned,
	// and empty otherwise.
	Touchpoint string `json:"touchpoint,omitempty"`

	// Functions are the functions serving the phase, for
	// FindingUncoordinated.
	Functions []Function `json:"functions,omitempty"`

	// Text is one sentence explaining the finding, for people.
	Text string `json:"text"`
}

// String returns f.Text prefixed with the kind, such as
// "gap: No touch point serves the purchase phase ...".
func (f Finding) String() string { return f.Kind.String() + ": " + f.Text }

// Findings returns what the plan asks the business to look at: the gaps
// in journey order, then the phases served by several functions with no
// coordinator, then the touch points nobody owns (in the order given to
// [NewPlan]), then, when the offline share of spend is below
// [OfflineConversationShareLow] (or [PlanOptions.OfflineFloor]), a note
// that most conversations happen offline. A plan with none is coordinated end to end. The slice is the
// caller's.
func (p *Plan) Findings() []Finding {
	out := slices.Clone(p.findings)
	for i := range out {
		out[i].Functions = slices.Clone(out[i].Functions)
	}
	return out
}

func (p *Plan) assess() []Finding {
	var out []Finding
	for _, ph := range p.Gaps() {
		out = append(out, Finding{Kind: FindingGap, Phase: ph,
			Text: "No touch point serves the " + ph.String() + " phase: the journey has a gap there, " +
				"and every step of it is a chance to build or lose the bond."})
	}
	for _, ph := range p.Uncoordinated() {
		fs := p.owners[ph]
		out = append(out, Finding{Kind: FindingUncoordinated, Phase: ph, Functions: slices.Clone(fs),
			Text: "The " + ph.String() + " phase is served by " + strconv.Itoa(len(fs)) + " functions (" +
				joinFunctions(fs) + ") and nobody coordinates them: name one function to coordinate " +
				"the phase, so that its touch points work as one plan instead of as silos."})
	}
	for _, t := range p.tps {
		if t.Owner != "" {
			continue
		}
		out = append(out, Finding{Kind: FindingUnowned, Phase: t.Phase, Touchpoint: t.ID,
			Text: "Touch point " + strconv.Quote(t.ID) + describe(t) + " has no owner: " +
				"no function is responsible for it, so it sits outside any coordinated plan."})
	}
	if len(p.tps) > 0 {
		if share := p.OfflineShare(); share < p.offlineFloor {
			basis := "of touch-point spend"
			if p.TotalCost().Sign() == 0 {
				basis = "of touch points"
			}
			out = append(out, Finding{Kind: FindingOffline,
				Text: "Only " + percent(share) + " " + basis + " is offline (" + strconv.Itoa(p.offline.Count) +
					" of " + strconv.Itoa(len(p.tps)) + " touch points), yet " + offlineConversations +
					" of conversations about a business happen offline: check that the plan reaches them."})
		}
	}
	return out
}

// describe returns " (name, channel, phase)" for a touch point, leaving
// out an empty name.
func describe(t Touchpoint) string {
	var parts []string
	if t.Name != "" {
		parts = append(parts, t.Name)
	}
	parts = append(parts, t.Channel, t.Phase.String())
	return " (" + strings.Join(parts, ", ") + ")"
}

func joinFunctions(fs []Function) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}

// String returns the report [Plan.WriteReport] writes.
func (p *Plan) String() string {
	var b strings.Builder
	p.WriteReport(&b) // a strings.Builder does not fail
	return b.String()
}

// WriteReport writes the plan to w for people: the coverage matrix (with a
// "nobody" column when some touch point has no owner; zeros shown as "-"),
// the in-house/partner and online/offline splits, and each finding with
// its explanation. It returns the first error writing to w.
func (p *Plan) WriteReport(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "Touch points: %d (%d owned, %d owned by nobody)\n\n", len(p.tps), p.owned, len(p.tps)-p.owned)

	ew.printf("Coverage (touch points by phase and owning function):\n")
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	cols := p.functions
	if p.owned < len(p.tps) {
		cols = append(slices.Clone(cols), "")
	}
	fmt.Fprint(tw, "phase")
	for _, f := range cols {
		name := string(f)
		if f == "" {
			name = "nobody"
		}
		fmt.Fprint(tw, "\t", name)
	}
	fmt.Fprintln(tw)
	for _, ph := range Phases() {
		fmt.Fprint(tw, ph.String())
		for _, f := range cols {
			n := p.Coverage(ph, f)
			cell := "-"
			if n > 0 {
				cell = strconv.Itoa(n)
			}
			fmt.Fprint(tw, "\t", cell)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()

	total := p.TotalCost()
	ew.printf("\nIn-house: %s; outside partners: %s.\n", splitText(p.inHouse, total), splitText(p.partner, total))
	ew.printf("Online: %s; offline: %s.\n", splitText(p.online, total), splitText(p.offline, total))
	ew.printf("%s of conversations about a business happen offline.\n", offlineConversations)

	if len(p.findings) == 0 {
		ew.printf("\nNo findings: every phase is served and every touch point is owned and coordinated.\n")
		return ew.err
	}
	ew.printf("\nFindings (%d):\n", len(p.findings))
	for _, f := range p.findings {
		ew.printf("- %s\n", f)
	}
	return ew.err
}

// splitText describes a split: "3 touch points costing 1200 (40% of spend)".
func splitText(s Split, total decimal.Decimal) string {
	noun := "touch points"
	if s.Count == 1 {
		noun = "touch point"
	}
	text := strconv.Itoa(s.Count) + " " + noun + " costing " + s.Cost.String()
	if total.Sign() > 0 {
		text += " (" + percent(ratio(s.Cost, total)) + " of spend)"
	}
	return text
}

// percent formats a share from 0 to 1 as a whole percentage, such as "40%".
func percent(share float64) string {
	return strconv.FormatFloat(share*100, 'f', 0, 64) + "%"
}

// ratio returns a/b as the nearest float64; b must not be zero.
func ratio(a, b decimal.Decimal) float64 {
	f, _ := new(big.Rat).Quo(a.Rat(), b.Rat()).Float64()
	return f
}

// errWriter remembers the first error writing to w and then writes
// nothing more.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(b []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(b)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }
