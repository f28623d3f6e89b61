package datalink

import (
	"fmt"
	"net/url"
	"strings"

	"esodesk/services/votable"
)

// ServiceDescriptor is a DataLink service descriptor: a RESOURCE
// type="meta" utype="adhoc:service" telling how to call a service (SODA
// cutout, a {links} endpoint for ObsCore rows, a processing service).
type ServiceDescriptor struct {
	ID, Name, Description string
	AccessURL             string
	StandardID            string // e.g. ivo://ivoa.net/std/SODA#sync-1.0
	ResourceIdentifier    string // registry ivoid of the service, if given
	ContentType           string // DataLink 1.1 contentType PARAM, if given
	// Inputs are the PARAMs of the inputParams GROUP, in document order.
	Inputs []Param
	// Resource is the descriptor as parsed, for anything not modelled here.
	Resource *votable.Resource
}

// Param is one input parameter of a service descriptor.
type Param struct {
	Name, Datatype, Arraysize, Unit, UCD, Utype, Xtype string
	Description                                        string
	// Value is the fixed value the service expects (e.g. the dataset ID);
	// "" when the user chooses it.
	Value string
	// Ref is the ID of a FIELD of the results table whose value in a given
	// row supplies this parameter (ObsCore rows → {links}); "" if none.
	Ref string
	// Min, Max and Options come from the VALUES element: the allowed range
	// (an interval parameter's MIN/MAX, a polygon's MAX) or the choices.
	Min, Max string
	Options  []votable.Option
}

// IsFixed reports whether the service wants exactly Value (no user input).
func (p Param) IsFixed() bool { return p.Value != "" && p.Ref == "" }

// Descriptors returns the service descriptors of doc in document order. It
// works on any VOTable, including an ObsCore result that describes its
// {links} service this way.
func Descriptors(doc *votable.Document) []*ServiceDescriptor {
	var out []*ServiceDescriptor
	for _, r := range doc.ServiceDescriptors() {
		out = append(out, descriptorOf(r))
	}
	return out
}

func descriptorOf(r *votable.Resource) *ServiceDescriptor {
	sd := &ServiceDescriptor{ID: r.ID, Name: r.Name, Description: strings.TrimSpace(r.Description), Resource: r}
	str := func(name string) string {
		if p, ok := r.Param(name); ok {
			return strings.TrimSpace(p.Value)
		}
		return ""
	}
	sd.AccessURL = str("accessURL")
	sd.StandardID = str("standardID")
	sd.ResourceIdentifier = str("resourceIdentifier")
	sd.ContentType = str("contentType")
	if g, ok := r.Group("inputParams"); ok {
		for _, p := range g.Params {
			sd.Inputs = append(sd.Inputs, Param{
				Name: p.Name, Datatype: p.Datatype, Arraysize: p.Arraysize, Unit: p.Unit,
				UCD: p.UCD, Utype: p.Utype, Xtype: p.Xtype,
				Description: strings.TrimSpace(p.Description),
				Value:       p.Value, Ref: p.Ref,
				Min: p.Min, Max: p.Max, Options: p.Options,
			})
		}
	}
	return sd
}

// Input returns the input parameter with the given name (case-insensitive).
func (sd *ServiceDescriptor) Input(name string) (Param, bool) {
	for _, p := range sd.Inputs {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return Param{}, false
}

// URL builds a GET URL for the service: the fixed input values, then the
// caller's values (which win over fixed ones of the same name).
func (sd *ServiceDescriptor) URL(values url.Values) (string, error) {
	if sd.AccessURL == "" {
		return "", fmt.Errorf("datalink: service descriptor %q has no accessURL", sd.ID)
	}
	u, err := url.Parse(sd.AccessURL)
	if err != nil {
		return "", fmt.Errorf("datalink: service descriptor %q: bad accessURL: %w", sd.ID, err)
	}
	q := u.Query()
	for _, p := range sd.Inputs {
		if p.IsFixed() && values[p.Name] == nil {
			q.Set(p.Name, p.Value)
		}
	}
	for k, vs := range values {
		q.Del(k)
		for _, v := range vs {
			q.Add(k, v)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// RowURL builds the GET URL for one row of a results table: inputs with a
// ref take the row's value of the referenced FIELD (matched by ID, then by
// name), fixed inputs their value, and extra is added last.
func (sd *ServiceDescriptor) RowURL(t *votable.Table, row int, extra url.Values) (string, error) {
	values := url.Values{}
	for _, p := range sd.Inputs {
		if p.Ref == "" {
			continue
		}
		col := fieldByRef(t, p.Ref)
		if col < 0 {
			return "", fmt.Errorf("datalink: input %s refers to field %q, which the table lacks", p.Name, p.Ref)
		}
		if row < 0 || row >= t.NumRows() {
			return "", fmt.Errorf("datalink: row %d out of range (table has %d rows)", row, t.NumRows())
		}
		if t.Columns[col].IsNull(row) {
			return "", fmt.Errorf("datalink: input %s: row %d has no %s", p.Name, row+1, t.Fields[col].Name)
		}
		values.Set(p.Name, t.Columns[col].String(row))
	}
	for k, vs := range extra {
		values[k] = vs
	}
	return sd.URL(values)
}

func fieldByRef(t *votable.Table, ref string) int {
	for i, f := range t.Fields {
		if f.ID == ref {
			return i
		}
	}
	return t.FieldIndex(ref)
}
