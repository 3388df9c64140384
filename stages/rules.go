package stages

import (
	"strconv"
	"time"
)

// Band is a lower bound with hysteresis: a customer must reach Enter to
// move up into a stage and stays there while at or above Stay, so Stay is
// at most Enter. A customer whose figure wanders between the two keeps the
// stage they had.
type Band struct {
	Enter, Stay float64
}

// Window is an upper bound on how long ago something happened, with
// hysteresis: to move up, it must have happened within Enter; to stay, within
// Stay, so Stay is at least Enter.
type Window struct {
	Enter, Stay time.Duration
}

// Day is 24 hours, the unit of the default windows.
const Day = 24 * time.Hour

// The default thresholds. They are this library's calibration of the
// seeds' descriptions, not published figures: override them with what
// your own data shows (the transitions of a year's snapshots are a good
// guide).
const (
	// DefaultRepeatPurchaseDays: a returning customer has bought on at least
	// two different days: "I can count on you, so I will return".
	DefaultRepeatPurchaseDays = 2

	// DefaultFormerAfter: a customer not seen for a year has left.
	DefaultFormerAfter = 365 * Day

	// DefaultAdvocateReferrals: one referral is a sign of advocacy (a
	// promoter's rating is the other).
	DefaultAdvocateReferrals = 1
)

// Defaults for the bands and windows; see [DefaultRules].
var (
	defaultReturningWithin       = Window{Enter: 180 * Day, Stay: 270 * Day}
	defaultReturningSatisfaction = Band{Enter: 4.0, Stay: 3.5}
	defaultReturningGoodwill     = Band{Enter: 2, Stay: 1}
	defaultAdvocacyWithin        = Window{Enter: 90 * Day, Stay: 120 * Day}
	defaultAdvocateGoodwill      = Band{Enter: 5, Stay: 3}
)

// Rules are the thresholds that place a profile in a stage. Every field is
// overridable; [DefaultRules] gives the defaults, and [Rules.Validate]
// checks a set that has been changed. The zero Rules (and a nil *Rules)
// means DefaultRules as a whole: read as given, zero thresholds would make
// everyone a former customer the moment they were last seen, so an unset
// Rules classifies as the defaults do instead. Change a copy of
// DefaultRules, not a zero Rules: once any field is set, every field is
// read as given.
//
// A customer who has bought is Returning when all of these hold, and
// Transactional otherwise:
//   - purchases on at least RepeatPurchaseDays different days;
//   - the latest purchase within ReturningWithin;
//   - goodwill at least ReturningGoodwill;
//   - mean satisfaction at least ReturningSatisfaction, when the customer
//     has answered a satisfaction question (no answers count as no
//     objection).
//
// A Returning customer is an Advocate when, as well:
//   - they have referred at least AdvocateReferrals people, or their latest
//     likelihood-to-recommend answer is a promoter's (9 or 10);
//   - their latest sign of advocacy (see [engagement.IsAdvocacy]) lies
//     within AdvocacyWithin;
//   - goodwill is at least AdvocateGoodwill.
//
// Advocacy lapses fastest: its default window (90 days to enter, 120 to
// stay) is shorter than the purchase window of a returning customer (180
// and 270 days), so an advocate the business neglects falls back before a
// returning customer would: the seeds' reputation that "hemorrhages".
//
// Someone who has never bought is a Prospect; a customer not seen at all for
// FormerAfter is Former.
type Rules struct {
	RepeatPurchaseDays    int    // distinct purchase days needed to return
	ReturningWithin       Window // since the latest purchase
	ReturningGoodwill     Band   // goodwill balance, in points
	ReturningSatisfaction Band   // mean satisfaction, 1 to 5

	AdvocateReferrals int    // referrals that make an advocate (or a promoter rating)
	AdvocacyWithin    Window // since the latest sign of advocacy
	AdvocateGoodwill  Band   // goodwill balance, in points

	FormerAfter time.Duration // since the customer was last seen
}

// DefaultRules returns the default thresholds:
//
//	RepeatPurchaseDays     2
//	ReturningWithin        180 days to enter, 270 to stay
//	ReturningGoodwill      2 points to enter, 1 to stay
//	ReturningSatisfaction  4.0 to enter, 3.5 to stay
//	AdvocateReferrals      1
//	AdvocacyWithin         90 days to enter, 120 to stay
//	AdvocateGoodwill       5 points to enter, 3 to stay
//	FormerAfter            365 days
func DefaultRules() Rules {
	return Rules{
		RepeatPurchaseDays:    DefaultRepeatPurchaseDays,
		ReturningWithin:       defaultReturningWithin,
		ReturningGoodwill:     defaultReturningGoodwill,
		ReturningSatisfaction: defaultReturningSatisfaction,
		AdvocateReferrals:     DefaultAdvocateReferrals,
		AdvocacyWithin:        defaultAdvocacyWithin,
		AdvocateGoodwill:      defaultAdvocateGoodwill,
		FormerAfter:           DefaultFormerAfter,
	}
}

// Validate reports the first threshold that makes no sense: a count below
// one, a negative window, a band whose Stay is above its Enter, a window
// whose Stay is shorter than its Enter, or a NaN. The zero Rules is valid:
// it means DefaultRules.
func (r *Rules) Validate() error {
	r = r.resolve()
	if r.RepeatPurchaseDays < 1 {
		return invalidRule("RepeatPurchaseDays", strconv.Itoa(r.RepeatPurchaseDays), "want at least 1")
	}
	if r.AdvocateReferrals < 1 {
		return invalidRule("AdvocateReferrals", strconv.Itoa(r.AdvocateReferrals), "want at least 1")
	}
	if r.FormerAfter <= 0 {
		return invalidRule("FormerAfter", r.FormerAfter.String(), "want a positive duration")
	}
	for _, w := range []struct {
		name string
		w    Window
	}{{"ReturningWithin", r.ReturningWithin}, {"AdvocacyWithin", r.AdvocacyWithin}} {
		switch {
		case w.w.Enter < 0:
			return invalidRule(w.name+".Enter", w.w.Enter.String(), "want a non-negative duration")
		case w.w.Stay < w.w.Enter:
			return invalidRule(w.name+".Stay", w.w.Stay.String(), "must be at least Enter ("+w.w.Enter.String()+"): staying must be easier than entering")
		}
	}
	for _, b := range []struct {
		name string
		b    Band
	}{{"ReturningGoodwill", r.ReturningGoodwill}, {"ReturningSatisfaction", r.ReturningSatisfaction}, {"AdvocateGoodwill", r.AdvocateGoodwill}} {
		switch {
		case b.b.Enter != b.b.Enter:
			return invalidRule(b.name+".Enter", "NaN", "want a number")
		case b.b.Stay != b.b.Stay:
			return invalidRule(b.name+".Stay", "NaN", "want a number")
		case b.b.Stay > b.b.Enter:
			return invalidRule(b.name+".Stay", formatFloat(b.b.Stay), "must be at most Enter ("+formatFloat(b.b.Enter)+"): staying must be easier than entering")
		}
	}
	return nil
}

func invalidRule(field, value, reason string) error {
	return &InvalidError{Field: "Rules." + field, Value: value, Reason: reason}
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
