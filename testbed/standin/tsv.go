package standin

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// recordedTSV reads an astropy table printout of a recorded ESO answer,
// read in place under Options.FixturesDir: the header, then every later
// line split at tabs (the unit and dtype rows included: callers know their
// columns). Comment and blank lines are skipped.
func (s *Server) recordedTSV(rel string) (header []string, lines [][]string, err error) {
	b, err := s.fixture(rel)
	if err != nil {
		return nil, nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		if c := strings.Split(line, "\t"); header == nil {
			header = c
		} else {
			lines = append(lines, c)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("reading the recorded answer %s: %v", rel, err)
	}
	return header, lines, nil
}
