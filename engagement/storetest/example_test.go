package storetest_test

import (
	"fmt"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/engagement/storetest"
)

// ExampleTestStore checks a store against the Store contract outside a
// test, here the memory store, which keeps every clause. A backend's own
// tests call storetest.Run instead, which adds a randomised state-machine
// test.
func ExampleTestStore() {
	err := storetest.TestStore(func() (engagement.Store, error) {
		return engagement.NewMemoryStore(), nil
	})
	fmt.Println("memory store:", err)
	// Output: memory store: <nil>
}
