// Package stages places customers in the three stages of engagement and
// says what to do about them.
//
// # Stages
//
// A customer is in one of three stages (see [Stage]):
//
//   - Transactional: "First, do what I pay you for." A cold exchange of
//     product for money.
//   - Returning: "I can count on you, so I will return." Satisfaction has
//     become loyalty, and the business holds goodwill.
//   - Advocate: "I will tell others about you." The stage that decays
//     fastest when neglected.
//
// Prospects (never bought) and former customers (not seen for a year) are
// relationship states around the stages, not stages; they share the Stage
// type so that transitions can count people arriving and leaving.
//
// # Classification
//
// [Classify] (or [Rules.Classify] with your own thresholds) reads a
// profile from package engagement and returns a [Result]: the stage, the
// reasons that decided it (a bit set, so classification allocates
// nothing), and [Result.Explain] for the figures and thresholds in words.
// Every threshold is a field of [Rules] with a documented default. The
// rules have hysteresis: pass the customer's previous stage, and moving up
// needs more than staying does, so a customer near a boundary does not
// flap. More referrals, higher satisfaction or more goodwill never lower a
// stage.
//
// [LevelOf] maps a classification onto Gallup's four customer-engagement
// groups ([Level]: fully engaged, engaged, not engaged, actively
// disengaged), the groups the revenue estimates of package estimate are
// published for: a transactional customer who shows a sign of hostility
// ([LevelRules], each threshold with a documented default) is actively
// disengaged, the others not engaged. [ProfileLevel] and [LevelFunc] are
// the level functions package estimate's BaseOf and SamplesOf take.
//
// # The playbook
//
// A [Playbook] holds [Action]s, each with the minimum stage it fits: fix
// the basics and service recovery for everyone; quick feedback, a vote, a
// referral invitation or a community event from returning customers on;
// ambassador programmes, co-creation, brainstorms and showcases only with
// advocates. [Appropriate] answers "may we ask this customer this?" with a
// [Verdict] and the seeds' reason.
//
// # Where to focus
//
// A [Tally] counts a base by stage and its approval rating (the share of
// satisfied customers); [Rules.Tally] classifies a whole fold in parallel.
// [PickFocus] turns the distribution and approval into the stage to focus
// on now ("pick your priority wisely"), with the reason.
//
// # Transitions
//
// [Transitions] counts moves between two dated snapshots of a base
// ([Counts.AddHistory] from each customer's own history); [Counts.Matrix]
// gives the transition matrix, and [Matrix.Project] and [Matrix.LongRun]
// the distribution some periods ahead and in the long run.
package stages
