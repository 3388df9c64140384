package sqlstore_test

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/sqlstore"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// model is what a Store with merges, consent records, state records,
// checkpoints and erasure should hold, kept in maps: the contract of
// engagement.IdentityStore, ConsentStore, HistoryStore, CheckpointStore
// and Eraser, written out plainly.
type model struct {
	alias    map[engagement.CustomerID]engagement.CustomerID // from → the customer it stands for
	ins      map[string]engagement.Interaction               // by ID, under the customer's resolved ID
	custs    map[engagement.CustomerID]engagement.Customer
	consents []engagement.ConsentRecord
	merges   map[engagement.CustomerID]engagement.Merge // by From
	states   map[stateKey]engagement.StateRecord
	points   map[pointKey]engagement.Checkpoint
}

// stateKey and pointKey are the keys of state records and checkpoints.
type (
	stateKey struct {
		customer engagement.CustomerID
		ns       int64
	}
	pointKey struct {
		customer engagement.CustomerID
		name     string
	}
)

func newModel() *model {
	return &model{
		alias:  map[engagement.CustomerID]engagement.CustomerID{},
		ins:    map[string]engagement.Interaction{},
		custs:  map[engagement.CustomerID]engagement.Customer{},
		merges: map[engagement.CustomerID]engagement.Merge{},
		states: map[stateKey]engagement.StateRecord{},
		points: map[pointKey]engagement.Checkpoint{},
	}
}

func (m *model) resolve(id engagement.CustomerID) engagement.CustomerID {
	if c, ok := m.alias[id]; ok {
		return c
	}
	return id
}

// append reports whether the batch conflicts, and stores it if not.
func (m *model) append(batch []engagement.Interaction) (conflict bool) {
	add := map[string]engagement.Interaction{}
	for _, in := range batch {
		in.Customer = m.resolve(in.Customer)
		prev, ok := add[in.ID]
		if !ok {
			prev, ok = m.ins[in.ID]
		}
		if ok {
			if !prev.Equal(in) {
				return true
			}
			continue
		}
		add[in.ID] = in
	}
	maps.Copy(m.ins, add)
	return false
}

func (m *model) putCustomers(cs []engagement.Customer) {
	for _, c := range cs {
		c.ID = m.resolve(c.ID)
		m.custs[c.ID] = c
	}
}

func (m *model) recordConsent(rs []engagement.ConsentRecord) {
	for _, r := range rs {
		r.Customer = m.resolve(r.Customer)
		if !slices.ContainsFunc(m.consents, r.Equal) {
			m.consents = append(m.consents, r)
		}
	}
}

// recordStates stores rs unless one is invalid, and returns the error
// class RecordStates should fail with.
func (m *model) recordStates(rs []engagement.StateRecord) error {
	for _, r := range rs {
		if r.Validate() != nil {
			return engagement.ErrInvalid
		}
	}
	for _, r := range rs {
		r.Customer = m.resolve(r.Customer)
		r.Time = r.Time.UTC()
		m.states[stateKey{r.Customer, r.Time.UnixNano()}] = r
	}
	return nil
}

// saveCheckpoint returns what SaveCheckpoint should return, or the error
// class.
func (m *model) saveCheckpoint(c engagement.Checkpoint) (engagement.Checkpoint, error) {
	c.Customer = m.resolve(c.Customer)
	k := pointKey{c.Customer, c.Name}
	if m.points[k].Version != c.Version {
		return engagement.Checkpoint{}, engagement.ErrConflict
	}
	c.Version++
	c.Saved = c.Saved.UTC()
	if len(c.Value) == 0 {
		c.Value = nil
	}
	m.points[k] = c
	return c, nil
}

