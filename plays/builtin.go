package plays

import (
	"github.com/engagekit/engage/segment"
	"github.com/engagekit/engage/stages"
)

// The names of the built-in plays.
const (
	WinBackPlay = "win_back"
	WelcomePlay = "welcome"
)

// The waits of the built-in plays: this library's reading of common
// lifecycle practice (a second win-back offer two weeks after the first,
// a welcome follow-up a few days after the welcome), not published
// figures.
const (
	DefaultWinBackWait = 14 * stages.Day
	DefaultWelcomeWait = 3 * stages.Day
)

// WelcomeFollowUp is the name of the follow-up action of the [Welcome]
// play: add [WelcomeFollowUpAction] to the playbook of the Outreach the
// play sends through.
const WelcomeFollowUp = "welcome_follow_up"

// WelcomeFollowUpAction returns the follow-up action of the [Welcome]
// play, for prospects, to add to a playbook ([stages.NewPlaybook]). It is
// an action of its own, not the welcome again, because [outreach.Sender]
// sends one action at most once per customer and cap window.
func WelcomeFollowUpAction() stages.Action {
	return stages.Action{Name: WelcomeFollowUp, MinStage: stages.Prospect,
		Description: "follow up the welcome of a prospect who has not bought yet"}
}

// WinBack returns the win-back play, for former customers: send the
// playbook's [stages.WinBack] action, wait [DefaultWinBackWait], and if
// the customer is still former, send it again; then stop. The second
// message falls in a later cap window than the first (with a cap window
// of at most 14 days), so Outreach sends it as a message of its own.
func WinBack() *Play {
	return &Play{
		Name: WinBackPlay,
		For:  []stages.Stage{stages.Former},
		Steps: []Step{
			Send(stages.WinBack),
			Wait(DefaultWinBackWait),
			If(Condition{Segment: segment.MustParse("stage = former")},
				Send(stages.WinBack)),
		},
	}
}

// Welcome returns the welcome play, for prospects: send the playbook's
// [stages.Welcome] action, wait [DefaultWelcomeWait], and if the prospect
// has not bought, send [WelcomeFollowUp]. Under the default frequency
// cap (one contact a week) the follow-up is capped until a week after the
// welcome; the play keeps trying it in each run until the cap allows it.
func Welcome() *Play {
	return &Play{
		Name: WelcomePlay,
		For:  []stages.Stage{stages.Prospect},
		Steps: []Step{
			Send(stages.Welcome),
			Wait(DefaultWelcomeWait),
			If(Condition{Segment: segment.MustParse("purchases = 0")},
				Send(WelcomeFollowUp)),
		},
	}
}
