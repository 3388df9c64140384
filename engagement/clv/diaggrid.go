package clv

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"
)

// Grid is a table of model values, such as a frequency/recency matrix:
// Values[i][j] belongs to the row labelled Rows[i] and the column labelled
// Columns[j].
type Grid struct {
	// RowName and ColumnName say what the labels measure, such as
	// "frequency" and "recency".
	RowName, ColumnName string

	// Rows and Columns label the rows and the columns.
	Rows, Columns []string

	// Values holds one slice of len(Columns) values per row.
	Values [][]float64
}

// errGridShape is the reason of the error WriteCSV returns for a grid whose
// values do not match its labels.
var errGridShape = errors.New("values do not match the row and column labels")

// WriteCSV writes g as CSV: a header of "RowName/ColumnName" and the column
// labels, then one record per row, its label and its values in the
// shortest form that reads back exactly. It returns a *[FieldError] for a
// grid whose values do not match its labels, and w's error otherwise.
func (g Grid) WriteCSV(w io.Writer) error {
	if len(g.Values) != len(g.Rows) {
		return &FieldError{Field: "values", Value: strconv.Itoa(len(g.Values)) + " rows", Err: errGridShape}
	}
	for i, r := range g.Values {
		if len(r) != len(g.Columns) {
			return &FieldError{Field: "values", Value: "row " + strconv.Itoa(i) + " of " + strconv.Itoa(len(r)) + " values", Err: errGridShape}
		}
	}
	cw := csv.NewWriter(w)
	rec := make([]string, 0, len(g.Columns)+1)
	rec = append(rec, g.RowName+"/"+g.ColumnName)
	rec = append(rec, g.Columns...)
	if err := cw.Write(rec); err != nil {
		return err
	}
	for i, r := range g.Values {
		rec = append(rec[:0], g.Rows[i])
		for _, v := range r {
			rec = append(rec, strconv.FormatFloat(v, 'g', -1, 64))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
