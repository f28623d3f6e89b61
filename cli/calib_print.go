package cli

import (
	"fmt"
	"io"

	"esodesk/internal/plural"
	"esodesk/services/dataset"
	"esodesk/services/download"
)

// printDataset writes one dataset's report; haveTree says whether the
// association tree was fetched (only it tells EXTENDED).
func printDataset(w io.Writer, d *dataset.Dataset, haveTree bool) {
	fmt.Fprintf(w, "%s\n", d.Science.DPID)
	mode := d.ExecutedMode
	if mode == "" {
		mode = "not stated"
	}
	fmt.Fprintf(w, "  mode: %s (asked %s)\n", mode, d.RequestedMode)
	if d.Downgraded() {
		fmt.Fprintln(w, "  DOWNGRADED: processed calibrations were asked for, raw ones returned")
	}
	switch {
	case d.Incomplete():
		fmt.Fprintln(w, "  INCOMPLETE: some calibration files are missing")
	case d.Complete != nil || d.Tree != nil:
		fmt.Fprintln(w, "  COMPLETE")
	}
	for _, m := range d.Messages {
		fmt.Fprintf(w, "    %s\n", m)
	}
	switch {
	case d.Uncertified():
		fmt.Fprintln(w, "  UNCERTIFIED: associate again after certification for better calibrations")
	case d.Certified != nil || d.Tree != nil:
		fmt.Fprintln(w, "  CERTIFIED")
	}
	if d.Extended() {
		fmt.Fprintln(w, "  EXTENDED: some calibrations were matched outside the calibration plan's bounds; check them before use")
	} else if haveTree && d.Tree == nil {
		fmt.Fprintln(w, "  (no association tree: EXTENDED matches unknown)")
	}
	for _, e := range d.Errors {
		fmt.Fprintf(w, "  ERROR: %s\n", e)
	}
	if len(d.Siblings) > 0 {
		fmt.Fprintf(w, "  siblings: %d — %s\n", len(d.Siblings), d.SiblingReason)
		for _, s := range d.Siblings {
			fmt.Fprintf(w, "    %s  %s\n", s.DPID, sizeText(s.Size, 0))
		}
	}
	groups := d.Groups()
	if len(groups) == 0 {
		fmt.Fprintln(w, "  calibrations: none")
	} else {
		var size int64
		unknown := 0
		for _, g := range groups {
			size += g.Size
			unknown += g.Unknown
		}
		fmt.Fprintf(w, "  calibrations: %s, %s\n", plural.Count(len(d.Calibrations), "file"), sizeText(size, unknown))
		width := 0
		for _, g := range groups {
			width = max(width, len(g.Category))
		}
		for _, g := range groups {
			cat := g.Category
			if cat == "" {
				cat = "(no category)"
			}
			fmt.Fprintf(w, "    %-*s %4d  %s\n", width, cat, len(g.Files), sizeText(g.Size, g.Unknown))
		}
	}
	bytes, unknown := d.Size()
	fmt.Fprintf(w, "  dataset: %s, %s\n", plural.Count(1+len(d.Siblings)+len(d.Calibrations), "file"), sizeText(bytes, unknown))
	if d.Downgraded() { // the files listed are raw calibrations, whatever was asked
		fmt.Fprintln(w, "  (these are raw calibrations: reduce them yourself, or ask again later for masters)")
	}
	fmt.Fprintln(w)
}

// sizeText is "1.2 GB", "1.2 GB + 3 of unknown size" or "size unknown".
func sizeText(bytes int64, unknown int) string {
	switch {
	case bytes < 0:
		return "size unknown"
	case unknown == 0:
		return download.HumanBytes(bytes)
	case bytes == 0:
		return "size unknown"
	}
	return fmt.Sprintf("%s + %d of unknown size", download.HumanBytes(bytes), unknown)
}
