package stages

import (
	"slices"
	"strconv"
	"strings"
)

// Action is something the business can do with or ask of a customer, with
// the minimum stage of engagement it fits, or the one group outside the
// stages of engagement it is meant for.
type Action struct {
	// Name identifies the action: a lower-case token such as
	// "referral_invitation". Unique within a playbook.
	Name string

	// MinStage is the lowest stage of engagement the action fits:
	// Transactional, Returning or Advocate, and every stage of engagement
	// above it. Prospect or Former instead makes the action a group
	// action, one that fits only that group: a welcome offer is for
	// prospects alone and a win-back offer for former customers alone
	// (see [Appropriate]).
	MinStage Stage

	// Description says what the action is, for people reading a plan.
	Description string
}

// The built-in actions' names.
const (
	FixBasics           = "fix_basics"
	ServiceRecovery     = "service_recovery"
	QuickFeedback       = "quick_feedback"
	Vote                = "vote"
	ReferralInvitation  = "referral_invitation"
	CommunityEvent      = "community_event"
	AmbassadorProgramme = "ambassador_programme"
	CoCreation          = "co_creation"
	Brainstorm          = "brainstorm"
	Showcase            = "showcase"
	Welcome             = "welcome"
	WinBack             = "win_back"
)

// DefaultActions returns the built-in actions, drawn from the seeds: fix
// the basics and recover service for everyone; quick, simple,
// non-intrusive dialogue (feedback on the last purchase, a vote on a
// colour) from returning customers on; time-consuming collaboration
// (co-creation, brainstorms, ambassador programmes, showcases) only with
// advocates. Last come the two group actions: a welcome for prospects, who
// have not bought yet, and a win-back offer for former customers, who have
// left. The slice is new on each call.
func DefaultActions() []Action {
	return []Action{
		{FixBasics, Transactional, "meet basic expectations consistently: quality, delivery and service"},
		{ServiceRecovery, Transactional, "put right a complaint or failed service quickly, and say what was fixed"},
		{QuickFeedback, Returning, "ask for quick feedback on the last purchase: one question, one tap"},
		{Vote, Returning, "ask for a vote on a simple choice, such as the colour of a new product"},
		{ReferralInvitation, Returning, "invite the customer to recommend the business to a friend"},
		{CommunityEvent, Returning, "invite the customer to a community event or a community night"},
		{AmbassadorProgramme, Advocate, "invite the customer into a brand ambassador programme"},
		{CoCreation, Advocate, "invite the customer to develop a product or service with the business"},
		{Brainstorm, Advocate, "invite the customer to a brainstorm on what the business should do next"},
		{Showcase, Advocate, "showcase the customer's story or content, with credit"},
		{Welcome, Prospect, "welcome the prospect with a welcome series and a first-purchase offer"},
		{WinBack, Former, "win the former customer back with an offer and word of what has changed"},
	}
}

// Playbook is a set of actions keyed by name. The zero Playbook is empty;
// [NewPlaybook] makes one holding the default actions. A Playbook is not
// safe for concurrent modification; reads may run concurrently.
type Playbook struct {
	actions []Action // sorted by MinStage, then in the order added
}

// The text [Playbook.Add] and [Appropriate] use for the valid values of
// Action.MinStage.
const wantMinStage = "want prospect, transactional, returning, advocate or former"

