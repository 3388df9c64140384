package touchpoints

import "strings"

// Function is the business function that owns a touch point: one of the
// built-in functions below, or one of the user's own named by a lower-case
// token (a letter a-z, then letters a-z, digits and underscores), such as
// "customer_success". Engagement is everyone's job: touch points are spread
// across functions, and touch points nobody owns or coordinates are the
// failure mode a [Plan] looks for.
//
// The empty Function means that nobody owns the touch point; it is allowed
// as [Touchpoint.Owner] but is not a function name ([Function.Validate]
// rejects it).
type Function string

// The built-in functions.
const (
	Marketing         Function = "marketing"
	Communications    Function = "communications"
	Service           Function = "service"
	Sales             Function = "sales"
	ProductManagement Function = "product_management"
	Operations        Function = "operations"
)

// Functions returns the built-in functions in the order above: marketing,
// communications, service, sales, product management, operations. The slice
// is new on every call.
func Functions() []Function {
	return []Function{Marketing, Communications, Service, Sales, ProductManagement, Operations}
}

// builtinRank returns the position of f among the built-in functions, or
// -1 for a user-defined one.
func builtinRank(f Function) int {
	switch f {
	case Marketing:
		return 0
	case Communications:
		return 1
	case Service:
		return 2
	case Sales:
		return 3
	case ProductManagement:
		return 4
	case Operations:
		return 5
	}
	return -1
}

// IsBuiltin reports whether f is one of the built-in functions.
func (f Function) IsBuiltin() bool { return builtinRank(f) >= 0 }

// maxFunctionLen bounds the length of a function name.
const maxFunctionLen = 64

// Validate reports whether f is a function name: a built-in function or a
// lower-case token of at most 64 bytes (a letter a-z, then letters a-z,
// digits 0-9 and underscores). It returns a *[FieldError] naming the field
// "owner", or nil.
func (f Function) Validate() error {
	if reason := functionProblem(f); reason != "" {
		return fieldError("owner", string(f), reason)
	}
	return nil
}

// functionProblem returns why f is not a function name, or "".
func functionProblem(f Function) string {
	if f == "" {
		return "function name is empty"
	}
	if len(f) > maxFunctionLen {
		return "function name is longer than 64 bytes"
	}
	for i := 0; i < len(f); i++ {
		c := f[i]
		switch {
		case c >= 'a' && c <= 'z':
		case i > 0 && (c >= '0' && c <= '9' || c == '_'):
		default:
			return "want a lower-case token (a letter a-z, then letters, digits and underscores) such as " + string(Marketing)
		}
	}
	return ""
}

// ParseFunction reads a function name as people write it: surrounding white
// space is dropped, letters are lowered, and inner runs of spaces and
// hyphens become one underscore, so that "Product Management" is
// ProductManagement. The empty text (or white space alone) is the empty
// Function, meaning nobody. Any other text that does not then pass
// [Function.Validate] is an error.
func ParseFunction(text string) (Function, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return "", nil
	}
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(s) {
		if r == ' ' || r == '-' || r == '\t' {
			sep = true
			continue
		}
		if sep {
			b.WriteByte('_')
			sep = false
		}
		b.WriteRune(r)
	}
	f := Function(b.String())
	if reason := functionProblem(f); reason != "" {
		return "", fieldError("owner", text, reason)
	}
	return f, nil
}
