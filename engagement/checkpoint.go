package engagement

import (
	"context"
	"fmt"
	"time"
)

// Checkpoint is the saved state of one long-running process for one
// customer, such as where a customer is in a play: opaque bytes the
// process writes and reads back, with a version that changes on every
// save, so that two runs cannot both advance the same state.
type Checkpoint struct {
	Customer CustomerID
	// Name says whose state it is ("play/win-back"); checkpoints are keyed
	// by customer and name.
	Name string
	// Value is the state, as the process encoded it (JSON, say); at most
	// MaxCheckpointBytes.
	Value []byte
	// Version is 0 for a checkpoint never saved, and grows by one with
	// every save.
	Version int64
	// Saved is when it was last saved, as the caller said.
	Saved time.Time
}

// MaxCheckpointBytes bounds [Checkpoint.Value].
const MaxCheckpointBytes = 64 << 10

// CheckpointStore is the optional capability of a [Store] to keep
// [Checkpoint]s, for processes that must resume after a crash where they
// stopped. [MemoryStore] and the SQL stores have it; package storetest
// checks it. Checkpoints of a merged-away ID are those of the customer it
// stands for; [Eraser.Erase] removes a customer's checkpoints.
type CheckpointStore interface {
	// LoadCheckpoint returns the checkpoint of customer and name (an alias
	// resolved), or one with Version 0 and no Value when none was saved.
	LoadCheckpoint(ctx context.Context, customer CustomerID, name string) (Checkpoint, error)

	// SaveCheckpoint stores c.Value as the next version of the checkpoint
	// of c.Customer and c.Name, provided the stored version is still
	// c.Version (0 for none), and returns the checkpoint as stored, its
	// Version one more. When another save came first it changes nothing
	// and returns an error matching [ErrConflict]: load again and decide
	// anew. An invalid c ([Checkpoint.Validate]) is an error wrapping a
	// *FieldError.
	SaveCheckpoint(ctx context.Context, c Checkpoint) (Checkpoint, error)
}

// Validate reports the first problem with c as a *[FieldError], or nil.
func (c Checkpoint) Validate() error {
	if err := checkKey("customer", string(c.Customer), 0); err != nil {
		return err
	}
	if err := checkKey("name", c.Name, MaxKeyBytes); err != nil {
		return err
	}
	switch {
	case len(c.Value) > MaxCheckpointBytes:
		return fieldError("value", fmt.Sprintf("%d bytes", len(c.Value)), fmt.Sprintf("is longer than %d bytes", MaxCheckpointBytes))
	case c.Version < 0:
		return fieldError("version", fmt.Sprint(c.Version), "must not be negative")
	case c.Saved.IsZero():
		return fieldError("saved", "", "time is missing")
	case !c.Saved.After(minTime) || c.Saved.After(maxTime):
		return fieldError("saved", c.Saved.Format(time.RFC3339), "time must lie within the years 1678 to 2262")
	}
	return nil
}
