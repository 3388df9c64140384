package clv_test

import (
	"fmt"

	"github.com/engagekit/engage/engagement/clv"
)

func ExampleFitParetoNBD() {
	fit, err := clv.FitParetoNBD(summaries(), clv.FitOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	m := fit.Model
	fmt.Printf("converged=%v customers=%d\n", fit.Converged, fit.Customers)
	fmt.Printf("r=%.3f alpha=%.3f s=%.3f beta=%.3f log-likelihood=%.3f\n", m.R, m.Alpha, m.S, m.Beta, fit.LogLikelihood)
	alive, _ := m.ProbabilityAlive(clv.Summary{Frequency: 2, Recency: 12, Age: 35})
	fmt.Printf("P(alive | x=2, t_x=12, T=35) = %.3f\n", alive)
	// Output:
	// converged=true customers=20
	// r=4.959 alpha=72.774 s=0.197 beta=0.945 log-likelihood=-112.736
	// P(alive | x=2, t_x=12, T=35) = 0.605
}

func ExampleCompareModels() {
	ss := summaries()
	bg, err1 := clv.FitBGNBD(ss)
	mbg, err2 := clv.FitMBGNBD(ss, clv.FitOptions{})
	pareto, err3 := clv.FitParetoNBD(ss, clv.FitOptions{})
	if err1 != nil || err2 != nil || err3 != nil {
		fmt.Println(err1, err2, err3)
		return
	}
	ranked, err := clv.CompareModels(
		clv.Score("BG/NBD", bg), clv.Score("MBG/NBD", mbg), clv.Score("Pareto/NBD", pareto))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range ranked {
		fmt.Printf("%-10s LL=%.2f AIC=%.2f BIC=%.2f ΔBIC=%.2f\n", s.Name, s.LogLikelihood, s.AIC, s.BIC, s.DeltaBIC)
	}
	// Output:
	// MBG/NBD    LL=-112.66 AIC=233.32 BIC=237.30 ΔBIC=0.00
	// Pareto/NBD LL=-112.74 AIC=233.47 BIC=237.46 ΔBIC=0.16
	// BG/NBD     LL=-113.43 AIC=234.87 BIC=238.85 ΔBIC=1.55
}