// merge returns the error class Merge should fail with: nil,
// ErrConflict or ErrInvalid.
func (m *model) merge(mg engagement.Merge) error {
	from, into := mg.From, m.resolve(mg.Into)
	switch fc := m.resolve(from); {
	case fc != from && fc == into:
		return nil
	case fc != from, into == from:
		return engagement.ErrConflict
	}
	if fc, ok := m.custs[from]; ok {
		ic, ok := m.custs[into]
		if !ok {
			ic = engagement.Customer{ID: into}
		}
		merged := engagement.MergeCustomers(ic, fc)
		if merged.Validate() != nil {
			return engagement.ErrInvalid
		}
		m.custs[into] = merged
		delete(m.custs, from)
	}
	for id, in := range m.ins {
		if in.Customer == from {
			in.Customer = into
			m.ins[id] = in
		}
	}
	var kept []engagement.ConsentRecord
	for _, r := range m.consents {
		if r.Customer == from {
			r.Customer = into
		}
		if !slices.ContainsFunc(kept, r.Equal) {
			kept = append(kept, r)
		}
	}
	m.consents = kept
	for k, r := range m.states {
		if k.customer == from {
			delete(m.states, k)
			if _, ok := m.states[stateKey{into, k.ns}]; !ok {
				r.Customer = into
				m.states[stateKey{into, k.ns}] = r
			}
		}
	}
	for k, c := range m.points {
		if k.customer == from {
			delete(m.points, k)
			if _, ok := m.points[pointKey{into, k.name}]; !ok {
				c.Customer = into
				m.points[pointKey{into, k.name}] = c
			}
		}
	}
	for a, c := range m.alias {
		if c == from {
			m.alias[a] = into
		}
	}
	m.alias[from] = into
	m.merges[from] = mg
	return nil
}

// holds reports whether the model knows id.
func (m *model) holds(id engagement.CustomerID) bool {
	if _, ok := m.custs[id]; ok {
		return true
	}
	for _, in := range m.ins {
		if in.Customer == id {
			return true
		}
	}
	for _, r := range m.consents {
		if r.Customer == id {
			return true
		}
	}
	for a, c := range m.alias {
		if a == id || c == id {
			return true
		}
	}
	for k := range m.states {
		if k.customer == id {
			return true
		}
	}
	for k := range m.points {
		if k.customer == id {
			return true
		}
	}
	return false
}

// erase returns the report Erase should return, or the error class.
func (m *model) erase(e engagement.Erasure) (engagement.ErasureReport, error) {
	c := m.resolve(e.Customer)
	rep := engagement.ErasureReport{Customer: c}
	if !m.holds(c) {
		return rep, nil
	}
	if e.Mode == engagement.EraseAnonymise && m.holds(e.Pseudonym) {
		return engagement.ErasureReport{}, engagement.ErrConflict
	}
	for id, in := range m.ins {
		if in.Customer != c {
			continue
		}
		rep.Interactions++
		if e.Mode == engagement.EraseDelete {
			delete(m.ins, id)
			continue
		}
		in.Customer, in.Properties = e.Pseudonym, nil
		m.ins[id] = in
	}
	m.consents = slices.DeleteFunc(m.consents, func(r engagement.ConsentRecord) bool {
		if r.Customer == c {
			rep.Consents++
			return true
		}
		return false
	})
	for k := range m.states {
		if k.customer == c {
			rep.States++
			delete(m.states, k)
		}
	}
	for k := range m.points {
		if k.customer == c {
			rep.Checkpoints++
			delete(m.points, k)
		}
	}
	_, rep.Record = m.custs[c]
	delete(m.custs, c)
	for a, to := range m.alias {
		if to == c {
			rep.Aliases++
			delete(m.alias, a)
			delete(m.merges, a)
		}
	}
	return rep, nil
}

// The small pools the generators draw from, so that actions collide.
var (
	poolCustomers  = []engagement.CustomerID{"a", "b", "c", "d"}
	poolPseudonyms = []engagement.CustomerID{"p1", "p2", "a"}
	poolIDs        = []string{"i0", "i1", "i2", "i3", "i4", "i5"}
	poolPoints     = []string{"play/win-back", "play/welcome"}
	epoch          = time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
)

