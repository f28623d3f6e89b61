package bytesize

// Text writes a size a view shows: "size unknown" for n < 0, "≈12.3 MB"
// for an estimate, else Format(n). Every view of a file says it the same way.
func Text(n int64, estimate bool) string {
	switch {
	case n < 0:
		return "size unknown"
	case estimate:
		return "≈" + Format(n)
	}
	return Format(n)
}
