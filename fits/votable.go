package fits

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"

	"esodesk/services/votable"
)

// readVOTable reads an SDM (Spectrum Data Model) VOTable, as DataLink's
// #this link or SSA's getData return: one row per pixel, columns identified
// by utype or UCD.
func readVOTable(ctx context.Context, data []byte) (*Spectrum, error) {
	doc, err := votable.ParseContext(ctx, bytes.NewReader(data), votable.Options{})
	if err != nil {
		return nil, err
	}
	if st := doc.Status(); st.Value == "ERROR" {
		return nil, fmt.Errorf("the service reported an error: %s", st.Message)
	}
	var tables []*votable.Table
	var walk func(rs []*votable.Resource)
	walk = func(rs []*votable.Resource) {
		for _, r := range rs {
			tables = append(tables, r.Tables...)
			walk(r.Resources)
		}
	}
	walk(doc.Resources)
	for _, t := range tables {
		infos := make([]colInfo, len(t.Fields))
		for i, f := range t.Fields {
			numeric := false
			switch f.Datatype {
			case "double", "float", "int", "long", "short", "unsignedByte":
				numeric = f.Arraysize == "" || f.Arraysize == "1"
			}
			infos[i] = colInfo{name: f.Name, utype: f.Utype, ucd: f.UCD, unit: f.Unit, numeric: numeric}
		}
		r := pickRoles(infos)
		if r.spectral < 0 {
			continue
		}
		if r.flux < 0 {
			return nil, fmt.Errorf("VOTable table %q has a spectral axis (%s) but no flux column", t.Name, infos[r.spectral].name)
		}
		return spectrumFromVOTable(t, infos, r), nil
	}
	return nil, fmt.Errorf("not a 1D spectrum: the VOTable has %d table(s) and none has a spectral axis column (utype spec:Data.SpectralAxis.Value or UCD em.wl)", len(tables))
}

func spectrumFromVOTable(t *votable.Table, infos []colInfo, r roles) *Spectrum {
	col := func(i int) []float64 {
		c := t.Columns[i]
		out := make([]float64, c.Len())
		for k := range out {
			v, ok := c.Float(k)
			if !ok {
				v = math.NaN()
			}
			out[k] = v
		}
		return out
	}
	lay := &tableLayout{roles: r}
	for i, in := range infos {
		lay.cols = append(lay.cols, tcol{colInfo: in, index: i})
	}
	want := []int{r.spectral, r.flux}
	for _, i := range []int{r.err, r.qual} {
		if i >= 0 {
			want = append(want, i)
		}
	}
	for i, in := range infos {
		if in.numeric && i != r.spectral && i != r.flux && i != r.err && i != r.qual {
			want = append(want, i)
		}
	}
	values := map[int][]float64{}
	for _, i := range want {
		values[i] = col(i)
	}
	s := buildFromColumns(lay, want, values)
	// Target and title come from the SDM PARAMs.
	var title, instrument string
	for _, p := range t.Params {
		_, path := utypeRole(p.Utype)
		switch path {
		case "target.name":
			s.Object = p.Value
		case "dataid.title":
			title = p.Value
		case "dataid.instrument":
			instrument = p.Value
		}
		if p.Value != "" && (p.Utype != "" || p.UCD != "") {
			s.Meta = append(s.Meta, Card{Key: p.Name, Value: p.Value, Comment: strings.TrimSpace(p.Unit + " " + p.Utype)})
		}
	}
	s.Title = title
	if s.Title == "" {
		s.Title = makeTitle(s.Object, instrument, "")
	}
	return s
}
