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

// LevelOf maps a classification onto Gallup's four groups with the default
// [LevelRules]. This is the library's documented default mapping, not
// Gallup's (Gallup places people by survey answers):
//
//	Advocate       FullyEngaged
//	Returning      Engaged
//	Transactional  ActivelyDisengaged when the customer shows hostility (an
//	               open complaint, a mean satisfaction below 2.5 of 5, a
//	               detractor's latest rating of 0 to 6, or goodwill below
//	               -3 points; see [DefaultLevelRules]); NotEngaged otherwise
//	Prospect, Former, Unclassified  NoLevel (not in the customer base)
func LevelOf(res Result) Level { return LevelRules{}.Level(res) }

// ProfileLevel is the library's default level of a profile: [LevelOf] of
// [Classify] with no previous stage, as of the profile's as-of time. It is
// the level function package estimate's BaseOf and SamplesOf take.
func ProfileLevel(p *engagement.Profile) Level { return LevelOf(Classify(p, Unclassified)) }

// LevelFunc returns the level function of rules and levels: each profile
// is classified with rules (no previous stage, as of the profile's as-of
// time) and its level read with levels. Zero rules and levels mean the
// defaults, so LevelFunc(Rules{}, LevelRules{}) is [ProfileLevel]. The
// function keeps its own copy of both and may be called concurrently.
func LevelFunc(rules Rules, levels LevelRules) func(*engagement.Profile) Level {
	return func(p *engagement.Profile) Level { return levels.Level(rules.Classify(p, Unclassified)) }
}
