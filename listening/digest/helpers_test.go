package digest_test

import (
	"errors"

	"github.com/engagekit/engage/engagement"
)

func errorsIsInvalid(err error) bool {
	var fe *engagement.FieldError
	return errors.As(err, &fe) && errors.Is(err, engagement.ErrInvalid)
}
