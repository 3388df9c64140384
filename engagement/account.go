package engagement

// AccountID identifies an account: the organisation B2B customers belong
// to. Any non-empty string without control characters will do.
type AccountID string
