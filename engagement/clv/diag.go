package clv

// PurchasePredictor is what the diagnostics ([CalibrationHoldout],
// [PurchaseMatrix], [AliveMatrix], [TrackPurchases]) need of a repeat
// purchase model, so that any model fitted to [Summary] values can be
// checked the same way. [BGNBD] satisfies it.
//
// Times are in the time unit of the summaries the model was fitted on. The
// methods must be safe for concurrent use and must not keep s; a bad input
// returns a *[FieldError] and a value that cannot be computed
// [ErrNumerical].
type PurchasePredictor interface {
	// ExpectedPurchases returns E[X(t)], the expected number of repeat
	// purchases in the first t after a customer's first purchase.
	ExpectedPurchases(t float64) (float64, error)

	// ConditionalExpectedPurchases returns E[Y(t) | s], the expected
	// number of purchases in the t after the end of the calibration
	// period of a customer with the summary s.
	ConditionalExpectedPurchases(s Summary, t float64) (float64, error)

	// ProbabilityAlive returns P(alive | s) at the end of the calibration
	// period.
	ProbabilityAlive(s Summary) (float64, error)
}

var (
	_ PurchasePredictor = BGNBD{}
	_ PurchasePredictor = ParetoNBD{}
	_ PurchasePredictor = MBGNBD{}
)
