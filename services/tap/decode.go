package tap

import (
	"context"
	"net/http"

	"esodesk/services/dal"
)

// decode streams a VOTable result from resp (and closes it) into res; see
// dal.Decode for the errors.
func decode(ctx context.Context, op string, resp *http.Response, res *Result, progress Progress) error {
	r, err := dal.Decode(ctx, op, resp, dal.Options{Progress: progress})
	if err != nil {
		return err
	}
	res.Result = *r
	res.Status, res.Message = StatusOK, r.Status.Message
	if r.Overflow {
		res.Status = StatusOverflow
	}
	return nil
}
