// Package bytesize writes byte counts for people: "12.3 MB".
package bytesize

import "fmt"

// Format writes n in decimal units (kB, MB, GB... as the archive lists
// sizes, 1 MB = 1,000,000 bytes) with one decimal; below 1 kB in bytes.
func Format(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