func genValue() *rapid.Generator[engagement.Value] {
	return rapid.OneOf(
		rapid.Map(rapid.SampledFrom([]string{"web", "<b>&\"x\"", "üñí"}), engagement.StringValue),
		rapid.Custom(func(t *rapid.T) engagement.Value {
			return engagement.NumberValue(decimal.New(rapid.Int64Range(-1e12, 1e12).Draw(t, "n"), -rapid.Int32Range(0, 20).Draw(t, "scale")))
		}),
		rapid.Map(rapid.Bool(), engagement.BoolValue),
		rapid.Map(rapid.Int64Range(-1e18, 1e18), func(ns int64) engagement.Value { return engagement.TimeValue(time.Unix(0, ns)) }),
	)
}

func genProps() *rapid.Generator[engagement.Properties] {
	return rapid.Custom(func(t *rapid.T) engagement.Properties {
		ps := rapid.MapOfN(rapid.SampledFrom([]string{"sku", "qty", "utm_source", "plan"}), genValue(), 0, 3).Draw(t, "props")
		if len(ps) == 0 {
			return nil
		}
		return engagement.Properties(ps)
	})
}

func genInteraction() *rapid.Generator[engagement.Interaction] {
	return rapid.Custom(func(t *rapid.T) engagement.Interaction {
		return engagement.Interaction{
			ID:         rapid.SampledFrom(poolIDs).Draw(t, "id"),
			Customer:   rapid.SampledFrom(poolCustomers).Draw(t, "customer"),
			Time:       epoch.Add(time.Duration(rapid.IntRange(0, 3).Draw(t, "minute")) * time.Minute),
			Kind:       rapid.SampledFrom([]engagement.Kind{engagement.Purchase, engagement.Visit}).Draw(t, "kind"),
			Amount:     decimal.New(rapid.Int64Range(0, 3).Draw(t, "amount"), -2),
			Properties: genProps().Draw(t, "properties"),
		}
	})
}

func genCustomer() *rapid.Generator[engagement.Customer] {
	return rapid.Custom(func(t *rapid.T) engagement.Customer {
		c := engagement.Customer{
			ID:      rapid.SampledFrom(poolCustomers).Draw(t, "id"),
			Name:    rapid.SampledFrom([]string{"", "Ada", "Bo"}).Draw(t, "name"),
			Account: engagement.AccountID(rapid.SampledFrom([]string{"", "acme"}).Draw(t, "account")),
			Traits:  genProps().Draw(t, "traits"),
		}
		if rapid.Bool().Draw(t, "attrs") {
			c.Attributes = map[string]string{rapid.SampledFrom([]string{"region", "tier"}).Draw(t, "attr"): "x"}
		}
		return c
	})
}

func genConsent() *rapid.Generator[engagement.ConsentRecord] {
	return rapid.Custom(func(t *rapid.T) engagement.ConsentRecord {
		r := engagement.ConsentRecord{
			Customer: rapid.SampledFrom(poolCustomers).Draw(t, "customer"),
			Purpose:  rapid.SampledFrom([]engagement.Purpose{engagement.PurposeMarketing, engagement.PurposeService}).Draw(t, "purpose"),
			Channel:  rapid.SampledFrom([]string{"", engagement.ChannelEmail}).Draw(t, "channel"),
			State:    rapid.SampledFrom([]engagement.Consent{engagement.ConsentGiven, engagement.ConsentRefused}).Draw(t, "state"),
			// Before and after 1970, so that expiries of either sign occur.
			Time:   time.Unix(0, 0).Add(time.Duration(rapid.IntRange(-2, 2).Draw(t, "hour")) * time.Hour).UTC(),
			Source: rapid.SampledFrom([]string{"", "form"}).Draw(t, "source"),
		}
		if r.State == engagement.ConsentGiven && rapid.Bool().Draw(t, "expires") {
			r.Expires = r.Time.Add(time.Duration(rapid.IntRange(1, 3).Draw(t, "for")) * time.Hour)
		}
		return r
	})
}

