package clv

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/engagekit/engage/engagement"
	"github.com/shopspring/decimal"
)

// gammaRand draws from Gamma(shape, rate) (Marsaglia & Tsang 2000).
func gammaRand(rng *rand.Rand, shape, rate float64) float64 {
	if shape < 1 {
		return gammaRand(rng, shape+1, rate) * math.Pow(rng.Float64(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v / rate
		}
	}
}

// synthetic simulates n customers of a BG/NBD purchase process with
// Gamma-Gamma spends (Alpha and T in weeks), first purchase at time 0 and
// ages spread over [20, 40) weeks, and returns their summaries.
func synthetic(seed uint64, n int, m BGNBD, g GammaGamma) []Summary {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]Summary, n)
	for i := range out {
		lambda := gammaRand(rng, m.R, m.Alpha)
		g1, g2 := gammaRand(rng, m.A, 1), gammaRand(rng, m.B, 1)
		p := g1 / (g1 + g2)
		nu := gammaRand(rng, g.Q, g.Gamma)
		age := 20 + 20*rng.Float64()
		s := Summary{Customer: engagement.CustomerID(fmt.Sprintf("%05d", i)), Age: age}
		var t, spend float64
		for { // a customer may drop out after each repeat purchase
			t += rng.ExpFloat64() / lambda
			if t > age {
				break
			}
			s.Frequency++
			s.Recency = t
			spend += gammaRand(rng, g.P, nu)
			if rng.Float64() < p {
				break
			}
		}
		if s.Frequency > 0 {
			s.MeanSpend = decimal.NewFromFloat(spend / float64(s.Frequency)).Round(2)
			if s.MeanSpend.Sign() <= 0 {
				s.MeanSpend = decimal.New(1, -2)
			}
		}
		out[i] = s
	}
	return out
}
