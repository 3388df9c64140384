package clv

import (
	"cmp"
	"math"
	"slices"
	"strconv"
)

// NumParams returns the number of parameters of the model, 4, for
// [Score]'s information criteria.
func (BGNBD) NumParams() int { return 4 }

// NumParams returns the number of parameters of the model, 4.
func (ParetoNBD) NumParams() int { return 4 }

// NumParams returns the number of parameters of the model, 4.
func (MBGNBD) NumParams() int { return 4 }

// NumParams returns the number of parameters of the model, 3.
func (GammaGamma) NumParams() int { return 3 }

// ModelScore is a fitted model's information criteria, to compare models
// fitted on the same customers: the lower, the better.
type ModelScore struct {
	// Name names the model, as given to [Score].
	Name string

	// Params is the number of parameters k, and Customers the number n
	// of customers fitted.
	Params, Customers int

	// LogLikelihood is the fit's [Fit.LogLikelihood].
	LogLikelihood float64

	// AIC is Akaike's criterion 2k - 2LL, and BIC the Bayesian (Schwarz)
	// criterion k ln(n) - 2LL.
	AIC, BIC float64

	// DeltaAIC and DeltaBIC are AIC and BIC less those of the first
	// (lowest-BIC) model of a [CompareModels] result; DeltaAIC is negative
	// where AIC ranks a model above the first. Zero from [Score].
	DeltaAIC, DeltaBIC float64
}

// Score returns the information criteria of a fit, named name. Scores of
// penalised fits (see [FitOptions.Penalizer]) are of the penalised
// objective; compare fits made with the same options.
func Score[M interface{ NumParams() int }](name string, f Fit[M]) ModelScore {
	k, n := float64(f.Model.NumParams()), float64(f.Customers)
	return ModelScore{
		Name:          name,
		Params:        f.Model.NumParams(),
		Customers:     f.Customers,
		LogLikelihood: f.LogLikelihood,
		AIC:           2*k - 2*f.LogLikelihood,
		BIC:           k*math.Log(n) - 2*f.LogLikelihood,
	}
}

// CompareModels returns the scores sorted by BIC, best (lowest) first, ties
// broken by AIC and then name, with DeltaAIC and DeltaBIC measured from
// the first. A ΔBIC above about 10 is commonly read as strong evidence
// against a model (Kass & Raftery 1995). The scores must be of fits on the
// same number of customers, since criteria of different data do not
// compare; otherwise, and for no scores or a score that is not finite, it
// returns a *[FieldError]. The argument is not modified.
func CompareModels(scores ...ModelScore) ([]ModelScore, error) {
	if len(scores) == 0 {
		return nil, fieldError("", "scores", "0", "at least one model score is needed")
	}
	for _, s := range scores {
		switch {
		case s.Customers != scores[0].Customers:
			return nil, fieldError("", "customers", strconv.Itoa(s.Customers),
				"model "+strconv.Quote(s.Name)+" was fitted on a different number of customers than "+
					strconv.Quote(scores[0].Name)+" ("+strconv.Itoa(scores[0].Customers)+")")
		case !finite(s.AIC, s.BIC, s.LogLikelihood):
			return nil, fieldError("", "log-likelihood", floatString(s.LogLikelihood),
				"model "+strconv.Quote(s.Name)+" has a score that is not finite")
		}
	}
	out := slices.Clone(scores)
	slices.SortStableFunc(out, func(a, b ModelScore) int {
		return cmp.Or(cmp.Compare(a.BIC, b.BIC), cmp.Compare(a.AIC, b.AIC), cmp.Compare(a.Name, b.Name))
	})
	for i := range out {
		out[i].DeltaAIC = out[i].AIC - out[0].AIC
		out[i].DeltaBIC = out[i].BIC - out[0].BIC
	}
	return out, nil
}
