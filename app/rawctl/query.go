package rawctl

import (
	"errors"
	"esodesk/services/tap"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// query is the form read: the conditions on dbo.raw. Empty fields do not
// filter.
type query struct {
	instrument string // * and ? are wildcards
	progID     string // "0102.D-0105(A)"; without the run letter, every run of the programme
	nightFrom  string // YYYY-MM-DD (ESO's night starts at noon UT of that date)
	nightTo    string
	category   string // dp_cat: SCIENCE, CALIB, ... ; "" = any
	object     string // OBJECT keyword; * and ? are wildcards
	dpType     string // e.g. OBJECT, "FLAT,LAMP"
	dpTech     string // e.g. IMAGE, ECHELLE
	// cone, when radius > 0 and hasPos
	hasPos       bool
	ra, dec      float64
	radiusArcmin float64
	maxrec       int
}

// columns are dbo.raw's columns the Raw tab shows, in order; every one is
// in ESO's table (there is no "night" column there: nights go by mjd_obs).
// The last ones place each exposure in time and at a site, for the
// observing conditions (app/conditionsctl).
var columns = []string{
	"dp_id", "date_obs", "instrument", "dp_cat", "dp_type", "dp_tech", "object",
	"ra", "dec", "exposure", "prog_id", "ob_id", "ins_mode", "filter_path",
	"access_estsize", "access_url", "datalink_url", "release_date",
	"telescope", "exp_start", "tel_airm_start", "tel_airm_end", "tel_ambi_fwhm_start", "tel_ambi_fwhm_end",
}

var (
	progIDPattern = regexp.MustCompile(`^[0-9]{2,4}\.[A-Z]-[0-9]{4}(\([A-Z]\))?$`)
	nightLayout   = "2006-01-02"
	mjdEpoch      = time.Date(1858, 11, 17, 0, 0, 0, 0, time.UTC)
)

// nightMJD is the MJD at which ESO's night of the given date starts (noon UT).
func nightMJD(night string) (float64, error) {
	t, err := time.Parse(nightLayout, strings.TrimSpace(night))
	if err != nil {
		return 0, fmt.Errorf("night %q is not a date: write it as YYYY-MM-DD, e.g. 2019-03-05", night)
	}
	return t.Sub(mjdEpoch).Hours()/24 + 0.5, nil
}

// adqlString quotes s as an ADQL string literal (tap.Quote); buildADQL
// has refused the NUL characters it fails on.
func adqlString(s string) string {
	q, _ := tap.Quote(s)
	return q
}

// likePattern turns the user's wildcards (* and ?) into ADQL's (% and _);
// without wildcards the text must match exactly.
func likePattern(s string) (pattern string, wild bool) {
	wild = strings.ContainsAny(s, "*?%")
	return strings.NewReplacer("*", "%", "?", "_").Replace(s), wild
}

// buildADQL writes the query for the form, or says which field is wrong.
func buildADQL(f query) (string, error) {
	for _, v := range []string{f.instrument, f.progID, f.category, f.object, f.dpType, f.dpTech} {
		if strings.ContainsRune(v, 0) {
			return "", errors.New("a field holds a NUL character, which cannot go into a query: retype it")
		}
	}
	var where []string
	eqOrLike := func(col, v string) {
		p, wild := likePattern(v)
		if wild {
			where = append(where, col+" LIKE "+adqlString(p))
		} else {
			where = append(where, col+" = "+adqlString(v))
		}
	}
	if v := strings.TrimSpace(f.instrument); v != "" {
		eqOrLike("instrument", v)
	}
	if v := strings.ToUpper(strings.TrimSpace(f.progID)); v != "" {
		if !progIDPattern.MatchString(v) {
			return "", fmt.Errorf("programme ID %q is not an ESO programme ID: write it like 0102.D-0105(A), or 0102.D-0105 for all its runs", f.progID)
		}
		if strings.Contains(v, "(") {
			where = append(where, "prog_id = "+adqlString(v))
		} else {
			where = append(where, "prog_id LIKE "+adqlString(v+"%"))
		}
	}
	from, to := strings.TrimSpace(f.nightFrom), strings.TrimSpace(f.nightTo)
	if from == "" && to != "" {
		from = to
	}
	if from != "" {
		if to == "" {
			to = from
		}
		a, err := nightMJD(from)
		if err != nil {
			return "", err
		}
		b, err := nightMJD(to)
		if err != nil {
			return "", err
		}
		if b < a {
			return "", fmt.Errorf("the night range ends (%s) before it starts (%s)", to, from)
		}
		where = append(where, fmt.Sprintf("mjd_obs >= %s AND mjd_obs < %s",
			strconv.FormatFloat(a, 'f', 1, 64), strconv.FormatFloat(b+1, 'f', 1, 64)))
	}
	if v := strings.TrimSpace(f.category); v != "" {
		where = append(where, "dp_cat = "+adqlString(strings.ToUpper(v)))
	}
	if v := strings.TrimSpace(f.object); v != "" {
		eqOrLike("object", v)
	}
	if v := strings.TrimSpace(f.dpType); v != "" {
		eqOrLike("dp_type", strings.ToUpper(v))
	}
	if v := strings.TrimSpace(f.dpTech); v != "" {
		eqOrLike("dp_tech", strings.ToUpper(v))
	}
	if f.hasPos {
		if !(f.radiusArcmin > 0) {
			return "", errors.New("the cone radius must be a number of arcminutes above 0")
		}
		where = append(where, fmt.Sprintf("CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', %s, %s, %s)) = 1",
			fmtDeg(f.ra), fmtDeg(f.dec), fmtDeg(f.radiusArcmin/60)))
	}
	if len(where) == 0 {
		return "", errors.New("give at least one condition (instrument, programme, night, object, position, …): dbo.raw holds tens of millions of frames")
	}
	q := "SELECT " + strings.Join(columns, ", ") + "\nFROM dbo.raw\nWHERE " +
		strings.Join(where, "\n  AND ") + "\nORDER BY date_obs"
	return q, nil
}

func fmtDeg(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
