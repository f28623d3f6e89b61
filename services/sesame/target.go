package sesame

import (
	"context"
	"fmt"

	"esodesk/services/coords"
	"esodesk/services/vohttp"
)

// Target is where a target field points: a position and, for the status
// line, what was understood ("HD 100546 resolved to … (Simbad)").
type Target struct {
	RA, Dec float64 // ICRS degrees
	Where   string
}

// ResolveTarget reads text as coordinates in any form coords.Parse takes,
// or else asks Sesame at sesameURL for the name. Errors are a *coords.Error
// (coordinates that do not parse), a *NotFoundError, or a *vohttp.Error.
func ResolveTarget(ctx context.Context, c *vohttp.Client, sesameURL, text string) (Target, error) {
	if coords.LooksLikeCoordinates(text) {
		ra, dec, err := coords.Parse(text)
		if err != nil {
			return Target{}, err
		}
		return Target{RA: ra, Dec: dec, Where: coords.Format(ra, dec)}, nil
	}
	pos, err := New(sesameURL, c).Resolve(ctx, text)
	if err != nil {
		return Target{}, err
	}
	return Target{RA: pos.RA, Dec: pos.Dec,
		Where: fmt.Sprintf("%s resolved to %s (%s)", text, coords.Format(pos.RA, pos.Dec), pos.Source)}, nil
}
