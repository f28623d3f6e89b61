package vohttp

import (
	"errors"
	"io"
	"net/http"

	"esodesk/internal/xmlguard"
)

// LimitBody makes reading resp.Body past max bytes fail with a KindProtocol
// *Error naming what (e.g. "UWS job document"). ReadAll reads whatever comes;
// for answers that have a sane size, this keeps a runaway or hostile service
// from filling memory.
func LimitBody(resp *http.Response, max int64, what string) {
	resp.Body = limitedBody{xmlguard.Reader(resp.Body, xmlguard.Limits{What: what, MaxBytes: max}), resp.Body}
}

type limitedBody struct {
	r io.Reader
	io.Closer
}

func (b limitedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if errors.Is(err, xmlguard.ErrLimit) {
		err = &Error{Kind: KindProtocol, Message: err.Error(), Err: err}
	}
	return n, err
}