// genState returns a state record, now and then an invalid one (a score
// over 100), so that a failed batch is seen to store nothing.
func genState() *rapid.Generator[engagement.StateRecord] {
	return rapid.Custom(func(t *rapid.T) engagement.StateRecord {
		r := engagement.StateRecord{
			Customer: rapid.SampledFrom(poolCustomers).Draw(t, "customer"),
			Time:     epoch.Add(time.Duration(rapid.IntRange(0, 2).Draw(t, "hour")) * time.Hour),
			Stage:    rapid.SampledFrom([]string{"new", "returning", "lapsed"}).Draw(t, "stage"),
		}
		if band := rapid.SampledFrom([]string{"", "red", "green"}).Draw(t, "band"); band != "" {
			r.Band = band
			r.Score = rapid.SampledFrom([]float64{0, 40.122, 100, 1e-300, 101}).Draw(t, "score")
		}
		return r
	})
}

// genCheckpoint returns a checkpoint to save, its version drawn from a
// small range so that stale saves occur.
func genCheckpoint() *rapid.Generator[engagement.Checkpoint] {
	return rapid.Custom(func(t *rapid.T) engagement.Checkpoint {
		return engagement.Checkpoint{
			Customer: rapid.SampledFrom(poolCustomers).Draw(t, "customer"),
			Name:     rapid.SampledFrom(poolPoints).Draw(t, "name"),
			Value:    rapid.SliceOfN(rapid.Byte(), 0, 4).Draw(t, "value"),
			Version:  rapid.Int64Range(0, 2).Draw(t, "version"),
			Saved:    epoch.Add(time.Duration(rapid.IntRange(0, 2).Draw(t, "minute")) * time.Minute),
		}
	})
}

func genMerge() *rapid.Generator[engagement.Merge] {
	return rapid.Custom(func(t *rapid.T) engagement.Merge {
		from := rapid.SampledFrom(poolCustomers).Draw(t, "from")
		into := rapid.SampledFrom(poolCustomers).Filter(func(c engagement.CustomerID) bool { return c != from }).Draw(t, "into")
		return engagement.Merge{From: from, Into: into, Time: epoch.Add(time.Duration(rapid.IntRange(0, 2).Draw(t, "at")) * time.Hour),
			Reason: rapid.SampledFrom([]string{"", "login"}).Draw(t, "reason")}
	})
}

// errClass is the sentinel err matches, for comparison with the model.
func errClass(err error) error {
	for _, e := range []error{engagement.ErrConflict, engagement.ErrInvalid} {
		if errors.Is(err, e) {
			return e
		}
	}
	return err
}

