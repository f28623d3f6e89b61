package download

import (
	"fmt"

	"esodesk/internal/bytesize"
)

// spaceUnknown is what freeSpace returns where the platform cannot tell
// (see space_other.go): checkSpace then lets the batch start.
const spaceUnknown = -1

// checkSpace fails when the known sizes of the jobs going to each folder
// exceed its free space.
func checkSpace(need map[string]int64, free func(string) (int64, error)) error {
	for dir, n := range need {
		if n <= 0 {
			continue
		}
		have, err := free(dir)
		if err != nil {
			return err
		}
		if have == spaceUnknown {
			continue
		}
		if n > have {
			return fmt.Errorf("not enough free space in %s: need %s, have %s", dir, bytesize.Format(n), bytesize.Format(have))
		}
	}
	return nil
}
