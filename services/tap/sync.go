package tap

import (
	"context"
	"time"

	"esodesk/services/vohttp"
)

// Sync runs q on the synchronous endpoint (POST /sync) and decodes the
// result as it streams in. There is no timeout besides ctx: cancel it to stop.
func (s *Service) Sync(ctx context.Context, q Query, progress Progress) (*Result, error) {
	const op = "TAP query"
	start := time.Now()
	resp, err := s.Client.PostForm(ctx, s.endpoint("sync"), q.values())
	if err != nil {
		return nil, vohttp.WithOp(err, op)
	}
	res := &Result{Query: q}
	if err := decode(ctx, op, resp, res, progress); err != nil {
		return nil, err
	}
	res.Elapsed = time.Since(start)
	return res, nil
}