// checkAgainst fails t when s does not hold what m does.
func checkAgainst(t *rapid.T, s *sqlstore.Store, m *model) {
	ctx := context.Background()
	ids := slices.Concat(poolCustomers, poolPseudonyms, []engagement.CustomerID{"p3"})
	var wantCusts []engagement.Customer
	for _, c := range m.custs {
		wantCusts = append(wantCusts, c)
	}
	slices.SortFunc(wantCusts, func(a, b engagement.Customer) int { return cmp.Compare(a.ID, b.ID) })
	gotCusts := collect(t, s.Customers(ctx))
	if !slices.EqualFunc(gotCusts, wantCusts, engagement.Customer.Equal) {
		t.Fatalf("Customers:\n got %+v\nwant %+v", gotCusts, wantCusts)
	}
	var wantIns []engagement.Interaction
	for _, in := range m.ins {
		wantIns = append(wantIns, in)
	}
	slices.SortFunc(wantIns, func(a, b engagement.Interaction) int {
		return cmp.Or(cmp.Compare(a.Customer, b.Customer), a.Time.Compare(b.Time), strings.Compare(a.ID, b.ID))
	})
	if got := collect(t, s.Interactions(ctx, engagement.Query{})); !slices.EqualFunc(got, wantIns, engagement.Interaction.Equal) {
		t.Fatalf("Interactions:\n got %+v\nwant %+v", got, wantIns)
	}
	for _, asOf := range []time.Time{epoch.Add(time.Hour), epoch.Add(24 * time.Hour)} {
		latest := map[engagement.CustomerID]engagement.StateRecord{}
		for _, r := range m.states {
			if !r.Time.After(asOf) && (latest[r.Customer].Time.IsZero() || r.Time.After(latest[r.Customer].Time)) {
				latest[r.Customer] = r
			}
		}
		var want []engagement.StateRecord
		for _, r := range latest {
			want = append(want, r)
		}
		slices.SortFunc(want, func(a, b engagement.StateRecord) int { return cmp.Compare(a.Customer, b.Customer) })
		if got := collect(t, s.LatestStates(ctx, asOf)); !slices.EqualFunc(got, want, engagement.StateRecord.Equal) {
			t.Fatalf("LatestStates(%v):\n got %+v\nwant %+v", asOf, got, want)
		}
	}
	// Only the customers of the pool have state records and checkpoints,
	// or are aliases of those who have.
	for _, id := range poolCustomers {
		c := m.resolve(id)
		var wantStates []engagement.StateRecord
		for _, r := range m.states {
			if r.Customer == c {
				wantStates = append(wantStates, r)
			}
		}
		slices.SortFunc(wantStates, func(a, b engagement.StateRecord) int { return a.Time.Compare(b.Time) })
		if got := collect(t, s.States(ctx, id, time.Time{}, time.Time{})); !slices.EqualFunc(got, wantStates, engagement.StateRecord.Equal) {
			t.Fatalf("States(%q):\n got %+v\nwant %+v", id, got, wantStates)
		}
		for _, name := range poolPoints {
			got, err := s.LoadCheckpoint(ctx, id, name)
			want, ok := m.points[pointKey{c, name}]
			if !ok {
				want = engagement.Checkpoint{Customer: c, Name: name}
			}
			if err != nil || !checkpointsEqual(got, want) {
				t.Fatalf("LoadCheckpoint(%q, %q) = %+v, %v; want %+v", id, name, got, err, want)
			}
		}
	}
	for _, id := range ids {
		c := m.resolve(id)
		if got, err := s.Resolve(ctx, id); err != nil || got != c {
			t.Fatalf("Resolve(%q) = %q, %v; want %q", id, got, err, c)
		}
		got, err := s.Customer(ctx, id)
		if want, ok := m.custs[c]; ok != (err == nil) || ok && !got.Equal(want) {
			t.Fatalf("Customer(%q) = %+v, %v; want %+v (stored %v)", id, got, err, want, ok)
		} else if !ok && !errors.Is(err, engagement.ErrNotFound) {
			t.Fatalf("Customer(%q): error %v, want ErrNotFound", id, err)
		}
		wantOne := slices.DeleteFunc(slices.Clone(wantIns), func(in engagement.Interaction) bool { return in.Customer != c })
		if got := collect(t, s.Interactions(ctx, engagement.Query{Customer: id})); !slices.EqualFunc(got, wantOne, engagement.Interaction.Equal) {
			t.Fatalf("Interactions(%q):\n got %+v\nwant %+v", id, got, wantOne)
		}
		var wantRecs []engagement.ConsentRecord
		for _, r := range m.consents {
			if r.Customer == c {
				wantRecs = append(wantRecs, r)
			}
		}
		slices.SortFunc(wantRecs, engagement.CompareConsentRecords)
		if got := collect(t, s.ConsentRecords(ctx, id)); !slices.EqualFunc(got, wantRecs, engagement.ConsentRecord.Equal) {
			t.Fatalf("ConsentRecords(%q):\n got %+v\nwant %+v", id, got, wantRecs)
		}
		var wantMerges []engagement.Merge
		for from, mg := range m.merges {
			if m.alias[from] == c {
				wantMerges = append(wantMerges, mg)
			}
		}
		slices.SortFunc(wantMerges, func(a, b engagement.Merge) int { return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.From, b.From)) })
		if got := collect(t, s.Merges(ctx, id)); !slices.EqualFunc(got, wantMerges, engagement.Merge.Equal) {
			t.Fatalf("Merges(%q):\n got %+v\nwant %+v", id, got, wantMerges)
		}
	}
}

// checkpointsEqual reports whether a and b are the same, times compared
// as instants, a nil Value distinct from none only by length.
func checkpointsEqual(a, b engagement.Checkpoint) bool {
	return a.Customer == b.Customer && a.Name == b.Name && bytes.Equal(a.Value, b.Value) && (a.Value == nil) == (b.Value == nil) &&
		a.Version == b.Version && a.Saved.Equal(b.Saved)
}

