package main

// rule mirrors providerrules.Rule. The generator keeps its own copy so that it
// builds even when the checked-in table it rewrites does not.
type rule struct {
	Type        string
	Kind        string
	Object      string
	Property    string
	When        []string
	Others      []string
	OtherValues []string
	Values      []string
	Min, Max    *float64
	Pattern     string
	File        string
	Sentence    string
	// Phrase names the phrasing that produced the rule (a pattern's id), for
	// the generator's report and the parser tests.
	Phrase string
	// Note says what the rule leaves out of its sentence (a name the SDK
	// does not have); the generator reports it with the unparsed sentences.
	Note string
}

// The rule kinds, as providerrules names them.
const (
	kindConflicts     = "Conflicts"
	kindRequiredWith  = "RequiredWith"
	kindExactlyOneOf  = "ExactlyOneOf"
	kindAtLeastOneOf  = "AtLeastOneOf"
	kindAllowedValues = "AllowedValues"
	kindRange         = "Range"
	kindLength        = "Length"
	kindPattern       = "Pattern"
	kindForceNew      = "ForceNew"
	kindAutoName      = "AutoName"

	// kindAlsoAllowed is internal: more values for the AllowedValues rule
	// of the same argument ("Protocols `email`, ... are also valid").
	kindAlsoAllowed = "alsoAllowed"
)

// unparsed is a sentence that speaks of a rule the generator cannot turn into
// one: a phrasing it does not know, or a name it cannot map to an argument.
type unparsed struct {
	Type     string
	Path     string // the argument whose doc holds the sentence
	Sentence string
	Reason   string
}
