package resulttable

import (
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"esodesk/services/votable"
)

// numericColumns decides, per column, whether sorting goes by number. The
// datatype decides when there is one; otherwise a sample of values does.
func numericColumns(t *votable.Table) []bool {
	out := make([]bool, len(t.Fields))
	for c, f := range t.Fields {
		switch f.Datatype {
		case "short", "int", "long", "float", "double", "unsignedByte":
			out[c] = f.Arraysize == "" || f.Arraysize == "1"
		case "":
			out[c] = sampleIsNumeric(t.Columns[c])
		}
	}
	return out
}

func sampleIsNumeric(col votable.Column) bool {
	seen := false
	for _, r := range sampleRows(col.Len(), 64) {
		if col.IsNull(r) {
			continue
		}
		if _, ok := col.Float(r); !ok {
			return false
		}
		seen = true
	}
	return seen
}

// sampleRows picks up to k rows spread over n: enough to guess widths and
// types without touching every row.
func sampleRows(n, k int) []int {
	if n <= k {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	out := make([]int, k)
	for i := range out {
		out[i] = int(int64(n-1) * int64(i) / int64(k-1))
	}
	return out
}

const (
	minColumnWidth = 60
	maxColumnWidth = 320
)

// estimateWidths sizes each column to its header (plus room for the sort
// arrow) and a sample of values, within [minColumnWidth, maxColumnWidth];
// valueRunes is the longest sampled value of each column, in characters.
func estimateWidths(t *votable.Table) (widths []float32, valueRunes []int) {
	size := theme.TextSize()
	pad := 2*theme.InnerPadding() + 4
	samples := 32
	if len(t.Fields) > 100 {
		samples = 8
	}
	rows := sampleRows(t.NumRows(), samples)
	charWidth := fyne.MeasureText("M", size, monospace).Width
	widths, valueRunes = make([]float32, len(t.Fields)), make([]int, len(t.Fields))
	for c, f := range t.Fields {
		for _, r := range rows {
			valueRunes[c] = max(valueRunes[c], utf8.RuneCountInString(t.Columns[c].String(r)))
		}
		// Cells use the monospace font: width is runes times the advance.
		w := max(fyne.MeasureText(headerText(f), size, fyne.TextStyle{Bold: true}).Width+theme.IconInlineSize()+theme.Padding(),
			float32(valueRunes[c])*charWidth)
		widths[c] = min(max(w+pad, minColumnWidth), maxColumnWidth)
	}
	return widths, valueRunes
}
