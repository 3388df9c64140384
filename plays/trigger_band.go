package plays

import (
	"slices"
)

// defaultBandOrder is the order of the health bands from worst to best
// that [BandDropped] uses by default.
var defaultBandOrder = []string{"red", "yellow", "green"}

// DefaultBandOrder returns the default order of health bands, worst
// first: red, yellow, green. The slice is new on each call.
func DefaultBandOrder() []string { return slices.Clone(defaultBandOrder) }

// BandDropped fires when the customer's band now is worse than the band of
// the previous state record: "band fell from green to red since
// 2026-02-01". A band not in Order, now or before, never fires it, and
// neither does a customer with no previous record.
type BandDropped struct {
	// Order lists the bands from worst to best; nil means
	// [DefaultBandOrder]. Names must be distinct and non-empty.
	Order []string

	// Play is the play an event starts; "" for none.
	Play string
}

// Name returns "band_dropped".
func (BandDropped) Name() string { return "band_dropped" }

// Starts returns t.Play.
func (t BandDropped) Starts() string { return t.Play }

// Check implements [Trigger].
func (t BandDropped) Check(f *Facts) (string, bool, error) {
	order := t.Order
	if order == nil {
		order = defaultBandOrder
	}
	for i, b := range order {
		if b == "" {
			return "", false, fieldError("BandDropped.Order", "", "band name is empty")
		}
		if slices.Contains(order[:i], b) {
			return "", false, fieldError("BandDropped.Order", b, "band given twice")
		}
	}
	if f.Previous == nil {
		return "", false, nil
	}
	was, now := slices.Index(order, f.Previous.Band), slices.Index(order, f.Band)
	if was < 0 || now < 0 || now >= was {
		return "", false, nil
	}
	return "band fell from " + f.Previous.Band + " to " + f.Band + " since " + day(f.Previous.Time), true, nil
}