// NewPlaybook returns a playbook holding [DefaultActions] and then the
// given extra actions, or an error naming the first bad or duplicate one.
func NewPlaybook(extra ...Action) (*Playbook, error) {
	p := &Playbook{}
	for _, a := range append(DefaultActions(), extra...) {
		if err := p.Add(a); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Add adds an action. It fails with an error matching [ErrInvalid],
// leaving the playbook as it was, when the name is empty, not a lower-case
// token, or already taken, or when MinStage is none of Prospect,
// Transactional, Returning, Advocate and Former.
func (p *Playbook) Add(a Action) error {
	if !isToken(a.Name) {
		return &InvalidError{Field: "Action.Name", Value: a.Name,
			Reason: "want a lower-case token of letters, digits and underscores"}
	}
	if _, ok := p.Action(a.Name); ok {
		return &InvalidError{Field: "Action.Name", Value: a.Name, Reason: "already in the playbook"}
	}
	if !a.MinStage.Valid() {
		return &InvalidError{Field: "Action.MinStage", Value: a.MinStage.String(), Reason: wantMinStage}
	}
	i := len(p.actions)
	for i > 0 && p.actions[i-1].MinStage > a.MinStage {
		i--
	}
	p.actions = slices.Insert(p.actions, i, a)
	return nil
}

func isToken(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// Action returns the action with the given name.
func (p *Playbook) Action(name string) (Action, bool) {
	for _, a := range p.actions {
		if a.Name == name {
			return a, true
		}
	}
	return Action{}, false
}

// Actions returns every action in the order of their MinStage (prospect
// actions, then transactional, returning and advocate ones, then former
// customers' ones), and in the order added within one. The slice is a
// copy.
func (p *Playbook) Actions() []Action { return slices.Clone(p.actions) }

// For returns the actions that fit a customer at stage s, those
// [Appropriate] allows, in the order of [Playbook.Actions]: for a stage of
// engagement, the actions whose minimum stage s has reached; for a
// prospect or a former customer, that group's actions; for Unclassified,
// none.
func (p *Playbook) For(s Stage) []Action {
	var out []Action
	for _, a := range p.actions {
		if s.AtLeast(a.MinStage) {
			out = append(out, a)
		}
	}
	return out
}

// Verdict answers "may we ask this customer this?".
type Verdict struct {
	Allowed bool
	Reason  string // why, in a sentence a planner can read
}

// Appropriate says whether action a fits a customer at stage s, and why.
//
// An action whose MinStage is a stage of engagement fits a customer at
// that stage or a higher one: it needs the goodwill that stage holds. An
// action whose MinStage is Prospect or Former is a group action and fits
// only that group: a welcome offer means nothing to a returning customer,
// and a win-back offer only to someone who has left. So prospects and
// former customers are refused every action of the stages of engagement,
// customers at those stages every group action, and unclassified people
// every action; the reason says which rule held the action back.
func Appropriate(a Action, s Stage) Verdict {
	group := !a.MinStage.IsEngagement()
	switch {
	case !a.MinStage.Valid():
		return Verdict{false, a.Name + " has minimum stage " + strconv.Quote(a.MinStage.String()) + ": " + wantMinStage}
	case group && s == a.MinStage:
		return Verdict{true, a.Name + " is meant for " + groupName(a.MinStage) + ", and this person is one"}
	case group:
		return Verdict{false, groupRefusal(a, s)}
	case s.AtLeast(a.MinStage):
		return Verdict{true, article(s.String()) + " customer is ready for " + a.MinStage.String() +
			"-stage actions such as " + a.Name}
	}
	return Verdict{false, refusal(a, s)}
}

// groupName names the group a group action is for.
func groupName(s Stage) string {
	if s == Prospect {
		return "prospects"
	}
	return "former customers"
}

// groupRefusal says why a group action does not fit someone outside its
// group.
func groupRefusal(a Action, s Stage) string {
	var b strings.Builder
	b.WriteString(a.Name + " is only for " + groupName(a.MinStage) + ": ")
	switch {
	case s == Prospect:
		b.WriteString("a prospect has not bought yet, so there is no custom to win back; welcome them instead")
	case s == Former:
		b.WriteString("a former customer has bought before and left; win them back instead")
	case s.IsEngagement() && a.MinStage == Prospect:
		b.WriteString(article(s.String()) + " customer has bought already; offer " + s.String() + "-stage actions instead")
	case s.IsEngagement():
		b.WriteString(article(s.String()) + " customer has not left; offer " + s.String() + "-stage actions instead")
	default:
		b.WriteString("the person has not been classified")
	}
	return b.String()
}

// refusal gives the seeds' reason for holding an action of the stages of
// engagement back.
func refusal(a Action, s Stage) string {
	var b strings.Builder
	b.WriteString(a.Name + " needs " + article(a.MinStage.String()) + " customer: ")
	switch s {
	case Transactional:
		b.WriteString("a transactional customer asks first that you do what they pay you for; " +
			"asking them to collaborate wastes effort and can upset them, so meet their basic expectations first")
	case Returning:
		b.WriteString("a returning customer welcomes dialogue only if it is quick, simple and non-intrusive; " +
			"time-consuming collaboration is for advocates")
	case Prospect:
		b.WriteString("a prospect has not bought yet, so there is no experience to ask about and no goodwill to draw on; " +
			"win a first purchase first (" + Welcome + ")")
	case Former:
		b.WriteString("a former customer has left; win them back (" + WinBack + ") before asking anything of them")
	default:
		b.WriteString("the person has not been classified")
	}
	return b.String()
}

// article puts "a" or "an" before a stage name.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}
