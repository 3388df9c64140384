package segment

import (
	"errors"
	"strconv"

	"github.com/engagekit/engage/internal/fielderr"
)

// ErrInvalid is matched (with [errors.Is]) by every error about a segment
// that cannot be read: bad syntax, an unknown field, a value of the wrong
// type. The error itself is a *[ParseError].
var ErrInvalid = errors.New("segment: invalid segment")

// ParseError says where a segment's text or JSON form is wrong and why.
// For the text form Offset, Line and Column place the fault; for the JSON
// form Path does ("and[1].value"), and Offset is -1.
type ParseError struct {
	Offset int    // 0-based byte offset into the text; -1 for JSON
	Line   int    // 1-based line of the text; 0 for JSON
	Column int    // 1-based column of the text, in bytes; 0 for JSON
	Path   string // where in the JSON form; empty for text
	Token  string // the token or value at fault, as written; "" at the end of the text
	Err    error  // why it is wrong
}

func (e *ParseError) Error() string {
	where := e.Path
	if e.Offset >= 0 {
		where = strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Column)
	}
	why := "invalid"
	if e.Err != nil {
		why = e.Err.Error()
	}
	if e.Token == "" && e.Offset >= 0 {
		return "segment: " + where + ": at the end: " + why
	}
	return "segment: " + where + ": " + strconv.Quote(e.Token) + ": " + why
}

// Unwrap returns the reason.
func (e *ParseError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalid]: every ParseError is one.
func (e *ParseError) Is(target error) bool { return target == ErrInvalid }

// textError returns a *ParseError at offset off of text.
func textError(text string, off int, token, reason string) *ParseError {
	line, col := 1, 1
	for i := 0; i < off && i < len(text); i++ {
		if text[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return &ParseError{Offset: off, Line: line, Column: col, Token: fielderr.Shorten(token), Err: errors.New(reason)}
}

// jsonError returns a *ParseError at path of the JSON form.
func jsonError(path, value, reason string) *ParseError {
	return &ParseError{Offset: -1, Path: path, Token: fielderr.Shorten(value), Err: errors.New(reason)}
}
