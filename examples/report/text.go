package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/engagekit/engage/stages"
	"github.com/shopspring/decimal"
)

// writeText writes the report as text, section by section.
func writeText(w io.Writer, f *findings) {
	fmt.Fprintf(w, "ENGAGEMENT REPORT as of %s\n", f.AsOf.Format("2 January 2006"))
	fmt.Fprintf(w, "%d interactions; %d current customers", f.Interactions, f.Customers)
	if f.CustomerFile {
		fmt.Fprintf(w, "; %d of the %d customers on file consent to contact", f.Consented, f.OnFile)
	}
	fmt.Fprintf(w, "; %d mentions\n", f.Mentions)

	section(w, "1. Stages of engagement")
	d := f.Tally.Distribution
	tw := table(w)
	fmt.Fprintln(tw, "  stage\tpeople\tshare of customers\tnext quarter (projected)\t")
	for s := stages.Prospect; s <= stages.Former; s++ {
		share := "-"
		if s.IsEngagement() {
			share = fmt.Sprintf("%.1f%%", 100*d.Share(s))
		}
		fmt.Fprintf(tw, "  %s\t%d\t%s\t%.0f\t\n", s, d[s], share, f.Next[s])
	}
	tw.Flush()
	fmt.Fprintf(w, "  Approval: %.0f%% of customers who rated us are satisfied (4 or 5 of 5).\n", 100*f.Approval)
	if f.Focus.Stage != stages.Unclassified {
		fmt.Fprintf(w, "  FOCUS NOW: %s. %s.\n", strings.ToUpper(f.Focus.Stage.String()), f.Focus.Reason)
		for _, a := range f.Asks {
			fmt.Fprintf(w, "    - %s: %s (fits %d customers who consent)\n", a.Action.Name, a.Action.Description, a.Fits)
		}
	}
	fmt.Fprintf(w, "  Moves over the last quarter (since %s):", f.QuarterAgo.Format("2 Jan"))
	for _, mv := range []struct{ from, to stages.Stage }{
		{stages.Transactional, stages.Returning}, {stages.Returning, stages.Advocate},
		{stages.Advocate, stages.Returning}, {stages.Returning, stages.Transactional},
		{stages.Prospect, stages.Transactional}, {stages.Transactional, stages.Former},
	} {
		fmt.Fprintf(w, " %s→%s %d;", mv.from, mv.to, f.Moves[mv.from][mv.to])
	}
	fmt.Fprintln(w)

	section(w, "2. Goodwill")
	if n := len(f.Goodwill); n > 1 {
		fmt.Fprintf(w, "  Goodwill of the whole base: %.0f points now, %.0f a year ago (half-life 90 days).\n",
			f.Goodwill[n-1].V, f.Goodwill[0].V)
	}
	fmt.Fprintln(w, "  Leaders:")
	tw = table(w)
	fmt.Fprintln(tw, "    customer\tstage\tgoodwill\tspent\t")
	for _, p := range f.Leaders {
		fmt.Fprintf(tw, "    %s\t%s\t%.1f\t%s\t\n", p.ID, p.Stage, p.Goodwill, p.Spent.StringFixed(2))
	}
	tw.Flush()
	fmt.Fprintf(w, "  At risk: %d customers moved down a stage or left this quarter; %d more are held in their stage only by the rules' slack.\n",
		f.Dropped, f.Slipping)
	for _, p := range f.AtRisk {
		fmt.Fprintf(w, "    %s  %s→%s, spent %s: %s\n", p.ID, p.Was, p.Stage, p.Spent.StringFixed(2), p.Why)
	}

	section(w, "3. What engagement is worth")
	if f.Revenue != nil {
		fmt.Fprintf(w, "  Baseline: the average customer spent %s over the record.\n", f.Baseline.StringFixed(2))
		if f.CalibNote != "" {
			fmt.Fprintf(w, "  Note: %s.\n", f.CalibNote)
		}
		tw = table(w)
		fmt.Fprintln(tw, "  Gallup level\tcustomers\tfactor\tper customer\trevenue\t")
		for _, lr := range f.Revenue.Levels {
			fmt.Fprintf(tw, "  %s\t%d\t%.3f\t%s\t%s\t\n", lr.Level, lr.Customers, lr.Factor, lr.PerCustomer.StringFixed(2), lr.Revenue.StringFixed(2))
		}
		fmt.Fprintf(tw, "  total\t%d\t\t\t%s\t\n", f.Mix.Total(), f.Revenue.Total.StringFixed(2))
		tw.Flush()
		fmt.Fprintln(w, "  (Fully engaged customers at Gallup's +23% over the average customer, actively disengaged at -13%,")
		fmt.Fprintln(w, "   the two middle levels calibrated so the average customer earns the baseline.)")
	}
	if f.Observed != nil {
		fmt.Fprintf(w, "  Observed here: engaged customers spend %.2fx the others (95%% interval %.2f to %.2f).\n",
			f.Observed.Ratio, f.Observed.Low, f.Observed.High)
		fmt.Fprintf(w, "  Published: %.1fx is HumanSigma's figure for business units above the median on one of employee or\n", f.Observed.Published)
		fmt.Fprintln(w, "  customer engagement (3.4x on both), not a per-customer multiplier.")
	}
	for _, s := range f.Scenarios {
		fmt.Fprintf(w, "  Scenario: %s: %s over a record like this one", s.Name, signed(s.Change))
		if s.Change.IsZero() {
			fmt.Fprint(w, " (Gallup's figures do not separate engaged from not engaged customers)")
		}
		if s.HasRange {
			fmt.Fprintf(w, " (per-customer reading at the observed multiplier: %s to %s)", signed(s.Low), signed(s.High))
		}
		fmt.Fprintln(w)
	}
	if f.Community > 0 {
		fmt.Fprintf(w, "  Community (90-9-1): for 30 heavy contributors, reach about %d people.\n", f.Community)
	}

	section(w, "4. Customer value forecast (BG/NBD and Gamma-Gamma)")
	if f.Forecast != nil {
		fmt.Fprintf(w, "  Next 52 weeks: revenue %s from the %d customers who have bought (%s each); value discounted at 10%% a year %s.\n",
			f.Forecast.Revenue.StringFixed(2), len(f.Forecast.Customers), f.Forecast.RevenuePerCustomer().StringFixed(2),
			f.Forecast.Value.StringFixed(2))
		if f.Ahead != nil {
			fmt.Fprintf(w, "  At that revenue per customer, moving 10%% of returning customers to advocates is worth %s over the next 52 weeks.\n",
				signed(f.Ahead.Change))
		}
	} else {
		fmt.Fprintf(w, "  Not available: %s\n", f.ForecastErr)
	}
	writeForecastCheck(w, f.Diagnostics)

	section(w, "5. Touch points and channels")
	if f.Plan != nil {
		fmt.Fprintf(w, "  %d touch points, spend %s; offline share of spend %.0f%%.\n",
			len(f.Plan.Touchpoints()), f.Plan.TotalCost().StringFixed(2), 100*f.Plan.OfflineShare())
		for _, fd := range f.Plan.Findings() {
			fmt.Fprintf(w, "  - %s\n", fd.Text)
		}
	}
	if len(f.Channels) > 0 {
		fmt.Fprintln(w, "  Channels by return (revenue credited by exact Markov attribution):")
		tw = table(w)
		fmt.Fprintln(tw, "    rank\tchannel\tspend\trevenue\treturn\t")
		for _, r := range f.Channels {
			rate := fmt.Sprintf("%.2fx", r.Rate())
			if r.Infinite() {
				rate = "no spend"
			}
			fmt.Fprintf(tw, "    %d\t%s\t%s\t%s\t%s\t\n", r.Rank, r.Name, r.Spend.StringFixed(2), r.Revenue.StringFixed(2), rate)
		}
		tw.Flush()
	}
	if b := f.Budget; b != nil {
		fmt.Fprintf(w, "  Engaging on %.0f%% of today's spend (%s of %s): keep", 100*b.Fraction, b.Budget.StringFixed(2), b.TotalSpend.StringFixed(2))
		for _, a := range b.Kept {
			fmt.Fprintf(w, " %s", a.Name)
			if a.Partial {
				fmt.Fprint(w, " (in part)")
			}
		}
		fmt.Fprintf(w, "; revenue at risk %s of %s.\n", b.RevenueAtRisk.StringFixed(2), b.TotalRevenue.StringFixed(2))
	}
	if len(f.Attribution) > 0 {
		fmt.Fprintf(w, "  Attribution of %d journeys (revenue credited):\n", f.Journeys)
		tw = table(w)
		fmt.Fprintln(tw, "    channel\tMarkov\tlast touch\tfirst touch\tlinear\t")
		for _, c := range f.Attribution {
			fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\t%s\t\n", c.Channel, c.Markov.StringFixed(0), c.Last.StringFixed(0), c.First.StringFixed(0), c.Lin.StringFixed(0))
		}
		tw.Flush()
	}
	if f.UnknownTouches > 0 {
		fmt.Fprintf(w, "  %d interactions name touch points not in the touch-point file; they are left out.\n", f.UnknownTouches)
	}

	writeListening(w, f)
	writeHealth(w, f)
}

