package digest_test

import (
	"errors"

	"github.com/engagekit/engage/listening"
)

func errorsIsInvalid(err error) bool {
	var fe *listening.FieldError
	return errors.As(err, &fe) && errors.Is(err, listening.ErrInvalid)
}
