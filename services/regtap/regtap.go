// Package regtap finds VO services in a Registry-in-TAP (RegTAP 1.1)
// registry: by keywords, by service type and by waveband. It runs ADQL on
// the registry's TAP service through services/tap; every value a user types
// goes into the ADQL as a quoted string literal (see Quote).
package regtap

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"esodesk/services/tap"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

// DefaultURL is GAVO's RegTAP endpoint, a full searchable registry.
const DefaultURL = "http://reg.g-vo.org/tap"

// DefaultMaxRec caps the interface rows one search asks for.
const DefaultMaxRec = 10000

// Service types a search can ask for.
const (
	TypeTAP = "tap"
	TypeSSA = "ssa"
	TypeSIA = "sia"
	TypeSCS = "scs"
	// TypeHiPS: a HiPS survey (its access URL is the survey's base URL),
	// for the sky view's background.
	TypeHiPS = "hips"
)

// Types lists the service types in the order help texts show them.
var Types = []string{TypeTAP, TypeSSA, TypeSIA, TypeSCS, TypeHiPS}

// queryTypes are the types a search without a Type looks for: the query
// services, as pyvo's registry.search does. A HiPS is a set of images to
// look at, not a service to query, so it is found only when asked for.
var queryTypes = []string{TypeTAP, TypeSSA, TypeSIA, TypeSCS}

// standardIDs are the RegTAP standard_id values (lower case, as RegTAP
// stores them) of each service type.
var standardIDs = map[string][]string{
	TypeTAP: {"ivo://ivoa.net/std/tap"},
	TypeSSA: {"ivo://ivoa.net/std/ssa"},
	TypeSIA: {"ivo://ivoa.net/std/sia", "ivo://ivoa.net/std/sia#query-2.0"},
	TypeSCS: {"ivo://ivoa.net/std/conesearch"},
	// HiPS 1.0, section 6 (registering a HiPS).
	TypeHiPS: {"ivo://ivoa.net/std/hips#hips-1.0"},
}

// StandardIDs returns the standard_id values of a service type (tap, ssa,
// sia, scs, hips; case-insensitive).
func StandardIDs(typ string) ([]string, error) {
	ids, ok := standardIDs[strings.ToLower(strings.TrimSpace(typ))]
	if !ok {
		return nil, fmt.Errorf("unknown service type %q (want %s)", typ, strings.Join(Types, ", "))
	}
	return append([]string(nil), ids...), nil
}

// TypeOf returns the service type (tap, ssa, sia, scs, hips) of a standard_id, or
// "" for other standards.
func TypeOf(standardID string) string {
	id := strings.ToLower(strings.TrimSpace(standardID))
	for _, typ := range Types {
		for _, s := range standardIDs[typ] {
			if id == s {
				return typ
			}
		}
	}
	return ""
}

// Search says what to look for; the criteria that are set must all hold.
type Search struct {
	// Keywords: each must match the resource's title or description as a
	// word (ivo_hasword) or be part of one of its subjects.
	Keywords []string
	// Type is tap, ssa, sia, scs or hips; "" means any of the first four
	// (the query services).
	Type string
	// Waveband is a RegTAP waveband (radio, millimeter, infrared, optical,
	// uv, euv, x-ray, gamma-ray); "" means any.
	Waveband string
	// MaxRec caps the interface rows fetched (DefaultMaxRec when 0).
	MaxRec int
}

// Interface is one standard interface of a capability.
type Interface struct {
	Type      string // intf_type, e.g. vs:paramhttp
	Version   string // std_version
	AccessURL string
}

// Capability is one standard capability of a service.
type Capability struct {
	StandardID string
	Type       string // tap, ssa, sia, scs, hips
	Interfaces []Interface
}

// AccessURL is the first interface's access URL ("" when there is none).
func (c Capability) AccessURL() string {
	if len(c.Interfaces) == 0 {
		return ""
	}
	return c.Interfaces[0].AccessURL
}

