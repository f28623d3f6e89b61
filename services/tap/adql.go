package tap

import (
	"errors"
	"strings"
)

// Quote returns s as an ADQL string literal: in single quotes, with each
// quote doubled, so that no value can end the literal early. It fails on a
// NUL character, which no service takes in a query.
func Quote(s string) (string, error) {
	if strings.ContainsRune(s, 0) {
		return "", errors.New("a NUL character cannot go into a query")
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'", nil
}
