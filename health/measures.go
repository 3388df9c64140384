package health

import (
	"maps"
	"math"
	"slices"
	"strconv"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
)

// The names of the built-in measures, as they appear in results and
// explanations.
const (
	GoodwillName   = "goodwill"
	StageName      = "stage"
	AliveName      = "alive"
	NPSName        = "nps"
	SentimentName  = "sentiment"
	ComplaintsName = "complaints"
)

// DefaultGoodwillScale is the goodwill balance, in points, over which the
// goodwill measure's logistic curve rises from 50 to 73 (and falls to 27
// below the midpoint): 3 points, the default effect of one complaint
// ([engagement.DefaultComplaintEffect]), so that one unanswered complaint
// moves a neutral customer about a quarter of the way down the scale, and
// an advocate's 5 points (stages' default to enter) read as 84.
const DefaultGoodwillScale = 3.0

// Goodwill scores the goodwill balance ([engagement.Profile.Goodwill])
// through a logistic curve:
//
//	100 / (1 + exp(-(balance - Midpoint) / Scale))
//
// A logistic rather than a piecewise-linear mapping because the balance
// has no bounds either way: the curve maps any balance into 0 to 100,
// rises fastest around the midpoint where a point of goodwill matters
// most, and saturates without a cut-off at which further goodwill stops
// counting. The zero value is the default: a balance of 0 (neutral: no
// goodwill, no ill will) scores 50, Scale is [DefaultGoodwillScale]. A
// customer with no profile has no value.
type Goodwill struct {
	Midpoint float64 // the balance that scores 50; default 0
	Scale    float64 // in points, > 0; zero means DefaultGoodwillScale
}

// Name returns "goodwill".
func (Goodwill) Name() string { return GoodwillName }

// Validate reports a non-finite midpoint or a negative or non-finite
// scale.
func (g Goodwill) Validate() error {
	if math.IsNaN(g.Midpoint) || math.IsInf(g.Midpoint, 0) {
		return invalid("Goodwill.Midpoint", ftoa(g.Midpoint), "must be a finite number of points")
	}
	if math.IsNaN(g.Scale) || math.IsInf(g.Scale, 0) || g.Scale < 0 {
		return invalid("Goodwill.Scale", ftoa(g.Scale), "must be a positive number of points (zero for the default)")
	}
	return nil
}

// Score maps the profile's goodwill balance.
func (g Goodwill) Score(f *Facts) (float64, bool) {
	if f.Profile == nil {
		return 0, false
	}
	return g.Map(f.Profile.Goodwill()), true
}

// Map returns the score of a goodwill balance.
func (g Goodwill) Map(balance float64) float64 {
	scale := g.Scale
	if scale == 0 {
		scale = DefaultGoodwillScale
	}
	return 100 / (1 + math.Exp(-(balance-g.Midpoint)/scale))
}

// DefaultStageScores are the stage measure's scores. The three stages of
// engagement sit at the lower bounds of the default bands they stand for:
// transactional 40 (yellow: the basic exchange is working, no loyalty
// yet), returning 70 (green: loyal, holding goodwill), advocate 100 (the
// top: telling others). A former customer scores 0: the relationship has
// ended. A prospect scores 25: known, but not yet doing business, so
// below a paying customer and above one who left. Unclassified has no
// value.
func DefaultStageScores() map[stages.Stage]float64 {
	m := make(map[stages.Stage]float64, stages.NumStages)
	for s := stages.Prospect; s <= stages.Former; s++ {
		m[s] = defaultStage[s]
	}
	return m
}

// Stage scores the customer's stage of engagement (Facts.Stage.Stage).
// Scores replaces the default of each stage it names; the others keep
// [DefaultStageScores]. A nil map means the defaults.
type Stage struct {
	Scores map[stages.Stage]float64
}

// Name returns "stage".
func (Stage) Name() string { return StageName }

// Validate reports an unknown stage or a score outside 0 to 100.
func (m Stage) Validate() error {
	if len(m.Scores) == 0 {
		return nil
	}
	for _, s := range slices.Sorted(maps.Keys(m.Scores)) {
		if !s.Valid() {
			return invalid("Stage.Scores", s.String(), "want prospect, transactional, returning, advocate or former")
		}
		if err := checkScore("Stage.Scores["+s.String()+"]", m.Scores[s]); err != nil {
			return err
		}
	}
	return nil
}

// Score returns the stage's score; Unclassified has no value.
func (m Stage) Score(f *Facts) (float64, bool) {
	s := f.Stage.Stage
	if v, ok := m.Scores[s]; ok {
		return v, true
	}
	if !s.Valid() {
		return 0, false
	}
	return defaultStage[s], true
}

var defaultStage = [stages.NumStages + 1]float64{
	stages.Prospect: 25, stages.Transactional: 40, stages.Returning: 70, stages.Advocate: 100, stages.Former: 0,
}

// Alive scores the probability that the customer is still active
// (Facts.Alive) as p·100: a probability is already a 0-to-1 health
// figure. Unknown has no value.
type Alive struct{}

// Name returns "alive".
func (Alive) Name() string { return AliveName }

// Score returns 100 times Facts.Alive.
func (Alive) Score(f *Facts) (float64, bool) {
	if f.Alive == nil {
		return 0, false
	}
	return *f.Alive * 100, true
}

