// Package attributiontest checks implementations of [attribution.Model]
// against the promises of that interface and of the package
// documentation, so that a model written outside the module can be held
// to the same rules as the built-in ones.
//
// [TestModel] checks a model and returns what it found as one error, in
// the manner of testing/fstest.TestFS; [Run] checks the same clauses, each
// in a subtest named for it:
//
//	func TestMyModel(t *testing.T) {
//		attributiontest.Run(t, mymodel.Model{})
//	}
//
// The clauses: no paths give no credits; the credits add up exactly to
// the conversions and the value of the paths; no credit is negative; the
// credits hold every channel on the paths and no other; they depend
// neither on the order of the paths nor on how identical journeys are
// split among paths, and are the same on every call; Attribute leaves its
// paths as they were; and a path no model can take is an error matching
// [attribution.ErrInvalid]. The paths the clauses use are fixed, and
// randomised from a fixed seed, with touch times in order (as
// [attribution.TimeDecay] needs) and at most five channels.
package attributiontest
