package app

import (
	"context"
	"fmt"

	"esodesk/services/coords"
	"esodesk/services/sesame"
)

// resolveTarget reads coordinates, or asks Sesame (at sesameURL) for a name;
// where says what was found, for the status line. Runs off the UI goroutine.
func (u *UI) resolveTarget(ctx context.Context, sesameURL, text string) (ra, dec float64, where string, err error) {
	if coords.LooksLikeCoordinates(text) {
		if ra, dec, err = coords.Parse(text); err != nil {
			return 0, 0, "", err
		}
		return ra, dec, coords.Format(ra, dec), nil
	}
	pos, err := sesame.New(sesameURL, u.http).Resolve(ctx, text)
	if err != nil {
		return 0, 0, "", err
	}
	return pos.RA, pos.Dec, fmt.Sprintf("%s resolved to %s (%s)", text, coords.Format(pos.RA, pos.Dec), pos.Source), nil
}
