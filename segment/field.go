package segment

import (
	"strings"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/stages"
)

// fieldID names a field a condition reads.
type fieldID uint8

const (
	fNone fieldID = iota
	// Of the customer.
	fStage
	fLevel
	fNPS
	fRecommend
	fInteractions
	fPurchases
	fPurchaseDays
	fMonetary
	fSatisfaction
	fGoodwill
	fReferrals
	fComplaintsOpen
	fComplaintsResolved
	fFirstPurchase
	fLastPurchase
	fLastSeen
	fLastAdvocacy
	fID
	fGroup
	fAccount
	fConsent
	fAttr
	fTrait
	// Of one event, inside event(...).
	fKind
	fTouchpoint
	fAmount
	fProperty
)

// fieldType is the type of a field's values.
type fieldType uint8

const (
	tEnum   fieldType = iota // one of a list of names: stage, level
	tNumber                  // an exact decimal: purchases, monetary
	tString                  // text: account, attr.<key>
	tTime                    // an instant: last_purchase
	tValue                   // a typed value of any kind: trait.<key>
)

// fieldInfo describes a field: its name in the text form, its type, where
// it may be used, and how an explanation speaks of it.
type fieldInfo struct {
	name    string
	typ     fieldType
	event   bool     // read from one event inside event(...), not the customer
	keyed   bool     // written name.<key>
	names   []string // tEnum: the names, indexed by value
	ordered bool     // tEnum: < <= > >= allowed
	idents  bool     // tString: values may be bare identifiers (kind)
	label   string   // how an explanation names it
	whole   bool     // tNumber: a count, read as an integer
}

var fields = [...]fieldInfo{
	fStage:              {name: "stage", typ: tEnum, names: stageNames(), ordered: true, label: "stage"},
	fLevel:              {name: "level", typ: tEnum, names: levelNames(), ordered: true, label: "level"},
	fNPS:                {name: "nps", typ: tEnum, names: npsNames(), label: "NPS class"},
	fRecommend:          {name: "recommend", typ: tNumber, label: "latest likelihood to recommend", whole: true},
	fInteractions:       {name: "interactions", typ: tNumber, label: "interactions", whole: true},
	fPurchases:          {name: "purchases", typ: tNumber, label: "purchases", whole: true},
	fPurchaseDays:       {name: "purchase_days", typ: tNumber, label: "purchase days", whole: true},
	fMonetary:           {name: "monetary", typ: tNumber, label: "monetary value"},
	fSatisfaction:       {name: "satisfaction", typ: tNumber, label: "mean satisfaction"},
	fGoodwill:           {name: "goodwill", typ: tNumber, label: "goodwill"},
	fReferrals:          {name: "referrals", typ: tNumber, label: "referrals", whole: true},
	fComplaintsOpen:     {name: "complaints_open", typ: tNumber, label: "open complaints", whole: true},
	fComplaintsResolved: {name: "complaints_resolved", typ: tNumber, label: "resolved complaints", whole: true},
	fFirstPurchase:      {name: "first_purchase", typ: tTime, label: "first purchase"},
	fLastPurchase:       {name: "last_purchase", typ: tTime, label: "last purchase"},
	fLastSeen:           {name: "last_seen", typ: tTime, label: "last seen"},
	fLastAdvocacy:       {name: "last_advocacy", typ: tTime, label: "last sign of advocacy"},
	fID:                 {name: "id", typ: tString, label: "id"},
	fGroup:              {name: "group", typ: tEnum, names: groupNames(), label: "group"},
	fAccount:            {name: "account", typ: tString, label: "account"},
	fConsent:            {name: "consent", typ: tEnum, names: consentNames(), label: "consent flag"},
	fAttr:               {name: "attr", typ: tString, keyed: true, label: "attribute"},
	fTrait:              {name: "trait", typ: tValue, keyed: true, label: "trait"},
	fKind:               {name: "kind", typ: tString, event: true, idents: true, label: "kind"},
	fTouchpoint:         {name: "touchpoint", typ: tString, event: true, label: "touch point"},
	fAmount:             {name: "amount", typ: tNumber, event: true, label: "amount"},
	fProperty:           {name: "property", typ: tValue, event: true, keyed: true, label: "property"},
}

// fieldByName finds a field by its name in the text form.
func fieldByName(name string) (fieldID, bool) {
	for i := range fields {
		if i != int(fNone) && fields[i].name == name {
			return fieldID(i), true
		}
	}
	return fNone, false
}

// fieldNames lists the names of the fields of one scope, for errors.
func fieldNames(event bool) string {
	var names []string
	for i := range fields {
		if i == int(fNone) || fields[i].event != event {
			continue
		}
		n := fields[i].name
		if fields[i].keyed {
			n += ".<key>"
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}

// The enum names: each package's text form, with a word for the zero value.
func stageNames() []string {
	names := []string{"unclassified"}
	for s := stages.Prospect; s <= stages.Former; s++ {
		names = append(names, s.String())
	}
	return names
}

func levelNames() []string {
	names := []string{"none"}
	for l := stages.ActivelyDisengaged; l <= stages.FullyEngaged; l++ {
		names = append(names, l.String())
	}
	return names
}

func npsNames() []string {
	return []string{"none", engagement.Detractor.String(), engagement.Passive.String(), engagement.Promoter.String()}
}

func groupNames() []string {
	names := []string{"unspecified"}
	for g := engagement.GroupProspect; g <= engagement.GroupFormer; g++ {
		names = append(names, g.String())
	}
	return names
}

func consentNames() []string {
	return []string{engagement.ConsentUnknown.String(), engagement.ConsentGiven.String(), engagement.ConsentRefused.String()}
}

// enumIndex returns the value of name among names, ignoring case.
func enumIndex(names []string, name string) (int, bool) {
	name = strings.ToLower(name)
	for i, n := range names {
		if n == name {
			return i, true
		}
	}
	return 0, false
}
