package clv

import (
	"math"
	"strconv"
)

// MatrixOptions sets the rows and columns of [PurchaseMatrix] and
// [AliveMatrix]. Age is required; the other zero fields are defaults.
type MatrixOptions struct {
	// Age (T) is the age every cell's customer has at the end of the
	// calibration period; it must be finite and positive.
	Age float64

	// MaxFrequency is the frequency of the last row; the rows are the
	// frequencies 0 to MaxFrequency. Zero means 10; it must not be
	// negative.
	MaxFrequency int

	// Bins is the number of recency steps: the columns are the recencies
	// j·Age/Bins for j = 0 to Bins, from 0 to Age. Zero means one step per
	// whole time unit, ceil(Age); it must not be negative.
	Bins int
}

func (o MatrixOptions) validate() error {
	switch {
	case !finite(o.Age) || o.Age <= 0:
		return fieldError("", "age", floatString(o.Age), "age must be finite and positive")
	case o.MaxFrequency < 0:
		return fieldError("", "max frequency", strconv.Itoa(o.MaxFrequency), "max frequency must not be negative")
	case o.Bins < 0:
		return fieldError("", "bins", strconv.Itoa(o.Bins), "bins must not be negative")
	case o.Bins == 0 && math.Ceil(o.Age) > 1e6, o.Bins > 1e6:
		return fieldError("", "bins", strconv.Itoa(o.Bins), "more than 1000000 recency steps")
	}
	return nil
}

func (o MatrixOptions) maxFrequency() int {
	if o.MaxFrequency == 0 {
		return 10
	}
	return o.MaxFrequency
}

func (o MatrixOptions) bins() int {
	if o.Bins == 0 {
		return int(math.Ceil(o.Age))
	}
	return o.Bins
}

// PurchaseMatrix returns the expected purchases in the next t of customers
// of age opts.Age by frequency (rows) and recency (columns):
// m.ConditionalExpectedPurchases with x the row's frequency and t_x the
// column's recency. A customer with no repeat purchase has recency 0, so
// the frequency-0 row repeats that customer's value in every column.
//
// It returns a *[FieldError] for a bad option or t, and the model's error
// for a value it cannot compute.
func PurchaseMatrix(m PurchasePredictor, t float64, opts MatrixOptions) (Grid, error) {
	if err := checkTime(t); err != nil {
		return Grid{}, err
	}
	return matrix(opts, func(s Summary) (float64, error) { return m.ConditionalExpectedPurchases(s, t) })
}

// AliveMatrix returns P(alive) at the end of the calibration period of
// customers of age opts.Age by frequency (rows) and recency (columns), as
// [PurchaseMatrix] lays them out. Under BG/NBD it rises with recency in
// every row with a repeat purchase, to (b+x-1)/(a+b+x-1) at t_x = T: a
// customer who has just bought may have dropped out right after.
func AliveMatrix(m PurchasePredictor, opts MatrixOptions) (Grid, error) {
	return matrix(opts, m.ProbabilityAlive)
}

func matrix(opts MatrixOptions, f func(Summary) (float64, error)) (Grid, error) {
	if err := opts.validate(); err != nil {
		return Grid{}, err
	}
	maxF, bins := opts.maxFrequency(), opts.bins()
	g := Grid{
		RowName:    "frequency",
		ColumnName: "recency",
		Rows:       make([]string, maxF+1),
		Columns:    make([]string, bins+1),
		Values:     make([][]float64, maxF+1),
	}
	rec := make([]float64, bins+1)
	for j := range rec {
		rec[j] = opts.Age * float64(j) / float64(bins)
		if j == bins {
			rec[j] = opts.Age // exactly, whatever the rounding
		}
		g.Columns[j] = strconv.FormatFloat(rec[j], 'g', 6, 64)
	}
	for x := range g.Values {
		g.Rows[x] = strconv.Itoa(x)
		row := make([]float64, bins+1)
		for j, r := range rec {
			if x == 0 && j > 0 {
				row[j] = row[0]
				continue
			}
			s := Summary{Frequency: x, Age: opts.Age}
			if x > 0 {
				s.Recency = r
			}
			v, err := f(s)
			if err != nil {
				return Grid{}, err
			}
			row[j] = v
		}
		g.Values[x] = row
	}
	return g, nil
}