// collect reads an iterator to the end, failing t on an error.
func collect[V any](t interface{ Fatalf(string, ...any) }, seq func(func(V, error) bool)) []V {
	var out []V
	for v, err := range seq {
		if err != nil {
			t.Fatalf("iterate: %v", err)
		}
		out = append(out, v)
	}
	return out
}

// TestIdentityModel runs random sequences of appends, customer writes,
// consent records, state records, checkpoint saves, merges and erasures
// against each backend and the
// model, and checks after every step that every read agrees.
func TestIdentityModel(t *testing.T) {
	eachBackend(t, func(t *testing.T, open func(tb testing.TB) *sqlstore.Store) {
		ctx := context.Background()
		rapid.Check(t, func(rt *rapid.T) {
			s, m := open(t), newModel()
			for step := range rapid.IntRange(1, 12).Draw(rt, "steps") {
				var err, want error
				var action string
				switch rapid.IntRange(0, 6).Draw(rt, fmt.Sprintf("action %d", step)) {
				case 0:
					batch := rapid.SliceOfN(genInteraction(), 1, 4).Draw(rt, "batch")
					action = fmt.Sprintf("Append(%+v)", batch)
					err = s.Append(ctx, batch...)
					if m.append(batch) {
						want = engagement.ErrConflict
					}
				case 1:
					cs := rapid.SliceOfN(genCustomer(), 1, 3).Draw(rt, "customers")
					action = fmt.Sprintf("PutCustomers(%+v)", cs)
					err = s.PutCustomers(ctx, cs...)
					m.putCustomers(cs)
				case 2:
					rs := rapid.SliceOfN(genConsent(), 1, 3).Draw(rt, "records")
					action = fmt.Sprintf("RecordConsent(%+v)", rs)
					err = s.RecordConsent(ctx, rs...)
					m.recordConsent(rs)
				case 3:
					mg := genMerge().Draw(rt, "merge")
					action = fmt.Sprintf("Merge(%v)", mg)
					err = s.Merge(ctx, mg)
					want = m.merge(mg)
				case 4:
					e := engagement.Erasure{
						Customer:  rapid.SampledFrom(poolCustomers).Draw(rt, "erase"),
						Mode:      rapid.SampledFrom([]engagement.ErasureMode{engagement.EraseDelete, engagement.EraseAnonymise}).Draw(rt, "mode"),
						Pseudonym: rapid.SampledFrom(poolPseudonyms).Draw(rt, "pseudonym"),
					}
					if e.Pseudonym == e.Customer {
						e.Pseudonym = "p3"
					}
					action = fmt.Sprintf("Erase(%+v)", e)
					var got engagement.ErasureReport
					got, err = s.Erase(ctx, e)
					var wantRep engagement.ErasureReport
					wantRep, want = m.erase(e)
					if err == nil && got != wantRep {
						rt.Fatalf("%s = %+v, want %+v", action, got, wantRep)
					}
				case 5:
					rs := rapid.SliceOfN(genState(), 1, 3).Draw(rt, "states")
					action = fmt.Sprintf("RecordStates(%+v)", rs)
					err = s.RecordStates(ctx, rs...)
					want = m.recordStates(rs)
				case 6:
					c := genCheckpoint().Draw(rt, "checkpoint")
					action = fmt.Sprintf("SaveCheckpoint(%+v)", c)
					var got engagement.Checkpoint
					got, err = s.SaveCheckpoint(ctx, c)
					var wantC engagement.Checkpoint
					wantC, want = m.saveCheckpoint(c)
					if err == nil && !checkpointsEqual(got, wantC) {
						rt.Fatalf("%s = %+v, want %+v", action, got, wantC)
					}
				}
				if errClass(err) != want {
					rt.Fatalf("%s: error %v, want %v", action, err, want)
				}
				checkAgainst(rt, s, m)
			}
		})
	})
}
