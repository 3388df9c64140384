package stages

import (
	"fmt"
	"strings"

	"github.com/engagekit/engage/engagement"
)

// Level is one of the four customer-engagement groups of Gallup's customer
// engagement index (CE11): actively disengaged, not engaged, engaged, fully
// engaged. Gallup measures it with a survey whose item wording is
// copyrighted and not reproduced here; this library infers a level from
// behaviour instead (see [LevelOf]). Levels are ordered from least to most
// engaged. The zero Level is NoLevel: prospects and former customers have
// none.
//
// The published figures attached to the levels (fully engaged customers
// represent a 23% premium over the average customer in share of wallet,
// profitability, revenue and relationship growth; actively disengaged ones
// a 13% discount) live with the revenue estimates that use them.
type Level uint8

// The levels.
const (
	NoLevel            Level = iota
	ActivelyDisengaged       // emotionally detached, may be actively hostile
	NotEngaged               // neutral: buys, without attachment
	Engaged                  // attached, but not yet fully
	FullyEngaged             // emotionally attached and loyal
)

// NumLevels is the number of levels other than NoLevel.
const NumLevels = 4

var levelNames = [...]string{"", "actively_disengaged", "not_engaged", "engaged", "fully_engaged"}

// String returns "actively_disengaged", "not_engaged", "engaged",
// "fully_engaged", or "" for NoLevel.
func (l Level) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
}

// MarshalText implements [encoding.TextMarshaler].
func (l Level) MarshalText() ([]byte, error) {
	if int(l) >= len(levelNames) {
		return nil, &InvalidError{Field: "level", Value: l.String(), Reason: "unknown level"}
	}
	return []byte(levelNames[l]), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts the text
// forms in any case, with spaces or hyphens for the underscore.
func (l *Level) UnmarshalText(text []byte) error {
	v := strings.ToLower(strings.TrimSpace(string(text)))
	v = strings.NewReplacer(" ", "_", "-", "_").Replace(v)
	for i, name := range levelNames {
		if v == name {
			*l = Level(i)
			return nil
		}
	}
	return &InvalidError{Field: "level", Value: string(text),
		Reason: "want actively_disengaged, not_engaged, engaged or fully_engaged"}
}

// DisengagedSatisfaction is the mean satisfaction (1 to 5) below which a
// transactional customer counts as actively disengaged in [LevelOf]: below
// the scale's middle, 3.
const DisengagedSatisfaction = 3.0

// LevelOf maps a classification onto Gallup's four groups. This is the
// library's documented default mapping, not Gallup's (Gallup places people
// by survey answers):
//
//	Advocate       FullyEngaged
//	Returning      Engaged
//	Transactional  ActivelyDisengaged when the customer shows hostility: an
//	               open complaint, a detractor's rating (0 to 6), mean
//	               satisfaction below DisengagedSatisfaction, or negative
//	               goodwill; NotEngaged otherwise
//	Prospect, Former, Unclassified  NoLevel (not in the customer base)
func LevelOf(res Result) Level {
	switch res.Stage {
	case Advocate:
		return FullyEngaged
	case Returning:
		return Engaged
	case Transactional:
		s := res.Signals
		if s.OpenComplaints > 0 || s.NPS == engagement.Detractor || s.Goodwill < 0 ||
			(s.Answers > 0 && s.Satisfaction < DisengagedSatisfaction) {
			return ActivelyDisengaged
		}
		return NotEngaged
	}
	return NoLevel
}
