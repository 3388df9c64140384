package attribution

import (
	"math"
	"math/big"
)

// solve returns d, B and y with B = d·A⁻¹ and y = d·A⁻¹c, where d is the
// determinant of the square integer matrix A up to sign, or ok false when
// A is singular. It uses fraction-free Gauss–Jordan elimination (Bareiss
// 1968) on [A | I | c]: every number it holds is a minor of that matrix,
// so all divisions are exact and the numbers grow only as the minors do,
// to about m times the bits of the largest entry of the m×m matrix.
// A and c are overwritten.
func solve(a [][]*big.Int, c []*big.Int) (d *big.Int, inv [][]*big.Int, y []*big.Int, ok bool) {
	m := len(a)
	w := 2*m + 1
	rows := make([][]*big.Int, m)
	for i := range rows {
		row := make([]*big.Int, w)
		copy(row, a[i])
		for j := m; j < 2*m; j++ {
			row[j] = new(big.Int)
		}
		row[m+i].SetInt64(1)
		row[2*m] = c[i]
		rows[i] = row
	}
	prev := big.NewInt(1)
	var t, u big.Int
	for k := range m {
		if rows[k][k].Sign() == 0 {
			p := k + 1
			for p < m && rows[p][k].Sign() == 0 {
				p++
			}
			if p == m {
				return nil, nil, nil, false
			}
			rows[k], rows[p] = rows[p], rows[k]
		}
		pivot := rows[k]
		for i := range m {
			if i == k {
				continue
			}
			row := rows[i]
			f := row[k]
			for j := range w {
				if j == k {
					continue
				}
				// row[j] = (pivot[k]·row[j] - f·pivot[j]) / prev
				t.Mul(pivot[k], row[j])
				if f.Sign() != 0 && pivot[j].Sign() != 0 {
					t.Sub(&t, u.Mul(f, pivot[j]))
				}
				row[j].Quo(&t, prev)
			}
			row[k] = new(big.Int) // f stays valid above: row[k] is replaced, not changed
		}
		prev = new(big.Int).Set(pivot[k]) // a copy: the next step rewrites pivot[k]
	}
	inv = make([][]*big.Int, m)
	y = make([]*big.Int, m)
	for i, row := range rows {
		inv[i] = row[m : 2*m]
		y[i] = row[2*m]
	}
	return prev, inv, y, true
}

// solveFloat returns A⁻¹ and A⁻¹c for the square matrix A, or ok false
// when a pivot vanishes. It uses Gauss-Jordan elimination with partial
// pivoting on [A | I | c], in a fixed order of operations; every product
// is rounded before it is subtracted (an explicit conversion), so that no
// platform fuses them and the result is the same on every machine. A and
// c are overwritten.
func solveFloat(a [][]float64, c []float64) (inv [][]float64, y []float64, ok bool) {
	m := len(a)
	w := 2*m + 1
	rows := make([][]float64, m)
	for i := range rows {
		row := make([]float64, w)
		copy(row, a[i])
		row[m+i] = 1
		row[2*m] = c[i]
		rows[i] = row
	}
	for k := range m {
		p := k
		for i := k + 1; i < m; i++ {
			if math.Abs(rows[i][k]) > math.Abs(rows[p][k]) {
				p = i
			}
		}
		if rows[p][k] == 0 {
			return nil, nil, false
		}
		rows[k], rows[p] = rows[p], rows[k]
		pivot := rows[k]
		d := pivot[k]
		for j := range w {
			pivot[j] /= d
		}
		for i := range m {
			row := rows[i]
			f := row[k]
			if i == k || f == 0 {
				continue
			}
			for j := range w {
				row[j] -= float64(f * pivot[j])
			}
		}
	}
	inv = make([][]float64, m)
	y = make([]float64, m)
	for i, row := range rows {
		inv[i] = row[m : 2*m]
		y[i] = row[2*m]
	}
	return inv, y, true
}
