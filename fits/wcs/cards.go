package wcs

import (
	"fmt"
	"strconv"
	"strings"

	"esodesk/fits"
)

// HeaderText writes parsed cards (fits.Headers' Cards, whose values are
// text with strings unquoted) back as 80-character FITS cards for
// FromHeader. A value is written bare when it reads as a number or a
// logical and quoted otherwise; the keywords that FITS WCS defines as
// strings are always quoted.
func HeaderText(cards []fits.Card) string {
	var b strings.Builder
	for _, c := range cards {
		switch c.Key {
		case "", "COMMENT", "HISTORY", "END":
			continue
		}
		if len(c.Key) > 8 {
			continue // HIERARCH: never a WCS keyword
		}
		v := c.Value
		if stringKey(c.Key) || !bareValue(v) {
			v = "'" + strings.ReplaceAll(v, "'", "''") + "'"
			if len(v) < 10 {
				v = v[:len(v)-1] + strings.Repeat(" ", 10-len(v)) + "'" // FITS pads strings to 8 characters
			}
		} else {
			v = fmt.Sprintf("%20s", v)
		}
		b.WriteString(pad80(fmt.Sprintf("%-8s= %s", c.Key, v)))
	}
	return b.String()
}

// stringKey: the WCS keywords whose values are always strings.
func stringKey(k string) bool {
	for _, p := range []string{"CTYPE", "CUNIT", "CNAME", "RADESYS", "RADECSYS", "SPECSYS", "SSYSOBS", "SSYSSRC",
		"WCSNAME", "DATE-", "TIMESYS", "TIMEUNIT", "CPDIS", "CQDIS", "DP", "DQ", "PS", "TREFPOS", "PLEPHEM"} {
		if strings.HasPrefix(k, p) {
			if p == "DP" || p == "DQ" || p == "PS" {
				// DPj / DQi / PSi_m, not DPERRj/DQERRi
				return !strings.Contains(k, "ERR")
			}
			return true
		}
	}
	return false
}

func bareValue(v string) bool {
	v = strings.TrimSpace(v)
	if v == "T" || v == "F" {
		return true
	}
	_, err := strconv.ParseFloat(strings.NewReplacer("D", "E", "d", "e").Replace(v), 64)
	return err == nil
}
