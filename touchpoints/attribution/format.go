package attribution

import (
	"bufio"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// columns are the columns of the path format, in order; Header joins them.
var columns = [...]string{"path", "total_conversions", "total_conversion_value", "total_null"}

// Header is the header line of the path format, as [WritePaths] writes it.
const Header = "path;total_conversions;total_conversion_value;total_null"

// maxLineLen bounds a line of the path format.
const maxLineLen = 1 << 20

// ReadPaths reads aggregated paths in the path format, the format of
// ChannelAttribution and of the data sets beside this module:
//
//	path;total_conversions;total_conversion_value;total_null
//	email > paid search > email;3;120.50;11
//
// Each line is one path: four fields separated by ';' (no quoting). The
// path is channel names joined by '>', each name trimmed of the white space
// around it; total_conversions and total_null are non-negative whole
// numbers; total_conversion_value is a non-negative decimal number (such as
// 120.50, .5 or 1e+05) with at most 30 digits before and 30 after the
// decimal point, zero when total_conversions is. White space around a
// field is ignored. The header line is optional: a first line naming the
// four columns (in this order, in any case) is skipped. Blank lines are
// skipped, a UTF-8 byte order mark at the start and a carriage return at
// the end of each line are dropped. A channel name must be valid UTF-8 and
// cannot hold a carriage return.
//
// The paths are returned in file order; identical paths on two lines stay
// two paths (see [Aggregate]). Their touches carry no times. A bad line is
// an error matching [ErrInvalid]: a *[FieldError] naming the line, the
// column and the value. An error reading r is returned as it is.
func ReadPaths(r io.Reader) ([]Path, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLineLen)
	var paths []Path
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		fields := strings.Split(text, ";")
		if line == 1 && isHeader(fields) {
			continue
		}
		p, err := parseLine(fields, text)
		if err != nil {
			err.Line = line
			return nil, err
		}
		paths = append(paths, p)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &FieldError{Line: line + 1, Field: "line", Err: errors.New("longer than " + strconv.Itoa(maxLineLen) + " bytes")}
		}
		return nil, err
	}
	return paths, nil
}

// isHeader reports whether fields name the columns.
func isHeader(fields []string) bool {
	if len(fields) != len(columns) {
		return false
	}
	for i, f := range fields {
		if !strings.EqualFold(strings.TrimSpace(f), columns[i]) {
			return false
		}
	}
	return true
}

// parseLine parses the fields of one line.
func parseLine(fields []string, text string) (Path, *FieldError) {
	if len(fields) != len(columns) {
		return Path{}, invalid("line", text, "want "+strconv.Itoa(len(columns))+" fields separated by ';', got "+strconv.Itoa(len(fields)))
	}
	var p Path
	raw := strings.TrimSpace(fields[0])
	names := strings.Split(raw, ">")
	p.Touches = make([]Touch, len(names))
	for i, name := range names {
		name = strings.TrimSpace(name)
		if reason := checkName(name); reason != "" {
			return Path{}, invalid(columns[0], raw, reason+" (channel "+strconv.Itoa(i+1)+")")
		}
		p.Touches[i].Channel = name
	}
	var err *FieldError
	if p.Conversions, err = parseCount(columns[1], fields[1]); err != nil {
		return Path{}, err
	}
	value := strings.TrimSpace(fields[2])
	if !isDecimal(value) {
		return Path{}, invalid(columns[2], value, "not a non-negative decimal number")
	}
	v, perr := decimal.NewFromString(value)
	if perr != nil {
		return Path{}, invalid(columns[2], value, "not a non-negative decimal number")
	}
	norm, _, reason := checkValue(v)
	if reason == "" && p.Conversions == 0 && norm.Sign() != 0 {
		reason = "value without conversions"
	}
	if reason != "" {
		return Path{}, invalid(columns[2], value, reason)
	}
	p.Value = norm
	if p.Nulls, err = parseCount(columns[3], fields[3]); err != nil {
		return Path{}, err
	}
	return p, nil
}

// parseCount parses a non-negative whole number.
func parseCount(column, field string) (int64, *FieldError) {
	s := strings.TrimSpace(field)
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, invalid(column, s, "not a non-negative whole number")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, invalid(column, s, "larger than an int64 holds")
	}
	return n, nil
}

// isDecimal reports whether s is digits with an optional decimal point
// (at least one digit in all) and an optional exponent of at most four
// digits; no sign. It keeps out what decimal.NewFromString would take
// but the format should not, and exponents that would cost memory.
func isDecimal(s string) bool {
	if len(s) > 128 {
		return false
	}
	i, digits := 0, 0
	for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 || exp > 4 {
			return false
		}
	}
	return i == len(s)
}

// checkName returns why name cannot be a channel name in the path format,
// or "".
func checkName(name string) string {
	switch {
	case name == "":
		return "empty channel name"
	case !utf8.ValidString(name):
		return "channel name not valid UTF-8"
	case strings.ContainsAny(name, ";>\r\n"):
		return "channel name holds ';', '>' or a line break"
	case strings.TrimSpace(name) != name:
		return "channel name starts or ends with white space"
	}
	return ""
}

// WritePaths writes paths to w in the path format (see [ReadPaths]): the
// header line, then one line per path, in order, with the channel names
// joined by " > " and the value without trailing zeros. Touch times are
// not written. Every path is checked before anything is written: a path
// a model would not take (see [Path]), or a channel name the format cannot
// hold (empty, not UTF-8, holding ';', '>' or a line break, or with white
// space around it), is an error matching [ErrInvalid]. An error writing to
// w is returned as it is.
func WritePaths(w io.Writer, paths []Path) error {
	values := make([]string, len(paths))
	for i := range paths {
		p := &paths[i]
		norm, places, err := checkPath(i, p)
		if err != nil {
			return err
		}
		for j, t := range p.Touches {
			if reason := checkName(t.Channel); reason != "" {
				return invalid(touchField(i, j, "Channel"), t.Channel, reason)
			}
		}
		values[i] = norm.StringFixed(places)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(Header)
	bw.WriteByte('\n')
	var buf []byte
	for i := range paths {
		p := &paths[i]
		buf = buf[:0]
		for j, t := range p.Touches {
			if j > 0 {
				buf = append(buf, " > "...)
			}
			buf = append(buf, t.Channel...)
		}
		buf = append(buf, ';')
		buf = strconv.AppendInt(buf, p.Conversions, 10)
		buf = append(buf, ';')
		buf = append(buf, values[i]...)
		buf = append(buf, ';')
		buf = strconv.AppendInt(buf, p.Nulls, 10)
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}
