package engagement

import (
	"context"
	"errors"
	"iter"
	"time"
)

// FoldRead folds what a reader such as [ReadInteractionsCSV] yields, with
// a zero [Folder].
func FoldRead(ctx context.Context, interactions iter.Seq2[Interaction, error], asOf time.Time) (*Profiles, error) {
	return Folder{}.FoldRead(ctx, interactions, asOf)
}

// FoldRead folds interactions as [Folder.Fold] does, from a sequence that
// may yield errors, such as [ReadInteractionsCSV] returns. The first error
// in the sequence, or the first invalid interaction, stops the fold: it is
// returned as a *[FoldError] naming its 0-based position in the sequence
// and unwrapping to the error yielded, so a reader's *[FieldError] with
// its line stays reachable through errors.As.
func (f Folder) FoldRead(ctx context.Context, interactions iter.Seq2[Interaction, error], asOf time.Time) (*Profiles, error) {
	var readErr error
	// Fold ranges over the sequence in the calling goroutine, so readErr
	// needs no lock.
	seq := func(yield func(Interaction) bool) {
		var i int64
		for in, err := range interactions {
			if err != nil {
				readErr = &FoldError{Index: i, ID: in.ID, Err: err}
				return
			}
			if !yield(in) {
				return
			}
			i++
		}
	}
	ps, err := f.Fold(ctx, seq, asOf)
	var fe *FoldError
	switch {
	case errors.As(err, &fe):
		return nil, err // an interaction before the one that failed to read
	case readErr != nil:
		return nil, readErr
	}
	return ps, err
}
