package simulate

import (
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/engagekit/engage/engagement"
)

// TouchpointSpec is a place where the simulated business meets its
// customers, and the kinds of interaction that happen there. It is
// deliberately plain data, independent of any touch-point model, so that
// a caller can map it onto one.
type TouchpointSpec struct {
	// ID names the touch point in Interaction.Touchpoint: non-empty, unique
	// among the touch points, without surrounding white space.
	ID string
	// Channel is the medium, such as "online", "in_person" or "phone".
	Channel string
	// Function is the part of the business that runs the touch point:
	// marketing, communications, service, sales, product or operations
	// (DOMAIN.md, "Touch points and the organisation").
	Function string
	// Partner reports whether an outside partner runs it rather than the
	// business itself.
	Partner bool
	// Kinds weighs the touch point among those that serve each kind of
	// interaction: an interaction of kind k happens at a touch point with a
	// probability proportional to its Kinds[k]. Kinds it leaves out (and
	// weights of 0) never happen there. Weights must be finite and not
	// negative.
	Kinds map[engagement.Kind]float64
}

// DefaultTouchpoints returns the touch points of a zero Config: the web
// site, stores, email, the call centre, social media, search ads, events
// and a partner marketplace, spread over the functions the seeds name. The
// weights are library calibration: purchases happen mostly on the web and
// in stores, service requests and complaints mostly at the call centre,
// survey answers mostly by email, public reviews on social media and the
// marketplace. The slice is new on each call.
func DefaultTouchpoints() []TouchpointSpec {
	return []TouchpointSpec{
		{ID: "web", Channel: "online", Function: "sales", Kinds: map[engagement.Kind]float64{
			engagement.Purchase: 0.45, engagement.Visit: 0.45, engagement.RatingGiven: 0.3,
			engagement.Review: 0.2, engagement.ServiceRequest: 0.25, engagement.Return: 0.2,
			engagement.Complaint: 0.2, engagement.ComplaintResolved: 0.1, engagement.CommunityPost: 0.6}},
		{ID: "store", Channel: "in_person", Function: "sales", Kinds: map[engagement.Kind]float64{
			engagement.Purchase: 0.30, engagement.Visit: 0.25, engagement.Return: 0.5,
			engagement.ServiceRequest: 0.2, engagement.Complaint: 0.25, engagement.ComplaintResolved: 0.3}},
		{ID: "email", Channel: "email", Function: "marketing", Kinds: map[engagement.Kind]float64{
			engagement.RatingGiven: 0.6, engagement.Visit: 0.1, engagement.Referral: 0.4}},
		{ID: "call_centre", Channel: "phone", Function: "service", Partner: true, Kinds: map[engagement.Kind]float64{
			engagement.Purchase: 0.03, engagement.ServiceRequest: 0.55, engagement.Complaint: 0.4,
			engagement.ComplaintResolved: 0.6, engagement.RatingGiven: 0.1}},
		{ID: "social", Channel: "social_media", Function: "communications", Kinds: map[engagement.Kind]float64{
			engagement.Review: 0.4, engagement.CommunityPost: 0.4, engagement.Complaint: 0.15,
			engagement.Referral: 0.3, engagement.Visit: 0.05}},
		{ID: "search_ads", Channel: "paid_search", Function: "marketing", Partner: true, Kinds: map[engagement.Kind]float64{
			engagement.Visit: 0.1, engagement.Purchase: 0.05}},
		{ID: "events", Channel: "events", Function: "communications", Kinds: map[engagement.Kind]float64{
			engagement.Visit: 0.05, engagement.Referral: 0.3, engagement.Purchase: 0.02}},
		{ID: "partner_marketplace", Channel: "marketplace", Function: "sales", Partner: true, Kinds: map[engagement.Kind]float64{
			engagement.Purchase: 0.15, engagement.Return: 0.3, engagement.Review: 0.4}},
	}
}

// kindTouchpoints are the touch points serving one kind, with cumulative
// weights, in the order of the Config.
type kindTouchpoints struct {
	ids []string
	cum []float64
}

// pick chooses a touch point by weight, or "" when none serves the kind.
func (k kindTouchpoints) pick(r *rand.Rand) string {
	if len(k.ids) == 0 {
		return ""
	}
	x := r.Float64() * k.cum[len(k.cum)-1]
	i, _ := slices.BinarySearch(k.cum, x)
	return k.ids[min(i, len(k.ids)-1)]
}

// compileTouchpoints checks the specs and indexes them by kind.
func compileTouchpoints(tps []TouchpointSpec) (map[engagement.Kind]kindTouchpoints, error) {
	by := make(map[engagement.Kind]kindTouchpoints)
	seen := make(map[string]bool, len(tps))
	for i, tp := range tps {
		field := "Touchpoints[" + strconv.Itoa(i) + "]"
		if tp.ID == "" || tp.ID != strings.TrimSpace(tp.ID) {
			return nil, configError(field+".ID", tp.ID, "touch point id is empty or has surrounding white space")
		}
		if seen[tp.ID] {
			return nil, configError(field+".ID", tp.ID, "touch point id appears twice")
		}
		seen[tp.ID] = true
		for _, k := range slices.Sorted(maps.Keys(tp.Kinds)) {
			if err := k.Validate(); err != nil {
				return nil, configError(field+".Kinds", string(k), "not a well-formed kind")
			}
			w := tp.Kinds[k]
			if !(w >= 0) || math.IsInf(w, 0) {
				return nil, configError(field+".Kinds["+string(k)+"]", ftoa(w), "weight must be a finite number, not negative")
			}
			if w == 0 {
				continue
			}
			kt := by[k]
			total := w
			if n := len(kt.cum); n > 0 {
				total += kt.cum[n-1]
			}
			kt.ids = append(kt.ids, tp.ID)
			kt.cum = append(kt.cum, total)
			by[k] = kt
		}
	}
	return by, nil
}
