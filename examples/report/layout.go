package main

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"text/tabwriter"
	"unicode"
)

// doc is the report as a list of blocks (section headings, lines and
// tables), so that the text report and the HTML page show the same
// figures: the text aligns the tables in columns, the page writes them as
// HTML tables.
type doc struct {
	blocks []*block
}

type blockKind uint8

const (
	headingBlock blockKind = iota
	lineBlock
	tableBlock
)

// block is one heading, line or table. Indent is in steps of two spaces.
// A heading holds the figures that close its section on the page.
type block struct {
	kind    blockKind
	indent  int
	text    string
	head    []string
	rows    [][]string
	figures []func(io.Writer)
}

func (d *doc) section(title string) {
	d.blocks = append(d.blocks, &block{kind: headingBlock, text: title})
}

// figure adds a chart to the current section. It is drawn only for the
// page, after the section's text.
func (d *doc) figure(draw func(io.Writer)) {
	for i := len(d.blocks) - 1; i >= 0; i-- {
		if b := d.blocks[i]; b.kind == headingBlock {
			b.figures = append(b.figures, draw)
			return
		}
	}
	panic("report: a figure before the first section") // a layout's fault, never the input's
}

func (d *doc) line(indent int, format string, args ...any) {
	d.blocks = append(d.blocks, &block{kind: lineBlock, indent: indent, text: fmt.Sprintf(format, args...)})
}

// table starts a table with the given column heads; add rows with row.
func (d *doc) table(indent int, head ...string) *block {
	b := &block{kind: tableBlock, indent: indent, head: head}
	d.blocks = append(d.blocks, b)
	return b
}

func (b *block) row(cells ...string) { b.rows = append(b.rows, cells) }

// tables returns the table blocks of d.
func (d *doc) tables() []*block {
	var out []*block
	for _, b := range d.blocks {
		if b.kind == tableBlock {
			out = append(out, b)
		}
	}
	return out
}

// writeText writes d as plain text, tables aligned right in columns, and
// returns the first error writing to w.
func (d *doc) writeText(out io.Writer) error {
	w := &stickyWriter{w: out}
	for i, b := range d.blocks {
		pad := strings.Repeat("  ", b.indent)
		switch b.kind {
		case headingBlock:
			if i > 0 {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "%s\n%s\n", b.text, strings.Repeat("-", len(b.text)))
		case lineBlock:
			fmt.Fprintf(w, "%s%s\n", pad, b.text)
		case tableBlock:
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
			for _, r := range append([][]string{b.head}, b.rows...) {
				fmt.Fprintf(tw, "%s%s\t\n", pad, strings.Join(r, "\t"))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
		}
	}
	return w.err
}

// writeHTML writes d as HTML: the first heading as h1, the others as
// h2, lines as paragraphs (the indented ones, and those starting "- ", as
// list items), tables as tables with numeric columns aligned right. The
// figures of each section close it. It returns the first error writing to
// w.
func (d *doc) writeHTML(out io.Writer) error {
	w := &stickyWriter{w: out}
	esc := template.HTMLEscapeString
	inList := false
	closeList := func() {
		if inList {
			io.WriteString(w, "</ul>\n")
			inList = false
		}
	}
	var section *block
	closeSection := func() {
		closeList()
		if section == nil {
			return
		}
		for _, draw := range section.figures {
			io.WriteString(w, "<figure>\n")
			draw(w)
			io.WriteString(w, "</figure>\n")
		}
		io.WriteString(w, "</section>\n")
	}
	for _, b := range d.blocks {
		switch b.kind {
		case headingBlock:
			closeSection()
			tag := "h2"
			if section == nil {
				tag = "h1"
			}
			section = b
			fmt.Fprintf(w, "<section>\n<%s>%s</%s>\n", tag, esc(b.text), tag)
		case lineBlock:
			if item, ok := strings.CutPrefix(b.text, "- "); ok || b.indent > 1 {
				if !inList {
					io.WriteString(w, "<ul>\n")
					inList = true
				}
				if !ok {
					item = b.text
				}
				fmt.Fprintf(w, "<li>%s</li>\n", esc(item))
				continue
			}
			closeList()
			fmt.Fprintf(w, "<p>%s</p>\n", esc(b.text))
		case tableBlock:
			closeList()
			numeric := make([]bool, len(b.head))
			for c := range b.head {
				numeric[c] = len(b.rows) > 0
				for _, r := range b.rows {
					if c < len(r) && !isNumeric(r[c]) {
						numeric[c] = false
					}
				}
			}
			cell := func(tag string, c int, text string) {
				class := ""
				if numeric[c] {
					class = ` class="num"`
				}
				fmt.Fprintf(w, "<%s%s>%s</%s>", tag, class, esc(text), tag)
			}
			io.WriteString(w, "<div class=\"scroll\"><table>\n<thead><tr>")
			for c, h := range b.head {
				cell("th", c, h)
			}
			io.WriteString(w, "</tr></thead>\n<tbody>\n")
			for _, r := range b.rows {
				io.WriteString(w, "<tr>")
				for c, text := range r {
					if c < len(numeric) {
						cell("td", c, text)
					}
				}
				io.WriteString(w, "</tr>\n")
			}
			io.WriteString(w, "</tbody></table></div>\n")
		}
	}
	closeSection()
	return w.err
}

// stickyWriter keeps the first error of its writes and writes nothing
// after it, so that a layout can write freely and check once at the end.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.err = err
	return n, err
}

// isNumeric reports whether a cell reads as a figure ("1,078", "53.6%",
// "+0.27", "28.33x", "-"), to be aligned right.
func isNumeric(s string) bool {
	if s == "-" {
		return true
	}
	digit := false
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			digit = true
		case strings.ContainsRune("+-.,%x →", r):
		default:
			return false
		}
	}
	return digit
}
