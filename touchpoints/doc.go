// Package touchpoints models where a business meets the public (its touch
// points) and asks the questions of one coordinated engagement plan: does
// every step of the journey have a touch point, does every touch point have
// an owner, which channels pay back, and how would the business engage on a
// fraction of today's budget.
//
// # The journey
//
// A customer's experience runs through eight phases ([Phase]): awareness,
// discovery, attraction, interaction, purchase, use, cultivation and
// advocacy. Every phase is a chance to build or lose the bond. A
// [Touchpoint] sits at one phase, uses a channel (email, store, search ads),
// is owned by a business [Function] (marketing, communications, service,
// sales, product management, operations, or one of the user's own) or by
// nobody, is run in-house or by an outside partner, is online or offline,
// and costs money every period. [ReadTouchpoints] and [WriteTouchpoints]
// read and write them as CSV.
//
// # The plan
//
// Engagement is everyone's job, and functional silos are the failure mode.
// [NewPlan] lays all touch points out in one [Plan]: a coverage matrix of
// phases by owning function; the gaps (phases no touch point serves); the
// silos (touch points nobody owns, and phases served by several functions
// with no coordinator named in [PlanOptions]); the in-house/partner split
// and the online/offline split, in counts and cost. Since 80-90% of
// conversations about a business happen offline
// ([OfflineConversationShareLow], [OfflineConversationShareHigh]), a plan
// that spends little offline says so. [Plan.Findings] lists what to look at,
// each with a sentence explaining it, and [Plan.WriteReport] writes it all
// out for people.
//
// # Returns
//
// Choose media by return. A [Return] is what a channel (or a touch point)
// cost and the revenue attributed to it; [ChannelReturns] and
// [TouchpointReturns] build them from touch point costs and the caller's
// attributed revenue, and [RankChannels] lists them from the best rate of
// return to the worst, exactly and with a deterministic tie-break, with the
// spend, revenue, rate, return on investment and share of spend behind each
// place. A channel that earns revenue for no spend (word of mouth) has an
// infinite rate of return: it ranks first and is reported as such, never as
// a division by zero.
//
// # Budget
//
// The money usually exists but sits in the wrong places. [BudgetScenario]
// runs the exercise "how would we engage on 15% of today's spend?"
// ([DefaultBudgetFraction]): it keeps the best-returning spend first and
// reports the spend kept and dropped, channel by channel, and the revenue
// kept and at risk, all exact. Advocates who promote the brand let
// advertising spend fall: [AdvocacyOffset] puts a figure on the advertising
// their referrals stand in for.
//
// # Attribution and delivery
//
// Package touchpoints/attribution credits conversions to channels, which
// is where the revenue figures for [ChannelReturns] can come from. Package
// outreach delivers stage-appropriate actions to customers; the delivery
// names this package used to hold (Channel, Outreach and the rest) remain
// here as deprecated aliases of outreach's.
//
// # Errors
//
// Money is always an exact [decimal.Decimal]; rates are float64. Bad values
// are reported as a *[FieldError] naming the line (for input read from a
// file), the field and the value, matching [ErrInvalid]; a repeated ID or
// name also matches [ErrDuplicate]. Nothing in the package panics on input.
package touchpoints
