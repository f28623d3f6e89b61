// Package plural writes counts of things for people: "1 file", "3 files".
package plural

import "strconv"

// Count is n followed by word, with an "s" unless n is 1. Words whose
// plural is not word+"s" (category) need their own wording.
func Count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
