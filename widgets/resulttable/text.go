package resulttable

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"esodesk/services/votable"
)

// groupDigits writes n with thousands separators: 1234567 -> "1,234,567".
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	return b.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return groupDigits(n) + " " + word + "s"
}

// countText is the row count of the toolbar: "1,234 rows", "56 of 1,234 rows
// shown", with the number of selected rows when there are any.
func countText(t *votable.Table, shown, selected int) string {
	if t == nil {
		return ""
	}
	total := t.NumRows()
	text := plural(total, "row")
	if shown != total {
		text = groupDigits(shown) + " of " + text + " shown"
	}
	if selected > 0 {
		text += ", " + groupDigits(selected) + " selected"
	}
	return text
}

// provenanceText is the small status text: service and time taken.
func provenanceText(info Info, hasTable bool) string {
	if !hasTable {
		return ""
	}
	var parts []string
	if info.Service != "" {
		parts = append(parts, info.Service)
	}
	if info.Elapsed > 0 {
		parts = append(parts, info.Elapsed.Round(10*time.Millisecond).String())
	}
	return strings.Join(parts, " · ")
}

// overflowText explains a truncated result. With no MAXREC the service cut
// it at its own default limit, which users otherwise mistake for a complete answer.
func overflowText(rows, maxrec int) string {
	n := groupDigits(rows)
	if maxrec <= 0 {
		return fmt.Sprintf("First %s rows: the service cut the result at its default row limit. Set MAXREC higher or narrow the query.", n)
	}
	return fmt.Sprintf("First %s rows: the service cut the result at MAXREC=%d. Raise MAXREC or narrow the query.", n, maxrec)
}

func errorText(message, query string) string {
	if message == "" {
		message = "The query failed."
	}
	if query == "" {
		return message
	}
	q := strings.Join(strings.Fields(query), " ")
	if len(q) > 200 {
		q = q[:200] + "…"
	}
	return message + "\nQuery: " + q
}

// headerText is a column header: name and unit, e.g. "ra [deg]".
func headerText(f votable.Field) string {
	name := f.Name
	if name == "" {
		name = f.ID
	}
	if f.Unit != "" {
		return name + " [" + f.Unit + "]"
	}
	return name
}

// cleanCell makes a value safe for one TSV cell.
func cleanCell(s string) string {
	if strings.ContainsAny(s, "\t\r\n") {
		return strings.NewReplacer("\t", " ", "\r", " ", "\n", " ").Replace(s)
	}
	return s
}

func intsKey(ints []int) string {
	var b strings.Builder
	for i, v := range ints {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(v))
	}
	return b.String()
}