// DefaultNPSScores are the NPS measure's scores: promoter 100, passive
// 50, detractor 0. The Net Promoter score counts a promoter as +100, a
// passive as 0 and a detractor as -100; these are those weights moved
// onto 0 to 100. No answer ([engagement.NoNPSClass]) has no value.
func DefaultNPSScores() map[engagement.NPSClass]float64 {
	return map[engagement.NPSClass]float64{engagement.Promoter: 100, engagement.Passive: 50, engagement.Detractor: 0}
}

// NPS scores the Net Promoter class of the customer's latest
// likelihood-to-recommend answer ([engagement.Profile.NPSClass]). Scores
// replaces the default of each class it names, and may give
// [engagement.NoNPSClass] a score (by default it has none); a nil map
// means [DefaultNPSScores]. A customer with no profile has no answer.
type NPS struct {
	Scores map[engagement.NPSClass]float64
}

// Name returns "nps".
func (NPS) Name() string { return NPSName }

// Validate reports an unknown class or a score outside 0 to 100.
func (m NPS) Validate() error {
	if len(m.Scores) == 0 {
		return nil
	}
	for _, c := range slices.Sorted(maps.Keys(m.Scores)) {
		if c > engagement.Promoter {
			return invalid("NPS.Scores", c.String(), "want promoter, passive, detractor or none")
		}
		if err := checkScore("NPS.Scores["+npsText(c)+"]", m.Scores[c]); err != nil {
			return err
		}
	}
	return nil
}

func npsText(c engagement.NPSClass) string {
	if c == engagement.NoNPSClass {
		return "none"
	}
	return c.String()
}

// Score returns the class's score.
func (m NPS) Score(f *Facts) (float64, bool) {
	c := engagement.NoNPSClass
	if f.Profile != nil {
		c = f.Profile.NPSClass()
	}
	if v, ok := m.Scores[c]; ok {
		return v, true
	}
	switch c {
	case engagement.Promoter:
		return 100, true
	case engagement.Passive:
		return 50, true
	case engagement.Detractor:
		return 0, true
	}
	return 0, false
}

// Sentiment scores the mean sentiment of the customer's mentions
// (Facts.Mentions) linearly: (mean + 1) · 50, so -1 is 0, neutral is 50
// and 1 is 100, the compound scale moved onto 0 to 100. Fewer than
// MinMentions mentions have no value; zero means 1, so one mention counts
// and none has no value.
type Sentiment struct {
	MinMentions int
}

// Name returns "sentiment".
func (Sentiment) Name() string { return SentimentName }

// Validate reports a negative MinMentions.
func (m Sentiment) Validate() error {
	if m.MinMentions < 0 {
		return invalid("Sentiment.MinMentions", strconv.Itoa(m.MinMentions), "must not be negative")
	}
	return nil
}

// Score maps the mean sentiment.
func (m Sentiment) Score(f *Facts) (float64, bool) {
	if f.Mentions.Count < max(m.MinMentions, 1) {
		return 0, false
	}
	return (f.Mentions.Mean + 1) * 50, true
}

// The default complaint penalties, in points off 100. They keep the ratio
// of the goodwill defaults: a complaint costs 3 goodwill points and its
// resolution wins 2 back, so a resolved complaint leaves a third of the
// harm. An open complaint costs 30 points (so two put a customer at the
// red line of 40, and four at 0), a resolved one 10.
const (
	DefaultOpenComplaintPenalty     = 30.0
	DefaultResolvedComplaintPenalty = 10.0
)

// ComplaintPenalties are what each complaint takes off 100.
type ComplaintPenalties struct {
	Open     float64 // per complaint not yet resolved
	Resolved float64 // per complaint resolved
}

// Complaints scores the customer's complaints ([engagement.Profile.Complaints])
// as 100 less a penalty per open and per resolved complaint, never below
// 0. No complaints score 100. Penalties nil means the defaults; a
// customer with no profile has no value.
type Complaints struct {
	Penalties *ComplaintPenalties
}

// Name returns "complaints".
func (Complaints) Name() string { return ComplaintsName }

// Validate reports a penalty that is negative or above 100.
func (m Complaints) Validate() error {
	if p := m.Penalties; p != nil {
		if err := checkScore("Complaints.Penalties.Open", p.Open); err != nil {
			return err
		}
		return checkScore("Complaints.Penalties.Resolved", p.Resolved)
	}
	return nil
}

// Score returns 100 less the penalties, at least 0.
func (m Complaints) Score(f *Facts) (float64, bool) {
	if f.Profile == nil {
		return 0, false
	}
	return m.Map(f.Profile.Complaints()), true
}

// Map returns the score of open and resolved complaint counts.
func (m Complaints) Map(open, resolved int) float64 {
	p := ComplaintPenalties{Open: DefaultOpenComplaintPenalty, Resolved: DefaultResolvedComplaintPenalty}
	if m.Penalties != nil {
		p = *m.Penalties
	}
	return max(100-p.Open*float64(open)-p.Resolved*float64(resolved), 0)
}

func checkScore(field string, v float64) error {
	if math.IsNaN(v) || v < 0 || v > 100 {
		return invalid(field, ftoa(v), "must lie between 0 and 100")
	}
	return nil
}
