package sentiment

// boosterWords scale the sentiment word after them: +1 boosts it by
// boostIncrement, -1 dampens it by as much.
var boosterWords = map[string]float64{
	// boosters
	"absolutely": 1, "amazingly": 1, "awfully": 1, "completely": 1,
	"considerable": 1, "considerably": 1, "decidedly": 1, "deeply": 1,
	"effing": 1, "enormous": 1, "enormously": 1, "entirely": 1,
	"especially": 1, "exceptional": 1, "exceptionally": 1, "extreme": 1,
	"extremely": 1, "fabulously": 1, "flippin": 1, "flipping": 1,
	"frackin": 1, "fracking": 1, "frickin": 1, "fricking": 1,
	"friggin": 1, "frigging": 1, "fuckin": 1, "fucking": 1, "fuggin": 1,
	"fugging": 1, "fully": 1, "greatly": 1, "hella": 1, "highly": 1,
	"hugely": 1, "incredible": 1, "incredibly": 1, "intensely": 1,
	"major": 1, "majorly": 1, "more": 1, "most": 1, "particularly": 1,
	"purely": 1, "quite": 1, "really": 1, "remarkably": 1, "so": 1,
	"substantially": 1, "thoroughly": 1, "total": 1, "totally": 1,
	"tremendous": 1, "tremendously": 1, "uber": 1, "unbelievably": 1,
	"unusually": 1, "utter": 1, "utterly": 1, "very": 1,
	// dampeners
	"almost": -1, "barely": -1, "hardly": -1, "kinda": -1, "kindof": -1,
	"kind-of": -1, "less": -1, "little": -1, "marginal": -1,
	"marginally": -1, "occasional": -1, "occasionally": -1, "partly": -1,
	"scarce": -1, "scarcely": -1, "slight": -1, "slightly": -1,
	"somewhat": -1, "sorta": -1, "sortof": -1, "sort-of": -1,
}

// negationWords negate a sentiment word up to three words after them. Any
// word holding "n't" negates too.
var negationWords = []string{
	"aint", "arent", "cannot", "cant", "couldnt", "darent", "despite",
	"didnt", "doesnt", "dont", "hadnt", "hasnt", "havent", "isnt",
	"mightnt", "mustnt", "neednt", "neither", "never", "none", "nope",
	"nor", "not", "nothing", "nowhere", "oughtnt", "rarely", "seldom",
	"shant", "shouldnt", "uh-uh", "uhuh", "wasnt", "werent", "without",
	"wont", "wouldnt",
}

// idioms are phrases whose sense is not that of their words. Phrases in
// the analyser's lexicon take precedence.
var idioms = map[string]float64{
	"yeah right":        -2,
	"to die for":        2.5,
	"kiss of death":     -2,
	"broken heart":      -2.5,
	"under the weather": -1.5,
	"cut the mustard":   1.5,
	"hand to mouth":     -1.5,
	"blowing smoke":     -1.5,
	"on the ball":       1.5,
	"in the red":        -1.5,
	"bad ass":           1.5,
	"the bomb":          2.5,
	"the shit":          2.5,
	"bus stop":          0,
	"break a leg":       2,
	"upper hand":        1,
	"back handed":       -1.5,
	"in the black":      1.5,
	"beating heart":     2.5,
}

// wordFlags say what part a word plays in the rules. The top bits are
// set per token, not per word.
type wordFlags uint32

const (
	fLexicon     wordFlags = 1 << iota // the word has a valence of its own
	fBooster                           // a booster or dampener
	fNegation                          // negates what follows
	fNo                                // "no"
	fOrNor                             // "or", "nor"
	fKindSort                          // "kind", "sort"
	fOf                                // "of"
	fNever                             // "never"
	fSoThis                            // "so", "this"
	fWithout                           // "without"
	fDoubt                             // "doubt"
	fLeast                             // "least"
	fAtVery                            // "at", "very"
	fBut                               // "but"
	fPhraseStart                       // first word of a phrase
	fEnough                            // "enough"
	fJust                              // "just"

	tUpper wordFlags = 1 << 30 // the token is in capitals
	tNT    wordFlags = 1 << 31 // the token holds "n't"
	tEnd   wordFlags = 1 << 29 // the token ends a sentence
	tQ     wordFlags = 1 << 28 // the token ends a question
	tInQ   wordFlags = 1 << 27 // the token is in a question
	tColon wordFlags = 1 << 26 // the token ends a clause with ':'
)

// clauseEnd marks a token after which the words that follow start afresh:
// negations and boosters before it do not reach past it.
const clauseEnd = tEnd | tColon

var ruleWordFlags = map[string]wordFlags{
	"no": fNo, "or": fOrNor, "nor": fOrNor, "kind": fKindSort,
	"sort": fKindSort, "of": fOf, "never": fNever, "so": fSoThis,
	"this": fSoThis, "without": fWithout, "doubt": fDoubt,
	"least": fLeast, "at": fAtVery, "very": fAtVery, "but": fBut,
	"enough": fEnough, "just": fJust,
}