// Service is one registry record with the capabilities a search matched.
type Service struct {
	IVOID, Title, ShortName, ResType string
	Publisher                        string // role_name of the publisher role ("" if none)
	Description                      string
	Wavebands                        []string
	Capabilities                     []Capability
}

// Result is what a search found.
type Result struct {
	Services []Service
	ADQL     string // the query that found the services
	// Overflow is set when the registry cut the answer (MaxRec or its own
	// limit): there are more services than Services holds.
	Overflow bool
}

// Client searches one RegTAP registry.
type Client struct {
	TAP *tap.Service
}

// New returns a client of the RegTAP registry whose TAP base URL is
// baseURL (DefaultURL when empty), using c (vohttp.Default when nil).
func New(baseURL string, c *vohttp.Client) *Client {
	if strings.TrimSpace(baseURL) == "" {
		baseURL = DefaultURL
	}
	return &Client{TAP: tap.New(baseURL, c)}
}

// where builds the conditions of s over rr.capability NATURAL JOIN
// rr.interface NATURAL JOIN rr.resource.
func where(s Search) (string, error) {
	conds := []string{"intf_role = 'std'"}

	types := queryTypes
	if strings.TrimSpace(s.Type) != "" {
		if _, err := StandardIDs(s.Type); err != nil {
			return "", err
		}
		types = []string{strings.ToLower(strings.TrimSpace(s.Type))}
	}
	var ids []string
	for _, typ := range types {
		for _, id := range standardIDs[typ] {
			q, _ := tap.Quote(id)
			ids = append(ids, "1 = ivo_nocasematch(standard_id, "+q+")")
		}
	}
	conds = append(conds, "("+strings.Join(ids, " OR ")+")")

	for _, kw := range s.Keywords {
		kw = strings.TrimSpace(kw)
		if kw == "" {
			continue
		}
		word, err := tap.Quote(kw)
		if err != nil {
			return "", err
		}
		part, _ := tap.Quote("%" + kw + "%")
		conds = append(conds, "ivoid IN ("+
			"SELECT ivoid FROM rr.res_subject WHERE 1 = ivo_nocasematch(res_subject, "+part+") "+
			"UNION SELECT ivoid FROM rr.resource WHERE 1 = ivo_hasword(res_description, "+word+") "+
			"OR 1 = ivo_hasword(res_title, "+word+"))")
	}

	if wb := strings.ToLower(strings.TrimSpace(s.Waveband)); wb != "" {
		q, err := tap.Quote(wb)
		if err != nil {
			return "", err
		}
		conds = append(conds, "1 = ivo_hashlist_has(waveband, "+q+")")
	}
	return strings.Join(conds, "\n  AND "), nil
}

// ADQL returns the query that finds the interfaces matching s, one row per
// standard interface, ordered by ivoid, capability and interface.
func ADQL(s Search) (string, error) {
	q, _, err := queries(s)
	return q, err
}

// queries returns the query for the interfaces matching s (see ADQL) and
// the one for the publishers of their resources.
func queries(s Search) (services, publishers string, err error) {
	w, err := where(s)
	if err != nil {
		return "", "", err
	}
	from := "FROM rr.capability NATURAL JOIN rr.interface NATURAL JOIN rr.resource\n" +
		"WHERE " + w
	services = "SELECT ivoid, res_type, short_name, res_title, res_description, waveband,\n" +
		"  cap_index, standard_id, intf_index, intf_type, std_version, access_url\n" +
		from + "\nORDER BY ivoid, cap_index, intf_index"
	publishers = "SELECT ivoid, role_name FROM rr.res_role\n" +
		"WHERE base_role = 'publisher' AND ivoid IN (\nSELECT ivoid " + from + ")"
	return services, publishers, nil
}

