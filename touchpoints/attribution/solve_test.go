package attribution

import (
	"fmt"
	"math/big"
	"testing"

	"pgregory.net/rapid"
)

// ratSolve is the naive oracle for solve: Gauss–Jordan elimination on
// fractions. It returns A⁻¹ and A⁻¹c, or ok false when A is singular.
func ratSolve(a [][]*big.Int, c []*big.Int) (inv [][]*big.Rat, x []*big.Rat, ok bool) {
	m := len(a)
	rows := make([][]*big.Rat, m)
	for i := range m {
		rows[i] = make([]*big.Rat, 2*m+1)
		for j := range m {
			rows[i][j] = new(big.Rat).SetInt(a[i][j])
			rows[i][m+j] = new(big.Rat)
		}
		rows[i][m+i].SetInt64(1)
		rows[i][2*m] = new(big.Rat).SetInt(c[i])
	}
	for k := range m {
		p := k
		for p < m && rows[p][k].Sign() == 0 {
			p++
		}
		if p == m {
			return nil, nil, false
		}
		rows[k], rows[p] = rows[p], rows[k]
		inv := new(big.Rat).Inv(rows[k][k])
		for j := range rows[k] {
			rows[k][j].Mul(rows[k][j], inv)
		}
		for i := range m {
			if i == k || rows[i][k].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Set(rows[i][k])
			for j := range rows[i] {
				rows[i][j].Sub(rows[i][j], new(big.Rat).Mul(f, rows[k][j]))
			}
		}
	}
	inv = make([][]*big.Rat, m)
	x = make([]*big.Rat, m)
	for i := range m {
		inv[i] = rows[i][m : 2*m]
		x[i] = rows[i][2*m]
	}
	return inv, x, true
}

func intMatrix(rows [][]int64) [][]*big.Int {
	a := make([][]*big.Int, len(rows))
	for i, r := range rows {
		a[i] = make([]*big.Int, len(r))
		for j, v := range r {
			a[i][j] = big.NewInt(v)
		}
	}
	return a
}

// TestSolveMatchesFractions checks the fraction-free elimination against
// elimination on fractions: B/d = A⁻¹ and y/d = A⁻¹c.
func TestSolveMatchesFractions(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := rapid.IntRange(1, 6).Draw(t, "m")
		vals := rapid.SliceOfN(rapid.Int64Range(-5, 5), m*m+m, m*m+m).Draw(t, "entries")
		rows := make([][]int64, m)
		for i := range rows {
			rows[i] = vals[i*m : (i+1)*m]
		}
		cv := vals[m*m:]
		c := make([]*big.Int, m)
		for i, v := range cv {
			c[i] = big.NewInt(v)
		}
		wantInv, wantX, wantOK := ratSolve(intMatrix(rows), c)
		c2 := make([]*big.Int, m)
		for i, v := range cv {
			c2[i] = big.NewInt(v)
		}
		d, inv, y, ok := solve(intMatrix(rows), c2)
		if ok != wantOK {
			t.Fatalf("solve ok = %v, fractions say %v", ok, wantOK)
		}
		if !ok {
			return
		}
		for i := range m {
			for j := range m {
				got := new(big.Rat).SetFrac(inv[i][j], d)
				if got.Cmp(wantInv[i][j]) != 0 {
					t.Fatalf("A⁻¹[%d][%d] = %v, want %v", i, j, got, wantInv[i][j])
				}
			}
			if got := new(big.Rat).SetFrac(y[i], d); got.Cmp(wantX[i]) != 0 {
				t.Fatalf("x[%d] = %v, want %v", i, got, wantX[i])
			}
		}
	})
}

var _ = fmt.Sprint
