package tap

import (
	"net/url"
	"strconv"
	"time"

	"esodesk/services/dal"
)

// Query is one ADQL query and its TAP parameters.
type Query struct {
	ADQL string
	// MaxRec caps the rows returned; 0 leaves it to the service's default
	// (which, at ESO and DaCHS, is a limit too: see Capabilities.OutputLimit).
	MaxRec int
	// Format is sent as FORMAT when set; "" means the service's default,
	// VOTable. It must name a VOTable serialization: results are decoded.
	Format string
	// Lang defaults to ADQL.
	Lang string
	// Extra parameters (RUNID, UPLOAD, ...), sent as given.
	Extra url.Values
}

// values are the TAP request parameters of q.
func (q Query) values() url.Values {
	v := url.Values{}
	for k, vs := range q.Extra {
		v[k] = append([]string(nil), vs...)
	}
	v.Set("REQUEST", "doQuery")
	lang := q.Lang
	if lang == "" {
		lang = "ADQL"
	}
	v.Set("LANG", lang)
	v.Set("QUERY", q.ADQL)
	if q.MaxRec > 0 {
		v.Set("MAXREC", strconv.Itoa(q.MaxRec))
	}
	if q.Format != "" {
		v.Set("FORMAT", q.Format)
	}
	return v
}

// Progress is told the number of rows decoded so far (now and then, not for
// every row). It runs on the decoding goroutine: keep it quick.
type Progress func(rows int)

// Status values of a Result.
const (
	StatusOK       = "OK"
	StatusOverflow = "OVERFLOW"
)

// Result is a decoded query result. The embedded dal.Result gives URL
// (where the rows came from: sync endpoint or job result), Document and
// Table (the results table); its QUERY_STATUS is read through Status,
// Message and Overflow below, which keep TAP's older API.
type Result struct {
	dal.Result
	Query Query
	// Status is StatusOK or StatusOverflow (the service cut the result at
	// MAXREC or its own limit: there are more rows than Table holds).
	Status  string
	Message string // the QUERY_STATUS text, if any
	Elapsed time.Duration
	JobURL  string // the UWS job, for async queries
}

// Overflow reports whether the service truncated the result.
func (r *Result) Overflow() bool { return r.Status == StatusOverflow }

// Rows is the number of rows received.
func (r *Result) Rows() int { return r.Table.NumRows() }
