package votable

import (
	"fmt"
	"strconv"
	"strings"
)

// shape is what a FIELD's datatype and arraysize mean for storage.
type shape struct {
	datatype string
	// dims are the arraysize dimensions, first varying fastest; -1 for "*"
	// (only the last may be variable). Empty for scalars.
	dims []int
	// maxLen is the "10*" bound of a variable last dimension (0: none).
	maxLen int
}

// parseShape interprets datatype and arraysize.
func parseShape(datatype, arraysize string) (shape, error) {
	s := shape{datatype: datatype}
	switch datatype {
	case "boolean", "bit", "unsignedByte", "short", "int", "long", "char", "unicodeChar",
		"float", "double", "floatComplex", "doubleComplex":
	case "":
		return s, fmt.Errorf("FIELD without datatype")
	default:
		return s, fmt.Errorf("unknown datatype %q", datatype)
	}
	as := strings.TrimSpace(arraysize)
	if as == "" {
		return s, nil
	}
	parts := strings.Split(as, "x")
	count := 1 // product of the fixed dimensions so far, checked at each step so it cannot overflow
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if strings.HasSuffix(p, "*") {
			if i != len(parts)-1 {
				return s, fmt.Errorf("bad arraysize %q: only the last dimension may be variable", arraysize)
			}
			if n := strings.TrimSuffix(p, "*"); n != "" {
				m, err := strconv.Atoi(n)
				if err != nil || m < 0 {
					return s, fmt.Errorf("bad arraysize %q", arraysize)
				}
				s.maxLen = m
			}
			s.dims = append(s.dims, -1)
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > maxFixedElems {
			return s, fmt.Errorf("bad arraysize %q", arraysize)
		}
		if count *= n; count > maxFixedElems {
			return s, fmt.Errorf("arraysize %q is too large", arraysize)
		}
		s.dims = append(s.dims, n)
	}
	return s, nil
}

// maxFixedElems bounds the fixed part of an array, so that a hostile
// arraysize cannot make every null cell allocate gigabytes.
const maxFixedElems = 1 << 20

// variable reports whether the last dimension is "*".
func (s shape) variable() bool { return len(s.dims) > 0 && s.dims[len(s.dims)-1] < 0 }

// fixedCount is the product of the fixed dimensions (all but a variable last one).
func (s shape) fixedCount() int {
	n := 1
	for _, d := range s.dims {
		if d >= 0 {
			n *= d
		}
	}
	return n
}

// isScalar reports a single value per row (arraysize absent or "1").
func (s shape) isScalar() bool {
	return len(s.dims) == 0 || (len(s.dims) == 1 && s.dims[0] == 1)
}