// writeListening writes section 6.
func writeListening(w io.Writer, f *findings) {
	section(w, "6. Listening")
	if f.Mentions == 0 {
		fmt.Fprintln(w, "  No mentions.")
		return
	}
	tw := table(w)
	fmt.Fprintln(tw, "  topic\tmentions\tnegative\tmean sentiment\t")
	for _, t := range f.Topics {
		fmt.Fprintf(tw, "  %s\t%d\t%.0f%%\t%+.2f\t\n", t.Topic, t.Count, 100*t.NegativeShare(), t.MeanScore())
	}
	tw.Flush()
	fmt.Fprintf(w, "  Alerts: %d.\n", len(f.Alerts))
	for i, a := range f.Alerts {
		if i == listLen {
			fmt.Fprintf(w, "    ... and %d more\n", len(f.Alerts)-listLen)
			break
		}
		fmt.Fprintf(w, "    %s\n", a)
	}
	fmt.Fprintf(w, "  Response cases opened for negative mentions of the last %.0f days: %d; past their response-time target: %d.\n",
		f.CaseHorizon.Hours()/24, f.OpenCases, len(f.Late))
	for i, b := range f.Late {
		if i == 3 {
			break
		}
		fmt.Fprintf(w, "    mention %s (%s severity): response due %s, %.0f hours late\n",
			b.Case, b.Severity, b.Due.Format("2 Jan 15:04"), b.Late.Hours())
	}
}

func section(w io.Writer, title string) {
	fmt.Fprintf(w, "\n%s\n%s\n", title, strings.Repeat("-", len(title)))
}

func table(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
}

func signed(d decimal.Decimal) string {
	if d.Sign() >= 0 {
		return "+" + d.StringFixed(2)
	}
	return d.StringFixed(2)
}