// Search asks the registry for the services matching s.
func (c *Client) Search(ctx context.Context, s Search) (*Result, error) {
	adql, padql, err := queries(s)
	if err != nil {
		return nil, err
	}
	maxrec := s.MaxRec
	if maxrec <= 0 {
		maxrec = DefaultMaxRec
	}
	res, err := c.TAP.Sync(ctx, tap.Query{ADQL: adql, MaxRec: maxrec}, nil)
	if err != nil {
		return nil, err
	}
	out := &Result{ADQL: adql, Overflow: res.Overflow()}
	out.Services, err = services(res.Table)
	if err != nil {
		return nil, err
	}
	if len(out.Services) == 0 {
		return out, nil
	}
	pres, err := c.TAP.Sync(ctx, tap.Query{ADQL: padql, MaxRec: maxrec}, nil)
	if err != nil {
		return nil, err
	}
	pub, err := publishers(pres.Table)
	if err != nil {
		return nil, err
	}
	for i := range out.Services {
		out.Services[i].Publisher = pub[out.Services[i].IVOID]
	}
	return out, nil
}

// columns finds the named columns of t.
func columns(t *votable.Table, names ...string) ([]votable.Column, error) {
	if t == nil {
		return nil, fmt.Errorf("the registry sent no table")
	}
	cols := make([]votable.Column, len(names))
	for i, n := range names {
		j := t.FieldIndex(n)
		if j < 0 {
			return nil, fmt.Errorf("the registry's answer has no column %s", n)
		}
		cols[i] = t.Columns[j]
	}
	return cols, nil
}

// services groups the interface rows into services, in the rows' order.
func services(t *votable.Table) ([]Service, error) {
	c, err := columns(t, "ivoid", "res_type", "short_name", "res_title", "res_description",
		"waveband", "cap_index", "standard_id", "intf_type", "std_version", "access_url")
	if err != nil {
		return nil, err
	}
	var out []Service
	index := map[string]int{} // ivoid -> out index
	capAt := map[string]int{} // ivoid + cap_index -> capability index
	for r := 0; r < t.NumRows(); r++ {
		ivoid := c[0].String(r)
		i, ok := index[ivoid]
		if !ok {
			i = len(out)
			index[ivoid] = i
			out = append(out, Service{
				IVOID: ivoid, ResType: c[1].String(r), ShortName: c[2].String(r),
				Title: c[3].String(r), Description: strings.TrimSpace(c[4].String(r)),
				Wavebands: splitHashList(c[5].String(r)),
			})
		}
		s := &out[i]
		key := ivoid + "\x00" + c[6].String(r)
		k, ok := capAt[key]
		if !ok {
			k = len(s.Capabilities)
			capAt[key] = k
			std := c[7].String(r)
			s.Capabilities = append(s.Capabilities, Capability{StandardID: std, Type: TypeOf(std)})
		}
		s.Capabilities[k].Interfaces = append(s.Capabilities[k].Interfaces, Interface{
			Type: c[8].String(r), Version: c[9].String(r), AccessURL: c[10].String(r),
		})
	}
	return out, nil
}

// publishers maps ivoid to its publishers' names (joined by "; " when a
// record names several, sorted for a stable answer).
func publishers(t *votable.Table) (map[string]string, error) {
	c, err := columns(t, "ivoid", "role_name")
	if err != nil {
		return nil, err
	}
	names := map[string][]string{}
	for r := 0; r < t.NumRows(); r++ {
		id, name := c[0].String(r), strings.TrimSpace(c[1].String(r))
		if name != "" {
			names[id] = append(names[id], name)
		}
	}
	out := make(map[string]string, len(names))
	for id, ns := range names {
		sort.Strings(ns)
		out[id] = strings.Join(ns, "; ")
	}
	return out, nil
}

// splitHashList splits a RegTAP hash-separated list ("optical#infrared").
func splitHashList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "#") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// String is a one-line summary of s for logs and messages.
func (s Search) String() string {
	var parts []string
	for _, k := range s.Keywords {
		parts = append(parts, "keyword "+strconv.Quote(k))
	}
	if s.Type != "" {
		parts = append(parts, "type "+s.Type)
	}
	if s.Waveband != "" {
		parts = append(parts, "waveband "+s.Waveband)
	}
	if len(parts) == 0 {
		return "all services"
	}
	return strings.Join(parts, ", ")
}
